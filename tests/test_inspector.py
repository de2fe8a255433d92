"""Inspector: every number it shows equals the engine's, at every phase, for every preset;
and for the seed 000 and seed 002 presets, equals a computation by hand."""
import math

import pytest

from engine import presets
from engine.stepper import UPDATE, Stepper
from engine.training import Trainer
from playground.views.inspector import Inspector
from helpers import plain, selections, values

DIGITS = 10
TOL = 1e-9


def close(shown, expected):
    return len(shown) == len(expected) and all(abs(s - e) <= TOL * max(1.0, abs(e))
                                               for s, e in zip(shown, expected))


def by_key(view, key):
    return [line for line in view.lines() if line.key == key]


def deriv_values(name, snap, l, p, j):
    """The numbers of f'(z) as the inspector writes it: a(1 − a), (1 − a²), ReLU'(z)."""
    a, z = snap.a[l + 1][p, j], snap.z[l][p, j]
    return {"sigmoid": [a, 1, a], "tanh": [1, a], "relu": [z], "linear": [1]}[name]


def expected_node(snap, net, l, j, p):
    """Per line key, the numbers the node's lines must show (from the snapshot's arrays)."""
    after_update = snap.phase == UPDATE
    W = snap.old_weights if after_update else snap.weights
    b = snap.old_biases if after_update else snap.biases
    out = {}
    if snap.z[l] is not None:
        terms = [v for i in range(net.sizes[l]) for v in (W[l][j, i], snap.a[l][p, i])]
        out["z"] = terms + ([b[l][j]] if net.bias else []) + [snap.z[l][p, j]]
        out["a"] = [snap.z[l][p, j], snap.a[l + 1][p, j]]
    if snap.delta[l] is not None:
        d = snap.delta[l][p, j]
        if l == net.n_layers - 1:
            a, t = snap.a[l + 1][p, j], snap.t[p, j]
            out["delta"] = [a, t, d] if net.loss == "bce" else \
                [a, t] + deriv_values(net.activations[l], snap, l, p, j) + [d]
        else:
            terms = [v for k in range(net.sizes[l + 2])
                     for v in (W[l + 1][k, j], snap.delta[l + 1][p, k])]
            out["delta"] = terms + deriv_values(net.activations[l], snap, l, p, j) + [d]
    return out


def expected_param(snap, kind, l, j, i, p):
    if snap.delta[l] is None:
        return {}
    if kind == "edge":
        samples = [[snap.delta[l][q, j], snap.a[l][q, i]] for q in range(len(snap.x))]
        grad, old, new = snap.grad_w[l][j, i], snap.old_weights, snap.weights
    else:
        samples = [[snap.delta[l][q, j]] for q in range(len(snap.x))]
        grad, old, new = snap.grad_b[l][j], snap.old_biases, snap.biases
    out = {"sample": samples, "grad": [grad]}
    if snap.phase == UPDATE:
        index = (j, i) if kind == "edge" else j
        out["update"] = [old[l][index], snap.eta, grad, new[l][index]]
    return out


def check_view(view, snap, net, selection, p):
    text = view.plain_text()
    for line in view.lines():  # what the lines say is what the widget shows
        assert plain(line.formula + (" " + line.numbers if line.numbers else "")) in text
    kind, l, j = selection[:3]
    if kind == "node":
        want = expected_node(snap, net, l, j, p)
        for key in ("z", "a", "delta"):
            lines = by_key(view, key)
            assert len(lines) == (key in want)
            if lines:
                assert close(values(lines[0]), want[key]), (key, values(lines[0]), want[key])
        return
    want = expected_param(snap, kind, l, j, selection[3] if kind == "edge" else None, p)
    if not want:
        assert "not computed yet" in text and "delta phase" in text
        return
    shown = [values(line) for line in by_key(view, "sample")]
    assert len(shown) == len(want["sample"])
    assert all(close(s, w) for s, w in zip(shown, want["sample"]))
    assert close(values(by_key(view, "grad")[0]), want["grad"])
    updates = by_key(view, "update")
    assert len(updates) == ("update" in want)
    if updates:
        assert close(values(updates[0]), want["update"])
    else:
        assert "step to the Update phase" in text


def stepper_for(preset):
    return Stepper(Trainer(preset.net, preset.data.x, preset.data.t, eta=preset.eta))


@pytest.mark.parametrize("name", presets.names())
def test_every_number_matches_the_engine_at_every_phase(qtbot, name):
    preset = presets.load(name)
    view = Inspector(digits=DIGITS)
    qtbot.addWidget(view)
    stepper, net = stepper_for(preset), preset.net
    snaps = [stepper.snapshot] + [stepper.step() for _ in range(2 * (net.n_layers + 2))]
    phases = {s.phase for s in snaps}
    assert {None, "forward", "output_delta", "hidden_delta", "update"} == phases
    for snap in snaps:
        for selection in selections(net):
            for p in range(len(snap.x)):
                view.show_snapshot(snap, selection, p, net)
                check_view(view, snap, net, selection, p)


def test_values_not_computed_yet_are_named_not_shown(qtbot):
    preset = presets.load("xor")
    view = Inspector()
    qtbot.addWidget(view)
    stepper = stepper_for(preset)
    view.show_snapshot(stepper.snapshot, ("node", 1, 0), 0, preset.net)
    assert "step to the Forward phase" in view.plain_text() and not by_key(view, "z")
    view.show_snapshot(stepper.step(), ("node", 0, 0), 0)
    assert by_key(view, "z") and "step to the Hidden delta phase" in view.plain_text()
    view.show_snapshot(stepper.snapshot, ("edge", 1, 0, 0), 0)
    assert "step to the Output delta phase" in view.plain_text()


def test_digits_and_the_brief_example(qtbot):
    """Seed 002's network: the output unit's forward pass reads as in the worked example."""
    preset = presets.load("sigmoid-mse")
    view = Inspector(digits=3)
    qtbot.addWidget(view)
    view.show_snapshot(stepper_for(preset).step(), ("node", 1, 0), 0, preset.net)
    text = view.plain_text()
    assert "= 0.400·0.593 + 0.450·0.597 + 0.600 = 1.106" in text
    assert "σ(1.106) = 0.751" in text
    view.digits = 2
    assert "σ(1.11) = 0.75" in view.plain_text()


def sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


def hand_iteration(W1, b1, W2, b2, xs, ts, loss, eta):
    """One iteration of a 2-layer sigmoid network with reduction sum, in plain Python."""
    n_h, n_o = len(W1), len(W2)
    gW1 = [[0.0] * len(W1[0]) for _ in W1]
    gW2 = [[0.0] * n_h for _ in W2]
    rows = []
    for x, t in zip(xs, ts):
        z1 = [sum(w * v for w, v in zip(W1[j], x)) + b1[j] for j in range(n_h)]
        h = [sigmoid(v) for v in z1]
        z2 = [sum(w * v for w, v in zip(W2[k], h)) + b2[k] for k in range(n_o)]
        o = [sigmoid(v) for v in z2]
        d2 = [(o[k] - t[k]) * (1 if loss == "bce" else o[k] * (1 - o[k])) for k in range(n_o)]
        d1 = [sum(W2[k][j] * d2[k] for k in range(n_o)) * h[j] * (1 - h[j]) for j in range(n_h)]
        for k in range(n_o):
            for j in range(n_h):
                gW2[k][j] += d2[k] * h[j]
        for j in range(n_h):
            for i in range(len(x)):
                gW1[j][i] += d1[j] * x[i]
        rows.append(dict(z1=z1, h=h, z2=z2, o=o, d2=d2, d1=d1))
    new_W2 = [[W2[k][j] - eta * gW2[k][j] for j in range(n_h)] for k in range(n_o)]
    new_W1 = [[W1[j][i] - eta * gW1[j][i] for i in range(len(x))] for j in range(n_h)]
    return rows, gW1, gW2, new_W1, new_W2


HAND_CASES = {
    # seed 000: no biases, two sigmoid outputs, cross-entropy summed
    "sigmoid-bce": ([[0.5, -0.3], [0.2, 0.8]], [0, 0], [[0.6, -0.4], [-0.7, 0.3]], [0, 0],
                    [[1.0, 0.5], [0.0, 1.0]], [[1, 0], [0, 1]], "bce", 0.5),
    # seed 002: squared error 1/2 (a - y)^2, summed over two samples
    "sigmoid-mse": ([[0.15, 0.20], [0.25, 0.30]], [0.35, 0.35], [[0.40, 0.45]], [0.60],
                    [[0.05, 0.10], [0.50, 0.90]], [[0.01], [0.99]], "mse", 0.5),
}


@pytest.mark.parametrize("name", list(HAND_CASES))
def test_numbers_match_a_computation_by_hand(qtbot, name):
    W1, b1, W2, b2, xs, ts, loss, eta = HAND_CASES[name]
    rows, gW1, gW2, new_W1, new_W2 = hand_iteration(W1, b1, W2, b2, xs, ts, loss, eta)
    preset = presets.load(name)
    view = Inspector(digits=DIGITS)
    qtbot.addWidget(view)
    stepper = stepper_for(preset)

    def shown(selection, key, p=0):
        view.show_snapshot(stepper.snapshot, selection, p, preset.net)
        return values(by_key(view, key)[0])

    stepper.step()  # forward
    for p, r in enumerate(rows):
        assert shown(("node", 0, 1), "a", p)[-1] == pytest.approx(r["h"][1], abs=TOL)
        assert shown(("node", 1, 0), "z", p)[-1] == pytest.approx(r["z2"][0], abs=TOL)
        assert shown(("node", 1, 0), "a", p)[-1] == pytest.approx(r["o"][0], abs=TOL)
    stepper.step()  # output delta
    for p, r in enumerate(rows):
        assert shown(("node", 1, 0), "delta", p)[-1] == pytest.approx(r["d2"][0], abs=TOL)
    assert shown(("edge", 1, 0, 1), "grad") == pytest.approx([gW2[0][1]], abs=TOL)
    stepper.step()  # hidden delta
    for p, r in enumerate(rows):
        assert shown(("node", 0, 0), "delta", p)[-1] == pytest.approx(r["d1"][0], abs=TOL)
    assert shown(("edge", 0, 1, 0), "grad") == pytest.approx([gW1[1][0]], abs=TOL)
    stepper.step()  # update
    assert shown(("edge", 1, 0, 1), "update") == pytest.approx(
        [W2[0][1], eta, gW2[0][1], new_W2[0][1]], abs=TOL)
    assert shown(("edge", 0, 1, 0), "update") == pytest.approx(
        [W1[1][0], eta, gW1[1][0], new_W1[1][0]], abs=TOL)


def test_inputs_and_stray_selections(qtbot):
    preset = presets.load("xor")
    view = Inspector(digits=3)
    qtbot.addWidget(view)
    snap = stepper_for(preset).snapshot
    view.show_snapshot(snap, ("input", 1), 1, preset.net)  # sample 2 is (0, 1)
    assert "x2 = 1.000" in view.plain_text() and "sample 2 of 4" in view.plain_text()
    for stray in (("node", 2, 0), ("edge", 0, 2, 0), ("bias", 1, 1), ("input", 2), ("what",), None):
        view.show_snapshot(snap, stray, 0)
        assert [line.key for line in view.lines()] == ["note"]
