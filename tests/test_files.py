"""Network files: exact round trips, the DESIGN.md example, and every refusal."""
import json
import os

import numpy as np
import pytest

from engine.files import (NetworkFileError, atomic_write_text, load_network, network_from_dict,
                          network_to_dict, save_network)
from engine.network import Network

DESIGN_EXAMPLE = """{
  "format": "backprop-playground.network",
  "version": 1,
  "layers": [2, 2, 1],
  "activations": ["sigmoid", "sigmoid"],
  "loss": "bce",
  "reduction": "mean",
  "bias": true,
  "weights": [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45]]],
  "biases": [[0.35, 0.35], [0.60]]
}"""


def random_network(bias, seed):
    rng = np.random.default_rng(seed)
    sizes = [3, 5, 4, 2]
    # Floats across many magnitudes, including tiny and huge ones, with full 53-bit mantissas.
    weights = [rng.normal(size=(m, n)) * 10.0 ** rng.integers(-300, 300, size=(m, n))
               for n, m in zip(sizes, sizes[1:])]
    biases = [rng.uniform(-1, 1, m) / 3.0 for m in sizes[1:]] if bias else None
    return Network(sizes, ["tanh", "relu", "linear"], "mse", "sum", bias, weights, biases)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_round_trip_is_bit_exact(tmp_path, bias, seed):
    net = random_network(bias, seed)
    path = tmp_path / "net.json"
    save_network(path, net)
    back = load_network(path)
    assert back.sizes == [3, 5, 4, 2]
    assert back.activations == ["tanh", "relu", "linear"]
    assert (back.loss, back.reduction, back.bias) == ("mse", "sum", bias)
    for a, b in zip(net.weights, back.weights):
        assert a.tobytes() == b.tobytes()
    if bias:
        for a, b in zip(net.biases, back.biases):
            assert a.tobytes() == b.tobytes()
    else:
        assert back.biases is None
        assert "biases" not in json.loads(path.read_text())


def test_json_of_python_floats_is_exact():
    values = np.random.default_rng(7).normal(size=1000) * 1e5
    text = json.dumps(values.tolist())
    assert np.array(json.loads(text)).tobytes() == values.tobytes()


def test_design_example_loads(tmp_path):
    path = tmp_path / "example.json"
    path.write_text(DESIGN_EXAMPLE)
    net = load_network(path)
    assert net.sizes == [2, 2, 1]
    assert [w.shape for w in net.weights] == [(2, 2), (1, 2)]
    assert [b.shape for b in net.biases] == [(2,), (1,)]
    assert net.weights[0][1, 0] == 0.25 and net.weights[1][0, 1] == 0.45
    assert net.biases[1][0] == 0.60
    assert (net.loss, net.reduction, net.bias) == ("bce", "mean", True)


def test_reduction_and_bias_have_defaults():
    d = json.loads(DESIGN_EXAMPLE)
    del d["reduction"], d["bias"]
    net = network_from_dict(d, "x.json")
    assert net.reduction == "mean" and net.bias is True


def test_biases_ignored_when_bias_is_false():
    d = json.loads(DESIGN_EXAMPLE)
    d["bias"] = False
    d["biases"] = "anything"
    assert network_from_dict(d).biases is None


def edit(**changes):
    """The DESIGN.md example as text, with some keys replaced by raw JSON text."""
    d = json.loads(DESIGN_EXAMPLE)
    raw = {}
    for key, value in changes.items():
        d[key] = f"@{key}@"
        raw[f'"@{key}@"'] = value
    text = json.dumps(d)
    for placeholder, value in raw.items():
        text = text.replace(placeholder, value)
    return text


REFUSALS = {
    "wrong format": (edit(format='"keras"'), "format"),
    "version 2": (edit(version="2"), "version"),
    "version true": (edit(version="true"), "version"),
    "weights shape": (edit(weights="[[[0.1, 0.2], [0.3, 0.4]], [[0.5]]]"),
                      "weights[1] should have 1 rows of 2 numbers"),
    "too few matrices": (edit(weights="[[[0.1, 0.2], [0.3, 0.4]]]"), "weights"),
    "biases shape": (edit(biases="[[0.1], [0.2]]"), "biases[0]"),
    "biases missing": (edit(biases="null"), "biases"),
    "layers not ints": (edit(layers="[2, 2.5, 1]"), "layers"),
    "layers zero": (edit(layers="[2, 0, 1]"), "layers"),
    "unknown activation": (edit(activations='["sigmoid", "softmax"]'), "softmax"),
    "unknown loss": (edit(loss='"hinge"'), "hinge"),
    "unknown reduction": (edit(reduction='"max"'), "max"),
    "bce with tanh output": (edit(activations='["sigmoid", "tanh"]'), "sigmoid"),
    "NaN as a string": (edit(biases='[[0.1, "NaN"], [0.2]]'), "biases[0][1]"),
    "NaN literal": (edit(weights="[[[0.1, NaN], [0.3, 0.4]], [[0.5, 0.6]]]"),
                    "weights[0][0][1]"),
    "huge number": (edit(weights="[[[0.1, 0.2], [0.3, 0.4]], [[1e999, 0.6]]]"),
                    "weights[1][0][0]"),
    "bool weight": (edit(weights="[[[0.1, 0.2], [true, 0.4]], [[0.5, 0.6]]]"),
                    "weights[0][1][0]"),
    "bias not bool": (edit(bias='"yes"'), "bias"),
    "truncated": (DESIGN_EXAMPLE[:120], "JSON"),
    "not JSON": ("layers: 2, 2, 1\n", "JSON"),
    "not an object": ("[1, 2, 3]", "object"),
    "empty": ("\n", "empty"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_name_the_file_and_problem(tmp_path, case):
    text, problem = REFUSALS[case]
    path = tmp_path / "bad-net.json"
    path.write_text(text)
    with pytest.raises(NetworkFileError) as info:
        load_network(path)
    message = str(info.value)
    assert "bad-net.json" in message
    assert problem in message


def test_missing_file(tmp_path):
    with pytest.raises(NetworkFileError, match="nowhere.json"):
        load_network(tmp_path / "nowhere.json")


def test_truncated_file_says_so(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(DESIGN_EXAMPLE[:-60])
    with pytest.raises(NetworkFileError, match="cut short"):
        load_network(path)


def test_error_is_a_value_error():
    with pytest.raises(ValueError, match="src"):
        network_from_dict({"format": "nope"}, "src")


def test_saving_non_finite_weights_is_refused(tmp_path):
    net = Network.create([2, 2, 1])
    net.weights[0][0, 0] = np.nan
    path = tmp_path / "nan.json"
    with pytest.raises(NetworkFileError, match="nan.json"):
        save_network(path, net)
    assert not path.exists()


def test_saved_file_is_readable_json_in_design_shape(tmp_path):
    path = tmp_path / "n.json"
    save_network(path, Network.create([2, 3, 1], seed=4))
    d = json.loads(path.read_text())
    assert d["format"] == "backprop-playground.network" and d["version"] == 1
    assert d["layers"] == [2, 3, 1]
    assert len(d["weights"][0]) == 3 and len(d["weights"][0][0]) == 2
    assert network_to_dict(load_network(path)) == d


def test_atomic_write_failure_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "net.json"
    path.write_text("old contents")

    def failing_replace(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk on fire"):
        save_network(path, Network.create([2, 2, 1]))
    assert path.read_text() == "old contents"
    assert os.listdir(tmp_path) == ["net.json"]


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old")
    os.chmod(path, 0o640)
    atomic_write_text(path, "new\nline")
    assert path.read_text() == "new\nline"
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["f.txt"]


def test_atomic_write_creates_a_new_file_readable_by_others(tmp_path):
    path = tmp_path / "new.txt"
    atomic_write_text(str(path), "hello")
    assert path.read_text() == "hello"
    assert os.stat(path).st_mode & 0o044 == 0o044


def test_an_activation_that_is_not_a_name_is_refused_with_the_file_name(tmp_path):
    doc = {"format": "backprop-playground.network", "version": 1, "layers": [2, 1],
           "activations": [["sigmoid"]], "loss": "bce", "reduction": "mean", "bias": False,
           "weights": [[[0.1, 0.2]]]}
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(NetworkFileError, match="odd.json"):
        load_network(path)
