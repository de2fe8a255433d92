"""Reports of one training iteration: named tables of numbers, and formatters on top.

``phase_tables(snapshot)`` turns what one phase computed into ``Table``s; the formatters
(``format_table``, ``iteration_table``) only lay them out, so further exports need only a
new formatter. Layers are numbered as in the seeds: layer 0 is the input, layer 1 the first
hidden layer, layer L the output. Samples and units are numbered from 1; table rows are
samples (for z, a, delta) or a layer's units (for weights: ``[W | b]``, one row per unit).
``iteration_json(snapshot)`` is the object ``backprop trace --json`` prints (DESIGN.md 5).
``iteration_csv``, ``iteration_markdown`` and ``iteration_latex`` write the same tables for
export; ``iteration_phases(snapshot)`` gives the phases an iteration has run so far.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

import numpy as np

from . import stepper
from .number_format import columns


@dataclass(frozen=True)
class Table:
    title: str
    corner: str          # the heading of the row-label column
    rows: tuple          # row labels
    columns: tuple       # column labels
    values: np.ndarray   # (len(rows), len(columns))


def _numbered(prefix, n):
    return tuple(f"{prefix}{i}" for i in range(1, n + 1))


def _samples(snap, title, arrays):
    """A table of per-sample values: ``arrays`` is a list of (column prefix, samples x units)."""
    columns = sum((_numbered(p, v.shape[1]) for p, v in arrays), ())
    rows = tuple(str(int(i) + 1) for i in snap.samples)
    return Table(title, "sample", rows, columns, np.hstack([v for _, v in arrays]))


def _params(title, w, b, prefix=""):
    """``[W | b]``: one row per unit of the layer, one column per input (and the bias)."""
    columns = _numbered(prefix + "w", w.shape[1]) + ((prefix + "b",) if b is not None else ())
    values = w if b is None else np.column_stack([w, b])
    return Table(title, "unit", _numbered("", w.shape[0]), columns, values)


def _layer_name(snap, l):
    """The seeds' name of layer index ``l`` (0-based over the layers with weights)."""
    L = len(snap.weights)
    return f"Layer {l + 1} ({'output' if l == L - 1 else 'hidden'})"


def phase_tables(snap) -> list[Table]:
    """The numbers the phase of ``snap`` computed, as named tables."""
    biases = snap.grad_b is not None
    if snap.phase == stepper.FORWARD:
        tables = [_samples(snap, "Input (layer 0) and target", [("x", snap.x), ("t", snap.t)])]
        tables += [_samples(snap, f"{_layer_name(snap, l)}: z and a",
                            [("z", snap.z[l]), ("a", snap.a[l + 1])])
                   for l in range(len(snap.z))]
        loss = Table(f"Loss ({snap.reduction} over the batch)", "", ("batch",), ("loss",),
                     np.array([[snap.loss]]))
        return tables + [loss]
    if snap.phase in (stepper.OUTPUT_DELTA, stepper.HIDDEN_DELTA):
        l, name = snap.layer, _layer_name(snap, snap.layer)
        return [_samples(snap, f"{name}: delta = dl_i/dz", [("delta", snap.delta[l])]),
                _params(f"{name}: gradient of the loss [dL/dW{' | dL/db' if biases else ''}]",
                        snap.grad_w[l], snap.grad_b[l] if biases else None, "dL/d")]
    if snap.phase == stepper.UPDATE:
        tables, wb = [], "[W | b]" if snap.biases is not None else "W"
        for l in range(len(snap.weights)):
            old_b = snap.old_biases[l] if snap.old_biases is not None else None
            new_b = snap.biases[l] if snap.biases is not None else None
            name = _layer_name(snap, l)
            tables.append(_params(f"{name}: {wb} before", snap.old_weights[l], old_b))
            tables.append(_params(f"{name}: {wb} after (eta = {snap.eta:g})",
                                  snap.weights[l], new_b))
        return tables
    return []


def number(v: float, digits: int = 4) -> str:
    """``v`` with ``digits`` significant digits, trailing zeros kept so columns line up."""
    text = f"{float(v) + 0.0:#.{digits}g}"  # + 0.0 turns -0.0 into 0.0
    return text[:-1] if text.endswith(".") else text


def format_table(table: Table, digits: int = 4) -> str:
    """A plain-text table with right-aligned columns, each column rounded as a whole."""
    cells = [[table.corner, *table.columns]]
    cells += [[label, *texts] for label, texts in zip(table.rows, columns(table.values, digits))]
    widths = [max(len(r[j]) for r in cells) for j in range(len(cells[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join([table.title] + [line for line in lines if line])


def iteration_table(snapshots, digits: int = 4) -> str:
    """Every phase of ``snapshots`` in turn: a heading, then its tables."""
    parts = []
    for n, snap in enumerate(snapshots, 1):
        heading = _heading(n, snap)
        parts.append(f"{heading}\n{'=' * len(heading)}")
        parts += [format_table(t, digits) for t in phase_tables(snap)]
    return "\n\n".join(parts) + "\n"


def _lists(arrays):
    return None if arrays is None else [np.asarray(a).tolist() for a in arrays]


def iteration_json(snap) -> dict:
    """The ``trace --json`` object, from the snapshot after the update."""
    grad_b = _lists(snap.grad_b) if snap.grad_b is not None else [None] * len(snap.z)
    layers = [{"z": snap.z[l].tolist(), "a": snap.a[l + 1].tolist(),
               "delta": snap.delta[l].tolist(), "grad_weights": snap.grad_w[l].tolist(),
               "grad_biases": grad_b[l]}
              for l in range(len(snap.z))]
    return {"loss": float(snap.loss), "layers": layers,
            "weights": _lists(snap.weights), "biases": _lists(snap.biases)}


# Exports of a whole iteration: the same tables as CSV, Markdown and LaTeX, rounded to ``digits``
# significant digits per column (the CSV adds every number exactly in its own column),
# e.g. an answer key for a worked exercise.

def iteration_phases(snap) -> list:
    """One snapshot per phase of ``snap``'s iteration run so far, for ``phase_tables``.

    A snapshot keeps every number of its iteration, so the earlier phases are ``snap`` with
    their own phase and layer: ``[forward, output delta, hidden deltas (last to first), update]``.
    """
    if snap.phase is None:
        return []
    L = len(snap.weights)
    steps = [(stepper.FORWARD, None), (stepper.OUTPUT_DELTA, L - 1)]
    steps += [(stepper.HIDDEN_DELTA, l) for l in range(L - 2, -1, -1)] + [(stepper.UPDATE, None)]
    done = steps[:steps.index((snap.phase, snap.layer)) + 1]
    return [replace(snap, phase=p, layer=l) for p, l in done]


def _heading(n, snap) -> str:
    heading = f"Phase {n}: {snap.title}"
    if snap.phase == stepper.HIDDEN_DELTA:
        heading += f" (layer {snap.layer + 1})"
    return heading


def table_csv(table: Table, digits: int = 4) -> list:
    """CSV rows: the title, the header, then one row per label: the numbers rounded as in the
    other formats, then each number again exactly (``repr``) under its label and "(exact)",
    so a spreadsheet can recompute the iteration bit for bit."""
    header = [table.corner, *table.columns, *(f"{c} (exact)" for c in table.columns)]
    return [[table.title], header] + [
        [label, *texts, *(repr(float(v)) for v in values)]
        for label, texts, values in zip(table.rows, columns(table.values, digits), table.values)]


def iteration_csv(snapshots, digits: int = 4) -> str:
    """Every phase's tables as CSV blocks: a heading row, the tables, a blank row between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, snap in enumerate(snapshots, 1):
        writer.writerow([_heading(n, snap)])
        for table in phase_tables(snap):
            writer.writerows(table_csv(table, digits))
            writer.writerow([])
    return out.getvalue()


def table_markdown(table: Table, digits: int = 4) -> str:
    """A bold title, then a pipe table with right-aligned number columns."""
    def row(cells):
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"
    lines = [f"**{table.title}**", "", row([table.corner, *table.columns]),
             "|" + "---|" + "---:|" * len(table.columns)]
    lines += [row([label, *texts]) for label, texts in zip(table.rows, columns(table.values, digits))]
    return "\n".join(lines)


def iteration_markdown(snapshots, digits: int = 4) -> str:
    parts = []
    for n, snap in enumerate(snapshots, 1):
        parts.append(f"## {_heading(n, snap)}")
        parts += [table_markdown(t, digits) for t in phase_tables(snap)]
    return "\n\n".join(parts) + "\n"


_LATEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"}
_LATEX_SPECIAL.update({"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                       "^": r"\textasciicircum{}", "|": r"\textbar{}"})


def latex_text(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(c, c) for c in str(text))


def latex_number(v: float, digits: int = 4) -> str:
    """``$-0.1234$``, or ``$1.500 \\times 10^{-5}$`` for what ``number`` writes with an exponent."""
    return _latex_cell(number(v, digits))


def _latex_cell(text: str) -> str:
    """A number's text in math mode, its power of ten written out."""
    mantissa, _, exponent = text.partition("e")
    if exponent:
        return f"${mantissa} \\times 10^{{{int(exponent)}}}$"
    return f"${mantissa}$"


def table_latex(table: Table, digits: int = 4) -> str:
    """A ``tabular``: the title across the top, a rule, the header, a rule, the rows, a rule."""
    n = len(table.columns) + 1
    lines = [f"\\begin{{tabular}}{{l{'r' * (n - 1)}}}",
             f"\\multicolumn{{{n}}}{{l}}{{\\textbf{{{latex_text(table.title)}}}}} \\\\",
             "\\hline",
             " & ".join(latex_text(c) for c in [table.corner, *table.columns]) + " \\\\",
             "\\hline"]
    lines += [" & ".join([latex_text(label), *map(_latex_cell, texts)]) + " \\\\"
              for label, texts in zip(table.rows, columns(table.values, digits))]
    return "\n".join(lines + ["\\hline", "\\end{tabular}"])


def iteration_latex(snapshots, digits: int = 4) -> str:
    """Every phase as a ``\\subsection*`` with its tables; paste into a document's body."""
    parts = []
    for n, snap in enumerate(snapshots, 1):
        parts.append(f"\\subsection*{{{latex_text(_heading(n, snap))}}}")
        parts += [table_latex(t, digits) + "\n\\bigskip" for t in phase_tables(snap)]
    return "\n\n".join(parts) + "\n"
