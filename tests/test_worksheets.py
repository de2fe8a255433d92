"""Worksheets and answer keys: exported from the real window (Classroom menu) as Markdown and
PDF; the Markdown is parsed back and every answer is the engine's number rounded to the set's
digits; the worksheet holds the network, the data and one blank per question, no answer."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re

import pytest
from PySide6.QtWidgets import QFileDialog

from engine import presets
from engine.stepper import Stepper
from playground.session import exercises
from window_helpers import make_window, open_preset


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def export(window, monkeypatch, action, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    getattr(window.classroom, action).trigger()
    return path


def rows(markdown):
    """The answer key's table rows: {n: (question, answer as float)}."""
    out = {}
    for line in markdown.splitlines():
        m = re.match(r"\| (\d+) \| (.+?) \| ([−\-]?\d+\.\d+) \| ", line)
        if m:
            out[int(m.group(1))] = (m.group(2), float(m.group(3).replace("−", "-")))
    return out


@pytest.mark.parametrize("name", presets.names())
def test_the_answer_key_reads_back_as_the_engines_numbers(qtbot, window, monkeypatch, tmp_path, name):
    p = open_preset(window, name)
    window.session.step()  # half-way through the iteration: the key is still the whole one
    path = export(window, monkeypatch, "export_key", tmp_path / "key.md")
    key = rows(path.read_text(encoding="utf-8"))
    s = window.session.exercises
    assert sorted(key) == list(range(1, len(s.questions) + 1))
    stepper = Stepper(_trainer(p))  # the same iteration, run afresh from the preset
    snap = stepper.finish_iteration()
    by_text = {exercises.describe(q): q for q in s.questions}
    assert len(by_text) == len(s.questions)
    order = [exercises.phase_of(by_text[key[n][0]], len(p.net.sizes) - 1)[0] for n in sorted(key)]
    assert order == sorted(order, key=["forward", "output_delta", "hidden_delta", "update"].index)
    for question, answer in key.values():
        q = by_text[question]
        value = exercises.expected(q, snap)
        assert answer == pytest.approx(round(value, s.digits), abs=1e-12)
        assert f"{answer:.{s.digits}f}" == f"{round(value, s.digits) + 0.0:.{s.digits}f}"
    assert window.session.snapshot.phase == "forward"  # the run did not move


def _trainer(p):
    from engine.training import Trainer
    return Trainer(p.net.copy(), p.data.x, p.data.t, p.eta, 0, "sgd", 0)


def test_the_worksheet_has_blanks_not_answers(qtbot, window, monkeypatch, tmp_path):
    p = open_preset(window, "xor")
    text = export(window, monkeypatch, "export_worksheet", tmp_path / "sheet.md").read_text("utf-8")
    s = window.session.exercises
    assert text.startswith(f"# Worksheet: {s.title}")
    assert text.count("________") == len(s.questions)
    assert not rows(text)
    for (x1, x2), (t,) in zip(p.data.x, p.data.t):  # the data, row by row
        assert re.search(rf"\| \d \| {x1:g} \| {x2:g} \| {t:g} \|", text)
    assert f"| W₁₂⁽¹⁾ | {p.net.weights[0][0, 1]:g} |" in text


@pytest.mark.parametrize("action", ["export_worksheet", "export_key"])
def test_pdf_through_qt_printing(qtbot, window, monkeypatch, tmp_path, action):
    open_preset(window, "sigmoid-mse")
    path = export(window, monkeypatch, action, tmp_path / "out.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:] and len(data) > 2000


def test_no_set_no_export(qtbot, window, monkeypatch, tmp_path):
    path = export(window, monkeypatch, "export_key", tmp_path / "key.md")
    assert not path.exists() and "No exercise set" in window.statusBar().currentMessage()
