"""The gradient check that knows its own error: one verdict (pass, kink, fail) for correct
backprop in the cases where a fixed step and a fixed floor cried wolf (a ReLU kink, x = 1e4, a
loss of 1e6) or slept (gradients of 1e-9), with every teaching bug as the negative control."""
import json

import numpy as np
import pytest

from engine import cli, datasets, gradcheck, presets
from engine.bugs import BUGS, buggy_gradients
from engine.network import Network

OLD_LIMIT = 1e-5  # what `backprop gradcheck` used to accept, with h = 1e-5 and FLOOR = 1e-4


def kink_case():
    """ReLU hidden units with zero biases: the XOR input (0, 0) puts every z exactly on 0."""
    net = Network.create([2, 3, 1], "relu", "sigmoid", "bce", "mean", True, 0)
    net.biases = [np.zeros_like(b) for b in net.biases]
    data = datasets.xor()
    return net, data.x, data.t


def large_input_case():
    """x of size 1e4 with weights that keep z near 1: the fixed step moved z by 0.1."""
    rng = np.random.default_rng(3)
    net = Network.create([2, 3, 1], "tanh", "sigmoid", "bce", "mean", True, 0)
    net.weights[0] = net.weights[0] * 1e-4
    return net, rng.normal(size=(6, 2)) * 1e4, rng.integers(0, 2, (6, 1)).astype(float)


def large_loss_case():
    """Squared error about 1e6 (targets near 500) with small gradients in the first layer."""
    rng = np.random.default_rng(4)
    net = Network.create([2, 4, 1], "sigmoid", "linear", "mse", "sum", True, 5)
    net.weights[-1][:] = 0.01
    return net, rng.normal(size=(8, 2)) * 1e-3, 500 + rng.normal(size=(8, 1))


def tiny_gradient_case():
    """Outputs within 1e-9 of their targets: every gradient is below 1e-8."""
    net = Network.create([2, 3, 1], "sigmoid", "sigmoid", "bce", "mean", True, 2)
    net.weights[-1][:] = 4.0
    net.biases[-1][:] = 14.0
    data = datasets.xor()
    return net, data.x, np.ones((4, 1))


CASES = {"x=1e4": large_input_case, "loss=1e6": large_loss_case,
         "gradients=1e-9": tiny_gradient_case}
CASES.update({f"preset-{p.name}": (lambda p=p: (p.net, p.data.x, p.data.t))
              for p in presets.load_all()})


@pytest.mark.parametrize("case", list(CASES))
def test_correct_backprop_passes(case):
    net, x, t = CASES[case]()
    check = gradcheck.check_gradients(net, x, t)
    assert check.verdict == gradcheck.PASS
    assert not check.kinks


def test_the_old_fixed_check_cried_wolf_or_slept_where_the_new_one_is_right():
    for case in ("x=1e4", "loss=1e6"):
        assert gradcheck.check(*CASES[case]()) > OLD_LIMIT  # correct backprop, called wrong
    net, x, t = tiny_gradient_case()
    assert max(np.abs(g).max() for g in gradcheck.analytic_gradients(net, x, t)) < 1e-8
    for bug in BUGS:  # each bug scored far below the old "fails" threshold of 1e-3
        assert gradcheck.check(net, x, t, analytic=buggy_gradients(net, x, t, bug)) < 1e-3


@pytest.mark.parametrize("bug", sorted(BUGS))
@pytest.mark.parametrize("case", list(CASES) + ["kink"])
def test_every_bug_fails_wherever_it_moves_a_gradient_beyond_the_bound(case, bug):
    net, x, t = kink_case() if case == "kink" else CASES[case]()
    right = gradcheck.check_gradients(net, x, t)
    wrong = buggy_gradients(net, x, t, bug)
    moved = any(np.any(np.abs(w - g) > 2 * b)
                for w, g, b in zip(wrong, right.analytic, right.bounds))
    assert moved  # in every case here, each bug changes some gradient beyond the bound
    assert gradcheck.check_gradients(net, x, t, analytic=wrong, bug=bug).verdict == gradcheck.FAIL


def test_a_relu_kink_is_reported_as_a_kink_with_its_unit_and_sample():
    net, x, t = kink_case()
    old = gradcheck.check(net, x, t)
    assert old > 0.1  # the old check called this backprop wrong
    check = gradcheck.check_gradients(net, x, t)
    assert check.verdict == gradcheck.KINK
    n_w = len(net.weights)
    kinked = {k for k, i in check.kinks}
    assert kinked == {n_w}  # only the hidden biases move a z that sits on 0
    for (k, (j,)), (layer, unit, sample) in check.kinks.items():
        assert (layer, unit, sample) == (0, j, 0)  # their own unit, on the sample (0, 0)
    assert set(check.verdicts[n_w].ravel()) <= {gradcheck.PASS, gradcheck.KINK}
    assert all(set(v.ravel()) == {gradcheck.PASS} for k, v in enumerate(check.verdicts) if k != n_w)


def test_a_z_near_but_not_on_a_kink_passes_with_a_smaller_step():
    net, x, t = kink_case()
    net.biases[0][:] = 1e-7  # z = 1e-7 on the sample (0, 0): the first step crosses 0
    check = gradcheck.check_gradients(net, x, t)
    assert check.verdict == gradcheck.PASS and not check.kinks


def test_one_entry_just_outside_its_bound_fails_and_just_inside_passes():
    net, x, t = large_loss_case()
    right = gradcheck.check_gradients(net, x, t)
    k, i = 0, (1, 1)
    for factor, expected in ((3.0, gradcheck.FAIL), (0.5, gradcheck.PASS)):
        grads = [g.copy() for g in right.numerical]  # the difference itself: gap 0 elsewhere
        grads[k][i] += factor * right.bounds[k][i]
        assert gradcheck.check_gradients(net, x, t, analytic=grads).verdict == expected


def test_nan_never_passes():
    net, x, t = CASES["preset-xor"]()
    grads = [g.copy() for g in gradcheck.analytic_gradients(net, x, t)]
    grads[0][0, 0] = np.nan
    check = gradcheck.check_gradients(net, x, t, analytic=grads)
    assert check.verdict == gradcheck.FAIL and check.worst() == (0, (0, 0))


# ---- the command ---------------------------------------------------------------------------------

def files_for(tmp_path, net, x, t):
    from engine.files import network_to_dict
    path = tmp_path / "net.json"
    path.write_text(json.dumps(network_to_dict(net)))
    rows = np.hstack([x, t])
    data = tmp_path / "data.csv"
    data.write_text("\n".join(",".join(repr(float(v)) for v in row) for row in rows) + "\n")
    return str(path), str(data)


@pytest.mark.parametrize("case", ["x=1e4", "loss=1e6", "gradients=1e-9", "kink"])
def test_gradcheck_exits_0_on_correct_backprop_and_1_for_every_planted_bug(
        tmp_path, capsys, monkeypatch, case):
    net, data = files_for(tmp_path, *(kink_case() if case == "kink" else CASES[case]()))
    assert cli.main(["gradcheck", net, "--data", data]) == 0
    out = capsys.readouterr().out
    assert f"verdict: {'kink' if case == 'kink' else 'pass'}" in out
    if case == "kink":
        assert "b1   kink" in out and "ReLU kink: layer 1, unit 1, sample 1" in out
    for bug in BUGS:
        monkeypatch.setattr(gradcheck, "analytic_gradients",
                            lambda n, x, t, bug=bug: buggy_gradients(n, x, t, bug))
        assert cli.main(["gradcheck", net, "--data", data]) == 1, bug
        assert "verdict: fail" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_random_networks_pass_and_every_bug_that_moves_a_gradient_fails(seed):
    """0 to 3 hidden layers, every activation and loss, inputs from 1e-3 to 1e6."""
    rng = np.random.default_rng(seed)
    names = ["sigmoid", "tanh", "relu", "linear"]
    for _ in range(50):
        sizes = [int(rng.integers(1, 4))] + [int(rng.integers(1, 5))
                                             for _ in range(rng.integers(0, 4))] + [int(rng.integers(1, 3))]
        loss = str(rng.choice(["bce", "mse"]))
        net = Network.create(sizes, str(rng.choice(names)),
                             "sigmoid" if loss == "bce" else str(rng.choice(names)), loss,
                             str(rng.choice(["sum", "mean"])), bool(rng.integers(0, 2)),
                             int(rng.integers(1000)))
        x = rng.normal(size=(int(rng.integers(1, 6)), sizes[0])) * 10.0 ** rng.uniform(-3, 6)
        t = rng.random((len(x), sizes[-1]))
        with np.errstate(over="ignore", under="ignore"):
            right = gradcheck.check_gradients(net, x, t)
            assert right.verdict in (gradcheck.PASS, gradcheck.KINK)
            for bug in BUGS:
                wrong = buggy_gradients(net, x, t, bug)
                moved = any(np.abs(wrong[k][i] - right.analytic[k][i]) > 2 * right.bounds[k][i]
                            and (k, i) not in right.kinks
                            for k in range(len(wrong)) for i in np.ndindex(wrong[k].shape))
                if moved:
                    assert gradcheck.check_gradients(net, x, t, wrong).verdict == gradcheck.FAIL
