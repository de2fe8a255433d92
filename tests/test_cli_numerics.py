"""The command line's numbers: strict JSON, BCE targets in [0, 1], presets traced as the window
opens them."""
import json

import numpy as np
import pytest

from engine import strict_json
from helpers import run, write

SATURATED_NET = {  # the hidden z of sample (10, 10) overflows to inf; sigmoid(inf) = 1 is finite
    "format": "backprop-playground.network", "version": 1, "layers": [2, 1, 1],
    "activations": ["sigmoid", "sigmoid"], "loss": "bce", "reduction": "mean", "bias": False,
    "weights": [[[1e307, 1e307]], [[0.5]]],
}
SATURATED_DATA = "x1,x2,t\n0,1,1\n10,10,0\n"


def strict_loads(text):
    def refuse(name):
        raise ValueError(f"{name} is not strict JSON")
    return json.loads(text, parse_constant=refuse)


def test_trace_json_is_strict_when_a_hidden_z_overflows(tmp_path, capsys):
    code, out, err = run(capsys, "trace", write(tmp_path / "net.json", SATURATED_NET),
                         "--data", write(tmp_path / "data.csv", SATURATED_DATA), "--json")
    assert (code, err) == (0, "")
    result = strict_loads(out)  # no Infinity, no NaN
    assert result["nonfinite"] is True
    z = result["layers"][0]["z"]
    assert z == [[1e307], [None]]  # 2e308 is not a float
    assert result["layers"][0]["a"] == [[pytest.approx(1.0)], [1.0]]
    assert np.isfinite(result["loss"])


def test_a_finite_trace_has_no_nonfinite_field(tmp_path, capsys):
    net = dict(SATURATED_NET, weights=[[[0.5, -0.5]], [[0.5]]])
    code, out, _ = run(capsys, "trace", write(tmp_path / "net.json", net), "--data", "xor",
                       "--json")
    assert code == 0 and "nonfinite" not in strict_loads(out)


def test_strict_dumps_writes_null_for_each_kind_of_nonfinite_number():
    text = strict_json.dumps({"a": [1.0, float("inf")], "b": {"c": float("nan")},
                              "d": (np.float64(-np.inf),), "e": None, "n": 3})
    assert strict_loads(text) == {"a": [1.0, None], "b": {"c": None}, "d": [None], "e": None,
                                  "n": 3, "nonfinite": True}


# ---- BCE targets in [0, 1] ----------------------------------------------------------------------

BCE_NET = dict(SATURATED_NET, weights=[[[0.5, -0.5]], [[0.5]]])


@pytest.mark.parametrize("command", ["trace", "gradcheck", "train"])
def test_bce_refuses_a_target_outside_0_1_naming_the_file_and_line(tmp_path, capsys, command):
    net = write(tmp_path / "net.json", BCE_NET)
    data = write(tmp_path / "data.csv", "x1,x2,t\n0,0,0\n\n0,1,2\n1,1,1\n")
    argv = [command, net, "--data", data] if command != "train" else \
        [command, "--init", net, "--data", data, "--epochs", "5"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert f"{data}: line 4: target 2 is outside [0, 1]" in err


@pytest.mark.parametrize("bad", [-0.5, 1.0000000000000002, 2.0])
def test_the_engine_refuses_bce_targets_outside_0_1_with_a_value_error(bad):
    from engine import losses
    t = np.array([[0.0], [1.0], [bad]])
    with pytest.raises(ValueError, match=r"^points.csv: line 9: target .* is outside \[0, 1\]"):
        losses.check_targets("bce", t, "points.csv", (2, 5, 9))
    with pytest.raises(ValueError, match="the data: row 3"):
        losses.check_targets("bce", t)
    losses.check_targets("mse", t)  # squared error takes any target
    losses.check_targets("bce", np.array([[0.0], [0.5], [1.0]]))  # the ends of [0, 1] are fine


def test_a_session_file_with_bce_and_a_target_of_2_is_refused(tmp_path):
    from engine import datasets, sessions, training
    from engine.network import Network
    net = Network.create([2, 2, 1], "sigmoid", "sigmoid", "bce", "mean", True, 0)
    data = datasets.xor()
    path = tmp_path / "s.json"
    sessions.save_session(path, training.Trainer(net, data.x, data.t), None)
    saved = path.read_text()
    text = saved.replace('"targets": [[0.0], [1.0], [1.0], [0.0]]',
                         '"targets": [[0.0], [1.0], [2.0], [0.0]]')
    assert text != saved
    path.write_text(text)
    with pytest.raises(sessions.SessionFileError, match="data.targets: row 3: target 2"):
        sessions.load_session(path)


def test_csv_rows_remember_their_lines(tmp_path):
    from engine import datasets
    path = write(tmp_path / "d.csv", "x1,x2,t\n\n1,2,0\n\n\n3,4,1\n")
    assert datasets.load_csv(path, 2, 1).lines == (3, 6)


# ---- trace PRESET.json: the preset's own data, eta and reduction --------------------------------

def window_update(preset, eta=None, data=None):
    """The snapshot after one iteration as the window runs a preset (playground/presets_menu.py
    open_preset: the preset's points, its eta, plain gradient descent on the whole batch)."""
    from engine.stepper import UPDATE, Stepper
    from engine.training import Trainer
    x, t = (preset.data.x, preset.data.t) if data is None else data
    machine = Stepper(Trainer(preset.net, x, t, preset.eta if eta is None else eta,
                              batch_size=0, optimizer="sgd"))
    snap = machine.step()
    while snap.phase != UPDATE:
        snap = machine.step()
    return snap


def as_lists(snap):
    layers = [{"z": snap.z[l].tolist(), "a": snap.a[l + 1].tolist(),
               "delta": snap.delta[l].tolist(), "grad_weights": snap.grad_w[l].tolist()}
              for l in range(len(snap.z))]
    return snap.loss, layers, [w.tolist() for w in snap.weights]


def cli_lists(result):
    layers = [{k: layer[k] for k in ("z", "a", "delta", "grad_weights")}
              for layer in result["layers"]]
    return result["loss"], layers, result["weights"]


@pytest.mark.parametrize("name", ["sigmoid-bce", "relu-bce", "sigmoid-mse", "xor"])
def test_trace_of_a_preset_without_data_gives_the_windows_numbers(capsys, name):
    from engine import presets
    p = presets.load(name)
    code, out, err = run(capsys, "trace", p.stem.with_suffix(".json"), "--json")
    assert (code, err) == (0, "")
    assert cli_lists(strict_loads(out)) == as_lists(window_update(p))  # every bit


def test_trace_of_the_xor_preset_uses_its_eta_of_1_and_the_table_says_so(capsys):
    from engine import presets
    p = presets.load("xor")
    assert p.eta == 1.0  # what the window uses; trace used 0.5
    code, out, _ = run(capsys, "trace", p.stem.with_suffix(".json"))
    assert code == 0 and "after (eta = 1)" in out
    w11 = window_update(p).weights[0][0, 0]
    assert f"{w11:.4f}" in out  # 0.5898, where eta = 0.5 gave 0.5949


def test_lr_and_data_still_override_a_presets_own(tmp_path, capsys):
    from engine import presets
    p = presets.load("xor")
    net = p.stem.with_suffix(".json")
    _, out, _ = run(capsys, "trace", net, "--lr", "0.25", "--json")
    assert cli_lists(strict_loads(out)) == as_lists(window_update(p, eta=0.25))
    data = write(tmp_path / "d.csv", "1,1,1\n0,1,0\n")
    _, out, _ = run(capsys, "trace", net, "--data", data, "--json")
    expected = window_update(p, data=(np.array([[1.0, 1.0], [0.0, 1.0]]), np.array([[1.0], [0.0]])))
    assert cli_lists(strict_loads(out)) == as_lists(expected)


def test_a_network_file_that_is_not_a_preset_still_needs_data(tmp_path, capsys):
    code, out, err = run(capsys, "trace", write(tmp_path / "net.json", BCE_NET))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "net.json: --data is needed" in err
