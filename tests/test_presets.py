"""Presets: the seeds' worked examples load, are what their texts say, and can be trained."""
import json

import pytest

from engine import presets
from engine.training import Trainer, evaluate

EXPECTED = {  # name: (layers, activations, loss, reduction, bias, samples)
    "sigmoid-bce": ([2, 2, 2], ["sigmoid", "sigmoid"], "bce", "sum", False, 2),
    "relu-bce": ([2, 3, 1], ["relu", "sigmoid"], "bce", "mean", True, 4),
    "sigmoid-mse": ([2, 2, 1], ["sigmoid", "sigmoid"], "mse", "sum", True, 2),
    "xor": ([2, 2, 1], ["sigmoid", "sigmoid"], "bce", "mean", True, 4),
}


def test_four_presets_in_order():
    assert presets.names() == list(EXPECTED)
    titles = presets.titles()
    assert [titles[n][0] for n in EXPECTED] == ["1", "2", "3", "4"]
    assert all(f"seed 00{i}" in titles[n] for i, n in enumerate(EXPECTED))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_preset_is_what_it_claims(name):
    p = presets.load(name)
    layers, names, loss, reduction, bias, n = EXPECTED[name]
    net = p.net
    assert (net.sizes, net.activations, net.loss, net.reduction, net.bias) == \
        (layers, names, loss, reduction, bias)
    assert p.data.x.shape == (n, layers[0]) and p.data.t.shape == (n, layers[-1])
    assert p.text.startswith("# ") and p.title.split(" ")[0] in p.text.splitlines()[0]
    assert p.eta > 0
    with open(p.stem.with_suffix(".json"), encoding="utf-8") as f:
        d = json.load(f)
    assert d["format"] == "backprop-playground.network" and d["version"] == 1
    assert ("biases" in d) == bias


def test_xor_preset_holds_the_four_points_and_learns_them():
    p = presets.load("xor")
    assert p.data.x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert p.data.t.ravel().tolist() == [0, 1, 1, 0]
    trainer = Trainer(p.net, p.data.x, p.data.t, eta=p.eta)
    trainer.train_epochs(1000)
    loss, accuracy = evaluate(trainer.net, p.data.x, p.data.t)
    assert accuracy == 1.0 and loss < 0.05


def test_relu_preset_has_a_unit_switched_off_for_some_samples():
    """The text says hidden unit 2 has z < 0 for samples 1 and 4 (and z > 0 for 2 and 3)."""
    p = presets.load("relu-bce")
    w, b = p.net.weights[0][1], p.net.biases[0][1]
    z = [sum(wi * xi for wi, xi in zip(w, x)) + b for x in p.data.x.tolist()]
    assert [v > 0 for v in z] == [False, True, True, False]
    assert "samples 1 and 4" in p.text


def test_seed_003_text_points_out_the_slips():
    text = presets.load("xor").text
    assert "sign flipped" in text and "minus sign" in text and "a − t" in text


def test_unknown_name():
    with pytest.raises(KeyError, match="xor"):
        presets.load("nope")


def test_an_install_without_a_checkout_finds_the_presets_in_its_shared_data(tmp_path, monkeypatch):
    data_paths = {}

    def get_path(name, scheme):
        data_paths[scheme] = tmp_path / scheme
        return str(tmp_path / scheme)

    monkeypatch.setattr(presets.sysconfig, "get_path", get_path)
    user = presets.sysconfig.get_preferred_scheme("user")
    installed = tmp_path / user / presets.SHARED
    installed.mkdir(parents=True)
    (installed / "index.json").write_text("[]", encoding="utf-8")
    assert presets._folder(tmp_path / "no-checkout") == installed
    # A checkout beside the sources comes first.
    assert presets._folder(presets.PRESET_DIR) == presets.PRESET_DIR


def test_the_wheel_ships_every_preset_file():
    tomllib = pytest.importorskip("tomllib")
    root = presets.PRESET_DIR.parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["setuptools"]["data-files"][str(presets.SHARED)]
    files = {p.name for pattern in shipped for p in root.glob(pattern)}
    for entry in json.loads((presets.PRESET_DIR / "index.json").read_text(encoding="utf-8")):
        assert {entry["stem"] + ext for ext in (".json", ".csv", ".md")} <= files
    assert "index.json" in files
