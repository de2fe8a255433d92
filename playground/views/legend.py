"""The network graph's legend: edge colours and widths, and the units' colour scale.

One row, or two (the edges above the scale) when the view is too narrow for one, as it is
in large type; the height changes only when the number of rows does. While the edges show a
gradient check (``set_check``), the edges' part shows its three pens instead of the weights'.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtGui import QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import palette
from .graph_layout import BIN_EDGES, WIDTHS


WEIGHT_TIP = "Edges: colour is the sign of w, width grows with |w| (clamped above {:g})."
CHECK_TIP = ("Edges: the gradient check's relative error of each weight: blue agrees, "
             "grey is borderline, thick orange is wrong.")


class GraphLegend(QWidget):
    def __init__(self, check_pens=(), parent=None):
        """``check_pens``: ``(colour, width, label)`` of each gradient check level, in order."""
        super().__init__(parent)
        self.quantity, self.limit, self.rows = "a", 1.0, 1
        self.check_pens, self.checking = tuple(check_pens), False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()
        self._tip()

    def set_check(self, checking: bool):
        """Show the gradient check's pens (True) or the weights' (False) for the edges."""
        if checking != self.checking:
            self.checking = checking
            self._tip()
            self._fit()
            self.update()

    def _tip(self):
        edges = CHECK_TIP if self.checking else WEIGHT_TIP.format(BIN_EDGES[-1])
        self.setToolTip(edges + "\nUnits: colour is the value shown, on a symmetric scale; "
                        "hatched grey means not computed yet in this iteration.")

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
        checking = self.checking
        edges = 0
        for self.checking in (False, True):  # the wider: switching adds no row
            edges = max(edges, self._edges(p, 6, 0))
        scale = self._scale(p, 0, 0)  # the widest scale text
        self.quantity, self.limit, self.checking = *shown, checking
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
        if self.checking:
            return self._check_edges(p, x, y)
        for color, label in ((palette.ORANGE, "w < 0"), (palette.BLUE, "w > 0")):
            for k, width in enumerate(WIDTHS[::2]):
                p.setPen(QPen(color, width))
                p.drawLine(QPointF(x + k * 9, y + 8), QPointF(x + k * 9 + 7, y - 8))
            x += 30
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x, y + _middle(p)), label)
            x += p.fontMetrics().horizontalAdvance(label) + 14
        return x

    def _check_edges(self, p, x, y) -> float:
        for color, width, label in self.check_pens:
            p.setPen(QPen(color, width))
            p.drawLine(QPointF(x, y + 8), QPointF(x + 12, y - 8))
            x += 18
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
