"""The network graph's legend: edge colours and widths, change marks, and the units' scales.

Its parts (the edges; the Update's ghost and change marks; the phase's glow, a bias, a dead
unit, a saturated unit; the units' scales; the pending hatch) flow left to right onto as many rows as the
view's width needs (more in large type); the height changes only when the number of rows
does. While the edges show a gradient check (``set_check``), the edges' part shows its three
pens instead of the weights'.
The scales' part names the quantity and the scale mode, then each column's range with
numbers ("H1 −0.2…0.2"), and says which ranges changed since the previous iteration.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import palette
from .graph_edges import GROW_COLOR, SHRINK_COLOR, faint
from .graph_scales import CLAMP, edge_width

SATURATED_COLOR = "#a50f15"  # the ring of a saturated unit

MINUS = "\u2212"
WEIGHT_TIP = ("Edges: colour is the sign of w, width grows smoothly with |w| (clamped above "
              "{:g}). In the Update phase a faint ghost shows the width before the update and "
              "a dark mark on the middle of each edge grows with |Δw| (dark blue: w grew, dark "
              "brown: w shrank; the largest change of each layer is at least 3 px). The yellow "
              "glow marks the weights the last phase used; the yellow box, the units it computed. "
              "Diamonds are the biases b (size: |b|, colour: sign). A cross marks a dead ReLU unit: "
              "0 on every sample of the batch, so its delta is 0. A dark red ring marks a saturated "
              "sigmoid or tanh unit: f′(z) under 1% of its largest, so its delta is small. "
              "While a phase is animated, yellow lines show what flows along the edges.")
CHECK_TIP = ("Edges: the gradient check's relative error of each weight: blue agrees, "
             "grey is borderline, thick orange is wrong.")


class GraphLegend(QWidget):
    def __init__(self, check_pens=(), parent=None):
        """``check_pens``: ``(colour, width, label)`` of each gradient check level, in order."""
        super().__init__(parent)
        self.quantity, self.mode, self.ranges, self.notes, self.rows = "activation", "", "", False, 1
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
        edges = CHECK_TIP if self.checking else WEIGHT_TIP.format(CLAMP)
        self.setToolTip(edges + "\nUnits: colour is the value shown, each layer on its own scale "
                        "(its numbers are in the legend): activations on the function's range, "
                        "deltas on a symmetric scale fixed for the whole iteration; hatched grey (pending) "
                        "means not computed yet in this iteration.\nRight click: the deltas' "
                        "scale (per layer, shared, locked or symmetric log).")

    def set_scales(self, quantity: str, mode: str, scales, changed: dict, names):
        """``scales``: (lo, hi, mode) per column; ``changed``: {column: (old, new)}, said
        beside the column's range ("H1 ±0.2 (was ±0.5)")."""
        ranges = "  ".join(f"{names[c]} {_range(lo, hi)}" + (f" (was {_range(*changed[c][0])})"
                                                               if c in changed else "")
                           for c, (lo, hi, m) in enumerate(scales) if c > 0 and m != "pending")
        mode = mode if quantity == "delta" else "own range"
        if (quantity, mode, ranges) != (self.quantity, self.mode, self.ranges):
            self.quantity, self.mode, self.ranges = quantity, mode, ranges
            self.notes = bool(changed)
            self._fit(grow_only=True)  # while playing, no flicker of the height
            self.update()

    def row_height(self) -> int:
        return max(34, self.fontMetrics().height() + 16)

    def widths(self) -> list:
        """Pixels taken by each part (edges, marks, scales), measured by drawing them."""
        image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        p = QPainter(image)
        p.setFont(self.font())
        checking = self.checking
        edges = 0
        for self.checking in (False, True):  # the wider: switching adds no row
            edges = max(edges, self._edges(p, 0, 0))
        self.checking = checking
        widths = [edges] + [part(p, 0, 0) for part in self.parts()[1:]]
        p.end()
        return widths

    def parts(self) -> tuple:
        return self._edges, self._changes, self._marks, self._scale, self._pending

    def places(self, widths) -> list:
        """``(row, x)`` of each part: left to right, on the next row when one would not fit."""
        out, row, x = [], 0, 6
        for w in widths:
            if x > 6 and x + w > self.width():
                row, x = row + 1, 6
            out.append((row, x))
            x += w
        return out

    def _fit(self, grow_only=False):
        rows = self.places(self.widths())[-1][0] + 1
        self.rows = max(rows, self.rows) if grow_only else rows
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
        for part, (r, x) in zip(self.parts(), self.places(self.widths())):
            part(p, x, (r + 0.5) * row)
        p.end()

    def _edges(self, p, x, y) -> float:
        if self.checking:
            return self._check_edges(p, x, y)
        for color, label in ((palette.ORANGE, "w < 0"), (palette.BLUE, "w > 0")):
            for k, w in enumerate((0.25, 1.0, CLAMP)):
                p.setPen(QPen(color, float(edge_width(w))))
                p.drawLine(QPointF(x + k * 9, y + 8), QPointF(x + k * 9 + 7, y - 8))
            x += 30
            x = self._label(p, x, y, label)
        return x

    def _changes(self, p, x, y) -> float:
        """The Update's marks: the ghost of the old width, the change by its sign."""
        p.setPen(QPen(faint(palette.BLUE), 6))
        p.drawLine(QPointF(x, y), QPointF(x + 18, y))
        p.setPen(QPen(palette.BLUE, 2))
        p.drawLine(QPointF(x, y), QPointF(x + 18, y))
        x = self._label(p, x + 22, y, "old w")
        for color in (GROW_COLOR, SHRINK_COLOR):
            p.setPen(QPen(color, 5))
            p.drawLine(QPointF(x, y), QPointF(x + 10, y))
            x += 13
        return self._label(p, x + 1, y, "Δw +, −")

    def _marks(self, p, x, y) -> float:
        """The phase's glow, a bias, a dead ReLU unit, a saturated unit."""
        p.setPen(QPen(palette.HIGHLIGHT, 9))
        p.drawLine(QPointF(x, y), QPointF(x + 18, y))
        x = self._label(p, x + 22, y, "used now")
        p.setPen(QPen(palette.PENDING_COLOR.darker(150), 1))
        p.setBrush(palette.BRUSHES[255])
        p.drawPolygon(QPolygonF([QPointF(x, y), QPointF(x + 5, y - 5), QPointF(x + 10, y),
                                 QPointF(x + 5, y + 5)]))
        p.setBrush(Qt.BrushStyle.NoBrush)
        x = self._label(p, x + 14, y, "bias")
        p.setPen(QPen(palette.PENDING_COLOR.darker(150), 1.5))
        p.drawLine(QPointF(x, y - 5), QPointF(x + 10, y + 5))
        p.drawLine(QPointF(x, y + 5), QPointF(x + 10, y - 5))
        x = self._label(p, x + 14, y, "dead")
        p.setPen(QPen(QColor(SATURATED_COLOR), 2.5))
        p.drawEllipse(QPointF(x + 6, y), 6, 6)
        return self._label(p, x + 16, y, "saturated")

    def _pending(self, p, x, y) -> float:
        box = QRectF(x, y - 7, 14, 14)
        p.fillRect(box, palette.PENDING)
        p.setPen(QPen(self.palette().text().color(), 0.5))
        p.drawRect(box)
        return self._label(p, box.right() + 4, y, "pending")

    def _label(self, p, x, y, text) -> float:
        p.setPen(self.palette().text().color())
        p.drawText(QPointF(x, y + _middle(p)), text)
        return x + p.fontMetrics().horizontalAdvance(text) + 14

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
        what = "a" if self.quantity == "activation" else "δ"
        x = self._label(p, x, y, f"{what}, {self.mode}") - 8
        bar = QRectF(x, y - 7, 60, 14)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for pos, color in ((0.0, palette.ORANGE), (0.5, palette.LIGHT), (1.0, palette.BLUE)):
            gradient.setColorAt(pos, color)
        p.fillRect(bar, gradient)
        p.setPen(QPen(text, 0.5))
        p.drawRect(bar)
        font = p.font()
        font.setBold(self.notes)  # a scale changed since the previous iteration
        p.setFont(font)
        x = self._label(p, bar.right() + 6, y, self.ranges)
        font.setBold(False)
        p.setFont(font)
        return x


def _range(lo, hi) -> str:
    if lo == -hi:
        return f"±{hi:g}"
    return f"{lo:g}…{hi:g}".replace("-", MINUS)


def _middle(p) -> float:
    """From a row's middle to the baseline of text centred on it."""
    metrics = p.fontMetrics()
    return (metrics.ascent() - metrics.descent()) / 2
