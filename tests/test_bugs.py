"""Teaching bugs: the gradient check passes on every preset and catches each bug, in the engine
and in the gradient check view."""
import numpy as np
import pytest

from engine import gradcheck, presets
from engine.bugs import BUGS, buggy_gradients
from engine.network import Network
from engine.stepper import Stepper
from engine.training import Trainer
from playground.views.gradcheck_view import GradcheckView

PRESETS = presets.load_all()


def random_net(seed):
    rng = np.random.default_rng(seed)
    net = Network.create([3, 4, 3, 2], activation="tanh", loss="mse", output_activation="linear",
                         reduction="mean", seed=seed)
    return net, rng.normal(size=(6, 3)), rng.normal(size=(6, 2))


CASES = [(p.net, p.data.x, p.data.t) for p in PRESETS] + [random_net(1)]
IDS = [p.name for p in PRESETS] + ["tanh-linear-mse"]


@pytest.mark.parametrize("net,x,t", CASES, ids=IDS)
def test_the_gradient_check_passes_without_a_bug(net, x, t):
    assert gradcheck.check(net, x, t) < 1e-6
    assert gradcheck.check(net, x, t, analytic=buggy_gradients(net, x, t, "none")) < 1e-6


@pytest.mark.parametrize("bug", sorted(BUGS))
@pytest.mark.parametrize("net,x,t", CASES, ids=IDS)
def test_the_gradient_check_catches_every_bug(net, x, t, bug):
    assert gradcheck.check(net, x, t, analytic=buggy_gradients(net, x, t, bug)) > 1e-3


@pytest.mark.parametrize("net,x,t", CASES, ids=IDS)
def test_each_bug_changes_what_it_names(net, x, t):
    right = gradcheck.analytic_gradients(net, x, t)
    L = net.n_layers
    out_layer = [L - 1] + ([2 * L - 1] if net.bias else [])  # positions of W^L and b^L
    flipped = buggy_gradients(net, x, t, "output_delta_sign")
    assert all(np.array_equal(f, -g) for f, g in zip(flipped, right))  # every delta flips
    for bug in ("hidden_delta_sign", "missing_activation_derivative"):
        wrong = buggy_gradients(net, x, t, bug)
        for k, (w, g) in enumerate(zip(wrong, right)):
            if k in out_layer:
                assert np.array_equal(w, g)  # the output layer is computed before any hidden delta
        hidden = [k for k in range(len(right)) if k not in out_layer]
        if bug == "hidden_delta_sign":
            # Each hidden layer flips the sign of the delta it gets from the layer above.
            for k in hidden:
                sign = (-1) ** (L - 1 - k % L)
                assert np.array_equal(wrong[k], sign * right[k])
        else:
            assert any(not np.allclose(wrong[k], right[k]) for k in hidden)


def test_unknown_bug_is_refused():
    p = PRESETS[0]
    with pytest.raises(ValueError, match="unknown bug"):
        buggy_gradients(p.net, p.data.x, p.data.t, "typo")


# The view: the bug switch, the table and the errors it emits.


def table_column(view, col):
    return [float(view.table.item(r, col).text().replace("−", "-"))
            for r in range(view.table.rowCount())]


@pytest.mark.parametrize("preset", PRESETS, ids=[p.name for p in PRESETS])
def test_the_view_passes_clean_backprop_and_flags_each_bug(qtbot, preset):
    view = GradcheckView()
    qtbot.addWidget(view)
    view.show()
    snap = Stepper(Trainer(preset.net, preset.data.x, preset.data.t, eta=preset.eta)).step()
    with qtbot.waitSignal(view.errorsComputed) as signal:
        view.show_snapshot(snap, None, 0, preset.net)
    errors = signal.args[0]
    assert [e.shape for e in errors] == [p.shape for p in preset.net.params()]
    assert max(float(e.max()) for e in errors) < 1e-6
    assert "agrees" in view.summary.text()
    right = np.concatenate([g.ravel() for g in gradcheck.analytic_gradients(
        preset.net, preset.data.x, preset.data.t)])
    assert np.allclose(table_column(view, 1), right, atol=1e-8)
    assert np.allclose(table_column(view, 2), right, atol=1e-6)
    for bug in BUGS:
        with qtbot.waitSignal(view.errorsComputed) as signal:
            view.set_bug(bug)
        assert max(float(e.max()) for e in signal.args[0]) > 1e-3
        assert "backprop is wrong" in view.summary.text() and BUGS[bug] in view.summary.text()
        assert max(table_column(view, 3)) > 1e-3


def test_rows_select_like_the_other_views(qtbot):
    preset = presets.load("xor")
    view = GradcheckView()
    qtbot.addWidget(view)
    view.show()
    view.show_snapshot(Stepper(Trainer(preset.net, preset.data.x, preset.data.t)).step(),
                       None, 0, preset.net)
    labels = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert labels[:2] == ["W₁₁⁽¹⁾", "W₁₂⁽¹⁾"] and labels[-1] == "b₁⁽²⁾"
    with qtbot.waitSignal(view.selectionChanged) as signal:
        view.table.selectRow(1)
    assert signal.args == [("edge", 0, 0, 1)]
    with qtbot.waitSignal(view.selectionChanged) as signal:
        view.table.selectRow(7)
    assert signal.args == [("bias", 0, 1)]
    view.select(("edge", 1, 0, 1))
    assert [i.row() for i in view.table.selectionModel().selectedRows()] == [5]


def test_a_hidden_view_checks_when_shown(qtbot):
    preset = presets.load("xor")
    view = GradcheckView()
    qtbot.addWidget(view)
    emitted = []
    view.errorsComputed.connect(emitted.append)
    view.show_snapshot(Stepper(Trainer(preset.net, preset.data.x, preset.data.t)).step(),
                       ("bias", 1, 0), 0, preset.net)
    assert emitted == []
    view.show()
    assert len(emitted) == 1 and view.table.rowCount() == 9
    assert [i.row() for i in view.table.selectionModel().selectedRows()] == [8]
