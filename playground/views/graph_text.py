"""The exact numbers behind a unit or an edge of the graph, as tooltip text.

Everything is read from a Snapshot; a value the current iteration has not computed yet is
said to be pending, never shown as zero. ``sample`` is a row of the snapshot's batch; samples
and training points are shown counting from 1, as the inspector does.
Column c is layer c of the network (0: inputs); edge ``(l, j, i)`` is ``weights[l][j, i]``.
Names are the seeds': layers and units count from 1, so that edge is W_(j+1)(i+1)^(l+1),
written with Unicode sub- and superscripts (``W₂₁⁽¹⁾``), as is delta δ and dl/dz ∂l/∂z.
"""
from __future__ import annotations

from ..session.settings import parse_number

PENDING = "pending (not computed yet in this iteration)"
SUB = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉,")
SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def symbol(name: str, units, layer=None) -> str:
    """``name`` with 1-based unit subscripts and a layer superscript: ``symbol("W", (2, 1), 1)``
    is W₂₁⁽¹⁾ (a comma between units once one has two digits)."""
    units = (units,) if isinstance(units, int) else tuple(units)
    sep = "," if any(u > 9 for u in units) else ""
    text = name + sep.join(str(u) for u in units).translate(SUB)
    return text if layer is None else text + f"({layer})".translate(SUP)


def weight_symbol(l: int, j: int, i: int) -> str:
    """The seeds' name of the engine's ``weights[l][j, i]``."""
    return symbol("W", (j + 1, i + 1), l + 1)


def number(v) -> str:
    return PENDING if v is None else f"{float(v):.6g}"


def _at(arrays, l, *index):
    """``arrays[l][index]``, or None when the array (or the list) is missing."""
    if arrays is None or arrays[l] is None:
        return None
    return arrays[l][index]


def batch_line(snap, sample: int) -> str:
    n = len(snap.samples)
    return f"sample {sample + 1} of {n} in the batch (training point {int(snap.samples[sample]) + 1})"


def node_text(snap, col: int, unit: int, sample: int) -> str:
    if col == 0:
        x = number(_at(snap.a, 0, sample, unit))
        return f"input {symbol('x', unit + 1)} = {x}\n{batch_line(snap, sample)}"
    l = col - 1
    z, a, d = (symbol(n, unit + 1, col) for n in ("z", "a", "δ"))
    lines = [f"layer {col}, unit {unit + 1}", batch_line(snap, sample),
             f"{z} = {number(_at(snap.z, l, sample, unit))}",
             f"{a} = {number(_at(snap.a, col, sample, unit))}",
             f"{d} = ∂l/∂{z} = {number(_at(snap.delta, l, sample, unit))}"]
    if snap.biases is not None:
        b = symbol("b", unit + 1, col)
        lines.append(f"{b} = {number(snap.biases[l][unit])}")
        if snap.old_biases is not None:
            lines.append(f"{b} before the update = {number(snap.old_biases[l][unit])}")
        lines.append(f"∂L/∂{b} = {number(_at(snap.grad_b, l, unit))}")
    return "\n".join(lines)


def edge_text(snap, l: int, j: int, i: int, sample: int) -> str:
    w = weight_symbol(l, j, i)
    lines = [f"{w}: from unit {i + 1} of layer {l} to unit {j + 1} of layer {l + 1}",
             f"{w} = {number(snap.weights[l][j, i])}"]
    if snap.old_weights is not None:
        lines.append(f"{w} before the update = {number(snap.old_weights[l][j, i])}")
    lines.append(f"∂L/∂{w} = {number(_at(snap.grad_w, l, j, i))}")
    lines += contribution_lines(snap, l, j, i, sample)
    return "\n".join(lines)


def contribution_lines(snap, l, j, i, sample) -> list[str]:
    """This sample's share of the batch gradient, δ_j a_i, and how the batch adds up."""
    delta, a = _at(snap.delta, l, sample, j), _at(snap.a, l, sample, i)
    n = len(snap.samples)
    how = "the sum" if snap.reduction == "sum" else f"the mean (1/{n} times the sum)"
    term = f"{symbol('δ', j + 1, l + 1)} · {symbol('a' if l else 'x', i + 1, l if l else None)}"
    lines = [f"∂L/∂{weight_symbol(l, j, i)} is {how} over the {n} samples of {term}"]
    if delta is None or a is None:
        lines.append(f"{batch_line(snap, sample)}: {term} {PENDING}")
    else:
        lines.append(f"{batch_line(snap, sample)}: {term} = "
                     f"{float(delta):.6g} · {float(a):.6g} = {float(delta) * float(a):.6g}")
    return lines


def parse_value(text: str) -> float:
    """A number typed by the user: ``0.25``, ``-3``, ``1/3``, ``2e-3``. ValueError if not (or
    if it is too long or too large: checked before any arithmetic, session/settings.py)."""
    return parse_number(text)


def caption_text(snap, sample: int) -> str:
    """The graph's caption (rich text): the phase, the sample shown, how gradients add up."""
    rule = "the sum" if snap.reduction == "sum" else "the mean"
    return (f"{snap.title}: {batch_line(snap, sample)}. Each ∂L/∂Wⱼᵢ is {rule} over the "
            f"batch of δⱼ\u00a0·\u00a0aᵢ.")


def playing_caption(snap, sample: int) -> str:
    """The caption while training plays: the same on every frame (which training point a
    frame's batch holds changes faster than it can be read, and a new text costs a layout)."""
    rule = "the sum" if snap.reduction == "sum" else "the mean"
    return (f"Playing: each frame shows the forward pass of the next batch, sample {sample + 1} "
            f"of {len(snap.samples)}. Each ∂L/∂Wⱼᵢ is {rule} over the batch of δⱼ\u00a0·\u00a0aᵢ.")


# The activations' names where the columns are too close for them in full.
SHORT_ACTIVATIONS = {"sigmoid": "sigm", "linear": "lin", "softmax": "smax"}


def column_title(c: int, n_columns: int, activations, short=0) -> str:
    """``Input``, ``Hidden 1`` and ``Output``, each with its activation below; ``short`` 1:
    ``H1``; 2: also ``In``, ``Out`` and the activations shortened (``sigm``); 3: no activation."""
    level = int(short)
    if c == 0:
        return "In" if level >= 2 else "Input"
    name = (("Out" if level >= 2 else "Output") if c == n_columns - 1
            else (f"H{c}" if level else f"Hidden {c}"))
    activation = activations[c - 1]
    if level >= 3:
        return name
    return f"{name}\n{SHORT_ACTIVATIONS.get(activation, activation) if level >= 2 else activation}"
