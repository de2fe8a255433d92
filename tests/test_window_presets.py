"""The Presets menu in the real window: each preset opens with its exact weights, data and
learning rate; stepping through every phase, the inspector shows the engine's numbers (and,
for the seed 000 and seed 002 presets, the numbers of a computation by hand)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from engine import presets
from playground.window.main_window import MainWindow
from helpers import selections, values
from window_helpers import open_preset

DIGITS, TOL = 10, 1e-9
NAMES = presets.names()


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def same_arrays(a, b):
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("name", NAMES)
def test_a_preset_opens_with_its_exact_weights_data_and_rate(window, name):
    s = window.session
    s.step()
    p = open_preset(window, name)
    net = s.trainer.net
    assert net.sizes == p.net.sizes and net.activations == p.net.activations
    assert (net.loss, net.reduction, net.bias) == (p.net.loss, p.net.reduction, p.net.bias)
    assert same_arrays(net.weights, p.net.weights)
    assert (net.biases is None) == (p.net.biases is None)
    if p.net.biases is not None:
        assert same_arrays(net.biases, p.net.biases)
    assert np.array_equal(s.train_set.x, p.data.x) and np.array_equal(s.train_set.t, p.data.t)
    assert s.test_set is None and len(s.trainer.x) == len(p.data.x)
    assert s.trainer.eta == p.eta and window.training.eta.value() == p.eta
    assert s.settings.train.batch_size == 0 and s.settings.train.optimizer == "sgd"
    assert window.data_panel.dataset.currentText() == f"preset {name}"
    assert not window.data_panel.points.isEnabled()
    assert len(s.timeline) == 1 and s.snapshot.phase is None  # a fresh start
    dock = window.docks.preset_dock
    assert dock.isVisible() and name in dock.windowTitle()
    title = p.text.splitlines()[0].lstrip("# ").strip()
    assert title in window.docks.preset_text.plain_text()


@pytest.mark.parametrize("name", ["xor", "sigmoid-bce"])
def test_reset_and_a_new_rule_keep_the_presets_weights(window, qtbot, name):
    p = open_preset(window, name)
    s = window.session
    for _ in range(3):
        s.finish_iteration()
    assert not same_arrays(s.trainer.net.weights, p.net.weights)
    qtbot.mouseClick(window.training.reset, Qt.MouseButton.LeftButton)
    assert same_arrays(s.trainer.net.weights, p.net.weights) and s.trainer.steps == 0
    window.training.optimizer.setCurrentText("momentum")  # rebuilds the trainer
    assert s.trainer.optimizer_name == "momentum"
    assert same_arrays(s.trainer.net.weights, p.net.weights)
    assert window.data_panel.dataset.currentText() == f"preset {name}"


# The inspector's numbers, phase by phase


def shown(window, key):
    """The numbers of every inspector line with ``key``."""
    return [values(line) for line in window.docks.inspector.lines() if line.key == key]


def derivative(name, snap, l, p, j):
    """The numbers of f'(z) as written: a(1 − a), (1 − a²), ReLU'(z), 1."""
    a, z = snap.a[l + 1][p, j], snap.z[l][p, j]
    return {"sigmoid": [a, 1, a], "tanh": [1, a], "relu": [z], "linear": [1]}[name]


def expected_node(snap, net, l, j, p):
    W = snap.old_weights if snap.old_weights is not None else snap.weights
    b = snap.old_biases if snap.old_weights is not None else snap.biases
    out = {}
    if snap.z[l] is not None:
        terms = [v for i in range(net.sizes[l]) for v in (W[l][j, i], snap.a[l][p, i])]
        out["z"] = [terms + ([b[l][j]] if net.bias else []) + [snap.z[l][p, j]]]
        out["a"] = [[snap.z[l][p, j], snap.a[l + 1][p, j]]]
    if snap.delta[l] is not None:
        d, f = snap.delta[l][p, j], derivative(net.activations[l], snap, l, p, j)
        if l == net.n_layers - 1:
            a, t = snap.a[l + 1][p, j], snap.t[p, j]
            out["delta"] = [[a, t, d] if net.loss == "bce" else [a, t] + f + [d]]
        else:
            terms = [v for k in range(net.sizes[l + 2])
                     for v in (W[l + 1][k, j], snap.delta[l + 1][p, k])]
            out["delta"] = [terms + f + [d]]
    return out


def expected_param(snap, kind, l, j, i):
    if snap.delta[l] is None:
        return {}
    n = len(snap.x)
    if kind == "edge":
        samples = [[snap.delta[l][q, j], snap.a[l][q, i]] for q in range(n)]
        grad, old, new, index = snap.grad_w[l][j, i], snap.old_weights, snap.weights, (j, i)
    else:
        samples = [[snap.delta[l][q, j]] for q in range(n)]
        grad, old, new, index = snap.grad_b[l][j], snap.old_biases, snap.biases, j
    out = {"sample": samples, "grad": [[grad]]}
    if snap.phase == "update":
        out["update"] = [[old[l][index], snap.eta, grad, new[l][index]]]
    return out


def close(got, want):
    return len(got) == len(want) and all(
        len(g) == len(w) and all(abs(a - b) <= TOL * max(1.0, abs(b)) for a, b in zip(g, w))
        for g, w in zip(got, want))


@pytest.mark.parametrize("name", NAMES)
def test_the_inspector_shows_the_engines_numbers_at_every_phase(window, qtbot, name):
    p = open_preset(window, name)
    window.docks.inspector.digits = DIGITS
    net, view, phases = p.net, window.network_view, set()
    for _ in range(net.n_layers + 3):  # ready, forward, the deltas, update, the next forward
        snap = window.session.snapshot
        phases.add(snap.phase)
        for selection in selections(net):
            view.select(selection)
            for sample in range(len(snap.x)):
                view.set_sample(sample + 1)
                kind, l, j = selection[:3]
                want = expected_node(snap, net, l, j, sample) if kind == "node" else \
                    expected_param(snap, kind, l, j, selection[3] if kind == "edge" else None)
                for key in ("z", "a", "delta", "sample", "grad", "update"):
                    assert close(shown(window, key), want.get(key, [])), \
                        (snap.phase, selection, key)
        qtbot.mouseClick(window.training.step, Qt.MouseButton.LeftButton)
    assert phases >= {None, "forward", "output_delta", "update"}


def sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


# (W1, b1, W2, b2, inputs, targets, loss, eta) of seed 000 and seed 002, typed from the seeds
HAND = {"sigmoid-bce": ([[0.5, -0.3], [0.2, 0.8]], [0, 0], [[0.6, -0.4], [-0.7, 0.3]], [0, 0],
                        [[1.0, 0.5], [0.0, 1.0]], [[1, 0], [0, 1]], "bce", 0.5),
        "sigmoid-mse": ([[0.15, 0.20], [0.25, 0.30]], [0.35, 0.35], [[0.40, 0.45]], [0.60],
                        [[0.05, 0.10], [0.50, 0.90]], [[0.01], [0.99]], "mse", 0.5)}


def by_hand(W1, b1, W2, b2, xs, ts, loss, eta):
    """One iteration over both samples (reduction sum), in plain Python."""
    rows, g1, g2 = [], np.zeros((len(W1), len(xs[0]))), np.zeros((len(W2), len(W1)))
    for x, t in zip(xs, ts):
        h = [sigmoid(sum(w * v for w, v in zip(W1[j], x)) + b1[j]) for j in range(len(W1))]
        z2 = [sum(w * v for w, v in zip(W2[k], h)) + b2[k] for k in range(len(W2))]
        o = [sigmoid(v) for v in z2]
        d2 = [(o[k] - t[k]) * (1 if loss == "bce" else o[k] * (1 - o[k])) for k in range(len(o))]
        d1 = [sum(W2[k][j] * d2[k] for k in range(len(o))) * h[j] * (1 - h[j])
              for j in range(len(h))]
        g2 += np.outer(d2, h)
        g1 += np.outer(d1, x)
        rows.append(dict(h=h, z2=z2, o=o, d2=d2, d1=d1))
    return rows, g1, g2, np.array(W1) - eta * g1, np.array(W2) - eta * g2


@pytest.mark.parametrize("name", list(HAND))
def test_the_inspector_agrees_with_a_computation_by_hand(window, name):
    W1, b1, W2, b2, xs, ts, loss, eta = HAND[name]
    rows, g1, g2, new_W1, new_W2 = by_hand(*HAND[name])
    open_preset(window, name)
    window.docks.inspector.digits = DIGITS
    view = window.network_view

    def read(selection, key, sample=0):
        view.select(selection)
        view.set_sample(sample + 1)
        return shown(window, key)[0]

    def near(got, want):
        return got == pytest.approx(want, abs=TOL)

    window.session.step()  # forward
    for p, r in enumerate(rows):
        assert near(read(("node", 0, 1), "a", p)[-1], r["h"][1])
        assert near(read(("node", 1, 0), "z", p)[-1], r["z2"][0])
        assert near(read(("node", 1, 0), "a", p)[-1], r["o"][0])
    window.session.step()  # output delta
    for p, r in enumerate(rows):
        assert near(read(("node", 1, 0), "delta", p)[-1], r["d2"][0])
    assert near(read(("edge", 1, 0, 1), "grad"), [g2[0, 1]])
    window.session.step()  # hidden delta
    for p, r in enumerate(rows):
        assert near(read(("node", 0, 0), "delta", p)[-1], r["d1"][0])
    assert near(read(("edge", 0, 1, 0), "grad"), [g1[1, 0]])
    window.session.step()  # update
    assert near(read(("edge", 1, 0, 1), "update"), [W2[0][1], eta, g2[0, 1], new_W2[0, 1]])
    assert near(read(("edge", 0, 1, 0), "update"), [W1[1][0], eta, g1[1, 0], new_W1[1, 0]])


def test_without_presets_the_window_opens_with_a_disabled_entry(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(presets, "PRESET_DIR", tmp_path)  # no index.json there
    w = MainWindow()
    qtbot.addWidget(w)
    menu = w.findChild(QMenu, "presetsMenu")
    entry, = menu.actions()
    assert entry.objectName() == "presetsMissing" and not entry.isEnabled()
    assert str(tmp_path) in entry.statusTip()


def test_a_broken_preset_file_is_reported_and_changes_nothing(qtbot, tmp_path, monkeypatch):
    for f in presets.PRESET_DIR.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    stem = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))[0]["stem"]
    (tmp_path / f"{stem}.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(presets, "PRESET_DIR", tmp_path)
    w = MainWindow()
    qtbot.addWidget(w)
    before = [x.copy() for x in w.session.trainer.net.weights]
    menu = w.findChild(QMenu, "presetsMenu")
    menu.actions()[0].trigger()
    assert "Could not open the preset" in w.statusBar().currentMessage()
    assert same_arrays(w.session.trainer.net.weights, before)
