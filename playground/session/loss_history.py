"""A bounded record of the loss per epoch, however long training runs.

Epochs that are multiples of ``stride`` are recorded. When ``capacity`` points are held, every
other one is dropped and the stride doubles, so memory stays bounded and the curve keeps its
shape from the first epoch to the last. Play at full speed raises the stride sooner
(``thin_to``), so that a frame adds only a few points, each an evaluation of the data. The
newest epoch is always shown, recorded or not. ``test`` is NaN when there is no test set.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np


class LossCurve(NamedTuple):
    epochs: np.ndarray
    train: np.ndarray
    test: np.ndarray
    penalty: np.ndarray | None = None  # λ·Ω(W) in ``train`` and ``test`` (NaN: none or unknown)

    @property
    def data(self) -> np.ndarray:
        """The training set's data loss, ``train - penalty`` (NaN where there is no penalty)."""
        if self.penalty is None:
            return np.full(len(self.epochs), np.nan)
        return self.train - self.penalty

    @property
    def regularized(self) -> bool:
        """Whether some point has a penalty (then the data loss differs from the total)."""
        return self.penalty is not None and bool(np.isfinite(self.penalty).any())


class LossHistory:
    def __init__(self, capacity: int = 2000):
        self.capacity = capacity
        self.clear()

    def clear(self):
        self.stride = 1
        self._points: list[tuple[int, float, float, float]] = []  # epoch, train, test, penalty
        self._latest: tuple[int, float, float, float] | None = None

    def thin_to(self, stride: int):
        """Keep from now on only epochs that are multiples of ``stride`` (raised to a power of
        two, as thinning gives). The points held stay: the curve keeps its start."""
        while self.stride < stride:
            self.stride *= 2

    def wants(self, epoch: int) -> bool:
        """Whether ``record(epoch, ...)`` would keep the point (so its loss is worth computing)."""
        return epoch % self.stride == 0 and (not self._points or epoch > self._points[-1][0])

    def record(self, epoch: int, train: float, test: float = math.nan, penalty: float = math.nan):
        if not self.wants(epoch):
            return
        self._points.append((epoch, train, test, penalty))
        self._latest = None
        if len(self._points) >= self.capacity:
            self.stride *= 2
            self._points = [p for p in self._points if p[0] % self.stride == 0]

    def show_latest(self, epoch: int, train: float, test: float = math.nan,
                    penalty: float = math.nan):
        """Show the current epoch too, without keeping it once a later one comes."""
        if self._points and epoch <= self._points[-1][0]:
            return
        self._latest = (epoch, train, test, penalty)

    @property
    def last_epoch(self) -> int | None:
        if self._latest is not None:
            return self._latest[0]
        return self._points[-1][0] if self._points else None

    def curve(self) -> LossCurve:
        points = self._points + ([self._latest] if self._latest else [])
        data = np.array(points, dtype=float).reshape(-1, 4)
        return LossCurve(data[:, 0], data[:, 1], data[:, 2], data[:, 3])

    def __len__(self) -> int:
        return len(self._points) + (self._latest is not None)
