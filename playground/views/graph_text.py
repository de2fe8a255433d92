"""The exact numbers behind a unit or an edge of the graph, as tooltip text.

Everything is read from a Snapshot; a value the current iteration has not computed yet is
said to be pending, never shown as zero. ``sample`` is a row of the snapshot's batch; samples
and training points are shown counting from 1, as the inspector does.
Column c is layer c of the network (0: inputs); edge ``(l, j, i)`` is ``weights[l][j, i]``.
"""
from __future__ import annotations

from fractions import Fraction

PENDING = "pending (not computed yet in this iteration)"


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
        return f"input x{unit + 1} = {number(_at(snap.a, 0, sample, unit))}\n{batch_line(snap, sample)}"
    l = col - 1
    lines = [f"layer {col}, unit {unit + 1}", batch_line(snap, sample),
             f"z = {number(_at(snap.z, l, sample, unit))}",
             f"a = {number(_at(snap.a, col, sample, unit))}",
             f"delta = dl/dz = {number(_at(snap.delta, l, sample, unit))}"]
    if snap.biases is not None:
        lines.append(f"b = {number(snap.biases[l][unit])}")
        if snap.old_biases is not None:
            lines.append(f"b before the update = {number(snap.old_biases[l][unit])}")
        lines.append(f"dL/db = {number(_at(snap.grad_b, l, unit))}")
    return "\n".join(lines)


def edge_text(snap, l: int, j: int, i: int, sample: int) -> str:
    lines = [f"w[{l}][{j}, {i}]: from layer {l} unit {i + 1} to layer {l + 1} unit {j + 1}",
             f"w = {number(snap.weights[l][j, i])}"]
    if snap.old_weights is not None:
        lines.append(f"w before the update = {number(snap.old_weights[l][j, i])}")
    lines.append(f"dL/dw = {number(_at(snap.grad_w, l, j, i))}")
    lines += contribution_lines(snap, l, j, i, sample)
    return "\n".join(lines)


def contribution_lines(snap, l, j, i, sample) -> list[str]:
    """This sample's share of the batch gradient, delta_j * a_i, and how the batch adds up."""
    delta, a = _at(snap.delta, l, sample, j), _at(snap.a, l, sample, i)
    n = len(snap.samples)
    how = "the sum" if snap.reduction == "sum" else f"the mean (1/{n} times the sum)"
    lines = [f"dL/dw is {how} over the {n} samples of delta_j * a_i"]
    if delta is None or a is None:
        lines.append(f"{batch_line(snap, sample)}: delta_j * a_i {PENDING}")
    else:
        lines.append(f"{batch_line(snap, sample)}: delta_j * a_i = "
                     f"{float(delta):.6g} * {float(a):.6g} = {float(delta) * float(a):.6g}")
    return lines


def parse_value(text: str) -> float:
    """A number typed by the user: ``0.25``, ``-3``, ``1/3``, ``2e-3``. ValueError if not."""
    cleaned = text.strip().replace("\u2212", "-")
    if not cleaned:
        raise ValueError("type a number, for example 0.5 or 1/3")
    try:
        value = float(Fraction(cleaned))
    except (ValueError, ZeroDivisionError, OverflowError):
        raise ValueError(f"{text.strip()!r} is not a number (examples: 0.5, -2, 1/3)") from None
    return value


def caption_text(snap, sample: int) -> str:
    """The graph's caption (rich text): the phase, the sample shown, how gradients add up."""
    rule = "the sum" if snap.reduction == "sum" else "the mean"
    return (f"{snap.title}: {batch_line(snap, sample)}. Each ∂L/∂Wⱼᵢ is {rule} over the "
            f"batch of δⱼ\u00a0·\u00a0aᵢ.")


def column_title(c: int, n_columns: int, activations, short=False) -> str:
    """``Input``, ``Hidden 1`` (or ``H1``) and ``Output``, each with its activation below."""
    if c == 0:
        return "Input"
    name = "Output" if c == n_columns - 1 else (f"H{c}" if short else f"Hidden {c}")
    return f"{name}\n{activations[c - 1]}"
