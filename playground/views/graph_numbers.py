"""Numbers on the network graph (a toggle, for projectors): each unit's value as its colour
shows it (a or δ of the sample shown), each edge's weight, or in the backward phases its
gradient ∂L/∂W once computed, rounded to ``digits`` decimals.

``NumberLabels`` paints every label in one call, in the view's font (so the numbers grow with
the window's zoom, not with the graph's scale), each on a light plate so that it stays
readable over edges. A graph with more than ``MOST_LABELS`` labels shows none: it would be a
grey blur. Positions are in scene units: under each unit, and at ``ALONG`` of each edge from
its source, where edges from one unit have already fanned out.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsItem

from ..session.frame import HIDDEN_DELTA, OUTPUT_DELTA

from .graph_layout import INPUT_DOT, MAP, flat_weights

MOST_LABELS = 160
ALONG = 0.3
PLATE = QColor(255, 255, 255, 215)
MINUS = "\u2212"


def text(v, digits: int) -> str:
    out = f"{float(v):.{digits}f}"
    if out.startswith("-") and float(out) == 0:
        out = out[1:]
    return out.replace("-", MINUS)


def labels(snap, lay, fill, digits: int):
    """``(x, y, texts)`` of every number to show (empty when there are too many)."""
    if lay.n_units + lay.n_edges > MOST_LABELS:
        return np.zeros(0), np.zeros(0), []
    xs, ys, texts = [], [], []
    for k in range(lay.n_units):
        c, j = int(lay.col[k]), int(lay.unit[k])
        if fill.values[c] is not None:
            drop = MAP / 2 if lay.mapped[k] else INPUT_DOT / 2
            xs.append(lay.x[k])
            ys.append(lay.y[k] - drop - 0.14)
            texts.append(text(fill.values[c][j], digits))
    values = flat_weights(snap.weights)
    known = np.ones(lay.n_edges, bool)
    if snap.phase in (OUTPUT_DELTA, HIDDEN_DELTA):  # the gradients so far, not the weights
        known = np.array([snap.grad_w[l] is not None for l in lay.edge_l])
        values = np.concatenate([np.ravel(g) if g is not None else np.zeros(w.size)
                                 for g, w in zip(snap.grad_w, snap.weights)])
    for k in np.flatnonzero(known):
        xs.append(lay.x0[k] + ALONG * (lay.x1[k] - lay.x0[k]))
        ys.append(lay.y0[k] + ALONG * (lay.y1[k] - lay.y0[k]))
        texts.append(text(values[k], digits))
    return np.array(xs), np.array(ys), texts


class NumberLabels(QGraphicsItem):
    def __init__(self):
        super().__init__()
        self.x = self.y = np.zeros(0)
        self.texts, self.rect, self.font = [], QRectF(), QFont()

    def set_labels(self, x, y, texts, rect: QRectF, font: QFont):
        self.prepareGeometryChange()
        self.x, self.y, self.texts, self.rect, self.font = x, y, texts, rect, QFont(font)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None):
        if not self.texts:
            return
        t = painter.transform()
        painter.resetTransform()
        painter.setFont(self.font)
        metrics = painter.fontMetrics()
        height = metrics.height()
        painter.setPen(QColor("#222222"))
        for x, y, label in zip(t.m11() * self.x + t.dx(), t.m22() * self.y + t.dy(), self.texts):
            width = metrics.horizontalAdvance(label) + 4
            plate = QRectF(x - width / 2, y - height / 2, width, height)
            painter.fillRect(plate, PLATE)
            painter.drawText(plate, Qt.AlignmentFlag.AlignCenter, label)
        painter.setTransform(t)

    def shown(self) -> list:
        return list(zip(self.x.tolist(), self.y.tolist(), self.texts))


