"""Numbers as a person writes them: the XOR preset's answer key (CLI table, CSV, Markdown,
LaTeX) without float noise (-5.551e-17, 0.7999999999999999) or -0, decimals aligned."""
import csv
import io
import re

import pytest

from engine import presets, report
from engine.number_format import column
from engine.stepper import UPDATE, Stepper
from engine.training import Trainer


@pytest.fixture(scope="module")
def xor_phases():
    p = presets.load("xor")
    machine = Stepper(Trainer(p.net, p.data.x, p.data.t, p.eta))
    snap = machine.step()
    while snap.phase != UPDATE:
        snap = machine.step()
    assert snap.z[0][3, 0] != 0 and abs(snap.z[0][3, 0]) < 1e-16  # 0.6 - 0.4 - 0.2 in floats
    return report.iteration_phases(snap)


NOISE = re.compile(r"\d{9,}|e-1\d|e-0[5-9]|(?<![\d.])-0(\.0*)?(?![\d.])")  # long digits, tiny powers, -0


def test_markdown_latex_and_the_table_show_no_float_noise(xor_phases):
    for text in (report.iteration_markdown(xor_phases), report.iteration_latex(xor_phases),
                 report.iteration_table(xor_phases)):
        assert not NOISE.search(text), NOISE.search(text).group(0)
    md = report.iteration_markdown(xor_phases)
    assert "| 4 | 0.0000 | 0.3000 | 0.5000 |" in md  # z1 of sample (1, 1) is 0, as by hand


def test_csv_rounds_its_cells_and_keeps_the_exact_numbers_apart(xor_phases):
    rows = list(csv.reader(io.StringIO(report.iteration_csv(xor_phases))))
    header = None
    for row in rows:
        if len(row) > 1 and row[0] in ("sample", "unit", ""):
            header = row
            continue
        if len(row) > 1:
            n = (len(header) - 1) // 2
            assert all(name.endswith("(exact)") for name in header[n + 1:])
            assert not any(NOISE.search(cell) for cell in row[1:n + 1]), row
    text = report.iteration_csv(xor_phases)
    assert "0.7999999999999999" in text  # z2 of sample 2, kept exactly in its own column
    assert "-5.551115123125783e-17" in text


def test_each_columns_decimal_points_line_up(xor_phases):
    text = report.iteration_table(xor_phases)
    checked = 0
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines()[2:] if line.strip()]
        if not lines or "=" in block.splitlines()[1]:
            continue
        cells = [line.split() for line in lines]
        for j in range(1, len(cells[0])):
            widths = {len(c[j]) - c[j].index(".") for c in cells if "." in c[j]}
            assert len(widths) <= 1, (block, j)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("values, texts", [
    ([0.6, -5.551115123125783e-17], ["0.6000", "0.0000"]),
    ([0.7999999999999999, 0.05], ["0.8000", "0.0500"]),
    ([-0.0, 0.0], ["0", "0"]),
    ([-0.00001, 0.5], ["0.0000", "0.5000"]),
    ([12.345678, -0.25], ["12.35", "-0.25"]),
    ([9.99996, 1.0], ["10.00", "1.00"]),  # 9.99996 rounds up to 10.00
    ([1e-9, -2.5e-9, 1e-25], ["1.000e-09", "-2.500e-09", "0"]),
    ([3e7, 5.0], ["3.000e+07", "0"]),
    ([float("inf"), float("nan"), 1.0], ["inf", "nan", "1.000"]),
])
def test_a_column_is_rounded_as_a_whole(values, texts):
    assert column(values, 4) == texts


def test_digits_set_the_columns_precision():
    assert column([0.35, 0.123456], 6) == ["0.350000", "0.123456"]
    assert column([0.35, 0.123456], 2) == ["0.35", "0.12"]
