"""The numbers the run derives from the parameters for a frame: the maps and the scores.

``Measures`` asks the engine for the maps (``engine.grid.maps``) and the scores
(``engine.scoring.Scorer``: ``engine.training.evaluate`` into buffers kept per set) once per
change of the parameters, however many frames show them.
Big data sets (``costly``: points x parameters above ``SYNC_WORK``) are never evaluated
here: epochs.py spreads their evaluation (``ScoresJob``, in chunks of ``engine.evaluation``)
over the run's time slices and ``store``s the scores; frames show the latest known until then. While playing, a big network's
maps are computed on a coarser grid (``map_size``: at most ``PLAYING_MAP_SIZE`` a side, fewer
for a big network), a quarter of the work and of the pixels to draw; at rest, on the full one.
A big network's full maps (``heavy_maps``) are not computed at once either: a frame at rest
shows the coarse ones and the full ones follow, computed in the run's time slices
(``maps_soon``, ``advance_maps``).
"""
from __future__ import annotations

import functools
import math
import time

import numpy as np

from engine import activations, features, grid
from engine.evaluation import Evaluation
from engine.scoring import Scorer

from .frame import SATURATED, Inputs  # SATURATED: the threshold the views mark, with slopes

MAP_SIZE = 100
PLAYING_MAP_SIZE = 50  # points a side while playing: the picture moves, its detail is not read
PLAYING_MAP_WORK = 50_000_000  # grid points x parameters per frame, at most, while playing
SYNC_WORK = 2_000_000   # points x parameters evaluated at once (about a millisecond)
SYNC_MAP_WORK = 50_000_000  # grid points x parameters of maps computed at once (a few ms)


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
    """``MAP_SIZE``, or while playing ``PLAYING_MAP_SIZE``, for a big network as many points
    a side as fit in ``PLAYING_MAP_WORK`` (at least 30)."""
    if not playing:
        return MAP_SIZE
    n_params = sum(p.size for p in net.params())
    return int(min(PLAYING_MAP_SIZE, max(30, (PLAYING_MAP_WORK / n_params) ** 0.5)))


def heavy_maps(net) -> bool:
    return MAP_SIZE * MAP_SIZE * sum(p.size for p in net.params()) > SYNC_MAP_WORK


def costly(net, data) -> bool:
    return len(data.x) * sum(p.size for p in net.params()) > SYNC_WORK


class ScoresJob:
    """The scores of one state of the parameters, on the training set and the test set, with
    what the run records with them (the epoch and the trainer's state, the run's key, and
    whether a loss that is not finite is a divergence)."""

    def __init__(self, net, train, test, epoch=None, state=None, key=None, strict=False):
        self.parts = [Evaluation(net, d.x, d.t) for d in (train, test) if d is not None]
        self.epoch, self.state, self.key, self.strict = epoch, state, key, strict

    @property
    def started(self) -> bool:
        return any(part.row for part in self.parts)

    def advance(self, deadline=None) -> bool:
        return all(part.advance(deadline) for part in self.parts)

    def scores(self) -> tuple:
        values = sum((part.result() for part in self.parts), ())
        return (values + (None, None))[:4]


class Measures:
    """Maps and scores of the current parameters; ``key`` changes whenever they may have."""

    def __init__(self):
        self._maps_key = self._scores_key = None
        self._inputs_key = self._input_maps = None  # (extent, n) and the candidates' maps
        self.map_job = None  # (key, steps of grid.maps_in_steps) of full maps to come
        self._scorer = Scorer()  # its buffers are made once per network shape and data

    def scores(self, key, net, train, test) -> tuple:
        """The scores of ``key``'s parameters, computed now if they are not known (a big set
        only after a divergence, epochs.py; else it goes through a ScoresJob)."""
        if key != self._scores_key:
            if costly(net, train):
                scores = ScoresJob(net, train, test)
                scores.advance()
                scores = scores.scores()
            else:
                sets = [(d.x, d.t) for d in (train, test) if d is not None]
                scores = self._scorer(net, sets)
            self.store(key, scores)
        return self._scores

    def knows(self, key) -> bool:
        return key == self._scores_key

    def store(self, key, scores):
        self._scores_key, self._scores = key, (tuple(scores) + (None, None))[:4]

    def latest(self) -> tuple:
        """The scores computed last (of an earlier state, maybe), or NaN before any."""
        return getattr(self, "_scores", (math.nan, None, None, None))

    def inputs(self, net, extent, n=MAP_SIZE) -> Inputs:
        """The graph's input column (frame.Inputs): for a network that reads two raw columns,
        every candidate feature, which are on, and each one's map (``n`` a side, as the
        layers' maps); else none. The maps depend on the plane alone: kept until it changes."""
        if features.raw_inputs(net) != features.RAW_INPUTS:
            return Inputs()
        if self._inputs_key != (extent, n):
            maps = grid.feature_maps(features.FEATURES, extent, n)
            maps.setflags(write=False)
            self._inputs_key, self._input_maps = (extent, n), tuple(maps)
        on = features.FEATURES[:2] if net.features is None else net.features
        return Inputs(features.FEATURES, tuple(name in on for name in features.FEATURES),
                      self._input_maps)

    def maps(self, key, net, extent, n=MAP_SIZE) -> tuple:
        if (key, extent, n) != self._maps_key:
            with np.errstate(all="ignore"):  # near a divergence the plane's far corners overflow
                self._store_maps((key, extent, n), grid.maps(net, extent, n))
        return self._maps

    def _store_maps(self, key, maps):
        for m in maps:
            m.setflags(write=False)
        self._maps_key, self._maps = key, tuple(maps)

    def maps_soon(self, key, net, extent) -> tuple:
        """At rest: the full maps if known, else the coarse ones now and the full ones queued."""
        full = (key, extent, MAP_SIZE)
        if full == self._maps_key:
            return self._maps
        if self.map_job is None or self.map_job[0] != full:
            self.map_job = (full, grid.maps_in_steps(net, extent, MAP_SIZE))
        return self.maps(key, net, extent, map_size(net, True))

    def advance_maps(self, deadline) -> bool:
        """Compute the queued full maps until ``deadline`` (perf_counter); True when done."""
        key, steps = self.map_job
        with np.errstate(all="ignore"):
            try:
                while time.perf_counter() < deadline:
                    next(steps)
            except StopIteration as done:
                self._store_maps(key, done.value)
                self.map_job = None
                return True
        return False
