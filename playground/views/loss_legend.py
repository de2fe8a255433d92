"""The loss plot's legend: one line of small type in a row of its own above the plot.

pyqtgraph's LegendItem floats over the view box, where it covered the curves, and its samples
are 20 pixels high; this strip takes one line of a font 0.8 times the plot's, and draws each
entry as a short stroke in the curve's pen followed by its name, right-aligned. ``entries``
holds ``(name, pen)`` pairs, for tests and for the plot to compare.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsWidget

SAMPLE = 16  # the stroke's length, in pixels
GAP = 10     # between entries


class LegendStrip(QGraphicsWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[tuple[str, QPen]] = []
        self.small = QFont()
        self.set_font(QFont())

    def set_font(self, font: QFont):
        """Type 0.8 times ``font``: the strip's height follows it."""
        self.small = QFont(font)
        if font.pointSizeF() > 0:
            self.small.setPointSizeF(0.8 * font.pointSizeF())
        height = QFontMetricsF(self.small).height() + 2
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.update()

    def set_entries(self, entries):
        """``(name, pen)`` pairs, drawn in this order from the left of the right-aligned line."""
        self.entries = list(entries)
        self.update()

    def width_needed(self) -> float:
        metrics = QFontMetricsF(self.small)
        return sum(SAMPLE + 4 + metrics.horizontalAdvance(name) + GAP for name, _ in self.entries)

    def paint(self, painter, *_):
        painter.setFont(self.small)
        metrics = QFontMetricsF(self.small)
        rect = self.rect()
        x, middle = max(rect.width() - self.width_needed() + GAP - 4, 0.0), rect.height() / 2
        for name, pen in self.entries:
            stroke = QPen(pen)
            stroke.setCosmetic(True)
            painter.setPen(stroke)
            painter.drawLine(QPointF(x, middle), QPointF(x + SAMPLE, middle))
            x += SAMPLE + 4
            painter.setPen(QColor("#444444"))
            width = metrics.horizontalAdvance(name)
            painter.drawText(QRectF(x, 0, width + 2, rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
            x += width + GAP
