"""``evaluate`` over a big data set in chunks of rows, a piece at a time.

The chunks are evaluated with the loss summed over samples (a copy of the network with
reduction "sum"); the mean is that sum over n, and the accuracy is the chunks' accuracies
weighted by their rows. A chunk of about ``CHUNK_WORK`` rows x parameters bounds the memory of
one forward pass, and a caller (the window's player) can spread the work over time slices.
"""
from __future__ import annotations

import time

from . import regularization
from .training import evaluate

CHUNK_WORK = 8_000_000  # rows x parameters per chunk (a few ms)


class Evaluation:
    """``evaluate(net, x, t)`` in chunks of rows, resumable: ``advance(deadline)`` works
    until ``time.perf_counter()`` passes ``deadline`` (None: to the end); ``result()`` then."""

    def __init__(self, net, x, t):
        self.net, self.mean = net.copy(), net.reduction == "mean"  # a copy: training goes on
        self.net.reduction = "sum"
        # The penalty is the network's, not the chunks': added once to the result.
        self.penalty, self.net.regularization = regularization.penalty(net), None
        self.x, self.t, self.row, self.total, self.right = x, t, 0, 0.0, 0.0
        self.accuracy_known = True
        self.chunk = max(256, CHUNK_WORK // sum(p.size for p in net.params()))

    @property
    def done(self) -> bool:
        return self.row >= len(self.x)

    def advance(self, deadline=None) -> bool:
        while not self.done:
            end = self.row + self.chunk
            loss, accuracy = evaluate(self.net, self.x[self.row:end], self.t[self.row:end])
            rows = len(self.x[self.row:end])
            self.total += loss
            if accuracy is None:
                self.accuracy_known = False
            else:
                self.right += accuracy * rows
            self.row = end
            if deadline is not None and time.perf_counter() > deadline:
                break
        return self.done

    def result(self) -> tuple:
        n = max(len(self.x), 1)
        return ((self.total / n if self.mean else self.total) + self.penalty,
                self.right / n if self.accuracy_known else None)
