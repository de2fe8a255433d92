"""The network graph's column titles: "Input", "Hidden 1" and "Output", each with its
activation below, centred above its column. Where the columns are too close for that, the
titles get shorter ("H1"; then "In", "Out" and "sigm"; then no activation,
graph_text.column_title): ``fit`` takes the longest form whose neighbours keep ``SPACE``
pixels between them, and hides them where even the shortest does not fit.

Titles are text items in the graph's scene, placed ``TITLE_GAP`` scene units above the top
unit's centre; they stay put, so they are painted from a pixmap (the exports switch caches
off). Their text changes only when a name or the form changed.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

from PySide6.QtGui import QFont, QFontMetricsF

from .graph_text import column_title

TITLE_GAP = 0.62  # scene units from the top unit's centre to the column titles' baseline
SPACE = 14  # pixels between neighbour titles' text (a text item adds 4 of margin each side)


class ColumnTitles:
    def __init__(self, vb):
        self.vb, self.items, self.shown, self.font = vb, [], None, QFont()

    def rebuild(self, lay, names, font):
        for item in self.items:
            self.vb.removeItem(item)
        self.items, self.shown = [], None
        top = lay.top + TITLE_GAP
        for c in range(len(lay.sizes)):
            title = pg.TextItem("", color="#333333", anchor=(0.5, 1))  # above the highlight band
            title.setPos(lay.x[lay.first(c)], top)
            title.textItem.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.vb.addItem(title)
            self.items.append(title)
        self.set_font(font)
        self.set_names(names, 0)

    def fit(self, names, pitch: float):
        """The longest titles that fit columns ``pitch`` pixels apart (else the shortest)."""
        metrics, n = QFontMetricsF(self.font), len(self.items)
        fits = False
        for short in (0, 1, 2, 3):
            widths = [max(metrics.horizontalAdvance(line) for line in
                          column_title(c, n, names, short).split("\n")) for c in range(n)]
            fits = all((a + b) / 2 + SPACE <= pitch for a, b in zip(widths, widths[1:]))
            if fits:
                break
        self.set_names(names, short)
        for item in self.items:  # a graph too small for any title: none, rather than a smudge
            item.setVisible(fits)

    def set_names(self, names, short: int):
        if (tuple(names), short) == self.shown:
            return
        self.shown = (tuple(names), short)
        for c, item in enumerate(self.items):
            item.setText(column_title(c, len(self.items), names, short))

    def set_font(self, font):
        self.font = QFont(font)
        for item in self.items:
            item.setFont(font)

    def __getitem__(self, c):
        return self.items[c]

    def __len__(self):
        return len(self.items)
