"""Stepping through backpropagation by clicking the window's Step button.

Each click must run exactly one phase; the label names it, the engine state behind the window
holds what that phase computed and nothing more, and the weights move only at the update, by
exactly -eta times the gradient. The gradient itself is checked against central differences of
a loss written out here, independently of the engine.
"""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.settings import NetSettings, Settings, TrainSettings

ETA = 0.5


@pytest.fixture
def window(qtbot):
    net = NetSettings(hidden=(3, 2), activations=("sigmoid", "sigmoid"), seed=3)
    w = MainWindow(Session(Settings(net=net, train=TrainSettings(eta=ETA))))
    qtbot.addWidget(w)
    return w


def click(qtbot, window, name):
    qtbot.mouseClick(window.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def label(window) -> str:
    return window.findChild(QLabel, "phaseLabel").text()


def xor_loss(weights, biases, x, t):
    """Mean binary cross-entropy of a sigmoid network, written out directly."""
    a = x
    for w, b in zip(weights, biases):
        a = 1.0 / (1.0 + np.exp(-(a @ w.T + b)))
    return float(np.mean(-(t * np.log(a) + (1 - t) * np.log(1 - a))))


def numeric_grad_w(weights, biases, x, t, l, h=1e-6):
    grad = np.zeros_like(weights[l])
    for index in np.ndindex(grad.shape):
        plus = [w.copy() for w in weights]
        minus = [w.copy() for w in weights]
        plus[l][index] += h
        minus[l][index] -= h
        grad[index] = (xor_loss(plus, biases, x, t) - xor_loss(minus, biases, x, t)) / (2 * h)
    return grad


def test_one_phase_per_click_through_a_whole_iteration(qtbot, window):
    session = window.session
    w0 = [w.copy() for w in session.trainer.net.weights]
    b0 = [b.copy() for b in session.trainer.net.biases]
    expected = [("Forward", 0), ("Output delta", 1), ("Hidden delta (layer 2)", 2),
                ("Hidden delta (layer 1)", 3)]
    for text, computed in expected:
        click(qtbot, window, "stepButton")
        assert text in label(window)
        snap = session.snapshot
        assert all(z is not None for z in snap.z) and all(a is not None for a in snap.a)
        # deltas appear from the output layer down, one layer per click
        present = [d is not None for d in snap.delta]
        assert present == [i >= 3 - computed for i in range(3)], text
        assert [g is not None for g in snap.grad_w] == present
        for w, w_start in zip(session.trainer.net.weights, w0):
            assert np.array_equal(w, w_start), f"weights changed during {text}"
    grads = [g.copy() for g in session.snapshot.grad_w]
    grads_b = [g.copy() for g in session.snapshot.grad_b]
    click(qtbot, window, "stepButton")
    assert "Update" in label(window)
    net = session.trainer.net
    for l in range(3):
        assert np.array_equal(net.weights[l], w0[l] - ETA * grads[l])
        assert np.array_equal(net.biases[l], b0[l] - ETA * grads_b[l])
    assert session.trainer.steps == 1
    x, t = session.train_set.x, session.train_set.t
    for l in range(3):
        np.testing.assert_allclose(grads[l], numeric_grad_w(w0, b0, x, t, l), atol=1e-8)


def test_the_next_click_starts_a_new_iteration(qtbot, window):
    for _ in range(5):
        click(qtbot, window, "stepButton")
    click(qtbot, window, "stepButton")
    assert "Forward" in label(window)
    snap = window.session.snapshot
    assert all(d is None for d in snap.delta)
    assert snap.steps == 1


def test_finish_iteration_runs_the_remaining_phases(qtbot, window):
    click(qtbot, window, "stepButton")
    click(qtbot, window, "finishButton")
    assert "Update" in label(window)
    assert window.session.trainer.steps == 1
    assert "Epoch 1" in window.findChild(QLabel, "epochLabel").text()


def test_space_and_right_arrow_step(qtbot, window):
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    target = window.network_view.graphics
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_Right)
    assert "Forward" in label(window)
    qtbot.keyClick(target, Qt.Key.Key_Space)
    assert "Output delta" in label(window)


def test_units_look_pending_until_computed(qtbot, window):
    from playground.views import palette
    view = window.network_view
    inner = slice(2, None)  # every unit but the two inputs
    assert all(b is palette.PENDING for b in view.dots.data["brush"][inner])
    click(qtbot, window, "stepButton")  # forward: every activation known
    assert not any(b is palette.PENDING for b in view.dots.data["brush"][inner])
    click(qtbot, window, "stepButton")  # output delta: only the output's delta known
    brushes = view.dots.data["brush"]
    assert brushes[-1] is not palette.PENDING
    assert all(b is palette.PENDING for b in brushes[inner][:-1])
    assert not any(b is palette.PENDING for b in brushes[:2])  # inputs never get a delta


def test_tooltips_give_the_exact_numbers(qtbot, window):
    view = window.network_view
    click(qtbot, window, "stepButton")
    snap = window.session.snapshot
    text = view.tooltip_for(("node", 0, 1))
    assert f"z₂⁽¹⁾ = {snap.z[0][0, 1]:.6g}" in text and "δ₂⁽¹⁾ = ∂l/∂z₂⁽¹⁾ = pending" in text
    text = view.tooltip_for(("edge", 1, 1, 2))  # weights[1][1, 2]: the seeds' W₂₃⁽²⁾
    assert f"W₂₃⁽²⁾ = {snap.weights[1][1, 2]:.6g}" in text and "∂L/∂W₂₃⁽²⁾ = pending" in text
    for _ in range(3):
        click(qtbot, window, "stepButton")
    snap = window.session.snapshot
    text = view.tooltip_for(("edge", 0, 2, 1))
    assert f"∂L/∂W₃₂⁽¹⁾ = {snap.grad_w[0][2, 1]:.6g}" in text
    assert "mean" in text and "4 samples" in text
    share = snap.delta[0][0, 2] * snap.a[0][0, 1]
    assert f"= {share:.6g}" in text
