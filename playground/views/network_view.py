"""The network graph: one column per layer, redrawn from each Frame the session emits.

Edges (graph_edges.py) are a few groups of one colour each, drawn with one call per width,
their widths a continuous function of |w| (graph_scales.py); in the Update phase they also
show their old width and a change mark. Items are made once per network shape; a frame only pushes
what changed, so most frames while stepping repaint the dots and the map atlas alone.
Dots are circles in scene units (graph_items.py); the scene keeps no item index (the items
change every frame, and hit tests use the layout, not the scene).
Units show the activation a in the forward phase and the delta in the backward phases, for
one sample of the batch, each layer on its own scale (graph_units.py, graph_scales.py);
values not computed yet are hatched grey; inputs always show their x.
``drawn()`` describes all of it as plain values (graph_drawn.py, DESIGN.md section 7).
A phase shown while stepping plays out over a moment (graph_animation.py); a press ends it.
The options (the deltas' scale mode, numbers on the graph) are in graph_options.py.
Hidden and output units carry a small map of their output over the input plane; for data of
two raw columns the input column shows every candidate input (graph_inputs.py), each with the
map of its value, those off faded; a click switches one on or off (``featureToggled``), and a
hover on any unit asks for its map large in the decision plot (``unitHovered``).
After a gradient check, ``show_check(levels)`` colours each edge by the engine's verdict instead
(0 pass: blue, 1 a ReLU kink: grey, 2 fail: orange, thick); ``show_check(None)`` goes back.
Just over 250 lines: the view assembles its parts (each in a module of its own, named above)
and decides what a frame redraws; splitting that decision would spread one job over two files.
Selections and edits use the engine's layer index l (that of ``z[l]`` and ``weights[l]``;
column l + 1 of the graph): ``("node", l, j)``, ``("edge", l, j, i)`` for ``weights[l][j, i]``
and ``("bias", l, j)``; an edit targets an edge or a bias.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Signal
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsScene, QHBoxLayout, QLabel, QSpinBox,
                               QVBoxLayout, QWidget)

from . import palette
from .graph_animation import PhaseAnimation
from .graph_drawn import describe
from .graph_edges import MOST_EDGES, EdgeDrawing
from .graph_inputs import CandidateLabels
from .graph_interaction import GraphInteraction
from .graph_options import GraphOptions
from .graph_items import UnitDots
from .graph_scales import ScaleChanges
from .graph_text import caption_text, playing_caption
from .graph_titles import TITLE_GAP, ColumnTitles
from .graph_units import UnitPainting
from .labels import Caption
from .graph_layout import OFF_PITCH, layout
from .legend import SATURATED_COLOR, GraphLegend
from .map_strips import MapStrips
from .graph_numbers import NumberLabels

# The gradient check's verdict per edge (0 pass, 1 kink, 2 fail): colour, width and legend.
CHECK_PENS = ((palette.BLUE, 2.0, "passes"), (palette.PENDING_COLOR, 3.0, "ReLU kink"),
              (palette.ORANGE, 5.0, "fails"))


class NetworkView(QWidget, GraphInteraction, GraphOptions, UnitPainting):
    selectionChanged = Signal(object)   # None, ("node", l, j), ("edge", l, j, i) or ("bias", l, j)
    editRequested = Signal(object, float)  # ("edge", l, j, i) or ("bias", l, j), new value
    sampleChanged = Signal(int)
    animationChosen = Signal(int)  # ms per phase, from the graph's menu
    featureToggled = Signal(str)   # a candidate input's name (engine.features.FEATURES)
    unitHovered = Signal(object)   # ("input", k), ("node", l, j) or None: the map to show large

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("networkView")
        self.frame, self.lay, self.sample, self.selection = None, None, 0, None
        self.check_levels = None  # per edge 0, 1, 2 while a gradient check is shown
        self.hovered = None  # the map target under the mouse (graph_interaction.hover_unit)
        self._maps, self._drawn = None, {}  # _drawn: what each part last drew, to skip repeats
        self.names, self.fill, self.bias_index, self.changes = (), None, None, ScaleChanges()
        self.dead = None  # per unit: a dead ReLU (graph_units.dead_units)
        self.saturated = None  # per unit: f'(z) under 1% of its largest (saturated_units)
        self.input_limit = 0.0  # the inputs' colour scale: the widest since the network changed
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
        self.make_options()
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
        self.animation = PhaseAnimation(self)
        self.graphics.viewport().installEventFilter(self)  # a click finishes an animation

    def _make_items(self):
        add = self.vb.addItem
        self.band = pg.QtWidgets.QGraphicsPathItem()  # an outline: cheaper to paint than a fill
        self.band.setPen(pg.mkPen(palette.HIGHLIGHT_LINE, width=4))
        self.band.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # changes by phase
        self.edge_drawing = drawing = EdgeDrawing(CHECK_PENS)
        self.glow, self.edge_lines = drawing.glow, drawing.lines
        self.edges, self.check_edges = drawing.edges, drawing.check_edges  # by sign of w; by level
        self.dots = UnitDots(pg.mkPen("#444444", width=1))
        self.bias_marks = UnitDots(pg.mkPen("#333333"), diamond=True)
        self.mark = pg.ScatterPlotItem(brush=None, pen=pg.mkPen("k", width=3.5))
        self.mark_edge = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen("k", width=4, dash=[2, 1]))
        self.maps, self.titles = MapStrips(self.vb), ColumnTitles(self.vb)
        self.candidates = CandidateLabels(self.vb)
        self.numbers = NumberLabels()
        self.dead_marks = pg.ScatterPlotItem(symbol="x", size=14, pen=pg.mkPen("#555555", width=1.5),
                                             brush=pg.mkBrush("#555555"), pxMode=True)
        self.saturated_marks = pg.ScatterPlotItem(symbol="o", size=19, pxMode=True,
                                                  pen=pg.mkPen(SATURATED_COLOR, width=2.5))
        self.vb.sigResized.connect(self._scale_symbols)
        for z, item in enumerate([self.band, self.glow, self.edge_lines]):
            item.setZValue(z - 20)
            add(item)
        for z, item in ((10, self.dots), (11, self.bias_marks), (12, self.mark), (12, self.mark_edge),
                        (13, self.numbers), (11, self.dead_marks), (11, self.saturated_marks)):
            item.setZValue(z)
            add(item)

    # public
    def show_frame(self, frame):
        self.animation.finish()
        numbers = self.show_numbers and bool(frame.inputs.on)
        same = self.lay is not None and ((frame.info.sizes, frame.inputs.on)
                                         == (self.lay.sizes, self.lay.inputs))
        rebuilt = not same or numbers != self.lay.numbers  # numbers: room under the inputs
        if rebuilt:
            self._rebuild(frame.info, frame.inputs.on, numbers, keep_selection=same)
            self.candidates.show(self.lay, frame.inputs, self.font())
        elif frame.info.activations != self.names:
            self._rename(frame.info.activations)
        self.frame = frame
        snap = frame.snapshot
        if self.sample_spin.maximum() != len(snap.samples):  # a new range re-lays the row out
            self.sample_spin.setMaximum(len(snap.samples))
        self.sample = min(self.sample, len(snap.samples) - 1)
        self._draw_edges(snap)
        self._draw_units(snap)
        self._draw_biases(snap)
        self._draw_dead(snap)
        self._draw_saturated(frame)
        if frame.maps is not self._maps:
            self._maps = frame.maps
            self.maps.draw(frame.maps, self.names, frame.inputs.maps)
        self._draw_highlight(snap)
        self._draw_selection()
        self._draw_numbers(snap)
        self._caption(snap)
        self.animation.follow(snap, rebuilt)

    def eventFilter(self, watched, event):  # the graph's viewport: a press ends an animation
        if event.type() == QEvent.Type.MouseButtonPress:
            self.animation.finish()
        elif event.type() == QEvent.Type.Leave:
            self.hover_unit(None)  # the decision plot goes back to the output
        return False

    def drawn(self) -> dict:
        """What the graph shows now, as plain values (DESIGN.md section 7)."""
        return describe(self)

    def _changed(self, part, key) -> bool:
        """Whether ``part`` must be drawn again for ``key`` (and remember it)."""
        if part in self._drawn and self._drawn[part] == key:  # a key may be None
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
        return self.edge_drawing.count()

    def pixels(self, size):
        """Scene units to whole pixels at the view's current scale (the aspect is locked)."""
        per_pixel = self.vb.viewPixelSize()[0]
        return np.round(np.asarray(size) / (per_pixel if per_pixel > 0 else 1 / 40))

    def _fit_range(self):
        """The graph, and above it room for two lines of titles in the current font."""
        x0, x1, y0, _ = self.lay.bounds()
        y1 = self.lay.top + TITLE_GAP
        size = self.vb.size()
        title = 2 * self.fontMetrics().lineSpacing() + 6  # pixels
        room = max(size.height() - title, 20.0)
        per_unit = min(max(size.width(), 20.0) / (x1 - x0), room / (y1 - y0))
        top = y1 + title / per_unit
        if self._changed("range", (x0, x1, y0, round(top, 3))):
            self.vb.setRange(xRange=(x0, x1), yRange=(y0, top), padding=0.02)
        self.titles.fit(self.names, self.lay.dx * per_unit)  # shorter where columns are close
        self.candidates.fit(OFF_PITCH * per_unit)

    def _scale_symbols(self, *_):
        if self.lay is None:
            return
        self._fit_range()
        self._draw_selection()

    # drawing
    def _rename(self, names):
        """New activations, same shape: the titles and the maps' ranges follow."""
        self.names, self._maps = names, None
        self.changes.forget()
        self._fit_range()

    def _rebuild(self, info, inputs=(), numbers=False, keep_selection=False):
        self.lay = lay = layout(info.sizes, inputs, numbers)
        self.names = info.activations
        self.changes.forget()
        self.edge_drawing.forget()
        self.input_limit = 0.0
        self.maps.rebuild(lay)
        self.titles.rebuild(lay, self.names, self.font())
        x0, x1, y0, y1 = lay.bounds()
        self.edge_lines.set_extent(QRectF(x0, y0, x1 - x0, y1 - y0), lay.n_edges)
        self._fit_range()
        x, y, d = lay.dot()
        self.dots.set_data(x, y, d, [palette.PENDING] * lay.n_units)
        self._maps, self._drawn = None, {}
        if self.selection is not None and not keep_selection:  # its unit may be gone
            self.select(None)

    def _draw_edges(self, snap):
        levels = self.check_levels
        if levels is not None and len(levels) != self.lay.n_edges:
            levels = None
        self.edge_drawing.draw(snap, self.lay, levels)

    def _caption(self, snap):
        playing = self.frame.playing  # a fixed text: no new layout on every frame
        key = (snap.phase, self.sample, len(snap.samples),
               None if playing else int(snap.samples[self.sample]),
               snap.reduction, self.check_levels is None, self.lay.n_edges)
        if not self._changed("caption", key):
            return
        text = (playing_caption if playing else caption_text)(snap, self.sample)
        if self.lay.n_edges > MOST_EDGES:
            text += f" The {MOST_EDGES:,} strongest of {self.lay.n_edges:,} edges are drawn."
        if self.check_levels is not None:
            text = ("<b>Edges by gradient check</b>: blue agrees within the check's own error "
                    "bound, grey a ReLU kink within its step, thick orange wrong. " + text)
        if text != self.caption.text():
            self.caption.setText(text)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoom: the column titles follow
            self.titles.set_font(self.font())
            self.candidates.set_font(self.font())
        if event.type() == QEvent.Type.FontChange and self.lay is not None:
            self._fit_range()  # after the titles' new font: it decides how short they are
