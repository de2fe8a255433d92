"""Light graphics items of the network graph, painted in one call each.

``UnitDots``: every unit's value dot, a circle in scene units (so it follows the view's scale
with no resizing), each with its own brush; with ``diamond=True``, the bias marks. ``data``
holds per unit x, y, diameter and brush; ``set_brushes`` only stores the brushes and asks for
one repaint. On screen a circle is copied from a small pixmap drawn once per brush and radius
(a tenth of the cost of drawing it); in an export (SVG) it stays a shape.
``EdgeLines``: every edge in one item, as groups of segments that share a colour
(``EdgeGroup``); a group is filled with ``setData(xs, ys, widths)``, x and y in pairs and a
width in pixels per segment (kept sorted), and drawn with one ``drawLines`` call per width
(pyqtgraph's PrimitiveArray holds the C array of QLineF that PySide's drawLines takes; a run
of it is passed as a pointer and a count). One fill of a path of quadrilaterals would draw
exact widths in one call, but Qt fills such a path some 30 times slower.
"""
from __future__ import annotations

import numpy as np
from pyqtgraph.Qt.compat import wrapinstance
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPaintEngine, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

DOT_FIELDS = [("x", float), ("y", float), ("size", float), ("brush", object)]


class UnitDots(QGraphicsItem):
    def __init__(self, pen: QPen, diamond: bool = False):
        super().__init__()
        self.diamond = diamond
        self.pen = QPen(pen)
        self.pen.setCosmetic(True)  # one pixel wide at any scale
        self.data = np.zeros(0, DOT_FIELDS)
        self.rect = QRectF()
        self.sprites = {}  # id(brush) -> (brush, {(radius, pixel ratio): pixmap})
        if diamond:  # they change seldom (a bias's sign or size bin): painted from a pixmap
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_data(self, x, y, size, brushes):
        self.prepareGeometryChange()
        self.data = np.zeros(len(x), DOT_FIELDS)
        self.data["x"], self.data["y"], self.data["size"] = x, y, size
        self.set_brushes(brushes)
        r = float(np.max(size)) / 2 + 0.05 if len(size) else 0.0  # and the pen
        self.rect = QRectF(float(np.min(x)) - r, float(np.min(y)) - r,
                           float(np.ptp(x)) + 2 * r, float(np.ptp(y)) + 2 * r) if len(x) else QRectF()

    def set_brushes(self, brushes):
        self.data["brush"] = brushes
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None):
        # In device pixels: Qt's raster engine draws circles under a fractional scale about
        # ten times slower than at whole pixel positions and radii.
        t = painter.transform()
        x = np.round(t.m11() * self.data["x"] + t.dx())
        y = np.round(t.m22() * self.data["y"] + t.dy())
        r = np.maximum(np.round(abs(t.m11()) * self.data["size"] / 2), 1.0)
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.pen)
        copies = not self.diamond and painter.paintEngine().type() == QPaintEngine.Type.Raster
        ratio = painter.device().devicePixelRatioF()
        for px, py, pr, brush in zip(x.tolist(), y.tolist(), r.tolist(), self.data["brush"]):
            if copies:
                painter.drawPixmap(int(px - pr - 1), int(py - pr - 1), self.sprite(brush, int(pr), ratio))
                continue
            painter.setBrush(brush)
            if self.diamond:
                painter.drawPolygon(QPolygonF([QPointF(px - pr, py), QPointF(px, py - pr),
                                               QPointF(px + pr, py), QPointF(px, py + pr)]))
            else:
                painter.drawEllipse(QPointF(px, py), pr, pr)
        painter.setTransform(t)

    def sprite(self, brush, radius: int, ratio: float) -> QPixmap:
        """The dot of ``radius`` device pixels in ``brush``, centred 1 + radius from its corner."""
        entry = self.sprites.get(id(brush))
        if entry is None:  # the brush is kept with its pixmaps, so that its id stays its own
            entry = self.sprites[id(brush)] = (brush, {})
        pixmaps = entry[1]
        pixmap = pixmaps.get((radius, ratio))
        if pixmap is None:
            side = 2 * radius + 3  # the outline's antialiased half pixel included
            pixmap = QPixmap(round(side * ratio), round(side * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(self.pen)
            p.setBrush(brush)
            p.drawEllipse(QPointF(radius + 1, radius + 1), radius, radius)
            p.end()
            pixmaps[(radius, ratio)] = pixmap
        return pixmap


class EdgeGroup:
    """Segments of one colour, each of its own width (``setData(xs, ys, widths)``; without
    widths, the pen's): ``getData()`` gives them as x and y arrays in pairs, thinnest first.
    Segments of equal width (to ``PEN_STEP`` px) are drawn with one pen in one call."""
    PEN_STEP = 0.05

    def __init__(self, pen: QPen):
        self.pen = QPen(pen)
        self.pen.setCosmetic(True)
        self.hairline = QPen(self.pen.color(), 0)  # for crowded graphs: ten times faster
        self.lines = PrimitiveArray(QLineF, 4)  # in device pixels, filled when painted
        self.xs = self.ys = self.widths = np.zeros(0)
        self.runs = []  # (first, end, pen width) of each run of segments of one width

    def setData(self, xs, ys, widths=None):
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        n = len(xs) // 2
        widths = np.full(n, self.pen.widthF()) if widths is None else np.asarray(widths, float)
        order = np.argsort(widths, kind="stable")
        pairs = np.stack([2 * order, 2 * order + 1], 1).ravel()
        self.xs, self.ys, self.widths = xs[pairs], ys[pairs], widths[order]
        pens = np.maximum(np.round(self.widths / self.PEN_STEP), 1) * self.PEN_STEP
        cuts = [0, *(np.flatnonzero(np.diff(pens)) + 1).tolist(), n]
        self.runs = [(a, b, float(pens[a])) for a, b in zip(cuts, cuts[1:]) if b > a]
        self.lines.resize(n)

    def device_lines(self, t):
        """The segments mapped by ``t`` (a scale and a shift): Qt strokes lines between
        device pixels several times faster than under a fractional scale."""
        f = self.lines.ndarray()  # x1, y1, x2, y2 per line
        f[:, 0::2] = (t.m11() * self.xs + t.dx()).reshape(-1, 2)
        f[:, 1::2] = (t.m22() * self.ys + t.dy()).reshape(-1, 2)
        return f

    def paint(self, painter, t, thin: bool):
        f = self.device_lines(t)
        if thin:
            painter.setPen(self.hairline)
            painter.drawLines(*self.lines.drawargs())
            return
        pen = QPen(self.pen)
        for first, end, width in self.runs:
            pen.setWidthF(width)
            painter.setPen(pen)
            painter.drawLines(wrapinstance(f.ctypes.data + first * f.strides[0], QLineF), end - first)

    def getData(self):
        return self.xs, self.ys


class EdgeLines(QGraphicsItem):
    """Every edge of the graph in one item: one ``drawLines`` call per width of each
    non-empty group, in the groups' order (later groups on top); ``rect`` is the graph's
    extent. A graph of more than ``MANY`` edges is drawn in hairlines (its edges overlap
    anyway) and without a cache (some edge changes on every frame); a smaller one is painted
    from a pixmap until an edge changes."""
    MANY = 3000

    def __init__(self, groups):
        super().__init__()
        self.groups, self.rect, self.thin = list(groups), QRectF(), False

    def set_extent(self, rect: QRectF, n_edges: int):
        self.prepareGeometryChange()
        self.rect, self.thin = rect, n_edges > self.MANY
        self.setCacheMode(QGraphicsItem.CacheMode.NoCache if self.thin
                          else QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None):
        t = painter.transform()
        painter.resetTransform()
        for group in self.groups:
            if len(group.xs):
                group.paint(painter, t, self.thin)
        painter.setTransform(t)
