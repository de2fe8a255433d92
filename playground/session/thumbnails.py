"""The points of each built-in set as the data picker's small pictures show them.

``thumbnails()`` maps every built-in name to a ``Thumbnail``: a few points of the set as the
generator makes them by default (``DataSettings``' noise and seed), their targets and the
set's kind. The window draws the pictures (views/thumbnails.py); this side only supplies the
points, once per process (a few milliseconds for all the sets).
"""
from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from engine import datasets

from .settings import DATASET_NAMES, DataSettings

POINTS = 120  # enough to show a set's shape in 40 pixels


class Thumbnail(NamedTuple):
    x: np.ndarray  # (n, 2): the points' coordinates
    t: np.ndarray  # (n, targets): 0/1, one-hot rows, or a regression's values
    kind: str      # "classification" or "regression"


@functools.lru_cache(maxsize=1)
def thumbnails() -> dict:
    """``{name: Thumbnail}`` for every built-in set, in the picker's order."""
    d = DataSettings()
    out = {}
    for name in DATASET_NAMES:
        data = datasets.builtin(name, POINTS, d.noise, d.seed)
        x, t = data.x[:, :2].copy(), data.t.copy()
        for a in (x, t):
            a.setflags(write=False)
        out[name] = Thumbnail(x, t, data.kind)
    return out
