"""What the matrix view shows for one layer of a Snapshot: arrays, labels, titles, notes.

Pure functions, no Qt, including which cells show a selection and what a cell selects.
Arrays come from the Snapshot as they are; the "column of ones" form only arranges them
(a column of ones before A, the bias row above Wᵀ), with no arithmetic.
"""
from __future__ import annotations

import numpy as np

from ..session.frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE

NAMES = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "linear": "linear"}


def _m(name, layer):
    return f"<b><i>{name}</i></b><sup>({layer})</sup>"


def titles(l, L, net, n, ones, updated):
    """Rich-text titles of the matrices of layer index ``l`` (the seeds' layer l + 1)."""
    k = l + 1
    a_in = "<b><i>X</i></b>" if l == 0 else _m("A", l)
    s = "" if net.reduction == "sum" else f"(1/{n}) "
    z = _m("Z", k)
    t = {"A_in": f"{a_in}: the layer's input, one row per sample",
         "A": f"{_m('A', k)} = {NAMES[net.activations[l]]}({z})",
         "D": f"{_m('Δ', k)}: δ per sample, ∂<i>l</i><sub><i>p</i></sub>/∂<i>z</i>",
         "b": _m("b", k), "db": f"∂<i>L</i>/∂{_m('b', k)}"}
    after = " <i>after the update</i>" if updated else ""
    if ones:
        t["A_in"] = f"[1 {a_in}]: with the column of ones"
        t["W"] = f"{_m('u', k)} = [{_m('b', k)}; {_m('W', k)}<sup>T</sup>]{after}"
        t["Z"] = f"{z} = [1 {a_in}] {_m('u', k)}"
        t["dW"] = f"∂<i>L</i>/∂{_m('u', k)} = {s}[1 {a_in}]<sup>T</sup> {_m('Δ', k)}"
    else:
        bias = f" + {_m('b', k)}" if net.bias else ""
        t["W"] = f"{_m('W', k)}: row <i>j</i>, column <i>i</i>{after}"
        t["Z"] = f"{z} = {a_in} {_m('W', k)}<sup>T</sup>{bias}"
        t["dW"] = f"∂<i>L</i>/∂{_m('W', k)} = {s}{_m('Δ', k)}<sup>T</sup> {a_in}"
    if updated:
        t["b"] += after
    return t


def matrices(s, net, l, ones):
    """Per panel: (array or None, row labels, column labels, title, note)."""
    n, n_in, n_out = len(s.x), net.sizes[l], net.sizes[l + 1]
    samples = [f"p{p + 1}" for p in range(n)]  # short: a narrow dock shows whole rows
    ins, outs = [f"i{i + 1}" for i in range(n_in)], [f"j{j + 1}" for j in range(n_out)]
    t = titles(l, len(s.z), net, n, ones, s.phase == UPDATE)
    fwd = "not computed yet — step to the Forward phase"
    phase = "Output" if l == len(s.z) - 1 else "Hidden"
    back = f"not computed yet — step to the {phase} delta phase"
    a_in, gw = s.a[l], s.grad_w[l]
    gb = s.grad_b[l] if net.bias else None
    w, b = s.weights[l], (s.biases[l] if net.bias else None)
    out = {"Z": (s.z[l], samples, outs, t["Z"], "" if s.z[l] is not None else fwd),
           "A": (s.a[l + 1], samples, outs, t["A"], "" if s.a[l + 1] is not None else fwd),
           "D": (s.delta[l], samples, outs, t["D"], "" if s.delta[l] is not None else back)}
    in_note = "" if a_in is not None else fwd
    grad_note = "" if gw is not None else back
    if ones:  # seed 003: [1 A] and u = [b; W^T]; arranging the snapshot's numbers, no arithmetic
        one_col = None if a_in is None else np.hstack([np.ones((n, 1)), a_in])
        out["A_in"] = (one_col, samples, ["1"] + ins, t["A_in"], in_note)
        out["W"] = (np.vstack([b, w.T]), ["bias"] + ins, outs, t["W"], "")
        out["dW"] = (None if gw is None else np.vstack([gb, gw.T]), ["bias"] + ins, outs,
                     t["dW"], grad_note)
        return out
    out["A_in"] = (a_in, samples, ins, t["A_in"], in_note)
    out["W"] = (w, outs, ins, t["W"], "")
    out["dW"] = (gw, outs, ins, t["dW"], grad_note)
    if net.bias:
        out["b"] = (b[:, None], outs, ["b"], t["b"], "")
        out["db"] = (None if gb is None else gb[:, None], outs, ["∂L/∂b"], t["db"], grad_note)
    return out


def is_current(s, l, key) -> bool:
    """Whether the phase just run computed this matrix."""
    if s.phase == FORWARD:
        return key in ("Z", "A") or (key == "A_in" and l > 0)
    if s.phase in (OUTPUT_DELTA, HIDDEN_DELTA):
        return s.layer == l and key in ("D", "dW", "db")
    return s.phase == UPDATE and key in ("W", "b")


def layer_of(selection):
    """The layer index whose matrices show ``selection`` (an input belongs to layer 1's X)."""
    return 0 if selection[0] == "input" else selection[1]


def cells(selection, sample, ones):
    """The (table, row, column) cells that show ``selection``."""
    if selection[0] == "input":
        return [("A_in", sample, selection[1] + (1 if ones else 0))]
    kind, j = selection[0], selection[2]
    if kind == "node":
        return [(key, sample, j) for key in ("Z", "A", "D")]
    if kind == "edge":
        i = selection[3]
        return [("W", i + 1, j), ("dW", i + 1, j)] if ones else [("W", j, i), ("dW", j, i)]
    return [("W", 0, j), ("dW", 0, j)] if ones else [("b", j, 0), ("db", j, 0)]


def selection_at(key, l, row, col, ones):
    """The selection a cell of layer index ``l`` stands for (None for the layer's inputs)."""
    if key in ("Z", "A", "D"):
        return ("node", l, col)
    if key in ("W", "dW"):
        if not ones:
            return ("edge", l, row, col)
        return ("bias", l, col) if row == 0 else ("edge", l, col, row - 1)
    if key in ("b", "db"):
        return ("bias", l, row)
    return None  # A_in: another layer's units; a click there only picks the sample
