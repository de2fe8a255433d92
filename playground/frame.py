"""What Session emits after every change, and the numbers it derives from the parameters.

A ``Frame`` is immutable: the current Snapshot, every layer's map over the input plane (the
last one is the decision boundary), the loss curve, the scores and the data. ``Measures``
asks the engine for the maps (``engine.grid.maps``) and the scores (``engine.training.evaluate``)
once per change of the parameters, however many frames show them.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine import grid
from engine.training import evaluate

MAP_SIZE = 100


class NetInfo(NamedTuple):
    """The network's shape: what a view needs besides the numbers of a Snapshot."""
    sizes: tuple
    activations: tuple
    loss: str
    reduction: str
    bias: bool

    @classmethod
    def of(cls, net) -> "NetInfo":
        return cls(tuple(net.sizes), tuple(net.activations), net.loss, net.reduction, net.bias)


class Frame(NamedTuple):
    snapshot: object        # engine.stepper.Snapshot
    maps: tuple             # L read-only arrays (units, n, n): each layer's outputs on the grid
    extent: tuple           # (x_min, x_max, y_min, y_max) of the maps
    info: NetInfo
    curve: object           # history.LossCurve
    scores: tuple           # (train_loss, train_accuracy, test_loss, test_accuracy); None if unknown
    train: object           # engine.datasets.Dataset
    test: object            # Dataset or None


class Measures:
    """Maps and scores of the current parameters; ``key`` changes whenever they may have."""

    def __init__(self):
        self._maps_key = self._scores_key = None

    def scores(self, key, net, train, test) -> tuple:
        if key != self._scores_key:
            scores = evaluate(net, train.x, train.t)
            if test is not None:
                scores += evaluate(net, test.x, test.t)
            self._scores_key, self._scores = key, (scores + (None, None))[:4]
        return self._scores

    def maps(self, key, net, extent) -> tuple:
        if key != self._maps_key:
            with np.errstate(all="ignore"):  # near a divergence the plane's far corners overflow
                maps = grid.maps(net, extent, MAP_SIZE)
            for m in maps:
                m.setflags(write=False)
            self._maps_key, self._maps = key, tuple(maps)
        return self._maps
