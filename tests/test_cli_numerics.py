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
