"""The network graph's scales: unit colours, edge widths and change marks (no Qt here).

Each quantity has its own scale. Activations use their function's range (sigmoid 0..1,
tanh -1..1, ReLU 0..max), linear ones a symmetric range; the inputs a symmetric range of x.
A delta's scale is symmetric, -m..m with m the largest |delta| of the whole batch rounded up
to 1, 2 or 5 times a power of ten: so it is the same for every sample of the batch
and, as a layer's delta does not change once computed, for every phase of the iteration.
Modes: ``per layer`` (the default: a hidden delta a fifth of the output's is still clearly
coloured), ``shared`` (every layer on the output delta's scale, the first one known in an
iteration, so that it too stays put), ``locked`` (a typed value), ``symmetric log`` (the
shared scale drawn as asinh(v / c), c = m / ``SYMLOG_DECADES`` powers of ten: one scale for every
layer on which a delta a thousandth of the largest is still coloured; ``positions``).
Edge width in pixels is ``MIN_WIDTH`` at w = 0 and grows as sqrt(|w|) up to ``MAX_WIDTH`` at
|w| = ``CLAMP``: continuous and strictly increasing below the clamp. A change mark's width is
``MAX_CHANGE * |dw| / m`` with m the layer's largest |dw| rounded up as above, so the largest
change of every layer is at least half of ``MAX_CHANGE`` wide.
Layers are columns: c = 0 the inputs, c = 1..L as in the seeds (``delta[c - 1]``).
"""
from __future__ import annotations

import math

import numpy as np

MIN_WIDTH, MAX_WIDTH, CLAMP = 0.6, 6.0, 4.0   # edge width in px at w = 0 and at |w| >= CLAMP
MAX_CHANGE = 7.0   # px: the change mark of a layer's largest |dw| is 3.5 to 7 px wide
MODES = ("per layer", "shared", "locked", "symmetric log")
SYMLOG = "symmetric log"
SYMLOG_DECADES = 1000.0  # below m / this, a symmetric log scale is linear


def nice_ceiling(v: float, steps=(1, 2, 5, 10)) -> float:
    """The smallest ``k * 10^e >= v`` with k in ``steps`` (1 for v <= 0 or not finite)."""
    if not np.isfinite(v) or v <= 0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(v))
    # Near the largest float, k * scale overflows: then v itself is the ceiling.
    return next((k * scale for k in steps if k * scale >= v and math.isfinite(k * scale)), v)


def largest(values) -> float:
    """max |value|, ignoring what is not finite (0 for nothing)."""
    v = np.abs(np.asarray(values, dtype=float))
    if not v.size:
        return 0.0
    m = float(v.max())
    if np.isfinite(m):  # the usual case: one pass
        return m
    v = v[np.isfinite(v)]
    return float(v.max()) if v.size else 0.0


def activation_range(name: str, values=None) -> tuple[float, float]:
    """The colour scale of a layer's outputs: its function's range, or from ``values``."""
    if name in ("sigmoid", "softmax"):
        return 0.0, 1.0
    if name == "tanh":
        return -1.0, 1.0
    m = nice_ceiling(largest(values)) if values is not None else 1.0
    return (0.0, m) if name == "relu" else (-m, m)


def edge_width(w) -> np.ndarray:
    """Pixels per edge for weights ``w``: continuous, strictly increasing in |w| below CLAMP."""
    r = np.minimum(np.abs(np.nan_to_num(np.asarray(w, dtype=float))), CLAMP) / CLAMP
    return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * np.sqrt(r)


def change_width(dw, edge_layer) -> np.ndarray:
    """Pixels per edge of the change marks: |dw| on a scale of its own layer (``edge_layer``)."""
    dw = np.abs(np.nan_to_num(np.asarray(dw, dtype=float)))
    out = np.zeros(len(dw))
    for l in np.unique(edge_layer):
        mask = edge_layer == l
        top = largest(dw[mask])
        if top > 0:
            out[mask] = MAX_CHANGE * dw[mask] / nice_ceiling(top)
    return out


def delta_limits(deltas, mode="per layer", locked=1.0) -> list:
    """Per layer 1..L, the bound m of the scale -m..m, or None while its delta is pending."""
    if mode == "locked":
        return [None if d is None else float(locked) for d in deltas]
    limits = [None if d is None else nice_ceiling(largest(d)) for d in deltas]
    if mode in ("shared", SYMLOG) and limits and limits[-1] is not None:
        return [None if m is None else limits[-1] for m in limits]
    return limits


def positions(values, lo: float, hi: float, mode: str):
    """``(values, lo, hi)`` as a colour scale places them: as they are, or on a symmetric log
    scale the asinh of values / c (about linear below c, logarithmic above)."""
    if mode != SYMLOG:
        return values, lo, hi
    c = hi / SYMLOG_DECADES
    top = float(np.arcsinh(hi / c))
    return np.arcsinh(np.asarray(values, dtype=float) / c), -top, top


def unit_scales(snap, activations, delta_phase: bool, mode="per layer", locked=1.0,
                inputs=0.0) -> list:
    """``(lo, hi, mode)`` per column: the inputs (at least ``inputs`` wide: the caller keeps
    the widest seen, so that a mini-batch's x does not rescale them), then layer 1..L's
    activation or delta (mode ``pending`` for a delta not computed yet in this iteration)."""
    m = max(nice_ceiling(largest(snap.a[0])), inputs)  # the input units (features, if any)
    scales = [(-m, m, "input")]
    if delta_phase:
        for limit in delta_limits(snap.delta, mode, locked):
            scales.append((-1.0, 1.0, "pending") if limit is None else (-limit, limit, mode))
        return scales
    for name, a in zip(activations, snap.a[1:]):
        scales.append((*activation_range(name, a), "activation"))
    return scales


class ScaleChanges:
    """Which columns' scales differ from those of the previous iteration (``notes``)."""

    def __init__(self):
        self.key, self.before, self.now, self.notes = None, {}, {}, {}

    def see(self, iteration, quantity: str, scales) -> dict:
        """``scales`` of the iteration ``iteration``: {column: (old, new)} that changed."""
        if iteration != self.key:
            self.key, self.before, self.now = iteration, {**self.before, **self.now}, {}
            self.notes = {}
        for c, (lo, hi, mode) in enumerate(scales):
            key = (quantity, c)
            if mode == "pending":
                continue
            self.now[key] = (lo, hi)
            old = self.before.get(key)
            if old is not None and old != (lo, hi):
                self.notes[key] = (old, (lo, hi))
        return {c: v for (q, c), v in self.notes.items() if q == quantity}

    def forget(self):
        self.__init__()
