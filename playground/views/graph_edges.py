"""The network graph's edges: weights, the phase's highlight, and the update's change marks.

All edges are one graphics item (graph_items.EdgeLines) painting groups bottom to top: the
ghosts (the width before the update, faint, Update phase only), the edges by the sign of w,
the gradient check's levels, then the change marks (a white halo and a dark segment on the
middle of the edge whose width grows with |dw|, by the sign of dw; Update phase only).
Widths come from graph_scales: ``width`` per edge as drawn, ``old_width`` and
``change_width`` in the Update phase (else None). Drawing the edges costs a few milliseconds:
a frame draws them again only when a sign, the phase's marks or the gradient check changed,
or some width drifted ``DRIFT`` px from the width drawn (training moves weights a little on
every frame); ``w`` is always the weights now. Pens are rounded to 1/20 px.
The glow (a separate wide, translucent line) marks the edges the last phase used: W^(l+1)
in the hidden delta of layer l.
Edges are in the layout's order (layer by layer, row-major ``weights[l][j, i]``).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from ..session.frame import HIDDEN_DELTA, UPDATE

from . import palette
from .graph_items import EdgeGroup, EdgeLines
from .graph_layout import flat_weights, strongest
from .graph_scales import change_width, edge_width

MOST_EDGES = 4000  # a bigger graph draws its strongest edges only: long lines cost pixels
GROW_COLOR, SHRINK_COLOR = QColor("#08306b"), QColor("#b35806")  # change marks: dw > 0, dw < 0
MARK_SPAN = (0.38, 0.62)  # the part of an edge its change mark covers
FLOW_COLOR = QColor(240, 170, 0, 190)  # the animated flow: the phase highlight's hue
FLOW_WIDTH = 7.0  # px added to a 1 px flow line for the strongest edge of a layer
DRIFT = 0.25  # px: smaller changes of width (while training) wait to be drawn with a larger one


def faint(color: QColor, alpha=70) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


def used_edges(snap, lay) -> np.ndarray:
    """The edges a backward phase computed with: W^(l+1) while the delta of layer l travels
    back through it; none in the other phases (the forward pass uses every edge: its box
    around every layer says so, a glow on all edges would hide their widths)."""
    if snap.phase == HIDDEN_DELTA:
        return lay.edge_l == snap.layer + 1
    return np.zeros(lay.n_edges, bool)


class EdgeDrawing:
    def __init__(self, check_pens):
        def group(color, width=1.0):
            return EdgeGroup(pg.mkPen(color, width=width))
        self.ghosts = {s: group(faint(palette.BLUE if s else palette.ORANGE)) for s in (False, True)}
        self.edges = {s: group(palette.BLUE if s else palette.ORANGE) for s in (False, True)}
        self.check_edges = [group(color, width) for color, width, _ in check_pens]
        self.halo = group(QColor("white"))
        self.marks = {s: group(GROW_COLOR if s else SHRINK_COLOR) for s in (False, True)}
        self.flow = group(FLOW_COLOR)  # what a phase carries along the edges, while animated
        self.lines = EdgeLines([*self.ghosts.values(), *self.edges.values(), *self.check_edges,
                                self.halo, *self.marks.values(), self.flow])
        self.glow = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(palette.HIGHLIGHT, width=9),
                                     skipFiniteCheck=True)
        self.key = self.glow_key = None
        self.w = self.width = self.old_width = self.change_width = self.dw = None
        self.shown = self.eased = None  # eased: the widths drawn while an update is animated
        self.by_weight = True

    def draw(self, snap, lay, levels):
        """Draw ``snap``'s weights (or, with ``levels``, the gradient check's levels)."""
        w = flat_weights(snap.weights)
        update = snap.phase == UPDATE and snap.old_weights is not None
        key = (update, None if levels is None else levels.tobytes(), (w >= 0).tobytes(),
               w.tobytes() if update else len(w))
        width = edge_width(w)
        if key == self.key and np.max(np.abs(width - self.width), initial=0.0) < DRIFT:
            self.w = w  # while training, edges are drawn again once one has drifted DRIFT px
            return
        self.key = key
        shown = strongest(w, MOST_EDGES)
        self.shown = shown = np.ones(len(w), bool) if shown is None else shown
        self.w, self.width = w, width
        self.old_width = self.change_width = self.dw = self.eased = None
        self.by_weight = weights = levels is None
        for sign, item in self.edges.items():
            self._fill(item, lay, shown & ((w >= 0) == sign) & weights, self.width)
        for level, item in enumerate(self.check_edges):
            self._fill(item, lay, (levels == level) if levels is not None else np.zeros_like(shown))
        if update and weights:
            old = flat_weights(snap.old_weights)
            self.dw, self.old_width = w - old, edge_width(old)
            self.change_width = change_width(self.dw, lay.edge_l)
        self._draw_change(lay, snap, update and weights)
        self.lines.update()

    def _draw_change(self, lay, snap, update):
        none = np.zeros(lay.n_edges, bool)
        old = flat_weights(snap.old_weights) if update else None
        for sign, item in self.ghosts.items():
            self._fill(item, lay, (self.shown & ((old >= 0) == sign)) if update else none,
                       self.old_width)
        marked = self.shown & (self.change_width > 0) if update else none
        self._fill(self.halo, lay, marked, None if not update else self.change_width + 2, MARK_SPAN)
        for sign, item in self.marks.items():
            self._fill(item, lay, marked & ((self.dw > 0) == sign) if update else none,
                       self.change_width, MARK_SPAN)

    def draw_glow(self, snap, lay):
        used = used_edges(snap, lay)
        key = (snap.phase, snap.layer, id(lay))
        if key == self.glow_key:
            return
        self.glow_key = key
        xs, ys = segments(lay, used)
        self.glow.setData(xs, ys)
        self.glow.setVisible(bool(used.any()))  # the scene skips a hidden item at once

    def ease(self, lay, t):
        """Edges at ``t`` of the way from their old to their new width (None: the new)."""
        if not self.by_weight or self.old_width is None:
            return
        self.eased = None if t is None else self.old_width + t * (self.width - self.old_width)
        widths = self.width if t is None else self.eased
        for sign, item in self.edges.items():
            self._fill(item, lay, self.shown & ((self.w >= 0) == sign), widths)
        self.lines.update()

    def show_flow(self, lay, strength, span):
        """The flow of an animated phase: ``strength`` (0..1) per edge over ``span`` of each
        edge (two numbers or arrays of them), or none."""
        mask = np.zeros(lay.n_edges, bool) if strength is None else self.shown & (strength > 0)
        if strength is not None:
            lo, hi = (np.broadcast_to(np.asarray(s, float), mask.shape) for s in span)
            mask &= hi > lo
            span = (lo[mask], hi[mask])
        xs, ys = segments(lay, mask, span if strength is not None else (0.0, 1.0))
        self.flow.setData(xs, ys, None if strength is None else 1.0 + FLOW_WIDTH * strength[mask])
        self.lines.update()

    def forget(self):
        self.key = self.glow_key = None

    @staticmethod
    def _fill(item, lay, mask, widths=None, span=(0.0, 1.0)):
        if not len(item.xs) and not mask.any():
            return  # empty and staying so (ghosts, marks, check levels while training)
        xs, ys = segments(lay, mask, span)
        item.setData(xs, ys, None if widths is None else widths[mask])

    def count(self) -> int:
        return sum(len(item.xs) // 2 for item in self.edges.values())


def segments(lay, mask, span=(0.0, 1.0)):
    """x and y in pairs of the edges in ``mask``, from ``span[0]`` to ``span[1]`` of each."""
    n = int(mask.sum())
    xs, ys = np.empty(2 * n), np.empty(2 * n)
    for k, t in enumerate(span):
        xs[k::2] = lay.x0[mask] + t * (lay.x1[mask] - lay.x0[mask])
        ys[k::2] = lay.y0[mask] + t * (lay.y1[mask] - lay.y0[mask])
    return xs, ys
