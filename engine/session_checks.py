"""Checking a decoded session file (docs/session-format.md) and building its parts.

Each function returns what it checked or raises ``Bad`` naming the field as the file spells
it (``training.order``); engine/sessions.py adds the file's name and makes the SavedSession.
``build`` checks the whole file before it builds the trainer. The format's name, version and
limits on contents live here; limits on the text (its size, the digits of an integer) live
with the reader in engine/sessions.py. Over 250 lines for a reason: one short check per field
of the format, kept together so that the file's rules read in one place, in the file's order.
"""
from __future__ import annotations

import copy
import json
import math

import numpy as np

from . import features, limits, losses
from .datasets import KINDS, Dataset
from .files import NetworkFileError, network_from_dict
from .optimizers import OPTIMIZERS
from .training import Trainer, TrainerState

FORMAT = "backprop-playground.session"
VERSION = 1
MAX_SAMPLES = limits.MAX_SAMPLES      # training samples, and test samples
MAX_WIDTH = limits.MAX_UNITS          # units in any layer
MAX_DEPTH = limits.MAX_LAYERS         # layers with weights
MAX_HISTORY = 1_000_000       # loss history entries
MAX_NESTING = 32              # depth of the settings object
MAX_TEXT = 1000               # characters in the dataset's name
MAX_COUNT = 2**62             # epoch, steps and Adam's k stay below this


class Bad(Exception):
    """A field that does not make a session; the message names the field."""


_NUMBER = (int, float)


def _show(v) -> str:
    """``v`` as it would look in the file, cut short."""
    if isinstance(v, (list, dict)):
        return "a list" if isinstance(v, list) else "an object"
    text = json.dumps(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _get(d, key, where=""):
    name = f"{where}.{key}" if where else key
    if not isinstance(d, dict):
        raise Bad(f"{where} should be a JSON object, not {_show(d)}")
    if key not in d:
        raise Bad(f"{name} is missing")
    return d[key]


def _whole(v, name, lo, end):
    """``v`` if it is an int with ``lo <= v < end``."""
    if type(v) is not int or not lo <= v < end:
        top = f"2^{end.bit_length() - 1}" if end > 2**32 else end  # 2^128, not 39 digits
        raise Bad(f"{name} should be a whole number, at least {lo} and below {top}, "
                  f"not {_show(v)}")
    return v


def _numbers(count) -> str:
    return f"{count} number{'' if count == 1 else 's'}"


def _array(v, shape, name):
    """A float64 array of ``shape`` (one or two sizes) from lists of finite numbers."""
    if len(shape) == 1:
        ok = type(v) is list and len(v) == shape[0] and all(type(x) in _NUMBER for x in v)
        what = f"a list of {_numbers(shape[0])}"
    else:
        rows, cols = shape
        ok = (type(v) is list and len(v) == rows
              and all(type(r) is list and len(r) == cols for r in v)
              and all(type(x) in _NUMBER for r in v for x in r))
        what = f"{rows} row{'' if rows == 1 else 's'} of {_numbers(cols)}"
    if not ok:
        raise Bad(f"{name} should be {what}")
    try:
        a = np.array(v, dtype=np.float64).reshape(shape)
    except OverflowError:  # an integer too large for a float
        a = np.full(1, np.inf)
    if not np.isfinite(a).all():
        raise Bad(f"{name} holds a number that is not finite")
    return a


def _network(v, name):
    layers = v.get("layers") if isinstance(v, dict) else None
    if type(layers) is list and (len(layers) > MAX_DEPTH + 1
                                 or any(type(n) is int and n > MAX_WIDTH for n in layers)):
        raise Bad(f"{name}: at most {MAX_DEPTH} layers of at most {MAX_WIDTH} units each")
    names = v.get("activations") if isinstance(v, dict) else None
    if type(names) is list and not all(type(a) is str for a in names):
        raise Bad(f"{name}: activations should be a list of names")  # files.py assumes str
    try:
        return network_from_dict(v, name)
    except NetworkFileError as e:
        raise Bad(str(e)) from None


def _points(data, key_x, key_t, net, required):
    x, t = _get(data, key_x, "data"), _get(data, key_t, "data")
    if x is None and t is None and not required:
        return None
    if type(x) is not list or not 1 <= len(x) <= MAX_SAMPLES:
        raise Bad(f"data.{key_x} should be a list of 1 to {MAX_SAMPLES} samples")
    if type(t) is not list or len(t) != len(x):
        raise Bad(f"data.{key_t} should have as many rows as data.{key_x} ({len(x)})")
    return (_array(x, (len(x), features.raw_inputs(net)), f"data.{key_x}"),
            _array(t, (len(x), net.sizes[-1]), f"data.{key_t}"))


def _data(data, net):
    name, kind = _get(data, "name", "data"), _get(data, "kind", "data")
    if type(name) is not str or len(name) > MAX_TEXT:
        raise Bad(f"data.name should be a text of at most {MAX_TEXT} characters")
    if kind not in KINDS:
        raise Bad(f"data.kind should be one of {', '.join(KINDS)}, not {_show(kind)}")
    train = Dataset(name, *_points(data, "inputs", "targets", net, True), kind)
    test = _points(data, "test_inputs", "test_targets", net, False)
    for key, t in (("targets", train.t), ("test_targets", None if test is None else test[1])):
        try:
            losses.check_targets(net.loss, [] if t is None else t, f"data.{key}")
        except ValueError as e:
            raise Bad(str(e)) from None
    return train, (None if test is None else Dataset(f"{name} (test)", *test, kind))


def _order(v, n):
    problem = f"training.order should be a permutation of 0 to {n - 1}"
    if type(v) is not list or len(v) != n or not all(type(i) is int and 0 <= i < n for i in v):
        raise Bad(problem)
    order = np.array(v, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[order] = True
    if not seen.all():
        raise Bad(problem)
    return order


def _rng_state(v):
    inner = v.get("state") if type(v) is dict else None
    ok = (type(v) is dict and set(v) == {"bit_generator", "state", "has_uint32", "uinteger"}
          and v["bit_generator"] == "PCG64" and type(inner) is dict
          and set(inner) == {"state", "inc"}
          and all(type(x) is int and 0 <= x < 2**128 for x in inner.values())
          and inner["inc"] % 2 == 1 and v["has_uint32"] in (0, 1) and type(v["has_uint32"]) is int
          and type(v["uinteger"]) is int and 0 <= v["uinteger"] < 2**32)
    if not ok:
        raise Bad("training.rng_state should be a PCG64 generator state")
    return {"bit_generator": "PCG64", "state": {"state": inner["state"], "inc": inner["inc"]},
            "has_uint32": v["has_uint32"], "uinteger": v["uinteger"]}


def _params(v, net, where):
    """The flat vector (``net.params()`` order) of ``{"weights": [...], "biases": [...]}``."""
    pairs = list(zip(net.sizes, net.sizes[1:]))
    weights = _get(v, "weights", where)
    if type(weights) is not list or len(weights) != len(pairs):
        raise Bad(f"{where}.weights should be a list of {len(pairs)} matrices")
    arrays = [_array(w, (m, n), f"{where}.weights[{l}]")
              for l, (w, (n, m)) in enumerate(zip(weights, pairs))]
    if net.bias:
        biases = _get(v, "biases", where)
        if type(biases) is not list or len(biases) != len(pairs):
            raise Bad(f"{where}.biases should be a list of {len(pairs)} lists")
        arrays += [_array(b, (m,), f"{where}.biases[{l}]")
                   for l, (b, (n, m)) in enumerate(zip(biases, pairs))]
    return np.concatenate([a.ravel() for a in arrays])


def _optimizer_state(name, v, net):
    where = "training.optimizer_state"
    if v is None:
        return None
    if name == "sgd":
        raise Bad(f"{where} should be null for sgd")
    if name == "momentum":
        return _params(_get(v, "velocity", where), net, f"{where}.velocity")
    k = _whole(_get(v, "k", where), f"{where}.k", 1, MAX_COUNT)
    m = _params(_get(v, "m", where), net, f"{where}.m")
    second = _params(_get(v, "v", where), net, f"{where}.v")
    if (second < 0).any():
        raise Bad(f"{where}.v should hold no negative numbers")
    return k, m, second


def _training(v, net, n):
    def get(key):
        return _get(v, key, "training")
    eta = get("eta")
    if type(eta) not in _NUMBER or not 0 < eta <= limits.MAX_ETA:  # as the command line
        raise Bad(f"training.eta should be a number > 0 and <= {limits.MAX_ETA:g}, "
                  f"not {_show(eta)}")
    optimizer, seed = get("optimizer"), get("seed")
    if optimizer not in OPTIMIZERS:
        raise Bad(f"training.optimizer should be one of {', '.join(OPTIMIZERS)}, "
                  f"not {_show(optimizer)}")
    if seed is not None:
        _whole(seed, "training.seed", 0, 2**128)
    return dict(eta=float(eta), optimizer=optimizer, seed=seed,
                batch_size=_whole(get("batch_size"), "training.batch_size", 0, MAX_SAMPLES + 1),
                epoch=_whole(get("epoch"), "training.epoch", 0, MAX_COUNT),
                steps=_whole(get("steps"), "training.steps", 0, MAX_COUNT),
                position=_whole(get("position"), "training.position", 0, n),
                order=_order(get("order"), n), rng_state=_rng_state(get("rng_state")),
                opt_state=_optimizer_state(optimizer, get("optimizer_state"), net))


def _plain(v, depth=0) -> bool:
    """True if ``v`` is plain JSON, at most MAX_NESTING deep, with finite numbers only."""
    if depth > MAX_NESTING:
        return False
    if type(v) is dict:
        return all(type(k) is str and _plain(x, depth + 1) for k, x in v.items())
    if type(v) is list:
        return all(_plain(x, depth + 1) for x in v)
    return v is None or type(v) in (bool, int, str) or (type(v) is float and math.isfinite(v))


def _history(v):
    where = "loss_history"
    epochs = _get(v, "epochs", where)
    if type(epochs) is not list or len(epochs) > MAX_HISTORY:
        raise Bad(f"{where}.epochs should be a list of at most {MAX_HISTORY} numbers")
    n, test = len(epochs), _get(v, "test", where)
    return {"epochs": _array(epochs, (n,), f"{where}.epochs").tolist(),
            "train": _array(_get(v, "train", where), (n,), f"{where}.train").tolist(),
            "test": _array(test, (0 if test == [] else n,), f"{where}.test").tolist()}


def build(d) -> tuple:
    """The fields of a SavedSession, in order: trainer, train, test, settings, loss_history."""
    if not isinstance(d, dict):
        raise Bad("expected a JSON object")
    if d.get("format") != FORMAT:
        raise Bad(f"format should be {_show(FORMAT)}, not {_show(d.get('format'))}")
    version = d.get("version")
    if type(version) is not int or version != VERSION:
        raise Bad(f"version {_show(version)} is not known (this program reads version {VERSION})")
    net = _network(_get(d, "network"), "network")
    initial = _network(_get(d, "initial_network"), "initial_network")
    if ((net.sizes, net.activations, net.loss, net.reduction, net.bias)
            != (initial.sizes, initial.activations, initial.loss, initial.reduction, initial.bias)):
        raise Bad("initial_network should have the layers, activations, loss, reduction "
                  "and bias of network")
    train, test = _data(_get(d, "data"), net)
    tr = _training(_get(d, "training"), net, len(train))
    settings = _get(d, "settings")
    if type(settings) is not dict or not _plain(settings):
        raise Bad(f"settings should be a JSON object at most {MAX_NESTING} levels deep "
                  f"with finite numbers")
    history = _history(_get(d, "loss_history"))
    trainer = Trainer(initial, train.x, train.t, tr["eta"], tr["batch_size"], tr["optimizer"],
                      tr["seed"])
    flat = np.concatenate([p.ravel() for p in net.params()])
    trainer.restore(TrainerState(flat, tr["opt_state"], tr["rng_state"],
                                 tr["epoch"], tr["position"], tr["order"], tr["steps"]))
    return trainer, train, test, copy.deepcopy(settings), history

