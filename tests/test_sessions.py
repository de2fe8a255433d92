"""Session files: bit-exact round trips, training on after loading, and every refusal."""
import copy
import json
import os
import re

import numpy as np
import pytest

from engine import session_checks
from engine.datasets import Dataset
from engine.files import network_from_dict, network_to_dict
from engine.network import Network
from engine.sessions import (SavedSession, SessionFileError, load_session, save_session,
                             session_from_dict, session_to_dict)
from engine.training import Diverged, Trainer

OPTIMIZERS = ("sgd", "momentum", "adam")


def bits(a) -> bytes:
    """The exact bytes of a float64 array (array_equal would call 0.0 and -0.0 equal)."""
    return np.ascontiguousarray(a, dtype=np.float64).tobytes()


def classes(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    return x, (x[:, :1] * x[:, 1:] > 0).astype(float)


def make_trainer(optimizer="adam", bias=True, batch_size=8, n=50, seed=5):
    x, t = classes(n, seed)
    net = Network.create([2, 4, 3, 1], "tanh", "sigmoid", "bce", "mean", bias, seed=seed)
    eta = 0.01 if optimizer == "adam" else 0.3
    return Trainer(net, x, t, eta, batch_size, optimizer, seed=seed + 1)


def held_out():
    x, t = classes(20, 99)
    return Dataset("test", x, t)


def train_steps(trainer, epochs, batches=0):
    for _ in range(epochs):
        trainer.train_epoch()
    for _ in range(batches):
        trainer.train_batch()


def same_trainers(a: Trainer, b: Trainer):
    """Every part of the trainers' state, compared bit for bit."""
    assert [bits(p) for p in a.net.params()] == [bits(p) for p in b.net.params()]
    assert [bits(p) for p in a.initial.params()] == [bits(p) for p in b.initial.params()]
    assert (a.net.sizes, a.net.activations, a.net.loss, a.net.reduction, a.net.bias) == (
        b.net.sizes, b.net.activations, b.net.loss, b.net.reduction, b.net.bias)
    assert bits(a.x) == bits(b.x) and bits(a.t) == bits(b.t)
    assert a.rng.bit_generator.state == b.rng.bit_generator.state
    assert (a.epoch, a.position, a.steps, a.seed) == (b.epoch, b.position, b.steps, b.seed)
    assert (a.eta, a.batch_size, a.optimizer_name) == (b.eta, b.batch_size, b.optimizer_name)
    assert np.array_equal(a.order, b.order)
    sa, sb = a.state().opt_state, b.state().opt_state
    if a.optimizer_name == "adam" and sa is not None:
        assert sa[0] == sb[0] and bits(sa[1]) == bits(sb[1]) and bits(sa[2]) == bits(sb[2])
    elif sa is not None:
        assert bits(sa) == bits(sb)
    else:
        assert sb is None


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("bias", [True, False])
def test_round_trip_is_bit_exact(tmp_path, optimizer, bias):
    trainer = make_trainer(optimizer, bias)
    train_steps(trainer, 3, batches=2)  # stop mid-epoch
    assert trainer.position != 0
    assert (trainer.state().opt_state is None) == (optimizer == "sgd")
    test = held_out()
    settings = {"zoom": 1.25, "digits": 3, "generator": {"name": "xor-cloud", "noise": 0.1},
                "selected": None, "labels": ["a", "b"]}
    history = {"epochs": [1, 2, 3], "train": [0.7, 0.6, 0.1 / 3], "test": [0.8, 0.7, 2 / 3]}
    path = tmp_path / "s.json"
    save_session(path, trainer, test, settings, history, name="quadrants")
    s = load_session(path)
    assert isinstance(s, SavedSession)
    same_trainers(s.trainer, trainer)
    assert bits(s.train.x) == bits(trainer.x) and bits(s.train.t) == bits(trainer.t)
    assert s.train.name == "quadrants" and s.train.kind == "classification"
    assert bits(s.test.x) == bits(test.x) and bits(s.test.t) == bits(test.t)
    assert s.settings == settings
    assert s.loss_history == history


def test_random_floats_round_trip_bit_exact(tmp_path):
    rng = np.random.default_rng(11)

    def wild(shape):  # full mantissas over the whole exponent range, plus the awkward ones
        a = rng.normal(size=shape) * 10.0 ** rng.integers(-307, 307, size=shape)
        a.flat[:3] = [-0.0, 5e-324, -1.7976931348623157e308][:a.size]
        return a

    x, t = wild((30, 3)), rng.uniform(0, 1, (30, 2))
    net = Network([3, 4, 2], ["linear", "sigmoid"], "mse", "sum", True,
                  [wild((4, 3)), wild((2, 4))], [wild(4), wild(2)])
    trainer = Trainer(net, x, t, 1e-300, 7, "momentum", seed=2**100 + 3)
    trainer.net.weights[0][...] = wild((4, 3))  # current weights differ from the initial ones
    history = {"epochs": [1.0], "train": [float(wild(1)[0])], "test": []}
    save_session(tmp_path / "s.json", trainer, loss_history=history, kind="regression")
    s = load_session(tmp_path / "s.json")
    same_trainers(s.trainer, trainer)
    assert s.test is None and s.train.kind == "regression"
    assert s.loss_history == history


@pytest.mark.parametrize("optimizer, batch_size", [("adam", 8), ("momentum", 8), ("sgd", 0)])
def test_training_on_after_loading_equals_never_saving(tmp_path, optimizer, batch_size):
    straight, saved = (make_trainer(optimizer, batch_size=batch_size) for _ in range(2))
    train_steps(straight, 57)
    train_steps(saved, 37)
    save_session(tmp_path / "s.json", saved)
    loaded = load_session(tmp_path / "s.json").trainer
    train_steps(loaded, 20)
    same_trainers(loaded, straight)


def test_loading_mid_epoch_then_training_on_equals_never_saving(tmp_path):
    straight, saved = make_trainer(), make_trainer()
    train_steps(straight, 0, batches=66)  # 50 samples, batches of 8: 7 batches an epoch
    train_steps(saved, 0, batches=32)
    assert (saved.epoch, saved.position) == (4, 32)
    save_session(tmp_path / "s.json", saved)
    loaded = load_session(tmp_path / "s.json").trainer
    train_steps(loaded, 0, batches=34)
    same_trainers(loaded, straight)


def test_reset_after_loading_returns_to_the_saved_start(tmp_path):
    trainer = make_trainer()
    train_steps(trainer, 6)
    save_session(tmp_path / "s.json", trainer)
    loaded = load_session(tmp_path / "s.json").trainer
    loaded.reset()
    fresh = make_trainer()
    same_trainers(loaded, fresh)
    train_steps(loaded, 3)
    train_steps(fresh, 3)
    same_trainers(loaded, fresh)


def test_the_file_holds_the_documented_fields(tmp_path):
    trainer = make_trainer("adam", bias=False)
    train_steps(trainer, 1)
    path = tmp_path / "s.json"
    save_session(path, trainer, held_out(), {"zoom": 2})
    d = json.loads(path.read_text())
    assert set(d) == {"format", "version", "network", "initial_network", "data", "training",
                      "settings", "loss_history"}
    assert (d["format"], d["version"]) == ("backprop-playground.session", 1)
    assert set(d["data"]) == {"name", "kind", "inputs", "targets", "test_inputs", "test_targets"}
    assert set(d["training"]) == {"eta", "batch_size", "optimizer", "seed", "epoch", "steps",
                                  "position", "order", "rng_state", "optimizer_state"}
    assert set(d["loss_history"]) == {"epochs", "train", "test"}
    # The network object is a network file of its own (DESIGN.md section 3).
    net = network_from_dict(d["network"])
    assert [bits(w) for w in net.weights] == [bits(w) for w in trainer.net.weights]
    assert network_from_dict(d["initial_network"]).sizes == [2, 4, 3, 1]
    adam = d["training"]["optimizer_state"]
    assert adam["k"] == 7 and "biases" not in adam["m"]
    assert [np.shape(w) for w in adam["v"]["weights"]] == [(4, 2), (3, 4), (1, 3)]
    assert d["training"]["rng_state"] == trainer.rng.bit_generator.state


def test_session_from_dict_leaves_its_input_alone():
    trainer = make_trainer("momentum")
    train_steps(trainer, 1)
    d = session_to_dict(trainer, settings={"view": {"zoom": 1}})
    before = copy.deepcopy(d)
    s = session_from_dict(d, "here")
    assert d == before
    s.settings["view"]["zoom"] = 5
    assert d["settings"]["view"]["zoom"] == 1


# Refusals. Each case changes a valid saved dictionary (or its text) in one way.

def _set(path, value):
    def change(d):
        *keys, last = path
        for k in keys:
            d = d[k]
        d[last] = value
    return change


def _del(*path):
    def change(d):
        *keys, last = path
        for k in keys:
            d = d[k]
        del d[last]
    return change


def _duplicate_first(d):
    d["training"]["order"][0] = d["training"]["order"][1]


def _short_targets(d):
    d["data"]["targets"].pop()


def _wider_initial(d):
    d["initial_network"] = network_to_dict(Network.create([2, 5, 3, 1], "tanh", "sigmoid"))


def _too_wide(d):
    d["network"]["layers"] = [2, 1025, 1]


def _too_deep(d):
    d["network"]["layers"] = [2] * 34 + [1]


def _deep_settings(d):
    deep = inner = {}
    for _ in range(40):
        inner["x"] = {}
        inner = inner["x"]
    d["settings"] = deep


def _negative_adam_v(d):
    d["training"]["optimizer_state"]["v"]["weights"][0][0][0] = -1e-9


def _bad_adam_shape(d):
    d["training"]["optimizer_state"]["m"]["weights"][1].pop()


def _test_half(d):
    d["data"]["test_targets"] = None


def _history_mismatch(d):
    d["loss_history"]["train"].append(0.5)


def _activation_list(d):
    d["network"]["activations"][0] = ["tanh"]


def _even_inc(d):
    d["training"]["rng_state"]["state"]["inc"] += 1


def _bool_target(d):
    d["data"]["targets"][3][0] = True


def _string_input(d):
    d["data"]["inputs"][0][1] = "0.5"


def _wide_input(d):
    d["data"]["inputs"][2].append(1.0)


DICT_CASES = {
    "another format": (_set(["format"], "backprop-playground.network"), "format"),
    "version 2": (_set(["version"], 2), "version 2"),
    "version as text": (_set(["version"], "1"), "version"),
    "not an object": (lambda d: d.clear() or d.update({"x": 1}), "format"),
    "training missing": (_del("training"), "training is missing"),
    "data not an object": (_set(["data"], [1, 2]), "data should be a JSON object"),
    "weights as text": (_set(["network", "weights"], "0.1"), "network: weights"),
    "layer too wide": (_too_wide, "at most 1024 units"),
    "network too deep": (_too_deep, "at most 32 layers"),
    "activation not a name": (_activation_list, "activations"),
    "initial network differs": (_wider_initial, "initial_network"),
    "fewer targets than inputs": (_short_targets, "data.targets"),
    "an input row too wide": (_wide_input, "data.inputs"),
    "a target that is true": (_bool_target, "data.targets"),
    "an input as text": (_string_input, "data.inputs"),
    "half a test set": (_test_half, "data.test_targets"),
    "unknown kind": (_set(["data", "kind"], "clustering"), "data.kind"),
    "order repeats a sample": (_duplicate_first, "permutation"),
    "order too short": (lambda d: d["training"]["order"].pop(), "permutation"),
    "order out of range": (lambda d: d["training"]["order"].__setitem__(0, 50), "permutation"),
    "position past the end": (_set(["training", "position"], 50), "training.position"),
    "negative position": (_set(["training", "position"], -1), "training.position"),
    "position as a float": (_set(["training", "position"], 8.0), "training.position"),
    "another generator": (_set(["training", "rng_state", "bit_generator"], "MT19937"),
                          "PCG64"),
    "generator state as text": (_set(["training", "rng_state", "state", "state"], "12"),
                                "PCG64"),
    "generator state too big": (_set(["training", "rng_state", "state", "state"], 2**128),
                                "PCG64"),
    "even increment": (_even_inc, "PCG64"),
    "generator without inc": (_del("training", "rng_state", "state", "inc"), "PCG64"),
    "rng_state a list": (_set(["training", "rng_state"], [1, 2]), "PCG64"),
    "negative eta": (_set(["training", "eta"], -0.1), "training.eta"),
    "eta as text": (_set(["training", "eta"], "0.1"), "training.eta"),
    "negative batch size": (_set(["training", "batch_size"], -8), "training.batch_size"),
    "huge batch size": (_set(["training", "batch_size"], 10**12), "training.batch_size"),
    "unknown optimizer": (_set(["training", "optimizer"], "rmsprop"), "training.optimizer"),
    "optimizer as a list": (_set(["training", "optimizer"], ["adam"]), "training.optimizer"),
    "sgd with a state": (_set(["training", "optimizer"], "sgd"), "null for sgd"),
    "adam k zero": (_set(["training", "optimizer_state", "k"], 0), "optimizer_state.k"),
    "adam v negative": (_negative_adam_v, "negative"),
    "adam m misshaped": (_bad_adam_shape, "optimizer_state.m.weights[1]"),
    "negative seed": (_set(["training", "seed"], -3), "training.seed"),
    "negative epoch": (_set(["training", "epoch"], -1), "training.epoch"),
    "steps as a bool": (_set(["training", "steps"], True), "training.steps"),
    "settings a list": (_set(["settings"], []), "settings"),
    "settings 40 deep": (_deep_settings, "settings"),
    "history lengths differ": (_history_mismatch, "loss_history.train"),
    "history not an object": (_set(["loss_history"], None), "loss_history"),
}


@pytest.fixture
def saved(tmp_path):
    """A real session file (adam, mid-epoch, with a test set) and its dictionary."""
    trainer = make_trainer("adam")
    train_steps(trainer, 2, batches=1)
    path = tmp_path / "good.json"
    save_session(path, trainer, held_out(), {"zoom": 1.0},
                 {"epochs": [1, 2], "train": [0.7, 0.6], "test": [0.8, 0.7]})
    return path, json.loads(path.read_text())


def refuse(path, *words):
    with pytest.raises(SessionFileError) as info:
        load_session(path)
    message = str(info.value)
    assert message.startswith(f"{os.fspath(path)}: ") and "\n" not in message
    for word in words:
        assert word in message
    return message


@pytest.mark.parametrize("case", DICT_CASES)
def test_refuses_a_wrong_field(saved, tmp_path, case):
    good, d = saved
    change, words = DICT_CASES[case]
    change(d)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(d))
    refuse(path, words)


def test_refuses_more_samples_than_the_limit(saved, tmp_path, monkeypatch):
    monkeypatch.setattr(session_checks, "MAX_SAMPLES", 49)
    refuse(saved[0], "data.inputs", "49")


def _cut_in_half(text):
    return text[:len(text) // 2]


TEXT_CASES = {
    "NaN": (lambda s: s.replace("[[[", "[[[NaN, ", 1), "NaN"),
    "Infinity": (lambda s: s.replace('"eta": ', '"eta": Infinity, "x": ', 1), "Infinity"),
    "-Infinity": (lambda s: s.replace('"inputs": [[', '"inputs": [[-Infinity, ', 1), "Infinity"),
    "1e999 overflows": (lambda s: re.sub(r'"inputs": \[\[[^,]+', '"inputs": [[1e999', s, 1),
                        "data.inputs holds a number that is not finite"),
    "empty": (lambda s: "", "empty"),
    "blank": (lambda s: " \n\t\n", "empty"),
    "cut in half": (_cut_in_half, "cut short"),
    "trailing garbage": (lambda s: s + "]", "not valid JSON"),
    "a JSON list": (lambda s: "[" + s + "]", "expected a JSON object"),
    "a 100-digit epoch": (lambda s: s.replace('"epoch": ', f'"epoch": {"9" * 100}, "e": ', 1),
                          "100 digits"),
    "nested 100000 deep": (lambda s: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("case", TEXT_CASES)
def test_refuses_a_broken_text(saved, tmp_path, case):
    change, words = TEXT_CASES[case]
    text = saved[0].read_text()
    changed = change(text)
    assert changed != text
    path = tmp_path / "bad.json"
    path.write_text(changed)
    refuse(path, words)


def test_refuses_what_is_not_text_or_not_there(saved, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "\xff\xfe"}')
    refuse(path, "UTF-8")
    refuse(tmp_path / "missing.json", "cannot read")
    refuse(tmp_path, "cannot read")


FIVE_MB = 5 * 2**20


def _big_valid_text(tmp_path):
    x, t = classes(FIVE_MB // 45, 1)
    net = Network.create([2, 3, 1], seed=0)
    path = tmp_path / "big.json"
    save_session(path, Trainer(net, x, t, 0.5, 32, "adam"))
    return path.read_text()


HOSTILE_KINDS = ["brackets", "digits", "one string", "layers", "bad last target"]


def hostile_5mb(tmp_path, kind):
    """A 5 MB file of the given kind and the words its refusal must say (also for
    tests/benchmarks/bench_files.py, which times the refusal)."""
    if kind == "brackets":
        text, words = "[" * FIVE_MB, ["nested too deeply"]
    elif kind == "digits":
        text, words = "7" * FIVE_MB, ["digits"]
    elif kind == "one string":
        text, words = '{"format": "' + "a" * FIVE_MB + '"}', ["format should be"]
    elif kind == "layers":
        text = ('{"format": "backprop-playground.session", "version": 1, "network": '
                '{"layers": [' + "1, " * (FIVE_MB // 3) + "1]}}")
        words = ["network: at most 32 layers"]
    else:
        text = _big_valid_text(tmp_path)
        cut = text.index("]]", text.index('"targets"'))  # the last target row ends here
        text, words = text[:cut] + ', "x"' + text[cut:], ["data.targets should be"]
    assert len(text) >= FIVE_MB
    path = tmp_path / "hostile.json"
    path.write_text(text)
    return path, words


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_a_hostile_5mb_file_is_refused(tmp_path, kind):
    path, words = hostile_5mb(tmp_path, kind)
    refuse(path, *words)


def _loads_or_refuses(path):
    """A mutated file must load to a working session or raise SessionFileError, nothing else."""
    try:
        s = load_session(path)
    except SessionFileError as e:
        assert str(e).startswith(os.fspath(path)) and "\n" not in str(e)
        return False
    tr = s.trainer
    assert tr.x.shape == (len(s.train), tr.net.sizes[0])
    assert sorted(tr.order.tolist()) == list(range(len(s.train)))
    with np.errstate(all="ignore"):  # a flipped exponent may make huge weights
        try:
            tr.train_batch()
        except Diverged:
            pass
    return True


def test_random_byte_flips_load_or_refuse(saved, tmp_path):
    data = saved[0].read_bytes()
    rng = np.random.default_rng(2024)
    path, loaded = tmp_path / "flipped.json", 0
    for _ in range(200):
        mutated = bytearray(data)
        for i in rng.integers(0, len(data), size=rng.integers(1, 4)):
            kind = rng.integers(4)  # any byte, printable text, or a character JSON cares about
            mutated[i] = (rng.integers(256) if kind == 0 else rng.integers(32, 127) if kind == 1
                          else ord(rng.choice(list('0123456789-.eE,[]{}":'))))
        path.write_bytes(bytes(mutated))
        loaded += _loads_or_refuses(path)
    assert 0 < loaded < 200  # some flips land in digits and load; most break something


HOSTILE_VALUES = [None, True, -1, 0, 2**70, 1e308, -0.5, "", "adam", [], [[]], [1, 2], {},
                  {"weights": []}, [[0.5, "x"]]]


def _paths(d, prefix=()):
    """Every path to a value inside d (lists: their first, second and last items only)."""
    items = d.items() if isinstance(d, dict) else (
        [(i, d[i]) for i in sorted({0, 1, len(d) - 1}) if 0 <= i < len(d)])
    for key, value in items:
        yield prefix + (key,)
        if isinstance(value, (dict, list)):
            yield from _paths(value, prefix + (key,))


def test_random_hostile_values_anywhere_load_or_refuse(saved, tmp_path):
    good = saved[1]
    paths = list(_paths(good))
    rng = np.random.default_rng(7)
    path, refused = tmp_path / "hostile.json", 0
    for _ in range(200):
        d = copy.deepcopy(good)
        where = paths[rng.integers(len(paths))]
        _set(list(where), HOSTILE_VALUES[rng.integers(len(HOSTILE_VALUES))])(d)
        path.write_text(json.dumps(d))
        refused += not _loads_or_refuses(path)
    assert refused > 150


def test_a_failed_save_leaves_the_old_file_whole(saved, tmp_path, monkeypatch):
    path = saved[0]
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_session(path, make_trainer("sgd"))
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [path.name]


@pytest.mark.parametrize("settings", [{"zoom": float("nan")}, {"selected": {1, 2}}])
def test_saving_what_json_cannot_hold_is_refused_and_writes_nothing(saved, settings):
    path = saved[0]
    before = path.read_bytes()
    with pytest.raises(SessionFileError, match="cannot save"):
        save_session(path, make_trainer(), settings=settings)
    assert path.read_bytes() == before
