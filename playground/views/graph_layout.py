"""Where the network graph puts things: one column per layer, units top to bottom.

Column c holds layer c of ``sizes`` (c = 0 inputs, c = L outputs) at x = c * dx; unit u of a
column of n units sits at y = (n - 1) / 2 - u, so unit 0 is on top (y points up).
Edge k joins unit ``i[k]`` of column ``l[k]`` to unit ``j[k]`` of column ``l[k] + 1``: it is
``weights[l][j, i]``. Non-input units carry a small map (a square of side ``MAP``) centred
on the unit, with the value dot on its right side, where the outgoing edges leave.
With ``inputs`` (per candidate input, whether it is on: the graph's candidate features), the
input column has a row per candidate, ``candidate_y``: those on first, 1 apart, as units
(input unit i sits in the row of the i-th candidate that is on, and input units carry maps
too), then those off, below, in compact rows ``OFF_PITCH`` apart with maps of side
``OFF_MAP`` (``candidate_map``), so a small network is drawn as large as without candidates.
With ``numbers`` (numbers on the graph, under each unit), the off rows start ``NUMBER_ROOM``
lower, below the last input unit's number.
The input column is centred where it is the tallest; otherwise its on units stay centred as
without candidates, unless the off rows would reach below the other columns.
Only geometry lives here: no drawing, no engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MAP = 0.625         # side of a unit's map, in scene units (units are 1 apart)
DOT = 0.30          # diameter of a hidden or output unit's value dot
INPUT_DOT = 0.46    # diameter of an input unit's dot
WIDTHS = (0.6, 1.3, 2.2, 3.4, 5.0)   # edge widths in pixels, one per |w| bin
BIN_EDGES = (0.25, 0.75, 1.5, 3.0)   # |w| limits between those bins; wider is clamped
OFF_PITCH = 0.34    # between the rows of candidate inputs that are off (units are 1 apart)
OFF_MAP = 0.26      # side of an off candidate's map
OFF_GAP = 0.55      # from the last input unit's row to the first off candidate's
NUMBER_ROOM = 0.35  # more of it with numbers on the graph: the last input's number goes there


@dataclass(frozen=True)
class Layout:
    sizes: tuple
    dx: float
    col: np.ndarray      # per unit: its column
    unit: np.ndarray     # per unit: its index in the column
    x: np.ndarray
    y: np.ndarray
    edge_l: np.ndarray   # per edge: l, j, i as in weights[l][j, i]
    edge_j: np.ndarray
    edge_i: np.ndarray
    x0: np.ndarray       # per edge: the segment drawn
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    inputs: tuple = ()   # per candidate input: on or off; () without candidates
    candidate_y: np.ndarray = field(default_factory=lambda: np.zeros(0))  # their rows (x = 0)
    candidate_map: np.ndarray = field(default_factory=lambda: np.zeros(0))  # their maps' sides
    numbers: bool = False  # room for a number under each input unit, above the off rows

    @property
    def n_units(self) -> int:
        return len(self.x)

    @property
    def n_edges(self) -> int:
        return len(self.x0)

    def first(self, c: int) -> int:
        """The position of column c's first unit in the per-unit arrays."""
        return int(sum(self.sizes[:c]))

    @property
    def mapped(self) -> np.ndarray:
        """Per unit: whether it carries a map (every unit but the inputs without candidates)."""
        return (self.col > 0) | bool(self.inputs)

    @property
    def top(self) -> float:
        """The highest row's y (the column titles go above it)."""
        return float(max(self.y.max(), self.candidate_y.max(initial=-np.inf)))

    def dot(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(x, y, diameter)`` of each unit's value dot."""
        inner = self.mapped
        x = self.x + np.where(inner, MAP / 2, 0.0)
        return x, self.y, np.where(inner, DOT, INPUT_DOT)

    def bounds(self) -> tuple[float, float, float, float]:
        """``(x_min, x_max, y_min, y_max)`` with room for the column titles (and on the left
        for the candidates' names)."""
        # below a unit: room for its bias mark and numbers; below an off candidate: its map
        bottom = min(self.y.min() - 0.7, self.candidate_y.min(initial=0.0) - OFF_MAP / 2 - 0.12)
        return -1.9 if self.inputs else -0.8, self.x.max() + 0.8, bottom, self.top + 1.2


def layout(sizes, inputs=(), numbers: bool = False) -> Layout:
    """The places of a network of ``sizes``; ``inputs``: per candidate input, on or off (as
    many on as ``sizes[0]``), or () for an input column of the network's units alone;
    ``numbers``: the graph shows numbers under its units."""
    sizes, inputs = tuple(int(n) for n in sizes), tuple(bool(on) for on in inputs)
    if inputs and sum(inputs) != sizes[0]:
        raise ValueError(f"{sum(inputs)} candidate inputs on for {sizes[0]} input units")
    dx = float(np.clip(8.0 / max(len(sizes) - 1, 1), 1.9, 2.8))
    col = np.repeat(np.arange(len(sizes)), sizes)
    unit = np.concatenate([np.arange(n) for n in sizes])
    x = col * dx
    y = np.array([(sizes[c] - 1) / 2 - u for c, u in zip(col, unit)], dtype=float)
    candidate_y = candidate_rows(inputs, max(sizes[1:], default=1),
                                 OFF_GAP + NUMBER_ROOM * bool(numbers))
    if inputs:
        y[:sizes[0]] = candidate_y[np.flatnonzero(inputs)]
    ls, js, is_ = [], [], []
    for l, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        j, i = np.divmod(np.arange(n_out * n_in), n_in)
        ls.append(np.full(n_in * n_out, l))
        js.append(j)
        is_.append(i)
    edge_l, edge_j, edge_i = (np.concatenate(a) for a in (ls, js, is_))
    first = np.concatenate([[0], np.cumsum(sizes)])
    src, dst = first[edge_l] + edge_i, first[edge_l + 1] + edge_j
    x0 = x[src] + np.where((edge_l > 0) | bool(inputs), MAP / 2 + DOT / 2, INPUT_DOT / 2)
    x1 = x[dst] - MAP / 2
    return Layout(sizes, dx, col, unit, x, y, edge_l, edge_j, edge_i, x0, y[src], x1, y[dst],
                  inputs, candidate_y, np.where(inputs, MAP, OFF_MAP) if inputs else np.zeros(0),
                  bool(numbers))


def candidate_rows(inputs, tallest: int, gap: float = OFF_GAP) -> np.ndarray:
    """Per candidate: its row's y. Those on are stacked 1 apart and centred at 0 as input
    units without candidates; those off follow below, compact, from ``gap`` below the last
    one on. The column moves up just enough that it reaches no lower than the tallest of
    ``tallest`` units (or its own half)."""
    on = np.asarray(inputs, bool)
    n_on, n_off = int(on.sum()), int((~on).sum())
    order = np.argsort(~on, kind="stable")  # the rows top to bottom: on first, in order
    drop = np.arange(len(on), dtype=float)
    drop[n_on:] = (n_on - 1) + gap + OFF_PITCH * np.arange(n_off)  # down from the top row
    top = (n_on - 1) / 2
    depth = drop[-1] if len(drop) else 0.0
    lowest = -max((tallest - 1) / 2, depth / 2)  # the column's bottom may go this low
    top += max(0.0, lowest - (top - depth))
    rows = np.empty(len(on))
    rows[order] = top - drop
    return rows


def edge_bins(weights_flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per edge: ``(positive, width_bin)``; NaN weights fall in the thinnest bin."""
    w = np.nan_to_num(np.asarray(weights_flat, dtype=float))
    return w >= 0, np.digitize(np.abs(w), BIN_EDGES)


def flat_weights(weights) -> np.ndarray:
    """All weights in edge order (layer by layer, row-major ``weights[l][j, i]``)."""
    return np.concatenate([np.ravel(w) for w in weights])


def nearest_edge(lay: Layout, px: float, py: float, tolerance: float):
    """The edge whose segment passes within ``tolerance`` of (px, py), or None."""
    dx, dy = lay.x1 - lay.x0, lay.y1 - lay.y0
    t = np.clip(((px - lay.x0) * dx + (py - lay.y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
    d = np.hypot(lay.x0 + t * dx - px, lay.y0 + t * dy - py)
    k = int(np.argmin(d)) if len(d) else -1
    return k if k >= 0 and d[k] <= tolerance else None


def strongest(w, most: int):
    """A mask of the ``most`` edges of largest |w| (None: there are no more than that)."""
    if len(w) <= most:
        return None
    shown = np.zeros(len(w), bool)
    shown[np.argpartition(-np.abs(np.nan_to_num(w)), most - 1)[:most]] = True
    return shown
