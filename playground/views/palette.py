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

from .graph_scales import activation_range, largest, nice_ceiling  # noqa: F401 (shared here)

ORANGE = QColor("#e66101")
BLUE = QColor("#1f78b4")
LIGHT = QColor("#f4f4f4")
PENDING_COLOR = QColor("#9a9a9a")
HIGHLIGHT = QColor(255, 205, 0, 110)
HIGHLIGHT_LINE = QColor(240, 180, 0)

CMAP = pg.ColorMap([0.0, 0.5, 1.0], [ORANGE, LIGHT, BLUE])
LUT = CMAP.getLookupTable(0.0, 1.0, 256, alpha=True).astype(np.ubyte)
LUT32 = np.ascontiguousarray(LUT).view(np.uint32).ravel()  # one RGBA pixel per entry
BRUSHES = [QBrush(QColor(*map(int, rgba))) for rgba in LUT]
HEX = [b.color().name() for b in BRUSHES]  # "#rrggbb" of each entry
PENDING = QBrush(PENDING_COLOR, Qt.BrushStyle.BDiagPattern)
NO_VALUE = QBrush(QColor("#dddddd"))


def index(values, lo: float, hi: float) -> np.ndarray:
    """The LUT entry of each value on the scale lo..hi (clipped)."""
    span = hi - lo if hi > lo else 1.0
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf near a divergence: NaN
        scaled = (np.asarray(values, dtype=float) - lo) * (255.0 / span)
    np.clip(scaled, 0, 255, out=scaled)
    scaled[np.isnan(scaled)] = 127.5  # an undefined value is drawn as the middle, not a colour
    return scaled.astype(np.intp)


def rgba(values, lo: float, hi: float, lut32=LUT32) -> np.ndarray:
    """An RGBA image of ``values`` (any shape) on the scale lo..hi (``lut32``: 256 RGBA
    entries as uint32, e.g. ``LUT32``); a gather of whole pixels, several times faster than
    indexing the (256, 4) table."""
    pixels = np.take(lut32, index(values, lo, hi))
    return pixels.view(np.ubyte).reshape(*np.shape(values), 4)


def symmetric_limit(*arrays) -> float:
    """A round bound m >= max |value| for a symmetric scale -m..m (1 if there is nothing)."""
    m = max((largest(a) for a in arrays if a is not None and np.size(a)), default=0.0)
    return nice_ceiling(m)
