"""Colours shared by the views: one diverging orange-white-blue scale, safe for colour-blind eyes.

Negative values (and class 0) are orange, positive values (and class 1) blue, zero (or 0.5 on
a [0, 1] scale) near white. Values not yet computed are drawn grey and hatched, never white.
``index(values, lo, hi)`` maps values to the 256 entries of ``LUT`` and ``BRUSHES``.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

ORANGE = QColor("#e66101")
BLUE = QColor("#1f78b4")
LIGHT = QColor("#f4f4f4")
PENDING_COLOR = QColor("#9a9a9a")
HIGHLIGHT = QColor(255, 205, 0, 110)

CMAP = pg.ColorMap([0.0, 0.5, 1.0], [ORANGE, LIGHT, BLUE])
LUT = CMAP.getLookupTable(0.0, 1.0, 256, alpha=True).astype(np.ubyte)
BRUSHES = [QBrush(QColor(*map(int, rgba))) for rgba in LUT]
PENDING = QBrush(PENDING_COLOR, Qt.BrushStyle.BDiagPattern)
NO_VALUE = QBrush(QColor("#dddddd"))


def index(values, lo: float, hi: float) -> np.ndarray:
    """The LUT entry of each value on the scale lo..hi (clipped)."""
    span = hi - lo if hi > lo else 1.0
    scaled = (np.asarray(values, dtype=float) - lo) * (255.0 / span)
    return np.clip(np.nan_to_num(scaled, nan=127.5), 0, 255).astype(np.intp)


def rgba(values, lo: float, hi: float) -> np.ndarray:
    """An RGBA image of ``values`` (any shape) on the scale lo..hi."""
    return LUT[index(values, lo, hi)]


def symmetric_limit(*arrays) -> float:
    """A round bound m >= max |value| for a symmetric scale -m..m (1 if there is nothing)."""
    m = max((float(np.max(np.abs(a))) for a in arrays if a is not None and np.size(a)), default=0.0)
    if not np.isfinite(m) or m <= 0:
        return 1.0
    step = 10.0 ** np.floor(np.log10(m))
    for k in (1, 2, 5, 10):
        if k * step >= m:
            return k * step
    return m


def activation_range(name: str, values=None) -> tuple[float, float]:
    """The colour scale for a neuron's output: its natural range, or symmetric around zero."""
    if name == "sigmoid":
        return 0.0, 1.0
    if name == "tanh":
        return -1.0, 1.0
    m = symmetric_limit(values)
    return -m, m
