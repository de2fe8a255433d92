"""The network graph's column titles: "Input", "Hidden 1" (or "H1" where the columns are
too close) and "Output", each with its activation below, centred above its column.

Titles are text items in the graph's scene, placed ``TITLE_GAP`` scene units above the top
unit's centre; they stay put, so they are painted from a pixmap (the exports switch caches
off). ``set_names`` changes their text only when a name or the short form changed.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

from .graph_text import column_title

TITLE_GAP = 0.62  # scene units from the top unit's centre to the column titles' baseline


class ColumnTitles:
    def __init__(self, vb):
        self.vb, self.items, self.shown = vb, [], None

    def rebuild(self, lay, names, font):
        for item in self.items:
            self.vb.removeItem(item)
        self.items, self.shown = [], None
        top = (lay.rows - 1) / 2 + TITLE_GAP
        for c in range(len(lay.sizes)):
            title = pg.TextItem("", color="#333333", anchor=(0.5, 1))  # above the highlight band
            title.setPos(lay.x[lay.first(c)], top)
            title.setFont(font)
            title.textItem.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.vb.addItem(title)
            self.items.append(title)
        self.set_names(names, False)

    def set_names(self, names, short: bool):
        if (tuple(names), short) == self.shown:
            return
        self.shown = (tuple(names), short)
        for c, item in enumerate(self.items):
            item.setText(column_title(c, len(self.items), names, short))

    def set_font(self, font):
        for item in self.items:
            item.setFont(font)

    def __getitem__(self, c):
        return self.items[c]

    def __len__(self):
        return len(self.items)
