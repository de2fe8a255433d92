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
