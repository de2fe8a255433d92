"""``NetworkView.drawn()``: what the graph shows now, as plain Python values.

The contract is DESIGN.md section 7: layers counted as in the seeds (0 the inputs, 1..L),
units and edges' ``to`` and ``from`` counted from 1, so that edge ``(l, to=j, from=i)`` is
the seeds' W_ji^(l), the engine's ``weights[l - 1][j - 1, i - 1]``. Colours are "#rrggbb";
a pending unit has the hatch's grey. Widths are pixels at zoom 1, without the glow, as last
drawn (while training, within graph_edges.DRIFT of the weights now; exact when stepping).
Everything is read from what the view drew last (its fill, edge and bias bookkeeping).
One field beyond section 7: ``"animation"``, None unless a phase is being animated
(graph_animation.py), else ``{"phase", "progress": 0..1, "flow": [{"layer", "to", "from",
"strength": 0..1}]}``; meanwhile units and widths are those drawn at that point of it.
"""
from __future__ import annotations

from . import palette
from .graph_text import column_title

PHASE_NAMES = ("forward", "output_delta", "hidden_delta", "update")


def describe(view) -> dict:
    if view.frame is None or view.fill is None:
        return {"phase": None, "unit_quantity": "activation", "scales": [], "layers": [],
                "units": [], "edges": [], "biases": [], "animation": None}
    snap, lay = view.frame.snapshot, view.lay
    n = len(lay.sizes)
    return {"phase": snap.phase if snap.phase in PHASE_NAMES else None,
            "unit_quantity": view.fill.quantity,
            "scales": [{"layer": c, "lo": float(lo), "hi": float(hi), "mode": mode}
                       for c, (lo, hi, mode) in enumerate(view.fill.scales)],
            "layers": [{"layer": c, "title": column_title(c, n, view.names)} for c in range(n)],
            "units": _units(view.fill, lay.sizes),
            "edges": _edges(view, lay),
            "biases": _biases(snap, view.bias_index),
            "animation": view.animation.state(lay)}


def _units(fill, sizes) -> list:
    out, grey = [], palette.PENDING_COLOR.name()
    for c, (values, index) in enumerate(zip(fill.values, fill.index)):
        for j in range(sizes[c]):
            if values is None:
                out.append({"layer": c, "index": j + 1, "state": "pending", "value": None,
                            "color": grey})
            else:
                out.append({"layer": c, "index": j + 1, "state": "input" if c == 0 else "value",
                            "value": float(values[j]), "color": palette.HEX[int(index[j])]})
    return out


def _edges(view, lay) -> list:
    d = view.edge_drawing
    levels = view.check_levels
    if levels is not None and len(levels) != lay.n_edges:
        levels = None
    out = []
    for k in range(lay.n_edges):
        if not d.shown[k] and levels is None:
            continue
        if levels is not None:
            pen = d.check_edges[int(levels[k])].pen
            color, width = pen.color(), pen.widthF()
        else:
            color = d.edges[bool(d.w[k] >= 0)].pen.color()
            width = float((d.width if d.eased is None else d.eased)[k])
        update = d.old_width is not None
        out.append({"layer": int(lay.edge_l[k]) + 1, "to": int(lay.edge_j[k]) + 1,
                    "from": int(lay.edge_i[k]) + 1, "weight": float(d.w[k]), "width": width,
                    "old_width": float(d.old_width[k]) if update else None,
                    "change_width": float(d.change_width[k]) if update else None,
                    "color": color.name()})
    return out


def _biases(snap, index) -> list:
    if snap.biases is None or index is None:
        return []
    out, k = [], 0
    for l, b in enumerate(snap.biases):
        for j, v in enumerate(b):
            out.append({"layer": l + 1, "index": j + 1, "value": float(v),
                        "color": palette.HEX[int(index[k])]})
            k += 1
    return out
