"""What the network graph's units and bias marks show, for one sample of a Snapshot.

Units show the activation a in the forward phase (and before it) and the delta dl/dz in the
backward phases and the Update, each layer on its own scale (graph_scales.unit_scales); a
value not computed yet in this iteration is None (drawn hatched grey). The inputs always
show their x. ``index`` holds each column's LUT entries (palette.LUT), None while pending.
Bias marks come in four sizes by |b| and two colours by its sign. A ReLU unit that is 0 on
every sample of the batch is dead (its delta is 0 too) and crossed out; a sigmoid or tanh
unit whose f'(z) on the sample shown is below 1% of its largest is saturated and ringed.
``UnitPainting`` (a mixin of NetworkView) pushes them to the view's items, with the legend's
scales and the box around the units the last phase computed.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from PySide6.QtGui import QPainterPath

from ..session.frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, SATURATED, UPDATE

from . import palette
from .graph_layout import DOT, MAP
from .graph_scales import positions, unit_scales
from .graph_text import column_title

BIAS_SIZES = (0.5, 1.0, 2.0)  # |b| limits between the four sizes of a bias mark


class UnitFill(NamedTuple):
    quantity: str   # "activation" or "delta"
    scales: list    # per column (lo, hi, mode)
    values: list    # per column: an array of the sample's values, or None (pending)
    index: list     # per column: the LUT entry of each unit, or None (pending)


def unit_fill(snap, sample: int, activations, mode="per layer", locked=1.0, inputs=0.0) -> UnitFill:
    delta = snap.phase in (OUTPUT_DELTA, HIDDEN_DELTA, UPDATE)
    scales = unit_scales(snap, activations, delta, mode, locked, inputs)
    rows = snap.delta if delta else snap.a[1:]
    values = [snap.a[0][sample]] + [None if r is None else r[sample] for r in rows]  # a[0]: the input units
    index = [None if v is None else palette.index(*positions(v, lo, hi, m))
             for v, (lo, hi, m) in zip(values, scales)]
    return UnitFill("delta" if delta else "activation", scales, values, index)


def brushes(fill: UnitFill, sizes) -> list:
    out = []
    for n, index in zip(sizes, fill.index):
        out += [palette.PENDING] * n if index is None else [palette.BRUSHES[k] for k in index]
    return out


def dead_units(snap, activations) -> np.ndarray:
    """Per unit (all columns), whether it is a ReLU unit whose a is 0 on every sample of the
    batch: its ReLU′ is 0 there, so its delta and its weights' gradients are 0 too."""
    if "relu" not in activations:
        return np.zeros(sum(w.shape[0] for w in snap.weights) + snap.a[0].shape[1], bool)
    dead = [np.zeros(snap.a[0].shape[1], bool)]
    for name, a in zip(activations, snap.a[1:]):
        n = snap.weights[len(dead) - 1].shape[0]
        dead.append(np.all(a == 0, axis=0) if name == "relu" and a is not None else np.zeros(n, bool))
    return np.concatenate(dead)


def saturated_units(slopes, sizes, sample: int) -> np.ndarray:
    """Per unit (all columns), whether its f'(z) on ``sample`` is below ``SATURATED`` of its
    largest (the frame's ``slopes``, computed on the session side)."""
    out = [np.zeros(sizes[0], bool)]
    for n, s in zip(sizes[1:], tuple(slopes) + (None,) * len(sizes)):
        out.append(np.zeros(n, bool) if s is None else s[sample] < SATURATED)
    return np.concatenate(out)


class UnitPainting:
    def unit_brushes(self, fill: UnitFill) -> list:
        return brushes(fill, self.lay.sizes)

    def _draw_units(self, snap):
        self.fill = fill = unit_fill(snap, self.sample, self.names, self.scale_mode,
                                     self.locked_scale, self.input_limit)
        self.input_limit = fill.scales[0][1]  # the widest x so far: no rescaling per batch
        self.dots.set_brushes(brushes(fill, self.lay.sizes))
        iteration = snap.steps - (snap.phase == UPDATE)
        changed = self.changes.see(iteration, fill.quantity, fill.scales)
        if self._changed("legend", (fill.quantity, self.scale_mode, tuple(fill.scales),
                                    tuple(sorted(changed.items())))):
            names = [column_title(c, len(self.lay.sizes), self.names, True).split("\n")[0]
                     for c in range(len(self.lay.sizes))]
            self.legend.set_scales(fill.quantity, self.scale_mode, fill.scales, changed, names)

    def _draw_dead(self, snap):
        """A grey cross over each dead ReLU unit's dot (``dead_units``)."""
        self.dead = dead = dead_units(snap, self.names)
        if not self._changed("dead", dead.tobytes()):
            return
        x, y, _ = self.lay.dot()
        self.dead_marks.setData(x[dead], y[dead])
        self.dead_marks.setVisible(bool(dead.any()))

    def _draw_saturated(self, frame):
        """A dark red ring around each saturated unit's dot (``saturated_units``)."""
        self.saturated = hot = saturated_units(frame.slopes, self.lay.sizes, self.sample)
        if not self._changed("saturated", hot.tobytes()):
            return
        if self._changed("saturated rings", None):  # a ring at every unit once per layout
            x, y, _ = self.lay.dot()
            self.saturated_marks.setData(x, y, brush=None)
        # Which rings show: a quarter of the cost of setting the rings again (the set changes
        # with the sample and on most frames while playing).
        self.saturated_marks.setPointsVisible(hot)
        self.saturated_marks.setVisible(bool(hot.any()))

    def _draw_biases(self, snap):
        lay = self.lay
        if snap.biases is None:
            self.bias_index = None
            if self._changed("biases", None):
                self.bias_marks.set_data([], [], [], [])
            return
        b = np.concatenate(snap.biases)
        size_bin, positive = np.digitize(np.abs(b), BIAS_SIZES), b >= 0  # NaN: largest, orange
        # four sizes and two colours: drawn again only when a bias changes its bin or sign
        if not self._changed("biases", (size_bin.tobytes(), positive.tobytes())):
            return
        self.bias_index = np.where(positive, 255, 0)
        inner = lay.col > 0
        self.bias_marks.set_data(lay.x[inner] - MAP / 2, lay.y[inner] - MAP / 2, 0.12 + 0.05 * size_bin,
                                 [palette.BRUSHES[k] for k in self.bias_index])

    def _draw_highlight(self, snap):
        """Mark what the last phase computed (the units of its layers) and the edges it used."""
        lay, columns = self.lay, []
        if snap.phase == FORWARD:
            columns = range(1, len(lay.sizes))
        elif snap.phase in (OUTPUT_DELTA, HIDDEN_DELTA):
            columns = [snap.layer + 1]
        self.edge_drawing.draw_glow(snap, lay)
        if not self._changed("highlight", (snap.phase, tuple(columns))):
            return
        path = QPainterPath()
        for c in columns:
            half = (lay.sizes[c] - 1) / 2 + 0.5
            path.addRoundedRect(c * lay.dx - MAP / 2 - 0.12, -half, MAP + DOT + 0.12, 2 * half, 0.15, 0.15)
        self.band.setPath(path)
