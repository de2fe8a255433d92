"""The size of each layer's weight gradient per epoch: the norm ||dL/dW^(l)|| of the last
batch of the epoch, for the gradient-size strip (a log axis shows a vanishing gradient).

``GradientSizes`` belongs to the run's ``Epochs`` and is recorded with the loss, on the epochs
the loss history keeps. The trainer's ``grad`` holds the last update's gradient, every
weight array first in layer order (the engine's flat parameter order), then the biases. A
curve is cut at the epoch shown, so that after an undo the strip ends where the run is.
Bounded like the loss history: at ``capacity`` points every other one is dropped.
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
        self._epochs, self._norms = [], []

    def record(self, trainer):
        """The norms of ``trainer``'s last gradient, for its epoch (replacing any later ones)."""
        cuts = np.cumsum([0] + [w.size for w in trainer.net.weights])
        with np.errstate(over="ignore", invalid="ignore"):  # near a divergence: inf, not a stop
            squares = np.add.reduceat(np.square(trainer.grad[:cuts[-1]]), cuts[:-1])
        while self._epochs and self._epochs[-1] >= trainer.epoch:  # after an undo
            self._epochs.pop()
            self._norms.pop()
        self._epochs.append(trainer.epoch)
        self._norms.append(np.sqrt(squares))
        if len(self._epochs) >= self.capacity:
            self._epochs, self._norms = self._epochs[::2], self._norms[::2]

    def curve(self, epoch: int, layers: int) -> GradientCurve:
        """The points up to ``epoch`` of a network of ``layers`` weight arrays."""
        end = np.searchsorted(self._epochs, epoch, side="right")
        norms = [n for n in self._norms[:end] if len(n) == layers]
        if len(norms) != end:  # another shape: nothing of this network yet
            return GradientCurve(np.zeros(0), np.zeros((0, layers)))
        return GradientCurve(np.array(self._epochs[:end], float),
                             np.array(norms, float).reshape(-1, layers))
