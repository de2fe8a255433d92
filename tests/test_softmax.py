"""Softmax + categorical cross-entropy: gradients, exact tails, refusals, accuracy, files, CLI.

Gradients are checked against central finite differences in float64 over random nets (hidden
activation x reduction x bias x shape seed, 2 to 4 classes) and against a loss written out here
naively from the formulas; the negative controls show the check catches a wrong output delta.
"""
import itertools
import json

import mpmath
import numpy as np
import pytest

from engine import activations, backprop, bugs, files, gradcheck, grid, losses, training
from engine.network import Network
from helpers import central_differences, run, same, stepped_and_trained, write

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
TOL = 1e-6


def random_case(hidden, reduction, bias, seed):
    """A random softmax network and a batch of one-hot targets; ReLU z kept off the kink."""
    rng = np.random.default_rng([seed, HIDDEN.index(hidden), 13])
    while True:
        depth = int(rng.integers(1, 3))
        sizes = [int(rng.integers(1, 5))] + [int(n) for n in rng.integers(1, 6, depth)]
        sizes.append(int(rng.integers(2, 5)))
        n = int(rng.integers(1, 7))
        net = Network.create(sizes, hidden, "softmax", "ce", reduction, bias,
                             seed=int(rng.integers(2**31)))
        if bias:
            net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
        x = rng.normal(size=(n, sizes[0]))
        t = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
        zs, _ = backprop.forward(net, x)
        if hidden != "relu" or min(np.abs(z).min() for z in zs[:-1]) > 1e-3:
            return net, x, t


def max_relative_error(mine, reference):
    return max(float((np.abs(g - r) / np.maximum(np.abs(g) + np.abs(r), gradcheck.FLOOR)).max())
               for g, r in zip(mine, reference))


CASES = list(itertools.product(HIDDEN, ["sum", "mean"], [True, False], [0, 1, 2]))


@pytest.mark.parametrize("hidden, reduction, bias, seed", CASES)
def test_softmax_ce_gradients_match_central_differences(hidden, reduction, bias, seed):
    net, x, t = random_case(hidden, reduction, bias, seed)
    mine = gradcheck.analytic_gradients(net, x, t)
    for g, p in zip(mine, net.params()):
        assert g.shape == p.shape
    assert max_relative_error(mine, gradcheck.numerical_gradients(net, x, t)) < TOL
    assert gradcheck.check_gradients(net, x, t).verdict == gradcheck.PASS


def naive_loss(weights, biases, x, t):
    """Tanh hidden layers, a softmax output and mean CE, written out from the formulas."""
    a = x
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = a @ w.T + b
        if l < len(weights) - 1:
            a = np.tanh(z)
        else:
            a = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return float(np.mean(-np.sum(t * np.log(a), axis=1)))


def test_softmax_ce_matches_a_naive_float64_reference():
    rng = np.random.default_rng(3)
    net = Network.create([2, 5, 4, 3], "tanh", "softmax", "ce", "mean", True, seed=9)
    net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    x, t = rng.normal(size=(6, 2)), np.eye(3)[rng.integers(0, 3, 6)]
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    loss, grads_w, grads_b = backprop.backprop(net, x, t)
    assert loss == pytest.approx(naive_loss(weights, biases, x, t), rel=1e-12)
    reference = central_differences(weights + biases, lambda: naive_loss(weights, biases, x, t))
    assert max_relative_error(grads_w + grads_b, reference) < TOL
    # The output delta is a - t, per sample.
    zs, acts = backprop.forward(net, x)
    assert np.allclose(backprop.output_delta(net, zs[-1], acts[-1], t), acts[-1] - t,
                       rtol=0, atol=1e-15)


def test_control_a_delta_with_the_jacobian_diagonal_is_caught():
    """(a - t) a (1 - a), the squared-error habit, is not the softmax + CE delta."""
    net, x, t = random_case("tanh", "mean", True, 1)
    assert gradcheck.check(net, x, t) < TOL

    def wrong(net, z, a, t):
        return (a - t) * a * (1.0 - a)

    zs, acts = backprop.forward(net, x)
    _, gw, gb = backprop.backward(net, zs, acts, t, output_rule=wrong)
    assert gradcheck.check(net, x, t, analytic=gw + gb) > 1e-3
    assert gradcheck.check_gradients(net, x, t, analytic=gw + gb).verdict == gradcheck.FAIL


def test_control_the_teaching_bugs_are_caught_under_softmax():
    net, x, t = random_case("sigmoid", "sum", True, 2)
    for bug in bugs.BUGS:
        grads = bugs.buggy_gradients(net, x, t, bug)
        assert gradcheck.check_gradients(net, x, t, analytic=grads).verdict == gradcheck.FAIL, bug


# Exact tails: the loss and the delta against a 400-digit reference, rows (z, 0, -z/2).
mpmath.mp.dps = 400
ZS = np.concatenate([np.arange(-800.0, 801.0, 7.0), np.linspace(-40, 40, 161)])


def _mp_softmax(row):
    e = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
    s = sum(e)
    return [v / s for v in e]


@pytest.mark.parametrize("cls", [0, 1, 2])
def test_ce_and_its_delta_keep_every_digit_on_both_tails(cls):
    z = np.column_stack([ZS, np.zeros_like(ZS), -ZS / 2])
    t = np.zeros_like(z)
    t[:, cls] = 1.0
    with np.errstate(under="ignore"):
        loss, delta = losses.ce(z, t), losses.output_delta("ce", "softmax", z, None, t)
    for row, l, d in zip(z, loss, delta):
        a = _mp_softmax(row)
        true_loss = -mpmath.log(a[cls])
        if true_loss > np.finfo(float).tiny:
            assert abs((mpmath.mpf(float(l)) - true_loss) / true_loss) < 1e-15, row
        for j in range(3):
            true = a[j] - (1 if j == cls else 0)
            if np.finfo(float).tiny <= abs(true) <= np.finfo(float).max:
                assert abs((mpmath.mpf(float(d[j])) - true) / true) < 1e-15, (row, j)


def test_softmax_is_stable_and_keeps_float32():
    z = np.array([[1000.0, 0.0, -1000.0], [3.0, 3.0, 3.0]])
    a = activations.softmax(z)
    assert np.all(np.isfinite(a)) and np.allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    assert np.allclose(a[1], 1 / 3)
    assert activations.softmax(z.astype(np.float32)).dtype == np.float32
    # Two classes: softmax(z, 0) is sigmoid(z).
    zz = np.linspace(-30, 30, 61)
    pair = activations.softmax(np.column_stack([zz, np.zeros_like(zz)]))[:, 0]
    assert np.allclose(pair, activations.sigmoid(zz), rtol=1e-15, atol=0)


@pytest.mark.parametrize("sizes, names, loss", [
    ([2, 3, 3], ["softmax", "softmax"], "ce"),       # a hidden softmax
    ([2, 3, 3], ["tanh", "softmax"], "mse"),         # softmax without ce
    ([2, 3, 3], ["tanh", "sigmoid"], "ce"),          # ce without softmax
])
def test_softmax_only_on_the_output_and_only_with_ce(sizes, names, loss, tmp_path):
    with pytest.raises(ValueError):
        Network(sizes, names, loss)
    good = Network([2, 3, 3], ["tanh", "softmax"], "ce")
    d = {**files.network_to_dict(good), "activations": names, "loss": loss}
    path = write(tmp_path / "bad.json", d)
    with pytest.raises(files.NetworkFileError, match="bad.json"):
        files.load_network(path)


def test_network_files_keep_softmax_and_ce(tmp_path):
    net = Network.create([2, 4, 3], "relu", "softmax", "ce", "sum", True, seed=4)
    files.save_network(tmp_path / "n.json", net)
    d = json.loads((tmp_path / "n.json").read_text())
    assert (d["activations"][-1], d["loss"]) == ("softmax", "ce")
    back = files.load_network(tmp_path / "n.json")
    assert back.activations == net.activations and back.loss == "ce"
    assert all(same(a, b) for a, b in zip(back.params(), net.params()))


def test_ce_refuses_targets_that_are_not_one_hot():
    losses.check_targets("ce", np.eye(3))
    with pytest.raises(ValueError, match="line 7"):
        losses.check_targets("ce", [[1, 0, 0], [1, 1, 0]], "d.csv", lines=(6, 7))
    with pytest.raises(ValueError, match="row 1"):
        losses.check_targets("ce", [[2, -1, 0]])


def test_accuracy_is_by_argmax_under_softmax():
    net = Network([2, 3], ["softmax"], "ce", bias=False,
                  weights=[[[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]])
    # Each row's largest output is below 0.5, so a threshold at 0.5 would call every row wrong.
    x = np.array([[0.3, 0.0], [0.0, 0.3], [-0.2, -0.2], [0.3, 0.0]])
    t = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]], dtype=float)
    a = backprop.forward(net, x)[1][-1]
    assert a.max() < 0.5
    loss, accuracy = training.evaluate(net, x, t)
    assert accuracy == 0.75  # the last row is wrong: its class 2 is not the largest output
    assert loss == pytest.approx(float(np.mean(-np.log(a[t == 1]))), rel=1e-14)


def test_stepper_and_trainer_agree_bit_for_bit_under_softmax():
    net, x, t = random_case("tanh", "mean", True, 0)
    snap, trained = stepped_and_trained(net, x, t, eta=0.3)
    assert all(same(a, b) for a, b in zip(snap.weights, trained.net.weights))
    assert snap.loss is not None and np.isfinite(snap.loss)


def test_decision_maps_of_a_softmax_net_sum_to_one():
    net = Network.create([2, 5, 3], "tanh", "softmax", "ce", seed=2)
    out = grid.maps(net, (-1, 1, -1, 1), n=12)[-1]
    assert out.shape == (3, 12, 12)
    assert np.allclose(out.sum(axis=0), 1.0, atol=1e-5)


def three_class_csv(tmp_path):
    rows = ["x1,x2,t1,t2,t3", "0.5,0.1,1,0,0", "-0.2,0.7,0,1,0", "0.1,-0.9,0,0,1",
            "0.3,0.3,0,1,0"]
    return write(tmp_path / "three.csv", "\n".join(rows) + "\n")


def test_trace_json_and_gradcheck_work_with_softmax(tmp_path, capsys):
    net = Network.create([2, 4, 3], "tanh", "softmax", "ce", "mean", True, seed=6)
    files.save_network(tmp_path / "n.json", net)
    data = three_class_csv(tmp_path)
    code, out, _ = run(capsys, "trace", tmp_path / "n.json", "--data", data, "--json")
    assert code == 0
    report = json.loads(out)
    top = report["layers"][-1]
    a, delta = np.array(top["a"]), np.array(top["delta"])
    t = np.loadtxt(data, delimiter=",", skiprows=1)[:, 2:]
    assert np.allclose(a.sum(axis=1), 1.0)
    assert np.allclose(delta, a - t, rtol=0, atol=1e-15)
    assert report["loss"] == pytest.approx(float(np.mean(-np.log(a[t == 1]))), rel=1e-12)
    code, out, _ = run(capsys, "gradcheck", tmp_path / "n.json", "--data", data)
    assert code == 0 and "verdict: pass" in out
