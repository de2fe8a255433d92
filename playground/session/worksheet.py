"""An exercise set as a worksheet (the network, the data, the blanks) and as its answer key
(each answer rounded to the set's digits, with the worked computation), in Markdown. No Qt
here: the window prints the same Markdown to PDF (window/worksheet_export.py).

The iteration is the run's current one, whole: its start (the weights it used) and every
value it computes come from the snapshot after its update (iteration.whole_iteration, a copy
of the trainer if need be); the run does not move. Questions are grouped by the phase that
computes them, numbered in the order the phases run; the key's table has one row per question:
``| n | question | answer | worked computation |``.
"""
from __future__ import annotations

from engine.files import atomic_write_text

from .diagnosis import worked
from .exercises import ExerciseSet, describe, expected, fits, num, phase_of, sym
from .frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, PHASE_TITLES, UPDATE
from .iteration import whole_iteration

BLANK = "________"
ORDER = {FORWARD: 0, OUTPUT_DELTA: 1, HIDDEN_DELTA: 2, UPDATE: 3}


def _start(snap):
    """The weights and biases the iteration started from."""
    if snap.old_weights is not None:
        return snap.old_weights, snap.old_biases
    return snap.weights, snap.biases


def _about(run, snap, s: ExerciseSet) -> str:
    info = run.info
    return (f"Network {'-'.join(map(str, info.sizes))} ({', '.join(info.activations)}), loss "
            f"{info.loss} ({info.reduction}), η = {snap.eta:g}, one iteration on a batch of "
            f"{len(snap.x)} samples. Give each answer to {s.digits} decimals; an answer within "
            f"±{s.tolerance:g} is right.")


def _parameters(snap) -> list[str]:
    weights, biases = _start(snap)
    rows = ["| parameter | value |", "|---|---|"]
    for l, W in enumerate(weights):
        for j in range(W.shape[0]):
            rows += [f"| {sym('W', f'{j + 1}{i + 1}', l + 1)} | {W[j, i]:.6g} |"
                     for i in range(W.shape[1])]
            if biases is not None:
                rows.append(f"| {sym('b', j + 1, l + 1)} | {biases[l][j]:.6g} |")
    return rows


def _data(snap) -> list[str]:
    n_in, n_out = snap.x.shape[1], snap.t.shape[1]
    head = ["sample"] + [sym("x", i + 1) for i in range(n_in)] + [sym("t", k + 1) for k in range(n_out)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for p in range(len(snap.x)):
        cells = [str(p + 1)] + [f"{v:.6g}" for v in snap.x[p]] + [f"{v:.6g}" for v in snap.t[p]]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _grouped(run, snap, s: ExerciseSet):
    """``[(heading, [(number, question)])]`` in the order the phases run, numbered from 1 in
    that order (a list on paper counts on from one section to the next)."""
    info, L = run.info, len(run.info.sizes) - 1
    groups = {}
    for q in s.questions:
        if fits(q, info.sizes, info.bias, len(snap.x)):
            phase, layer = phase_of(q, L)
            groups.setdefault((ORDER[phase], -(layer or 0), phase, layer), []).append(q)
    out, n = [], 0
    for (_, _, phase, layer), qs in sorted(groups.items(), key=lambda kv: kv[0][:2]):
        title = PHASE_TITLES[phase] + (f" (layer {layer + 1})" if phase == HIDDEN_DELTA else "")
        out.append((title, [(n + k, q) for k, q in enumerate(qs, 1)]))
        n += len(qs)
    return out


def worksheet(run, s: ExerciseSet) -> str:
    snap = whole_iteration(run)
    lines = [f"# Worksheet: {s.title}", "", _about(run, snap, s), "", "## The network", ""]
    lines += _parameters(snap) + ["", "## The data", ""] + _data(snap)
    for title, qs in _grouped(run, snap, s):
        lines += ["", f"## {title}", ""]
        for n, q in qs:
            hint = f" *({q.hint})*" if q.hint else ""
            lines.append(f"{n}. {describe(q)} = {BLANK}{hint}")
    return "\n".join(lines) + "\n"


def answer_key(run, s: ExerciseSet) -> str:
    snap = whole_iteration(run)
    lines = [f"# Answer key: {s.title}", "", _about(run, snap, s), "", "## The network", ""]
    lines += _parameters(snap) + ["", "## The data", ""] + _data(snap)
    for title, qs in _grouped(run, snap, s):
        lines += ["", f"## {title}", "", "| n | question | answer | worked computation |",
                  "|---|---|---|---|"]
        for n, q in qs:
            text = worked(q, snap, run.info, s.digits).replace("|", "\\|")
            lines.append(f"| {n} | {describe(q)} | {num(expected(q, snap), s.digits)} | {text} |")
    return "\n".join(lines) + "\n"


def save_markdown(path, text: str):
    """Write ``text`` to ``path`` whole or not at all (OSError)."""
    atomic_write_text(path, text)
