"""The network graph's legend: edge colours and widths, and the units' colour scale."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import palette
from .graph_layout import BIN_EDGES, WIDTHS


class GraphLegend(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.quantity, self.limit = "a", 1.0
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Edges: colour is the sign of w, width grows with |w| "
                        f"(clamped above {BIN_EDGES[-1]:g}).\nUnits: colour is the value shown, on a "
                        "symmetric scale; hatched grey means not computed yet in this iteration.")

    def set_scale(self, quantity: str, limit: float):
        if (quantity, limit) != (self.quantity, self.limit):
            self.quantity, self.limit = quantity, limit
            self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        x = self._edges(p, 6, h / 2)
        self._scale(p, x + 24, h / 2)
        p.end()

    def _edges(self, p, x, y) -> float:
        for color, label in ((palette.ORANGE, "w < 0"), (palette.BLUE, "w > 0")):
            for k, width in enumerate(WIDTHS[::2]):
                p.setPen(QPen(color, width))
                p.drawLine(QPointF(x + k * 9, y + 8), QPointF(x + k * 9 + 7, y - 8))
            x += 30
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x, y + 5), label)
            x += p.fontMetrics().horizontalAdvance(label) + 14
        return x

    def _scale(self, p, x, y):
        text = self.palette().text().color()
        title = "unit: activation a" if self.quantity == "a" else "unit: delta = dl/dz"
        p.setPen(text)
        p.drawText(QPointF(x, y + 5), title)
        x += p.fontMetrics().horizontalAdvance(title) + 8
        left, right = f"{-self.limit:g}", f"{self.limit:g}"
        p.drawText(QPointF(x, y + 5), left)
        x += p.fontMetrics().horizontalAdvance(left) + 4
        bar = QRectF(x, y - 7, 110, 14)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, color in ((0.0, palette.ORANGE), (0.5, palette.LIGHT), (1.0, palette.BLUE)):
            gradient.setColorAt(pos, color)
        p.fillRect(bar, gradient)
        p.setPen(QPen(text, 0.5))
        p.drawRect(bar)
        p.drawText(QPointF(bar.center().x() - 3, y + 5), "0")
        x = bar.right() + 4
        p.drawText(QPointF(x, y + 5), right)
        x += p.fontMetrics().horizontalAdvance(right) + 14
        box = QRectF(x, y - 7, 14, 14)
        p.fillRect(box, palette.PENDING)
        p.setPen(QPen(text, 0.5))
        p.drawRect(box)
        p.setPen(text)
        p.drawText(QPointF(box.right() + 4, y + 5), "pending")
