"""L1 and L2 regularisation: the penalty and its gradient against central finite differences
in float64 and a hand-written reference, with negative controls; the trainer, the stepper,
chunked evaluation, network files, the command line and the session settings all carry it."""
import itertools
import json

import numpy as np
import pytest

from engine import backprop, evaluation, files, gradcheck, regularization, training
from engine.network import Network
from helpers import central_differences, run, same, stepped_and_trained, write

RATE = 0.05  # large enough that a missing term shows far above the check's tolerance
TOL = 1e-6
OUTPUTS = [("sigmoid", "bce"), ("linear", "mse"), ("softmax", "ce")]


def random_case(kind, output, reduction, bias, seed, rate=RATE):
    rng = np.random.default_rng([seed, KINDS.index(kind), OUTPUTS.index(output)])
    sizes = [int(n) for n in rng.integers(1, 5, int(rng.integers(3, 5)))]
    if output[0] == "softmax":
        sizes[-1] = max(sizes[-1], 2)
    net = Network.create(sizes, "tanh", output[0], output[1], reduction, bias,
                         seed=int(rng.integers(2**31)), regularization=kind, reg_rate=rate)
    if bias:
        net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    n = int(rng.integers(1, 6))
    x = rng.normal(size=(n, sizes[0]))
    if output[0] == "softmax":
        t = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    else:
        t = rng.integers(0, 2, size=(n, sizes[-1])).astype(float)
    return net, x, t


KINDS = ["l1", "l2"]
CASES = list(itertools.product(KINDS, OUTPUTS, ["sum", "mean"], [True, False], [0, 1]))


def max_error(mine, reference):
    return max(float((np.abs(g - r) / np.maximum(np.abs(g) + np.abs(r), gradcheck.FLOOR)).max())
               for g, r in zip(mine, reference))


@pytest.mark.parametrize("kind, output, reduction, bias, seed", CASES)
def test_regularized_gradients_match_central_differences(kind, output, reduction, bias, seed):
    net, x, t = random_case(kind, output, reduction, bias, seed)
    mine = gradcheck.analytic_gradients(net, x, t)
    assert max_error(mine, gradcheck.numerical_gradients(net, x, t)) < TOL
    assert gradcheck.check_gradients(net, x, t).verdict == gradcheck.PASS
    # Negative control: the same gradients without the penalty's term are caught.
    plain = net.copy()
    plain.regularization = None
    bare = gradcheck.analytic_gradients(plain, x, t)
    assert gradcheck.check_gradients(net, x, t, analytic=bare).verdict == gradcheck.FAIL


def reference_loss(weights, biases, x, t, kind, rate):
    """Tanh hidden layers, a sigmoid output, mean BCE plus the penalty, from the formulas."""
    a = x
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = a @ w.T + b
        a = 1 / (1 + np.exp(-z)) if l == len(weights) - 1 else np.tanh(z)
    data = np.mean(-np.sum(t * np.log(a) + (1 - t) * np.log(1 - a), axis=1))
    if kind == "l1":
        return data + rate * sum(np.abs(w).sum() for w in weights)
    return data + rate * 0.5 * sum((w ** 2).sum() for w in weights)


@pytest.mark.parametrize("kind", KINDS)
def test_regularized_loss_and_gradients_match_a_hand_written_reference(kind):
    rng = np.random.default_rng(8)
    net = Network.create([3, 4, 2], "tanh", "sigmoid", "bce", "mean", True, seed=3,
                         regularization=kind, reg_rate=RATE)
    net.biases = [rng.normal(0, 0.5, b.shape) for b in net.biases]
    x, t = rng.normal(size=(5, 3)), rng.integers(0, 2, (5, 2)).astype(float)
    weights, biases = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    loss, grads_w, grads_b = backprop.backprop(net, x, t)
    assert loss == pytest.approx(reference_loss(weights, biases, x, t, kind, RATE), rel=1e-12)
    reference = central_differences(
        weights + biases, lambda: reference_loss(weights, biases, x, t, kind, RATE))
    assert max_error(grads_w + grads_b, reference) < TOL


def test_biases_are_not_penalised_and_sign_of_zero_is_zero():
    net = Network([2, 2], ["sigmoid"], "bce", weights=[[[0.0, -2.0], [3.0, 0.5]]],
                  biases=[[5.0, -7.0]], regularization="l1", reg_rate=0.1)
    assert regularization.penalty(net) == pytest.approx(0.1 * 5.5, rel=1e-15)
    assert regularization.gradient(net, 0).tolist() == [[0.0, -0.1], [0.1, 0.1]]
    net.regularization = "l2"
    assert regularization.penalty(net) == pytest.approx(0.1 * 0.5 * (4 + 9 + 0.25), rel=1e-15)
    x, t = np.zeros((1, 2)), np.zeros((1, 2))
    _, _, grads_b = backprop.backprop(net, x, t)
    plain = net.copy()
    plain.regularization = None
    assert same(grads_b[0], backprop.backprop(plain, x, t)[2][0])


def test_l2_training_keeps_the_weights_smaller():
    net, x, t = random_case("l2", OUTPUTS[0], "mean", True, 0, rate=0.0)
    free = training.Trainer(net, x, t, eta=0.5)
    net.regularization, net.reg_rate = "l2", 0.1
    decayed = training.Trainer(net, x, t, eta=0.5)
    for _ in range(200):
        free.train_batch()
        decayed.train_batch()
    norm = lambda tr: sum(float((w ** 2).sum()) for w in tr.net.weights)  # noqa: E731
    assert norm(decayed) < 0.8 * norm(free)


@pytest.mark.parametrize("kind", KINDS)
def test_stepper_and_trainer_agree_bit_for_bit(kind):
    net, x, t = random_case(kind, OUTPUTS[1], "mean", True, 1)
    snap, trained = stepped_and_trained(net, x, t, eta=0.2)
    assert all(same(a, b) for a, b in zip(snap.weights, trained.net.weights))


def test_chunked_evaluation_adds_the_penalty_once(monkeypatch):
    net, x, t = random_case("l1", OUTPUTS[0], "mean", True, 0)
    x, t = np.repeat(x, 300, axis=0), np.repeat(t, 300, axis=0)
    monkeypatch.setattr(evaluation, "CHUNK_WORK", 1)  # chunks of 256 rows: several of them
    e = evaluation.Evaluation(net, x, t)
    e.advance()
    assert e.result()[0] == pytest.approx(training.evaluate(net, x, t)[0], rel=1e-12)


def test_network_files_keep_the_regularization(tmp_path):
    net = Network.create([2, 3, 1], regularization="l1", reg_rate=0.003)
    files.save_network(tmp_path / "n.json", net)
    d = json.loads((tmp_path / "n.json").read_text())
    assert d["regularization"] == {"kind": "l1", "rate": 0.003}
    back = files.load_network(tmp_path / "n.json")
    assert (back.regularization, back.reg_rate) == ("l1", 0.003)
    del d["regularization"]
    assert files.network_from_dict(d).regularization is None  # version 1 without the field
    for bad in ({"kind": "l3", "rate": 0.1}, {"kind": "l2", "rate": -1}, "l2"):
        path = write(tmp_path / "bad.json", {**d, "regularization": bad})
        with pytest.raises(files.NetworkFileError, match="bad.json.*regularization"):
            files.load_network(path)


def test_the_command_line_trains_with_regularization(tmp_path, capsys):
    saved = tmp_path / "r.json"
    code, _, _ = run(capsys, "train", "--data", "xor", "--layers", "2,3,1", "--epochs", "5",
                     "--regularization", "l2", "--reg-rate", "0.01", "--save", saved)
    assert code == 0
    assert json.loads(saved.read_text())["regularization"] == {"kind": "l2", "rate": 0.01}
    code, _, err = run(capsys, "train", "--data", "xor", "--layers", "2,1", "--reg-rate", "0.1")
    assert code == 2 and "--regularization" in err


def test_the_session_builds_its_network_with_the_settings_regularization():
    from dataclasses import replace

    from playground.session.run import Run
    r = Run()
    net = replace(r.settings.net, regularization="l2", reg_rate=0.01)
    assert r.apply_settings(replace(r.settings, net=net))
    assert (r.trainer.net.regularization, r.trainer.net.reg_rate) == ("l2", 0.01)
