"""The network graph's legend: edge colours and widths, and the units' colour scale.

One row, or two (the edges above the scale) when the view is too narrow for one, as it is
in large type; the height changes only when the number of rows does.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtGui import QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import palette
from .graph_layout import BIN_EDGES, WIDTHS


class GraphLegend(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.quantity, self.limit, self.rows = "a", 1.0, 1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()
        self.setToolTip("Edges: colour is the sign of w, width grows with |w| "
                        f"(clamped above {BIN_EDGES[-1]:g}).\nUnits: colour is the value shown, on a "
                        "symmetric scale; hatched grey means not computed yet in this iteration.")

    def set_scale(self, quantity: str, limit: float):
        if (quantity, limit) != (self.quantity, self.limit):
            self.quantity, self.limit = quantity, limit
            self.update()

    def row_height(self) -> int:
        return max(34, self.fontMetrics().height() + 16)

    def widths(self) -> tuple:
        """Pixels taken by the edges' part and by the scale's part, measured by drawing them."""
        image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        p = QPainter(image)
        p.setFont(self.font())
        shown, (self.quantity, self.limit) = (self.quantity, self.limit), ("delta", 0.0005)
        edges = self._edges(p, 6, 0)
        scale = self._scale(p, 0, 0)  # the widest scale text
        self.quantity, self.limit = shown
        p.end()
        return edges, scale

    def _fit(self):
        edges, scale = self.widths()
        self.rows = 1 if self.width() >= edges + 24 + scale else 2
        height = self.rows * self.row_height()
        if self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        row = self.row_height()
        x = self._edges(p, 6, row / 2)
        if self.rows == 1:
            self._scale(p, x + 24, row / 2)
        else:
            self._scale(p, 6, 1.5 * row)
        p.end()

    def _edges(self, p, x, y) -> float:
        for color, label in ((palette.ORANGE, "w < 0"), (palette.BLUE, "w > 0")):
            for k, width in enumerate(WIDTHS[::2]):
                p.setPen(QPen(color, width))
                p.drawLine(QPointF(x + k * 9, y + 8), QPointF(x + k * 9 + 7, y - 8))
            x += 30
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x, y + _middle(p)), label)
            x += p.fontMetrics().horizontalAdvance(label) + 14
        return x

    def _scale(self, p, x, y):
        text = self.palette().text().color()
        title = "unit: activation a" if self.quantity == "a" else "unit: delta = dl/dz"
        p.setPen(text)
        p.drawText(QPointF(x, y + _middle(p)), title)
        x += p.fontMetrics().horizontalAdvance(title) + 8
        left, right = f"{-self.limit:g}", f"{self.limit:g}"
        p.drawText(QPointF(x, y + _middle(p)), left)
        x += p.fontMetrics().horizontalAdvance(left) + 4
        bar = QRectF(x, y - 7, 90, 14)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, color in ((0.0, palette.ORANGE), (0.5, palette.LIGHT), (1.0, palette.BLUE)):
            gradient.setColorAt(pos, color)
        p.fillRect(bar, gradient)
        p.setPen(QPen(text, 0.5))
        p.drawRect(bar)
        p.drawText(QPointF(bar.center().x() - p.fontMetrics().horizontalAdvance("0") / 2, y + _middle(p)), "0")
        x = bar.right() + 4
        p.drawText(QPointF(x, y + _middle(p)), right)
        x += p.fontMetrics().horizontalAdvance(right) + 14
        box = QRectF(x, y - 7, 14, 14)
        p.fillRect(box, palette.PENDING)
        p.setPen(QPen(text, 0.5))
        p.drawRect(box)
        p.setPen(text)
        p.drawText(QPointF(box.right() + 4, y + _middle(p)), "pending")
        return box.right() + 4 + p.fontMetrics().horizontalAdvance("pending")


def _middle(p) -> float:
    """From a row's middle to the baseline of text centred on it."""
    metrics = p.fontMetrics()
    return (metrics.ascent() - metrics.descent()) / 2
