"""The numbers the run derives from the parameters for a frame: the maps and the scores.

``Measures`` asks the engine for the maps (``engine.grid.maps``) and the scores
(``engine.training.evaluate``) once per change of the parameters, however many frames show them.
Big data sets (``costly``: points x parameters above ``SYNC_WORK``) are evaluated
in chunks (``engine.evaluation.Evaluation``), which bounds the memory of a forward pass and lets
play spread one evaluation over its time slices (``ScoresJob``). While playing, a big network's
maps are computed on a coarser grid (``map_size``), a frame's worth of work; at rest, on the full one.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from engine import activations, grid
from engine.evaluation import Evaluation
from engine.training import evaluate

from .frame import SATURATED  # noqa: F401 (the threshold the views mark, with these slopes)

MAP_SIZE = 100
PLAYING_MAP_WORK = 50_000_000  # grid points x parameters per frame, at most, while playing
SYNC_WORK = 2_000_000   # points x parameters evaluated at once (about a millisecond)


def slopes(snap, info) -> tuple:
    """Per layer 1..L, f'(z) over f's largest slope (at z = 0) for every sample and unit, from
    the engine's ``activations.derivative``: a sigmoid or tanh unit far below it is saturated
    and passes back a small delta. None while z is pending, for other functions (ReLU's zero is
    the dead mark's) and for a sigmoid output under BCE (its delta a - t has no f'(z))."""
    out = []
    for l, (name, z) in enumerate(zip(info.activations, snap.z)):
        output_bce = l == len(info.activations) - 1 and info.loss == "bce"
        if z is None or name not in ("sigmoid", "tanh") or output_bce:
            out.append(None)
            continue
        with np.errstate(all="ignore"):  # a = f(z) as the engine computed it: no second f
            slope = activations.derivative(name, z, snap.a[l + 1])
        out.append(slope / _steepest(name))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _steepest(name: str) -> float:
    """f'(0): the largest slope of a sigmoid or a tanh."""
    return float(activations.derivative(name, 0.0))


def map_size(net, playing: bool) -> int:
    """``MAP_SIZE``, or while playing a big network as many points a side as fit in
    ``PLAYING_MAP_WORK`` (at least 40)."""
    if not playing:
        return MAP_SIZE
    n_params = sum(p.size for p in net.params())
    return int(min(MAP_SIZE, max(40, (PLAYING_MAP_WORK / n_params) ** 0.5)))


def costly(net, data) -> bool:
    return len(data.x) * sum(p.size for p in net.params()) > SYNC_WORK


class ScoresJob:
    """The scores of one state of the parameters, on the training set and the test set, with
    what the run records with them (the epoch and the trainer's state)."""

    def __init__(self, net, train, test, epoch=None, state=None):
        self.parts = [Evaluation(net, d.x, d.t) for d in (train, test) if d is not None]
        self.epoch, self.state = epoch, state

    def advance(self, deadline=None) -> bool:
        return all(part.advance(deadline) for part in self.parts)

    def scores(self) -> tuple:
        values = sum((part.result() for part in self.parts), ())
        return (values + (None, None))[:4]


class Measures:
    """Maps and scores of the current parameters; ``key`` changes whenever they may have."""

    def __init__(self):
        self._maps_key = self._scores_key = None

    def scores(self, key, net, train, test) -> tuple:
        if key != self._scores_key:
            if costly(net, train):
                scores = ScoresJob(net, train, test)
                scores.advance()
                scores = scores.scores()
            else:
                scores = evaluate(net, train.x, train.t)
                if test is not None:
                    scores += evaluate(net, test.x, test.t)
            self._scores_key, self._scores = key, (scores + (None, None))[:4]
        return self._scores

    def latest(self) -> tuple:
        """The scores computed last (of an earlier state, maybe), or NaN before any."""
        return getattr(self, "_scores", (math.nan, None, None, None))

    def maps(self, key, net, extent, n=MAP_SIZE) -> tuple:
        key = (key, n)
        if key != self._maps_key:
            with np.errstate(all="ignore"):  # near a divergence the plane's far corners overflow
                maps = grid.maps(net, extent, n)
            for m in maps:
                m.setflags(write=False)
            self._maps_key, self._maps = key, tuple(maps)
        return self._maps
