"""Session files: a whole playground session as one JSON file (docs/session-format.md).

A session holds the network (current and initial weights), the training and test points,
the trainer's exact place (optimizer state, the shuffling generator's state, epoch, position
in the epoch's order, steps), free-form window settings and the loss history. Floats are
written with ``repr`` precision, so loading and training on gives the same numbers to the
last bit as never having saved. Every problem with a file is a ``SessionFileError`` whose
one-line message starts with the file's name; nothing is built until all of it is checked.
Parameter sets (optimizer state) are ``{"weights": [...], "biases": [...]}`` like a network.
"""
from __future__ import annotations

import copy
import json
import math
import os
from dataclasses import dataclass

import numpy as np

from .datasets import KINDS, Dataset
from .files import NetworkFileError, atomic_write_text, network_from_dict, network_to_dict
from .optimizers import OPTIMIZERS
from .training import Trainer, TrainerState

FORMAT = "backprop-playground.session"
VERSION = 1
MAX_BYTES = 256 * 2**20       # the largest file read
MAX_SAMPLES = 1_000_000       # training samples, and test samples
MAX_WIDTH = 1024              # units in any layer
MAX_DEPTH = 32                # layers with weights
MAX_HISTORY = 1_000_000       # loss history entries
MAX_NESTING = 32              # depth of the settings object
MAX_TEXT = 1000               # characters in the dataset's name
MAX_COUNT = 2**62             # epoch, steps and Adam's k stay below this
MAX_DIGITS = 40               # digits of an integer in the file (2**128 has 39)


class SessionFileError(ValueError):
    """A session file that cannot be read, or whose contents do not make a session."""


@dataclass(frozen=True, eq=False)
class Session:
    trainer: Trainer            # its net, initial net, optimizer and generator state restored
    train: Dataset              # the points the trainer trains on (trainer.x, trainer.t)
    test: Dataset | None
    settings: dict              # the window's own settings, as saved
    loss_history: dict          # {"epochs": [...], "train": [...], "test": [...]} (floats)


def _params_to_dict(flat, net):
    """``{"weights": [...], "biases": [...]}`` from a flat vector in ``net.params()`` order."""
    arrays, start = [], 0
    for p in net.params():
        arrays.append(np.asarray(flat[start:start + p.size]).reshape(p.shape).tolist())
        start += p.size
    d = {"weights": arrays[:net.n_layers]}
    if net.bias:
        d["biases"] = arrays[net.n_layers:]
    return d


def _optimizer_state_to_dict(name, state, net):
    if state is None or name == "sgd":
        return None
    if name == "momentum":
        return {"velocity": _params_to_dict(state, net)}
    k, m, v = state
    return {"k": int(k), "m": _params_to_dict(m, net), "v": _params_to_dict(v, net)}


def _seed(seed):
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"a session can only store a whole-number seed, not {seed!r}")
    return int(seed)


def session_to_dict(trainer: Trainer, test_set: Dataset | None = None, settings=None,
                    loss_history=None, name=None, *, kind=None) -> dict:
    """The JSON-ready dictionary of a session (plain lists, Python floats and ints).

    ``name`` and ``kind`` describe the training data; ``kind`` defaults to the test set's,
    else to ``classification`` when every target is 0 or 1. ``loss_history`` maps
    ``epochs``, ``train`` and ``test`` to sequences of numbers (missing keys: empty).
    """
    s, t = trainer.state(), trainer.t
    if kind is None:
        binary = bool(np.all((t == 0) | (t == 1)))
        kind = test_set.kind if test_set is not None else KINDS[0 if binary else 1]
    history = dict(loss_history or {})
    data = {"name": "data" if name is None else str(name), "kind": kind,
            "inputs": trainer.x.tolist(), "targets": t.tolist(),
            "test_inputs": None if test_set is None else test_set.x.tolist(),
            "test_targets": None if test_set is None else test_set.t.tolist()}
    training = {"eta": float(trainer.eta), "batch_size": int(trainer.batch_size),
                "optimizer": trainer.optimizer_name, "seed": _seed(trainer.seed),
                "epoch": int(s.epoch), "steps": int(s.steps), "position": int(s.position),
                "order": np.asarray(s.order).tolist(),
                "rng_state": {"bit_generator": s.rng_state["bit_generator"],
                              "state": dict(s.rng_state["state"]),
                              "has_uint32": int(s.rng_state["has_uint32"]),
                              "uinteger": int(s.rng_state["uinteger"])},
                "optimizer_state": _optimizer_state_to_dict(trainer.optimizer_name, s.opt_state,
                                                            trainer.net)}
    return {"format": FORMAT, "version": VERSION,
            "network": network_to_dict(trainer.net),
            "initial_network": network_to_dict(trainer.initial),
            "data": data, "training": training, "settings": dict(settings or {}),
            "loss_history": {key: np.asarray(history.get(key, []), dtype=float).tolist()
                             for key in ("epochs", "train", "test")}}


def save_session(path, trainer: Trainer, test_set: Dataset | None = None, settings=None,
                 loss_history=None, name=None, *, kind=None) -> None:
    """Write the session to ``path`` atomically (one top-level key per line)."""
    try:
        d = session_to_dict(trainer, test_set, settings, loss_history, name, kind=kind)
        body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, allow_nan=False)}"
                          for k, v in d.items())
    except (TypeError, ValueError) as e:  # non-finite numbers, settings that are not JSON
        raise SessionFileError(f"{os.fspath(path)}: cannot save ({e})") from None
    atomic_write_text(path, "{\n" + body + "\n}\n")


def _parse_int(text):
    # Refused before int() sees it: converting a megabyte of digits takes seconds.
    if len(text) > MAX_DIGITS:
        raise ValueError(f"an integer of {len(text)} digits")
    return int(text)


def _parse_constant(name):
    raise ValueError(f"{name} is not a number this format allows")


def load_session(path) -> Session:
    """Read, validate and rebuild the session saved at ``path``."""
    source = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise SessionFileError(f"{source}: cannot read ({e.strerror or e})") from None
    if len(raw) > MAX_BYTES:
        raise SessionFileError(f"{source}: larger than {MAX_BYTES // 2**20} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SessionFileError(f"{source}: not a UTF-8 text file") from None
    if not text.strip():
        raise SessionFileError(f"{source}: the file is empty")
    try:
        d = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as e:
        cut = e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated")
        raise SessionFileError(f"{source}: not valid JSON ({e.msg}: line {e.lineno}, column "
                               f"{e.colno}){'; the file looks cut short' if cut else ''}") from None
    except RecursionError:
        raise SessionFileError(f"{source}: JSON nested too deeply") from None
    except ValueError as e:  # from the two hooks above
        raise SessionFileError(f"{source}: not a valid session ({e})") from None
    return session_from_dict(d, source)


# Checking a decoded file: each function returns what it checked or raises _Bad naming the
# field as the file spells it (``training.order``); session_from_dict adds the file's name.

class _Bad(Exception):
    pass


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
        raise _Bad(f"{where} should be a JSON object, not {_show(d)}")
    if key not in d:
        raise _Bad(f"{name} is missing")
    return d[key]


def _whole(v, name, lo, end):
    """``v`` if it is an int with ``lo <= v < end``."""
    if type(v) is not int or not lo <= v < end:
        top = f"2^{end.bit_length() - 1}" if end > 2**32 else end  # 2^128, not 39 digits
        raise _Bad(f"{name} should be a whole number, at least {lo} and below {top}, "
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
        raise _Bad(f"{name} should be {what}")
    try:
        a = np.array(v, dtype=np.float64).reshape(shape)
    except OverflowError:  # an integer too large for a float
        a = np.full(1, np.inf)
    if not np.isfinite(a).all():
        raise _Bad(f"{name} holds a number that is not finite")
    return a


def _network(v, name):
    layers = v.get("layers") if isinstance(v, dict) else None
    if type(layers) is list and (len(layers) > MAX_DEPTH + 1
                                 or any(type(n) is int and n > MAX_WIDTH for n in layers)):
        raise _Bad(f"{name}: at most {MAX_DEPTH} layers of at most {MAX_WIDTH} units each")
    names = v.get("activations") if isinstance(v, dict) else None
    if type(names) is list and not all(type(a) is str for a in names):
        raise _Bad(f"{name}: activations should be a list of names")  # files.py assumes str
    try:
        return network_from_dict(v, name)
    except NetworkFileError as e:
        raise _Bad(str(e)) from None


def _points(data, key_x, key_t, net, required):
    x, t = _get(data, key_x, "data"), _get(data, key_t, "data")
    if x is None and t is None and not required:
        return None
    if type(x) is not list or not 1 <= len(x) <= MAX_SAMPLES:
        raise _Bad(f"data.{key_x} should be a list of 1 to {MAX_SAMPLES} samples")
    if type(t) is not list or len(t) != len(x):
        raise _Bad(f"data.{key_t} should have as many rows as data.{key_x} ({len(x)})")
    return (_array(x, (len(x), net.sizes[0]), f"data.{key_x}"),
            _array(t, (len(x), net.sizes[-1]), f"data.{key_t}"))


def _data(data, net):
    name, kind = _get(data, "name", "data"), _get(data, "kind", "data")
    if type(name) is not str or len(name) > MAX_TEXT:
        raise _Bad(f"data.name should be a text of at most {MAX_TEXT} characters")
    if kind not in KINDS:
        raise _Bad(f"data.kind should be one of {', '.join(KINDS)}, not {_show(kind)}")
    train = Dataset(name, *_points(data, "inputs", "targets", net, True), kind)
    test = _points(data, "test_inputs", "test_targets", net, False)
    return train, (None if test is None else Dataset(f"{name} (test)", *test, kind))


def _order(v, n):
    problem = f"training.order should be a permutation of 0 to {n - 1}"
    if type(v) is not list or len(v) != n or not all(type(i) is int and 0 <= i < n for i in v):
        raise _Bad(problem)
    order = np.array(v, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[order] = True
    if not seen.all():
        raise _Bad(problem)
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
        raise _Bad("training.rng_state should be a PCG64 generator state")
    return {"bit_generator": "PCG64", "state": {"state": inner["state"], "inc": inner["inc"]},
            "has_uint32": v["has_uint32"], "uinteger": v["uinteger"]}


def _params(v, net, where):
    """The flat vector (``net.params()`` order) of ``{"weights": [...], "biases": [...]}``."""
    pairs = list(zip(net.sizes, net.sizes[1:]))
    weights = _get(v, "weights", where)
    if type(weights) is not list or len(weights) != len(pairs):
        raise _Bad(f"{where}.weights should be a list of {len(pairs)} matrices")
    arrays = [_array(w, (m, n), f"{where}.weights[{l}]")
              for l, (w, (n, m)) in enumerate(zip(weights, pairs))]
    if net.bias:
        biases = _get(v, "biases", where)
        if type(biases) is not list or len(biases) != len(pairs):
            raise _Bad(f"{where}.biases should be a list of {len(pairs)} lists")
        arrays += [_array(b, (m,), f"{where}.biases[{l}]")
                   for l, (b, (n, m)) in enumerate(zip(biases, pairs))]
    return np.concatenate([a.ravel() for a in arrays])


def _optimizer_state(name, v, net):
    where = "training.optimizer_state"
    if v is None:
        return None
    if name == "sgd":
        raise _Bad(f"{where} should be null for sgd")
    if name == "momentum":
        return _params(_get(v, "velocity", where), net, f"{where}.velocity")
    k = _whole(_get(v, "k", where), f"{where}.k", 1, MAX_COUNT)
    m = _params(_get(v, "m", where), net, f"{where}.m")
    second = _params(_get(v, "v", where), net, f"{where}.v")
    if (second < 0).any():
        raise _Bad(f"{where}.v should hold no negative numbers")
    return k, m, second


def _training(v, net, n):
    def get(key):
        return _get(v, key, "training")
    eta = get("eta")
    if type(eta) not in _NUMBER or not 0 < eta < math.inf:  # as Trainer requires
        raise _Bad(f"training.eta should be a finite number > 0, not {_show(eta)}")
    optimizer, seed = get("optimizer"), get("seed")
    if optimizer not in OPTIMIZERS:
        raise _Bad(f"training.optimizer should be one of {', '.join(OPTIMIZERS)}, "
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
        raise _Bad(f"{where}.epochs should be a list of at most {MAX_HISTORY} numbers")
    n, test = len(epochs), _get(v, "test", where)
    return {"epochs": _array(epochs, (n,), f"{where}.epochs").tolist(),
            "train": _array(_get(v, "train", where), (n,), f"{where}.train").tolist(),
            "test": _array(test, (0 if test == [] else n,), f"{where}.test").tolist()}


def _build(d) -> Session:
    if not isinstance(d, dict):
        raise _Bad("expected a JSON object")
    if d.get("format") != FORMAT:
        raise _Bad(f"format should be {_show(FORMAT)}, not {_show(d.get('format'))}")
    version = d.get("version")
    if type(version) is not int or version != VERSION:
        raise _Bad(f"version {_show(version)} is not known (this program reads version {VERSION})")
    net = _network(_get(d, "network"), "network")
    initial = _network(_get(d, "initial_network"), "initial_network")
    if ((net.sizes, net.activations, net.loss, net.reduction, net.bias)
            != (initial.sizes, initial.activations, initial.loss, initial.reduction, initial.bias)):
        raise _Bad("initial_network should have the layers, activations, loss, reduction "
                   "and bias of network")
    train, test = _data(_get(d, "data"), net)
    tr = _training(_get(d, "training"), net, len(train))
    settings = _get(d, "settings")
    if type(settings) is not dict or not _plain(settings):
        raise _Bad(f"settings should be a JSON object at most {MAX_NESTING} levels deep "
                   f"with finite numbers")
    history = _history(_get(d, "loss_history"))
    trainer = Trainer(initial, train.x, train.t, tr["eta"], tr["batch_size"], tr["optimizer"],
                      tr["seed"])
    flat = np.concatenate([p.ravel() for p in net.params()])
    trainer.restore(TrainerState(flat, tr["opt_state"], tr["rng_state"],
                                 tr["epoch"], tr["position"], tr["order"], tr["steps"]))
    return Session(trainer, train, test, copy.deepcopy(settings), history)


def session_from_dict(d, source: str = "<session>") -> Session:
    """Validate ``d`` and rebuild its Session; problems raise SessionFileError naming ``source``."""
    try:
        return _build(d)
    except _Bad as e:
        message = " ".join(str(e).split())  # one line, whatever the file held
        if len(message) > 300:
            message = message[:297] + "..."
        raise SessionFileError(f"{source}: {message}") from None
