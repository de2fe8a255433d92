"""Session files: a whole playground session as one JSON file (docs/session-format.md).

A session holds the network (current and initial weights), the training and test points,
the trainer's exact place (optimizer state, the shuffling generator's state, epoch, position
in the epoch's order, steps), free-form window settings and the loss history. Floats are
written with ``repr`` precision, so loading and training on gives the same numbers to the
last bit as never having saved. Every problem with a file is a ``SessionFileError`` whose
one-line message starts with the file's name; nothing is built until all of it is checked.
Parameter sets (optimizer state) are ``{"weights": [...], "biases": [...]}`` like a network.
This module writes and reads the file; engine/session_checks.py checks what it holds.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

import numpy as np

from . import bounded_read, limits, session_checks
from .datasets import KINDS, Dataset
from .files import atomic_write_text, network_to_dict
# The format's name, version and limits on contents are defined beside the checks that
# enforce them; they are imported here too because this module is the API.
from .session_checks import (FORMAT, MAX_COUNT, MAX_DEPTH, MAX_HISTORY,  # noqa: F401
                             MAX_NESTING, MAX_SAMPLES, MAX_TEXT, MAX_WIDTH, VERSION)
from .training import Trainer

MAX_BYTES = limits.SESSION_BYTES          # the largest file read
MAX_DIGITS = limits.MAX_INTEGER_DIGITS    # digits of an integer in the file


class SessionFileError(ValueError):
    """A session file that cannot be read, or whose contents do not make a session."""


@dataclass(frozen=True, eq=False)
class SavedSession:
    """What a session file holds, checked: a trainer ready to go on, its points, the rest."""
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


def _parse_constant(name):
    raise ValueError(f"{name} is not a number this format allows")


def read_json(path):
    """The parsed JSON of the file at ``path``, read within the limits of a session file (its
    size, nesting and integers' digits); SessionFileError naming the file otherwise."""
    text = bounded_read.read_text(path, MAX_BYTES, SessionFileError)
    return bounded_read.load_json(text, os.fspath(path), SessionFileError, "session",
                                  parse_constant=_parse_constant)


def load_session(path) -> SavedSession:
    """Read, validate and rebuild the session saved at ``path`` (engine/limits.py's limits)."""
    return session_from_dict(read_json(path), os.fspath(path))


def session_from_dict(d, source: str = "<session>") -> SavedSession:
    """Validate ``d`` and rebuild its Session; problems raise SessionFileError naming ``source``."""
    try:
        return SavedSession(*session_checks.build(d))
    except session_checks.Bad as e:
        message = " ".join(str(e).split())  # one line, whatever the file held
        if len(message) > 300:
            message = message[:297] + "..."
        raise SessionFileError(f"{source}: {message}") from None
