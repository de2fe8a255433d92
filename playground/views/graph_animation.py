"""The network graph's animation of the phase just run (a helper of NetworkView).

When a frame shows the phase right after the one shown before (stepping), or a new forward pass
while playing slower than ``SLOW_PLAY`` epochs a second, the phase plays out over ``ms``
milliseconds (ViewSettings.animation_ms; 0 turns it off; a hidden view never animates):
- forward: a wave from the inputs; edge ``(l, j, i)`` lights up to the wave's front with a
  strength |W_ji a_i| (the signal it carries), a column shows its values once the wave reaches it;
- output delta: the output column's colours fade in from white;
- hidden delta of layer l: the delta flows back along the edges W^(l+1) from the units k of
  layer l + 1 into the units j of layer l, each edge's strength |W_kj delta_k|, while layer l's
  colours fade in;
- update: every edge eases from its old to its new width.
Strengths are per edge layer relative to the largest of that layer (0..1); the flow's width
grows with the strength (graph_edges.FLOW_WIDTH). Only drawing bookkeeping is interpolated: the numbers come
from the frame's snapshot. The view's true fill is kept in ``target`` and put back at the end.
A click on the graph or a new frame finishes an animation at once; nothing waits for one.
``state()`` describes a running animation for ``drawn()`` (None when none runs).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation

from ..session.frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE
from .graph_drawn import PHASE_NAMES

SLOW_PLAY = 2          # epochs per second: playing slower than this animates each forward pass
MID = 127              # the LUT's middle (white): where a fading colour starts


def rank(snap, n_layers: int):
    """(iteration, position of the phase in it): phases of one iteration in order."""
    order = {None: -1, FORWARD: 0, OUTPUT_DELTA: 1, UPDATE: n_layers + 1}
    pos = order.get(snap.phase, 1 + n_layers - 1 - (snap.layer or 0))
    return snap.steps - (snap.phase == UPDATE), pos


class PhaseAnimation(QObject):
    def __init__(self, view):
        super().__init__(view)
        self.view, self.ms, self.playing, self.speed = view, 500, False, None
        self.anim = QVariantAnimation(self, startValue=0.0, endValue=1.0)
        self.anim.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self.anim.valueChanged.connect(self._draw)
        self.anim.finished.connect(self.finish)
        self.last = self.snap = self.target = self.flow = None
        self.progress = None  # None: no animation runs

    def set_pace(self, ms=None, speed=..., playing=None):
        if ms is not None:
            self.ms = max(int(ms), 0)
        if speed is not ...:
            self.speed = speed
        if playing is not None:
            self.playing = bool(playing)

    def follow(self, snap, rebuilt: bool):
        """After the view drew ``snap``: animate its phase if it is the next one shown."""
        n = len(snap.weights)
        now, before = rank(snap, n), self.last
        self.last = now
        if rebuilt or before is None or not self.ms or not self.view.isVisible():
            return
        if self.playing:
            slow = self.speed is not None and self.speed < SLOW_PLAY
            if not (slow and snap.phase == FORWARD and now != before):
                return
        elif not (now[0] == before[0] and now[1] == before[1] + 1
                  or snap.phase == FORWARD and before == (now[0] - 1, n + 1)):
            return
        self.snap, self.target = snap, self.view.fill
        self.flow = flow_strengths(snap, self.view.lay, self.view.sample)
        self.anim.setDuration(self.ms)
        self.progress = 0.0
        self.anim.start()
        self._draw(0.0)

    def finish(self):
        """Jump to the end: the view shows the frame as drawn without animation."""
        if self.progress is None:
            return
        self.progress = None
        self.anim.stop()
        v = self.view
        v.fill = self.target
        v.dots.set_brushes(v.unit_brushes(self.target))
        v.edge_drawing.show_flow(v.lay, None, None)
        v.edge_drawing.ease(v.lay, None)

    def _draw(self, t):
        if self.progress is None:
            return
        self.progress = t = float(t)
        v, snap, lay = self.view, self.snap, self.view.lay
        fill = self.target
        if snap.phase == FORWARD:
            front = t * (len(lay.sizes) - 1)  # in columns
            index = [ix if c <= front + 1e-9 else None for c, ix in enumerate(fill.index)]
            reach = np.clip(front - lay.edge_l, 0.0, 1.0)
            v.edge_drawing.show_flow(lay, self.flow, (0.0, reach))
        else:
            column = len(lay.sizes) - 1 if snap.phase == OUTPUT_DELTA else (snap.layer or 0) + 1
            index = [fade(ix, t) if c == column else ix for c, ix in enumerate(fill.index)]
            if snap.phase == HIDDEN_DELTA:
                v.edge_drawing.show_flow(lay, self.flow, (1.0 - t, 1.0))
            if snap.phase == UPDATE:
                v.edge_drawing.ease(lay, t)
        v.fill = fill._replace(values=[None if i is None else val
                                       for i, val in zip(index, fill.values)], index=index)
        v.dots.set_brushes(v.unit_brushes(v.fill))

    def state(self, lay):
        if self.progress is None:
            return None
        flow = []
        if self.flow is not None:
            for k in np.flatnonzero(self.flow > 0):
                flow.append({"layer": int(lay.edge_l[k]) + 1, "to": int(lay.edge_j[k]) + 1,
                             "from": int(lay.edge_i[k]) + 1, "strength": float(self.flow[k])})
        phase = self.snap.phase
        return {"phase": phase if phase in PHASE_NAMES else None, "progress": self.progress,
                "flow": flow}


def fade(index, t):
    return None if index is None else (MID + (index - MID) * t).astype(np.intp)


def flow_strengths(snap, lay, sample):
    """Per edge, what flows along it (relative to its layer's largest; None without flow):
    |W_ji a_i| forward, |W_kj delta_k| back into layer ``snap.layer``."""
    if snap.phase == FORWARD:
        layers = range(len(snap.weights))
        carried = [np.abs(w * snap.a[l][sample][None, :]) for l, w in enumerate(snap.weights)]
    elif snap.phase == HIDDEN_DELTA:
        l = snap.layer + 1
        layers = [l]
        carried = [None] * l + [np.abs(snap.weights[l] * snap.delta[l][sample][:, None])]
    else:
        return None
    out = np.zeros(lay.n_edges)
    for l in layers:
        c = np.nan_to_num(carried[l].ravel())
        top = c.max(initial=0.0)
        out[lay.edge_l == l] = c / top if top > 0 else 0.0
    return out
