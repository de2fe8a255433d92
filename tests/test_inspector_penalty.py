"""With L1/L2 regularisation the inspector shows a weight's gradient as its data part plus the
penalty's term, with the numbers, and the update with both; a bias has no term."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace

import numpy as np
import pytest

from helpers import values
from playground.session.run import Run
from playground.session.settings import default_settings
from playground.views.inspector_text import explain

RATE = 0.05
EDGE = ("edge", 0, 1, 0)  # W_21 of layer 1


def updated_run(kind):
    s = default_settings("circle")
    if kind is not None:
        s = replace(s, net=replace(s.net, regularization=kind, reg_rate=RATE))
    run = Run(s)
    run.finish_iteration()  # forward, the deltas, the update
    assert run.snapshot.phase == "update"
    return run


def lines_of(run, selection, digits=10):
    return explain(run.snapshot, selection, 0, run.info, digits)


def data_gradient(snap, l, j, i):
    """(1/n) sum_p delta_pj a_pi, from the snapshot's deltas and activations (mean reduction)."""
    return float(snap.delta[l][:, j] @ snap.a[l][:, i]) / len(snap.x)


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_a_weights_gradient_shows_the_data_part_and_the_term(kind):
    run = updated_run(kind)
    snap = run.snapshot
    _, l, j, i = EDGE
    w = snap.old_weights[l][j, i]
    grad, = [line for line in lines_of(run, EDGE) if line.key == "grad"]
    assert ("λ·sign(" if kind == "l1" else "λ·") in grad.formula
    data, rate, factor, total = values(grad)
    assert data == pytest.approx(data_gradient(snap, l, j, i), abs=1e-9)
    assert rate == RATE
    assert factor == (np.sign(w) if kind == "l1" else pytest.approx(w, abs=1e-9))
    assert total == pytest.approx(snap.grad_w[l][j, i], abs=1e-9)
    assert data + rate * factor == pytest.approx(total, abs=1e-8)
    notes = [line.formula for line in lines_of(run, EDGE) if line.key == "note"]
    assert any(kind.upper() in note for note in notes)


def test_the_update_subtracts_eta_times_both_parts():
    run = updated_run("l2")
    snap = run.snapshot
    _, l, j, i = EDGE
    update, = [line for line in lines_of(run, EDGE) if line.key == "update"]
    old, eta, data, rate, w, new = values(update)
    assert (old, new) == (pytest.approx(snap.old_weights[l][j, i], abs=1e-9),
                          pytest.approx(snap.weights[l][j, i], abs=1e-9))
    assert (eta, rate) == (pytest.approx(snap.eta), RATE)
    assert old - eta * (data + rate * w) == pytest.approx(new, abs=1e-8)


def test_a_bias_has_no_term_and_no_penalty_shows_none():
    run = updated_run("l2")
    bias = [line for line in lines_of(run, ("bias", 0, 1)) if line.key in ("grad", "note")]
    assert "λ" not in next(line for line in bias if line.key == "grad").formula
    assert any("not regularised" in line.formula for line in bias)
    plain = updated_run(None)
    text = " ".join(line.formula + line.numbers for line in lines_of(plain, EDGE))
    assert "λ" not in text


def test_the_windows_inspector_shows_the_term(qtbot):
    from playground.session.face import Session
    from playground.window.main_window import MainWindow
    s = default_settings("circle")
    window = MainWindow(Session(replace(s, net=replace(s.net, regularization="l1", reg_rate=RATE))))
    qtbot.addWidget(window)
    window.network_view.select(EDGE)
    window.session.finish_iteration()
    text = window.docks.inspector.plain_text()
    assert "λ·sign(" in text and f"{RATE:g}·" in text
