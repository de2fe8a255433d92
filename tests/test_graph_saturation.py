"""Saturated units: the frame carries f'(z) relative to its largest (computed on the session
side), the graph rings a unit below 1% of it and its tooltip says why its delta is small."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtWidgets import QPushButton, QSpinBox

from playground.session.face import Session
from playground.session.frame import NetInfo
from playground.session.measures import slopes
from playground.session.run import Run
from playground.session.settings import NetSettings, Settings
from playground.window.main_window import MainWindow

FUNCTIONS = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh}


@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_slopes_are_central_differences_of_f_over_its_steepest(loss):
    net = NetSettings(hidden=(3, 2), activations=("sigmoid", "tanh"), loss=loss, seed=1)
    run = Run(Settings(net=net))
    run.set_parameter(("edge", 0, 0, 0), 12.0)  # a steep unit: some samples far out on the tail
    run.step()
    snap, h = run.snapshot, 1e-5
    got = slopes(snap, run.info)
    names = run.info.activations
    for l, (name, z) in enumerate(zip(names, snap.z)):
        if l == len(names) - 1 and loss == "bce":
            assert got[l] is None  # a - t: no f'(z) in the output delta
            continue
        f = FUNCTIONS[name]
        steepest = (f(h) - f(-h)) / (2 * h)
        assert np.allclose(got[l], (f(z + h) - f(z - h)) / (2 * h) / steepest, atol=1e-8)
    wrong = (FUNCTIONS["tanh"](snap.z[0] + h) - FUNCTIONS["tanh"](snap.z[0] - h)) / (2 * h)
    assert not np.allclose(got[0], wrong, atol=1e-3)  # negative control: tanh's slope is not it


def test_relu_and_a_pending_z_have_no_slope():
    run = Run(Settings(net=NetSettings(hidden=(3,), activations=("relu",))))
    info = NetInfo.of(run.trainer.net)
    assert slopes(run.snapshot, info) == (None, None)


@pytest.fixture
def window(qtbot):
    net = NetSettings(hidden=(3,), activations=("sigmoid",), seed=2)
    w = MainWindow(Session(Settings(net=net)))
    qtbot.addWidget(w)
    s = w.session
    for i in (0, 1):
        s.set_parameter(("edge", 0, 0, i), 15.0)  # unit 1 of H1 is saturated where x != (0, 0)
    w.findChild(QPushButton, "stepButton").click()
    return w


def test_a_saturated_unit_is_ringed_and_its_tooltip_says_why(window):
    view, spin = window.network_view, window.findChild(QSpinBox, "sampleSpin")
    snap, seen, rings_set = window.session.snapshot, [], []
    set_rings = view.saturated_marks.setData
    view.saturated_marks.setData = lambda *a, **k: (rings_set.append(1), set_rings(*a, **k))
    for sample in range(len(snap.samples)):
        spin.setValue(sample + 1)
        a = 1 / (1 + np.exp(-snap.z[0][sample]))
        expected = a * (1 - a) / 0.25 < 0.01
        first = view.lay.first(1)
        assert list(view.saturated[first:first + 3]) == list(expected)
        ringed = view.saturated_marks.data[view.saturated_marks.data["visible"]]
        x, y, _ = view.lay.dot()
        assert sorted(zip(ringed["x"], ringed["y"])) == sorted(zip(x[first:first + 3][expected],
                                                                   y[first:first + 3][expected]))
        tip = view.tooltip_for(("node", 0, 0))
        assert ("saturated" in tip) == bool(expected[0])
        seen.append(bool(expected[0]))
        assert "saturated" not in view.tooltip_for(("node", 1, 0))  # the output under BCE
    assert view.saturated[:2].sum() == 0  # inputs are never marked
    assert any(seen) and not all(seen)  # both cases occur: x != 0 drives unit 1 far out
    assert not rings_set, "the rings were set again: only which of them show changes"
