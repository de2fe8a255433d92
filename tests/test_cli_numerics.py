"""The command line's numbers: strict JSON, BCE targets in [0, 1], presets traced as the window
opens them."""
import json

import numpy as np
import pytest

from engine import cli, strict_json

SATURATED_NET = {  # the hidden z of sample (10, 10) overflows to inf; sigmoid(inf) = 1 is finite
    "format": "backprop-playground.network", "version": 1, "layers": [2, 1, 1],
    "activations": ["sigmoid", "sigmoid"], "loss": "bce", "reduction": "mean", "bias": False,
    "weights": [[[1e307, 1e307]], [[0.5]]],
}
SATURATED_DATA = "x1,x2,t\n0,1,1\n10,10,0\n"


def write(path, content):
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return str(path)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


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
