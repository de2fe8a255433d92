"""Each unit's map over the input plane, drawn from one image atlas: every hidden and output
unit's and, where the graph shows candidate inputs (frame.Inputs), every candidate's (the
feature's value over the plane, on its own symmetric scale, graph_inputs.input_range; a
candidate that is off is faded).

A map shows every 4th point of the session's 100 x 100 grid: 25 x 25 pixels, row 0 at the
bottom (y up), coloured on the unit's activation range. All maps are tiles of one image, a
tile per unit stacked in unit order; a frame costs one colour lookup per layer, one small
pixmap and one ``drawPixmapFragments`` call (one fragment per unit, scaled to its square).
The candidates' tiles are coloured again only when their maps change (the plane does: the
session keeps the same maps, one tuple, until then).
The atlas is a single graphics item, so Qt paints the maps in one go; an export to SVG draws
each tile on its own (the SVG engine would put the whole atlas in every square).
"""
from __future__ import annotations

import numpy as np
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPaintEngine, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsItem

from . import palette
from .graph_layout import MAP
from .graph_inputs import input_range

PIXELS = 25
OFF_OPACITY = 0.3  # a candidate input that is off: its map faded


class MapAtlas(QGraphicsItem):
    """The maps of every non-input unit; ``centres`` (x, y) in the graph's scene units."""

    def __init__(self):
        super().__init__()
        self.pixmap, self.rect = QPixmap(), QRectF()
        # A C array of PixmapFragment (pyqtgraph's helper: PySide takes no Python list here).
        self.fragments = PrimitiveArray(QPainter.PixmapFragment, 10)

    def place(self, x, y, opacity=1.0, side=MAP):
        """Centre tile k of the atlas at ``(x[k], y[k])``, with ``opacity`` and ``side`` (one
        or per tile)."""
        self.prepareGeometryChange()
        self.fragments.resize(len(x))
        f = self.fragments.ndarray()  # x, y, source left, top, width, height, scales, rotation, opacity
        f[:, 0], f[:, 1], f[:, 2], f[:, 3] = x, y, 0.0, PIXELS * np.arange(len(x))
        f[:, 4:6], f[:, 8], f[:, 9] = PIXELS, 0.0, opacity
        f[:, 6], f[:, 7] = np.divide(side, PIXELS), np.divide(side, PIXELS)
        self.rect = QRectF(float(np.min(x)) - MAP / 2, float(np.min(y)) - MAP / 2,
                           float(np.ptp(x)) + MAP, float(np.ptp(y)) + MAP) if len(x) else QRectF()
        self.pixmap = QPixmap()

    def set_image(self, image: QImage):
        self.pixmap = QPixmap.fromImage(image)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None):
        if self.pixmap.isNull():
            return
        if painter.paintEngine().type() == QPaintEngine.Type.Raster:
            painter.drawPixmapFragments(*self.fragments.drawargs(), self.pixmap)
            return
        # An SVG (or other vector) export: its engine ignores a fragment's source rectangle
        # and would squash the whole atlas into every square, so each tile goes alone.
        for x, y, _, top, _, _, scale, _, _, opacity in self.fragments.ndarray().tolist():
            tile, side = self.pixmap.copy(0, int(top), PIXELS, PIXELS), scale * PIXELS
            painter.setOpacity(opacity)
            painter.drawPixmap(QRectF(x - side / 2, y - side / 2, side, side), tile,
                               QRectF(tile.rect()))
        painter.setOpacity(1.0)


class MapStrips:
    def __init__(self, vb):
        self.vb, self.atlas, self.buffer, self.counts = vb, MapAtlas(), None, ()
        self._inputs = None  # the candidates' maps whose tiles the buffer holds
        self.atlas.setZValue(5)
        vb.addItem(self.atlas)

    def rebuild(self, lay):
        """Tiles for ``lay``: the candidate inputs (if any) first, then the other units."""
        inner = lay.col > 0
        n = len(lay.inputs)
        # The ViewBox's y points up: a tile's row 0 (the lowest y of the plane) is drawn lowest.
        self.atlas.place(np.concatenate([np.zeros(n), lay.x[inner]]),
                         np.concatenate([lay.candidate_y, lay.y[inner]]),
                         np.concatenate([np.where(lay.inputs, 1.0, OFF_OPACITY),
                                         np.ones(int(inner.sum()))]),
                         np.concatenate([lay.candidate_map, np.full(int(inner.sum()), MAP)]))
        self.counts = tuple(lay.sizes[1:])
        self.buffer = np.zeros((n + int(inner.sum()), PIXELS, PIXELS, 4), np.ubyte)
        self._inputs = None

    def draw(self, maps, names, inputs=()):
        """``maps[l]``: (units, 100, 100) of layer l; ``names[l]``: its activation;
        ``inputs``: the candidate inputs' maps (frame.Inputs.maps), as many as placed."""
        first = len(inputs)
        if inputs is not self._inputs:  # the same maps (the same plane): their tiles stay
            self._inputs = inputs
            for k, plane in enumerate(inputs):
                step = max(1, plane.shape[-1] // PIXELS)
                self.buffer[k] = palette.rgba(plane[::step, ::step][:PIXELS, :PIXELS],
                                              *input_range(plane))
        for l, layer_maps in enumerate(maps):
            step = max(1, layer_maps.shape[-1] // PIXELS)
            small = layer_maps[:, ::step, ::step][:, :PIXELS, :PIXELS]
            lo, hi = palette.activation_range(names[l], layer_maps)
            self.buffer[first:first + len(small)] = palette.rgba(small, lo, hi)
            first += len(small)
        image = QImage(self.buffer.data, PIXELS, PIXELS * len(self.buffer), 4 * PIXELS,
                       QImage.Format.Format_RGBA8888)
        self.atlas.set_image(image)  # QPixmap.fromImage copies: the buffer may change after

    def __len__(self):
        return 0 if self.buffer is None else len(self.buffer)
