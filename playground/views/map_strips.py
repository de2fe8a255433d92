"""Each hidden or output unit's map over the input plane, as one image per graph column.

A map shows every 4th point of the session's 100 x 100 grid: 25 x 25 pixels, row 0 at the
bottom (y up), coloured on the unit's activation range. A column's maps are stacked into one
image, ``PER_UNIT`` pixel rows per unit (units are one scene unit apart) with transparent
rows between them, so a frame costs one colour lookup and one setImage per layer.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from . import palette
from .graph_layout import MAP

PIXELS = 25
PER_UNIT = 40
assert abs(PIXELS / PER_UNIT - MAP) < 1e-12, "a map's pixels must fill its square exactly"


class MapStrips:
    def __init__(self, vb):
        self.vb, self.items, self.buffers, self.placed = vb, [], [], []

    def rebuild(self, lay):
        for item in self.items:
            self.vb.removeItem(item)
        self.items, self.buffers, self.placed = [], [], []
        for c, n in enumerate(lay.sizes[1:], 1):
            item = pg.ImageItem(axisOrder="row-major")
            item.setZValue(5)
            self.vb.addItem(item)
            self.items.append(item)
            self.buffers.append(np.zeros((n, PER_UNIT, PIXELS, 4), np.ubyte))
            self.placed.append((c * lay.dx - MAP / 2, -(n - 1) / 2 - MAP / 2, MAP, (n - 1) + MAP))

    def draw(self, maps, names):
        """``maps[l]``: (units, 100, 100) of layer l; ``names[l]``: its activation."""
        for l, layer_maps in enumerate(maps):
            step = max(1, layer_maps.shape[-1] // PIXELS)
            small = layer_maps[:, ::step, ::step][:, :PIXELS, :PIXELS]
            lo, hi = palette.activation_range(names[l], layer_maps)
            buf, n = self.buffers[l], len(small)
            buf[:, :PIXELS] = palette.rgba(small[::-1], lo, hi)  # bottom unit first: y goes up
            strip = buf.reshape(n * PER_UNIT, PIXELS, 4)[:(n - 1) * PER_UNIT + PIXELS]
            item, first = self.items[l], self.items[l].image is None
            item.setImage(strip, autoLevels=False)
            if first:  # the rect scales the image's pixels, so it follows the first setImage
                item.setRect(*self.placed[l])

    def __len__(self):
        return sum(len(b) for b in self.buffers)
