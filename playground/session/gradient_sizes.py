"""The size of each layer's weight gradient per epoch: the norm ||dL/dW^(l)|| of the last
batch of the epoch, for the gradient-size strip (a log axis shows a vanishing gradient).

``GradientSizes`` belongs to the run's ``Epochs`` and is recorded with the loss, on the epochs
the loss history keeps. The trainer's ``grad`` holds the last update's gradient, every
weight array first in layer order (the engine's flat parameter order), then the biases. A
curve is cut at the epoch shown, so that after an undo the strip ends where the run is.
Bounded like the loss history: at ``capacity`` points every other one is dropped. Points are
kept in preallocated arrays (a record costs a few microseconds: it happens up to every epoch
while playing), and a curve is built once per change.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np


class GradientCurve(NamedTuple):
    epochs: np.ndarray   # (points,)
    norms: np.ndarray    # (points, L): column l - 1 is layer l's ||dL/dW^(l)||


class GradientSizes:
    def __init__(self, capacity: int = 2000):
        self.capacity = capacity
        self.clear()

    def clear(self):
        self._epochs, self._norms, self._count = np.zeros(self.capacity), None, 0  # norms²
        self._cuts, self._curve = None, None

    def record(self, trainer):
        """The norms of ``trainer``'s last gradient, for its epoch (replacing any later ones)."""
        g, net = trainer.grad, trainer.net
        if self._cuts is None or self._cuts[0] is not g or len(self._cuts[1]) != net.n_layers:
            sizes = [w.size for w in net.weights]
            starts = np.cumsum([0] + sizes[:-1])
            self._cuts = (g, starts, int(sum(sizes)))
            if self._norms is None or self._norms.shape[1] != len(sizes):
                self._norms, self._count = np.zeros((self.capacity, len(sizes))), 0
        _, starts, end = self._cuts
        k = self._count
        while k and self._epochs[k - 1] >= trainer.epoch:  # after an undo
            k -= 1
        with np.errstate(over="ignore", invalid="ignore"):  # near a divergence: inf, not a stop
            weights = g[:end]
            np.add.reduceat(weights * weights, starts, out=self._norms[k])  # squares: sqrt later
        self._epochs[k], self._count, self._curve = trainer.epoch, k + 1, None
        if self._count == self.capacity:
            half = self._count // 2
            self._epochs[:half], self._norms[:half] = self._epochs[1::2], self._norms[1::2]
            self._count = half

    def curve(self, epoch: int, layers: int) -> GradientCurve:
        """The points up to ``epoch`` of a network of ``layers`` weight arrays."""
        if self._curve is not None and self._curve[0] == (epoch, layers):
            return self._curve[1]
        if self._norms is None or self._norms.shape[1] != layers:  # nothing of this network
            curve = GradientCurve(np.zeros(0), np.zeros((0, layers)))
        else:
            end = int(np.searchsorted(self._epochs[:self._count], epoch, side="right"))
            curve = GradientCurve(self._epochs[:end].copy(), np.sqrt(self._norms[:end]))
        self._curve = ((epoch, layers), curve)
        return curve
