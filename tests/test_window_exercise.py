"""A whole exercise through the real window: the XOR preset's set, answered phase by phase in
the Exercise dock with the engine's numbers typed as expressions (right), one slip (wrong, with
its diagnosis), an answer that does not read (the phase does not run), and the score."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QTextBrowser

from window_helpers import make_window, open_preset


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def blanks(w):
    """The blanks shown for the next phase (a new row shows once the event loop runs)."""
    edits = list(w.classroom.panel.edits.values())
    QApplication.processEvents()
    assert all(isinstance(e, QLineEdit) and e.isVisibleTo(w) for e in edits)
    return edits


def check(qtbot, w):
    qtbot.mouseClick(w.findChild(QPushButton, "checkAnswersButton"), Qt.MouseButton.LeftButton)


def test_a_whole_exercise_through_the_window(qtbot, window):
    w = window
    p = open_preset(w, "xor")
    w.classroom.dock.raise_()  # its tab, as a click brings it to the front
    qtbot.waitUntil(w.classroom.panel.isVisible)
    title = w.findChild(QLabel, "exerciseTitle")
    assert "XOR" in title.text()
    x, t = p.data.x, p.data.t
    W1, b1, W2, b2 = p.net.weights[0], p.net.biases[0], p.net.weights[1], p.net.biases[1]
    sig = lambda z: 1 / (1 + np.exp(-z))
    # the seeds' computation by hand, sample 2 (index 1), the numbers before any update
    z1 = x @ W1.T + b1
    a1 = sig(z1)
    a2 = sig(a1 @ W2.T + b2)
    d2 = a2 - t
    d1 = (d2 @ W2) * a1 * (1 - a1)
    g = (d2[:, 0] @ a1[:, 0]) / len(x)

    assert [e.placeholderText() for e in blanks(w)][0] == "Sample 2 is x = (0, 1)"
    z, a = blanks(w)
    qtbot.keyClicks(z, f"{W1[0, 0]}*0 + {W1[0, 1]}*1 + ({b1[0]})")   # an expression
    qtbot.keyClicks(a, f"{a1[1, 0]:.4f}")
    check(qtbot, w)
    assert w.session.snapshot.phase == "forward"
    score = w.findChild(QLabel, "exerciseScore")
    assert score.text() == "Score this iteration: 2 / 2"

    delta2, grad = blanks(w)   # the output delta phase computes both
    qtbot.keyClicks(delta2, f"{a2[1, 0]:.4f} - 1")
    qtbot.keyClicks(grad, "1/0")     # does not read: the phase does not run
    check(qtbot, w)
    assert "division by zero" in w.findChild(QLabel, "answerProblem").text()
    assert w.session.snapshot.phase == "forward"
    grad.clear()
    qtbot.keyClicks(grad, f"({g:.5f})")
    check(qtbot, w)
    assert score.text() == "Score this iteration: 4 / 4"

    delta1, = blanks(w)   # the slip: W δ without f′(z)
    qtbot.keyClicks(delta1, f"{W2[0, 0]}*({d2[1, 0]:.5f})")
    check(qtbot, w)
    results = w.findChild(QTextBrowser, "exerciseResults").toPlainText()
    assert "✘ δ₁⁽¹⁾ (sample 2)" in results and "without f′(z)" in results
    assert f"{d1[1, 0]:.3f}".replace("-", "−") in results  # the worked computation's result
    assert score.text() == "Score this iteration: 4 / 5"

    new_w, = blanks(w)
    qtbot.keyClicks(new_w, f"{W2[0, 0]} - {p.eta}*({g:.5f})")
    check(qtbot, w)
    assert w.session.snapshot.phase == "update"
    assert score.text() == "Score this iteration: 5 / 6"
    assert "✔ new W₁₁⁽²⁾" in w.findChild(QTextBrowser, "exerciseResults").toPlainText()
    # the next iteration asks again, from a clean score
    assert len(blanks(w)) == 2
    qtbot.keyClicks(blanks(w)[0], "0")
    check(qtbot, w)
    assert score.text() == "Score this iteration: 0 / 1"


def test_a_teacher_writes_a_set_in_the_window(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog
    from playground.session import session_file
    w = window
    assert w.session.exercises is None
    e = w.classroom.editing
    e.ask.trigger()  # nothing selected: nothing asked
    assert w.session.exercises is None and "Select" in w.statusBar().currentMessage()
    w.network_view.select(("edge", 1, 0, 2))
    e.ask.trigger()
    w.network_view.select(("node", 0, 1))
    w.session.set_view(sample=3)
    e.ask.trigger()
    e.ask.trigger()  # twice: asked once
    kinds = [(q.kind, q.layer, q.unit, q.source, q.sample) for q in w.session.exercises.questions]
    assert kinds == [("grad_w", 1, 0, 2, 0), ("new_w", 1, 0, 2, 0), ("z", 0, 1, None, 3),
                     ("a", 0, 1, None, 3), ("delta", 0, 1, None, 3)]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("z = W x + b", True))
    e.hint.trigger()
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (0.01, True))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (2, True))
    e.rule.trigger()
    s = w.session.exercises
    assert (s.tolerance, s.digits) == (0.01, 2)
    assert [q.hint for q in s.questions] == ["", "", "z = W x + b", "z = W x + b", "z = W x + b"]
    w.network_view.select(("edge", 1, 0, 2))
    e.drop.trigger()
    assert [q.kind for q in w.session.exercises.questions] == ["z", "a", "delta"]
    # the blanks follow the set, and the set travels in the session file
    w.classroom.dock.raise_()
    qtbot.waitUntil(w.classroom.panel.isVisible)
    assert [q.kind for q in w.classroom.panel.edits] == ["z", "a"]
    w.session.save_session(tmp_path / "lesson.json")
    w.session.set_exercises(None)
    assert w.session.install(session_file.load(tmp_path / "lesson.json"))
    assert w.session.exercises == w.classroom.quiz.exercises
    assert [q.hint for q in w.session.exercises.questions] == ["z = W x + b"] * 3


def test_playing_lays_out_no_blanks(qtbot, window):
    w = window
    open_preset(w, "xor")
    asked = []
    w.classroom.panel.ask = lambda qs, title: asked.append(title)
    w.session.play()
    qtbot.waitUntil(lambda: w.session.trainer.epoch >= 3)
    assert asked == []
    w.session.pause()  # the frame after training shows the next batch's forward pass
    assert asked == ["Output delta"] and w.session.snapshot.next_phase == "output_delta"
