"""Exports of one iteration's numbers as CSV, Markdown and LaTeX (engine/report.py).

The tables are checked against the snapshots the Stepper gives phase by phase: the CSV must
hold the very same floats in its exact columns, and every format the numbers rounded per column
(4 significant digits for the column's largest number, the same decimals for the others).
"""
import csv
import io
import re

import numpy as np
import pytest

from engine import report, stepper
from engine.network import Network
from engine.training import Trainer


def machine(sizes=(2, 3, 2, 1), bias=True, seed=3):
    net = Network.create(list(sizes), "tanh", "sigmoid", "bce", bias=bias, seed=seed)
    x = np.random.default_rng(seed).normal(size=(5, sizes[0]))
    t = (x[:, :1] > 0).astype(float)
    return stepper.Stepper(Trainer(net, x, t, eta=0.3))


def stepped(m, count):
    return [m.step() for _ in range(count)]


def arrays_of(snap):
    """Every number a phase shows, by table, from the snapshot itself (not from report.py)."""
    L = len(snap.weights)
    if snap.phase == stepper.FORWARD:
        return ([np.hstack([snap.x, snap.t])] + [np.hstack([snap.z[l], snap.a[l + 1]]) for l in range(L)]
                + [np.array([[snap.loss]])])
    if snap.phase == stepper.UPDATE:
        out = []
        for l in range(L):
            for w, b in ((snap.old_weights, snap.old_biases), (snap.weights, snap.biases)):
                out.append(w[l] if b is None else np.column_stack([w[l], b[l]]))
        return out
    l = snap.layer
    g = snap.grad_w[l] if snap.grad_b is None else np.column_stack([snap.grad_w[l], snap.grad_b[l]])
    return [snap.delta[l], g]


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_the_phases_so_far_give_the_tables_each_phase_gave(count):
    snaps = stepped(machine(), count)
    derived = report.iteration_phases(snaps[-1])
    assert [(s.phase, s.layer) for s in derived] == [(s.phase, s.layer) for s in snaps]
    for real, made in zip(snaps, derived):
        for a, b in zip(report.phase_tables(real), report.phase_tables(made)):
            assert a.title == b.title and np.array_equal(a.values, b.values)


def test_ready_has_no_phases():
    assert report.iteration_phases(machine().snapshot) == []


def csv_blocks(text):
    """Tables of the CSV export: [title, header, rows] per block, blank rows between."""
    blocks, current = [], []
    for row in csv.reader(io.StringIO(text)):
        if row:
            current.append(row)
        elif current:
            blocks.append(current)
            current = []
    return blocks


def close_to_4_digits(shown, true):
    """Within half a unit of each column's last digit: the column's largest number has 4
    significant digits and the others its decimals."""
    top = np.array([float(f"{v:.3e}") for v in np.abs(true).max(axis=0)])  # 0.99999946: 1.000
    unit = 10.0 ** (np.floor(np.log10(np.where(top > 0, top, 1.0))) - 3)
    return bool(np.all(np.abs(shown - true) <= 0.5 * unit * (1 + 1e-9) + 1e-300))


@pytest.mark.parametrize("bias", [True, False])
def test_csv_holds_every_table_rounded_and_with_the_exact_floats(bias):
    snaps = stepped(machine(bias=bias), 5)
    tables = [a for s in snaps for a in arrays_of(s)]
    blocks = csv_blocks(report.iteration_csv(report.iteration_phases(snaps[-1])))
    # the first block of each phase starts with its heading row
    headings = [b.pop(0)[0] for b in blocks if b[0][0].startswith("Phase ")]
    assert headings == ["Phase 1: Forward", "Phase 2: Output delta", "Phase 3: Hidden delta (layer 2)",
                        "Phase 4: Hidden delta (layer 1)", "Phase 5: Update"]
    assert len(blocks) == len(tables)
    for block, values in zip(blocks, tables):
        title, header, *rows = block
        n = values.shape[1]
        assert len(title) == 1 and len(header) == 2 * n + 1
        assert header[n + 1:] == [f"{c} (exact)" for c in header[1:n + 1]]
        assert len(rows) == values.shape[0]
        assert all(len(r) == 2 * n + 1 for r in rows)
        cells = np.array([[float(c) for c in r[1:]] for r in rows])
        assert np.array_equal(cells[:, n:], values)
        assert close_to_4_digits(cells[:, :n], values)


def test_markdown_tables_have_separators_and_the_numbers():
    snaps = stepped(machine(), 5)
    text = report.iteration_markdown(report.iteration_phases(snaps[-1]))
    tables = [a for s in snaps for a in arrays_of(s)]
    found = re.findall(r"(\| .*\|\n)(\|---\|(?:---:\|)+)\n((?:\| .*\|\n?)+)", text)
    assert len(found) == len(tables)
    for (header, separator, body), values in zip(found, tables):
        assert header.count("|") - 1 == values.shape[1] + 1
        assert separator.count("---:") == values.shape[1]
        rows = [r.strip("| ").split(" | ") for r in body.strip().splitlines()]
        assert len(rows) == values.shape[0]
        assert close_to_4_digits(np.array([[float(c) for c in r[1:]] for r in rows]), values)
    assert text.count("## Phase ") == 5


def latex_value(cell):
    m = re.fullmatch(r"\$(-?[\d.]+)(?: \\times 10\^\{(-?\d+)\})?\$", cell.strip())
    assert m, cell
    return float(m.group(1)) * 10.0 ** int(m.group(2) or 0)


def test_latex_has_a_tabular_per_table_with_the_numbers():
    snaps = stepped(machine(), 5)
    text = report.iteration_latex(report.iteration_phases(snaps[-1]))
    tables = [a for s in snaps for a in arrays_of(s)]
    found = re.findall(r"\\begin\{tabular\}\{l(r+)\}\n(.*?)\\end\{tabular\}", text, re.S)
    assert len(found) == len(tables) == text.count("\\end{tabular}")
    for (spec, body), values in zip(found, tables):
        assert len(spec) == values.shape[1]
        lines = [line[:-len(" \\\\")] for line in body.splitlines() if line.endswith(" \\\\")]
        rows = [line.split(" & ") for line in lines[2:]]  # after the title and the header
        assert len(rows) == values.shape[0] and all(len(r) == len(spec) + 1 for r in rows)
        shown = np.array([[latex_value(c) for c in r[1:]] for r in rows])
        assert close_to_4_digits(shown, values)
    # dl_i/dz and [W | b] would break LaTeX unescaped
    assert "dl\\_i/dz" in text and "\\textbar{}" in text
    assert not re.search(r"(?<!\\)_", text.replace("\\_", ""))


def test_small_numbers_get_a_power_of_ten_in_latex():
    assert latex_value(report.latex_number(1.5e-5)) == pytest.approx(1.5e-5)
    assert latex_value(report.latex_number(-2.5e12)) == pytest.approx(-2.5e12)
    assert not re.search(r"\de", report.latex_number(1.5e-5))  # no 1.500e-05 in the text
