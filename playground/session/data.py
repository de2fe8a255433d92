"""The training and test sets from the data settings, and the square the maps cover."""
from __future__ import annotations

from engine import datasets

from .settings import DataSettings

MARGIN = 0.15  # of the data's span, on each side


def build_data(s: DataSettings):
    """``(train, test)``; ``test`` is None for xor (four points) or a split of 0."""
    data = datasets.builtin(s.name, s.n, s.noise, s.seed)
    if s.name == "xor" or s.test_fraction <= 0:
        return data, None
    train, test = datasets.split(data, s.test_fraction, s.seed)
    return train, (test if len(test) else None)


def extent_of(train, test=None) -> tuple:
    """``(x_min, x_max, y_min, y_max)``: a square around every point, with a margin."""
    points = [train.x] + ([test.x] if test is not None else [])
    lo = min(float(p[:, :2].min()) for p in points)
    hi = max(float(p[:, :2].max()) for p in points)
    pad = MARGIN * max(hi - lo, 1e-9)
    return (lo - pad, hi + pad, lo - pad, hi + pad)
