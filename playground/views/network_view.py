"""The network graph: one column per layer, redrawn from each Frame the session emits.

Edges are grouped into (sign x width) bins, each bin one pen and one ``drawLines`` call of a
single item (graph_items.EdgeLines), so a frame costs a few calls however many edges there are.
Items are made once per network shape; a frame only pushes what changed (edges change bins
rarely, biases too), so most frames repaint the dots and the map atlas (map_strips.py) alone.
Dots are circles in scene units (graph_items.py); the scene keeps no item index (the items
change every frame, and hit tests use the layout, not the scene).
Units show the activation a in the forward phase and the delta in the backward phases, for
one sample of the batch, on a symmetric scale; values not computed yet are hatched grey.
Hidden and output units carry a small map of their output over the input plane.
After a gradient check, ``show_check(levels)`` colours each edge by its error level instead
(0 agrees: blue, 1 borderline: grey, 2 wrong: orange, thick); ``show_check(None)`` goes back.
Selections and edits use the engine's layer index l (that of ``z[l]`` and ``weights[l]``;
column l + 1 of the graph): ``("node", l, j)``, ``("edge", l, j, i)`` for ``weights[l][j, i]``
and ``("bias", l, j)``; an edit targets an edge or a bias.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Signal
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsScene, QHBoxLayout, QLabel, QSpinBox,
                               QVBoxLayout, QWidget)

from ..session.frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE

from . import palette
from .graph_interaction import GraphInteraction
from .graph_items import EdgeGroup, EdgeLines, UnitDots
from .graph_text import column_title
from .labels import Caption
from .graph_layout import DOT, MAP, WIDTHS, edge_bins, flat_weights, layout, strongest
from .gradcheck_view import FAIL_ABOVE, PASS_BELOW
from .legend import GraphLegend
from .map_strips import MapStrips

PASS, FAIL = (f"{v:.0e}".replace("e-0", "e-") for v in (PASS_BELOW, FAIL_ABOVE))  # 1e-6
CHECK_PENS = ((palette.BLUE, 2.0, f"< {PASS}"), (palette.PENDING_COLOR, 3.0, "between"),
              (palette.ORANGE, 5.0, f"> {FAIL}"))  # colour, width and legend of each level
TITLE_GAP = 0.62  # scene units from the top unit's centre to the column titles' baseline
MOST_EDGES = 4000  # a bigger graph draws its strongest edges only: long lines cost pixels


def unit_values(snap, sample: int):
    """``(quantity, columns)``: per column the values shown for one sample, or None (pending)."""
    if snap.phase in (OUTPUT_DELTA, HIDDEN_DELTA, UPDATE):
        return "delta", [None] + [None if d is None else d[sample] for d in snap.delta]
    return "a", [None if a is None else a[sample] for a in snap.a]


class NetworkView(QWidget, GraphInteraction):
    selectionChanged = Signal(object)   # None, ("node", l, j), ("edge", l, j, i) or ("bias", l, j)
    editRequested = Signal(object, float)  # ("edge", l, j, i) or ("bias", l, j), new value
    sampleChanged = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("networkView")
        self.frame, self.lay, self.sample, self.selection = None, None, 0, None
        self.check_levels = None  # per edge 0, 1, 2 while a gradient check is shown
        self._maps, self._drawn = None, {}  # _drawn: what each part last drew, to skip repeats
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.vb = self.graphics.addViewBox(lockAspect=True, enableMouse=False, enableMenu=False)
        self._make_items()
        self.sample_spin = QSpinBox(objectName="sampleSpin", minimum=1, maximum=1)
        self.sample_spin.setToolTip("Which sample of the batch the units show (a, z, delta)")
        self.sample_spin.valueChanged.connect(self.set_sample)
        self.caption = Caption(lines=2)
        self.legend = GraphLegend(CHECK_PENS)
        top = QHBoxLayout()
        top.addWidget(QLabel("Sample"))
        top.addWidget(self.sample_spin)
        top.addWidget(self.caption, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.graphics, 1)
        box.addWidget(self.legend)
        self.connect_interaction()

    def _make_items(self):
        add = self.vb.addItem
        self.band = pg.QtWidgets.QGraphicsPathItem()  # an outline: cheaper to paint than a fill
        self.band.setPen(pg.mkPen(palette.HIGHLIGHT_LINE, width=4))
        self.band.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # changes by phase
        self.glow = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(palette.HIGHLIGHT, width=9),
                                     skipFiniteCheck=True)
        self.edges = {}  # (positive, width bin): EdgeGroup
        for positive in (False, True):
            color = palette.BLUE if positive else palette.ORANGE
            for b, width in enumerate(WIDTHS):
                self.edges[positive, b] = EdgeGroup(pg.mkPen(color, width=width))
        self.check_edges = [EdgeGroup(pg.mkPen(color, width=width)) for color, width, _ in CHECK_PENS]
        self.edge_lines = EdgeLines([*self.edges.values(), *self.check_edges])
        self.dots = UnitDots(pg.mkPen("#444444", width=1))
        self.bias_marks = UnitDots(pg.mkPen("#333333"), diamond=True)
        self.mark = pg.ScatterPlotItem(brush=None, pen=pg.mkPen("k", width=3.5))
        self.mark_edge = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen("k", width=4, dash=[2, 1]))
        self.maps, self.titles = MapStrips(self.vb), []
        self.vb.sigResized.connect(self._scale_symbols)
        for z, item in enumerate([self.band, self.glow, self.edge_lines]):
            item.setZValue(z - 20)
            add(item)
        for z, item in ((10, self.dots), (11, self.bias_marks), (12, self.mark), (12, self.mark_edge)):
            item.setZValue(z)
            add(item)

    # public
    def show_frame(self, frame):
        if self.lay is None or frame.info.sizes != self.lay.sizes:
            self._rebuild(frame.info)
        self.frame = frame
        snap = frame.snapshot
        if self.sample_spin.maximum() != len(snap.samples):  # a new range re-lays the row out
            self.sample_spin.setMaximum(len(snap.samples))
        self.sample = min(self.sample, len(snap.samples) - 1)
        self._draw_edges(snap)
        self._draw_units(snap)
        self._draw_biases(snap)
        if frame.maps is not self._maps:
            self._maps = frame.maps
            self.maps.draw(frame.maps, self.names)
        self._draw_highlight(snap)
        self._draw_selection()
        self._caption(snap)

    def _changed(self, part, key) -> bool:
        """Whether ``part`` must be drawn again for ``key`` (and remember it)."""
        if self._drawn.get(part) == key:
            return False
        self._drawn[part] = key
        return True

    def show_check(self, levels):
        """Colour edges by gradient check level (an int per edge), or by weight (None)."""
        self.check_levels = None if levels is None else np.asarray(levels)
        self.legend.set_check(levels is not None)
        if self.frame is not None:
            self.show_frame(self.frame)

    def set_sample(self, number: int):
        """``number`` counts from 1, as the spin box shows it."""
        self.sample = max(0, number - 1)
        if self.frame is not None:
            self.show_frame(self.frame)
        self.sampleChanged.emit(self.sample)

    def node_count(self) -> int:
        return len(self.dots.data)

    def edge_count(self) -> int:
        """The edges drawn by weight: all of them, or the ``MOST_EDGES`` strongest."""
        return sum(len(item.getData()[0]) // 2 for item in self.edges.values())

    def pixels(self, size):
        """Scene units to whole pixels at the view's current scale (the aspect is locked)."""
        per_pixel = self.vb.viewPixelSize()[0]
        return np.round(np.asarray(size) / (per_pixel if per_pixel > 0 else 1 / 40))

    def _fit_range(self):
        """The graph, and above it room for two lines of titles in the current font."""
        x0, x1, y0, _ = self.lay.bounds()
        y1 = (max(self.lay.sizes) - 1) / 2 + TITLE_GAP
        size = self.vb.size()
        title = 2 * self.fontMetrics().lineSpacing() + 6  # pixels
        room = max(size.height() - title, 20.0)
        per_unit = min(max(size.width(), 20.0) / (x1 - x0), room / (y1 - y0))
        top = y1 + title / per_unit
        if self._changed("range", (x0, x1, y0, round(top, 3))):
            self.vb.setRange(xRange=(x0, x1), yRange=(y0, top), padding=0.02)
        # "Hidden 1" or, where the columns are too close for it, "H1"
        short = self.fontMetrics().horizontalAdvance("Hidden 8") + 8 > self.lay.dx * per_unit
        if self._changed("short titles", short):
            for c, item in enumerate(self.titles):
                item.setText(column_title(c, len(self.lay.sizes), self.names, short))

    def _scale_symbols(self, *_):
        if self.lay is None:
            return
        self._fit_range()
        self._draw_selection()

    # drawing
    def _rebuild(self, info):
        self.lay = lay = layout(info.sizes)
        self.names = info.activations
        for item in self.titles:
            self.vb.removeItem(item)
        self.maps.rebuild(lay)
        self.titles = []
        top = (max(lay.sizes) - 1) / 2 + TITLE_GAP
        for c, n in enumerate(lay.sizes):
            title = pg.TextItem(column_title(c, len(lay.sizes), info.activations),
                                color="#333333", anchor=(0.5, 1))  # above the highlight band
            title.setPos(lay.x[lay.first(c)], top)
            title.setFont(self.font())
            # titles stay put: painted from a pixmap (the exports switch caches off)
            title.textItem.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.vb.addItem(title)
            self.titles.append(title)
        x0, x1, y0, y1 = lay.bounds()
        self.edge_lines.set_extent(QRectF(x0, y0, x1 - x0, y1 - y0), lay.n_edges)
        self._fit_range()
        x, y, d = lay.dot()
        self.dots.set_data(x, y, d, [palette.PENDING] * lay.n_units)
        self._maps, self._drawn = None, {}
        if self.selection is not None:
            self.select(None)

    def _draw_edges(self, snap):
        levels = self.check_levels
        if levels is not None and len(levels) != self.lay.n_edges:
            levels = None
        w = flat_weights(snap.weights)
        positive, width_bin = edge_bins(w)
        shown = strongest(w, MOST_EDGES)
        key = (positive.tobytes(), width_bin.tobytes(), None if levels is None else levels.tobytes(),
               None if shown is None else shown.tobytes())
        if not self._changed("edges", key):  # weights seldom cross a bin's edge
            return
        shown = np.ones(len(w), bool) if shown is None else shown
        for (sign, b), item in self.edges.items():
            self._segments(item, (positive == sign) & (width_bin == b) & (levels is None) & shown)
        for level, item in enumerate(self.check_edges):
            self._segments(item, levels == level if levels is not None else np.zeros(0, bool))
        self.edge_lines.update()

    def _segments(self, item, mask):
        lay = self.lay
        if not mask.any():
            item.setData([], [])
            return
        xs, ys = np.empty(2 * mask.sum()), np.empty(2 * mask.sum())
        xs[0::2], xs[1::2] = lay.x0[mask], lay.x1[mask]
        ys[0::2], ys[1::2] = lay.y0[mask], lay.y1[mask]
        item.setData(xs, ys)

    def _draw_units(self, snap):
        quantity, columns = unit_values(snap, self.sample)
        limit = palette.symmetric_limit(*columns)
        brushes = []
        for c, n in enumerate(self.lay.sizes):
            values = columns[c]
            if values is None:
                brushes += [palette.PENDING] * n
            else:
                brushes += [palette.BRUSHES[k] for k in palette.index(values, -limit, limit)]
        self.dots.set_brushes(brushes)
        self.legend.set_scale(quantity, limit)

    def _draw_biases(self, snap):
        lay = self.lay
        if snap.biases is None:
            if self._changed("biases", None):
                self.bias_marks.set_data([], [], [], [])
            return
        b = np.concatenate(snap.biases)
        # four sizes and two colours: drawn again only when a bias changes its bin or sign
        size_bin = np.digitize(np.abs(b), (0.5, 1.0, 2.0))
        if not self._changed("biases", (size_bin.tobytes(), (b >= 0).tobytes())):
            return
        inner = lay.col > 0
        brushes = [palette.BRUSHES[255 if v >= 0 else 0] for v in b]
        self.bias_marks.set_data(lay.x[inner] - MAP / 2, lay.y[inner] - MAP / 2,
                                 0.12 + 0.05 * size_bin, brushes)

    def _draw_highlight(self, snap):
        """Mark what the last phase computed: the units of its layer, or its edges' gradients."""
        lay, columns = self.lay, []
        if snap.phase == FORWARD:
            columns = range(1, len(lay.sizes))
        elif snap.phase in (OUTPUT_DELTA, HIDDEN_DELTA):
            columns = [snap.layer + 1]
        if not self._changed("highlight", (snap.phase, tuple(columns))):
            return
        glow = np.zeros(lay.n_edges, bool)
        if snap.phase == UPDATE:
            glow[:] = True
        elif snap.phase in (OUTPUT_DELTA, HIDDEN_DELTA):
            glow = lay.edge_l == snap.layer
        self._segments(self.glow, glow)
        self.glow.setVisible(bool(glow.any()))  # the scene skips a hidden item at once
        path = QPainterPath()
        for c in columns:
            half = (lay.sizes[c] - 1) / 2 + 0.5
            path.addRoundedRect(c * lay.dx - MAP / 2 - 0.12, -half, MAP + DOT + 0.12, 2 * half, 0.15, 0.15)
        self.band.setPath(path)

    def _caption(self, snap):
        n = len(snap.samples)
        rule = "the sum" if snap.reduction == "sum" else "the mean"
        text = (f"{snap.title}: sample {self.sample + 1} of {n} in the batch (training point "
                f"{int(snap.samples[self.sample]) + 1}). Each dL\u2060/\u2060dw is {rule} over "
                f"the batch of delta_j\u00a0*\u00a0a_i.")
        if self.lay.n_edges > MOST_EDGES:
            text += f" The {MOST_EDGES:,} strongest of {self.lay.n_edges:,} edges are drawn."
        if self.check_levels is not None:
            text = (f"<b>Edges by gradient check</b>: blue agrees (&lt; {PASS}), grey "
                    f"borderline, thick orange wrong (&gt; {FAIL}). " + text)
        if text != self.caption.text():
            self.caption.setText(text)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.lay is not None:
            self._fit_range()
        if event.type() == QEvent.Type.FontChange:  # zoom: the column titles follow
            for title in self.titles:
                title.setFont(self.font())
