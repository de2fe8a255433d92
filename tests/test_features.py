"""Feature inputs (x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2): their values, their gradients
against central finite differences in float64 (each feature alone and all together, with a
negative control), refusals, network files, the maps, the stepper and the command line."""
import json

import numpy as np
import pytest

from engine import backprop, features, files, gradcheck, grid, training
from engine.network import Network
from engine.stepper import Stepper
from helpers import run, same, write

TOL = 1e-6


def test_each_feature_is_its_formula():
    x = np.random.default_rng(0).normal(size=(6, 2))
    x1, x2 = x[:, 0], x[:, 1]
    expected = {"x1": x1, "x2": x2, "x1^2": x1 ** 2, "x2^2": x2 ** 2, "x1*x2": x1 * x2,
                "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2)}
    out = features.expand(features.FEATURES, x)
    assert out.shape == (6, 7)
    for j, name in enumerate(features.FEATURES):
        assert np.array_equal(out[:, j], expected[name]), name
    assert features.expand(("x1^2", "sin(x2)"), x.astype(np.float32)).dtype == np.float32


def case(chosen, seed):
    rng = np.random.default_rng([seed, len(chosen)])
    net = Network.create([len(chosen), 3, 2], "tanh", "sigmoid", "bce", "mean", True,
                         seed=seed, features=chosen)
    net.biases = [rng.normal(0, 0.5, b.shape) for b in net.biases]
    return net, rng.normal(size=(5, 2)), rng.integers(0, 2, (5, 2)).astype(float)


SETS = [(name,) for name in features.FEATURES] + [features.FEATURES, ("x1", "x1*x2", "sin(x2)")]


@pytest.mark.parametrize("chosen", SETS, ids=[",".join(s) for s in SETS])
def test_gradients_with_feature_inputs_match_central_differences(chosen):
    for seed in (0, 1):
        net, x, t = case(chosen, seed)
        mine = gradcheck.analytic_gradients(net, x, t)
        reference = gradcheck.numerical_gradients(net, x, t)
        for g, r, p in zip(mine, reference, net.params()):
            assert g.shape == p.shape
            assert np.max(np.abs(g - r) / np.maximum(np.abs(g) + np.abs(r), gradcheck.FLOOR)) < TOL
        assert gradcheck.check_gradients(net, x, t).verdict == gradcheck.PASS


def test_control_gradients_taken_on_the_raw_columns_fail():
    """The first layer's gradient must use the features as a[0], not the raw x."""
    net, x, t = case(("x1^2", "x2^2"), 3)
    zs, acts = backprop.forward(net, x)
    assert acts[0].shape == (5, 2) and not np.array_equal(acts[0], x)
    wrong_acts = [x] + acts[1:]
    _, gw, gb = backprop.backward(net, zs, wrong_acts, t)
    assert gradcheck.check_gradients(net, x, t, analytic=gw + gb).verdict == gradcheck.FAIL


@pytest.mark.parametrize("names, units", [
    (("x1", "x3"), 2), (("x2", "x1"), 2), (("x1", "x1"), 2), ((), 1), (("x1", "x2"), 3)])
def test_bad_features_are_refused(names, units, tmp_path):
    with pytest.raises(ValueError):
        Network([units, 1], ["sigmoid"], features=names)
    good = files.network_to_dict(Network([units, 1], ["sigmoid"]))
    path = write(tmp_path / "f.json", {**good, "features": list(names)})
    with pytest.raises(files.NetworkFileError, match="f.json"):
        files.load_network(path)


def test_network_files_keep_the_features(tmp_path):
    net = Network.create([3, 2, 1], features=("x1", "x2^2", "sin(x1)"))
    files.save_network(tmp_path / "n.json", net)
    assert json.loads((tmp_path / "n.json").read_text())["features"] == ["x1", "x2^2", "sin(x1)"]
    assert files.load_network(tmp_path / "n.json").features == ("x1", "x2^2", "sin(x1)")
    plain = files.network_to_dict(Network.create([2, 1]))
    assert "features" not in plain and files.network_from_dict(plain).features is None


def test_maps_and_the_stepper_take_the_raw_columns():
    net, x, t = case(("x1", "x2", "x1*x2"), 4)
    out = grid.maps(net, (-1, 1, -1, 1), n=8, dtype=np.float64)[-1]
    xs, ys, plane = grid.points((-1, 1, -1, 1), 8)
    assert np.allclose(out.reshape(2, -1).T, backprop.forward(net, plane)[1][-1], atol=1e-12)
    stepper = Stepper(training.Trainer(net, x, t, eta=0.3))
    assert stepper.snapshot.a[0].shape == (5, 3)  # the input units, before the forward pass too
    trainer = training.Trainer(net, x, t, eta=0.3)
    for _ in range(2):
        snap = stepper.finish_iteration()
        trainer.train_batch()
    assert all(same(a, b) for a, b in zip(snap.weights, trainer.net.weights))


def test_squares_let_a_net_without_hidden_layers_learn_the_circle(tmp_path, capsys):
    args = ["train", "--data", "circle", "--layers", "2,1", "--lr", "0.5", "--epochs", "300",
            "--json"]
    code, out, _ = run(capsys, *args, "--features", "x1^2,x2^2", "--save", tmp_path / "c.json")
    assert code == 0 and json.loads(out)["accuracy"] >= 0.9
    _, out, _ = run(capsys, *args)
    assert json.loads(out)["accuracy"] < 0.75  # a line cannot cut a disk from a ring
    code, out, _ = run(capsys, "gradcheck", tmp_path / "c.json", "--data", "circle")
    assert code == 0 and "verdict: pass" in out
    code, _, err = run(capsys, "train", "--data", "circle", "--layers", "3,1", "--features",
                       "x1^2,x2^2")
    assert code == 2 and "--features" in err


def test_the_session_builds_its_network_with_the_settings_features():
    from dataclasses import replace

    from playground.session.run import Run
    r = Run()
    net = replace(r.settings.net, features=("x1", "x2", "x1*x2"))
    assert r.apply_settings(replace(r.settings, net=net))
    assert r.trainer.net.features == ("x1", "x2", "x1*x2") and r.trainer.net.sizes[0] == 3
    r.step()  # the forward phase on the raw xor points
    assert r.snapshot.a[0].shape[1] == 3 and r.snapshot.x.shape[1] == 2
