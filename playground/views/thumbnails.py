"""The data picker's small pictures: a built-in set's points, drawn by the app.

``pixmap(thumbnail, size)`` draws a session ``thumbnails.Thumbnail`` (points ``x``, targets
``t``, ``kind``) as dots on white, the points' square fitted in the picture, in the colours the
decision plot gives them: k classes (one-hot rows) in their Okabe-Ito colours (class_colors),
two classes orange (0) and blue (1), a regression set's targets on the orange-blue scale from
their lowest to their highest (palette).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from . import class_colors, palette

SIZE = 40   # pixels a side
MARGIN = 3  # pixels between the points and the edge


def colors(t, kind: str) -> list[QColor]:
    """One colour per point, as the decision plot draws it."""
    t = np.asarray(t, dtype=float)
    if class_colors.is_one_hot(t):
        return [QColor(*map(int, class_colors.colour_of(k))) for k in t.argmax(axis=1)]
    values = t[:, 0]
    lo, hi = (0.0, 1.0) if kind == "classification" else (float(values.min()), float(values.max()))
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    return [QColor(palette.HEX[k]) for k in palette.index(values, lo, hi)]


def positions(x, size: int = SIZE, margin: float = MARGIN) -> np.ndarray:
    """The points in pixels: their bounding square fitted in the picture, y upwards."""
    x = np.asarray(x, dtype=float)[:, :2]
    lo, span = x.min(axis=0), float(np.ptp(x, axis=0).max()) or 1.0
    centre = (x - lo - np.ptp(x, axis=0) / 2) / span  # in [-1/2, 1/2], centred
    inner = size - 2 * margin
    return np.column_stack([size / 2 + centre[:, 0] * inner, size / 2 - centre[:, 1] * inner])


def pixmap(thumbnail, size: int = SIZE) -> QPixmap:
    """The picture of one set (a few points are drawn larger, so XOR's four show)."""
    image = QPixmap(size, size)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#bbbbbb")))
    painter.drawRect(QRectF(0.5, 0.5, size - 1, size - 1))
    painter.setPen(QPen(QColor("#666666"), 0.4))  # as the plot's outlines: pale points show
    radius = 1.8 if len(thumbnail.x) > 20 else 3.5
    at = positions(thumbnail.x, size, max(MARGIN, radius + 2))
    for (px, py), color in zip(at, colors(thumbnail.t, thumbnail.kind)):
        painter.setBrush(color)
        painter.drawEllipse(QPointF(px, py), radius, radius)
    painter.end()
    return image


def icon(thumbnail, size: int = SIZE) -> QIcon:
    return QIcon(pixmap(thumbnail, size))
