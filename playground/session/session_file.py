"""A whole session as one file (engine/sessions.py, docs/session-format.md). No Qt here.

``save(run, path)`` writes the trainer (weights, initial weights, optimizer and shuffle
state, epoch and steps), the training and test points, the loss history and, in the file's
free-form ``settings``, what the window adds (``window_settings``): the data generator's
settings, the seed, the run's ViewSettings (speed, log scale, test points, sample shown, what
presenter mode hides, the decision plot discretized), the exercise set and the phase reached in the current iteration.
``load(path)`` checks everything and builds nothing; ``install(run, loaded)`` then applies it. A half-done iteration
is not saved half-done: the file holds the start of that iteration and the phase reached,
and opening re-runs the phases up to it (the same numbers: the engine is deterministic).
Every problem with a file is a ValueError (``SessionFileError``) naming the file.
"""
from __future__ import annotations

import math
import os
from dataclasses import asdict, replace
from typing import NamedTuple

import numpy as np

from engine import datasets, files, limits, sessions
from engine.datasets import Dataset

from . import exercises
from .data import build_data
from .frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA
from .loss_history import LossHistory
from .settings import (ANIMATION_MS, DATASET_NAMES, PRESENTER_HIDDEN, PRESENTER_PARTS, SPEEDS,
                       DataSettings, Settings, TrainSettings, settings_of_network)

MAX_POINTS = limits.WINDOW_POINTS  # training points the window draws
WINDOW_FORMAT = 1           # version of the window's part of "settings"
LIMITS = {"n": (1, 100_000), "noise": (0.0, 10.0), "test_fraction": (0.0, 0.95),
          "seed": (0, 2**63 - 1)}


class Loaded(NamedTuple):
    saved: sessions.SavedSession  # the engine's session: trainer, points, history
    settings: Settings
    extras: dict  # speed, log_scale, show_test, discretize, sample, phase, history_stride, animation_ms,
    #               presenter_hidden, exercises (an ExerciseSet or None)


# The window's part of the file

def window_settings(run) -> dict:
    snap, view = run.snapshot, run.view
    behind = run.trainer.steps != snap.steps  # trained since: the next iteration starts afresh
    phase = None if behind or snap.phase is None else [snap.phase, snap.layer]
    return {"playground": WINDOW_FORMAT, "data": asdict(run.settings.data),
            "net_seed": run.settings.net.seed, "speed": view.speed,
            "log_scale": view.log_scale, "show_test": view.show_test,
            "sample": view.sample, "phase": phase, "history_stride": run.history.stride,
            "animation_ms": view.animation_ms,
            "presenter_hidden": list(view.presenter_hidden), "discretize": view.discretize,
            "exercises": None if run.exercises is None else exercises.to_dict(run.exercises)}


def _field(d, key, kind, default, lo=None, hi=None):
    """``d[key]`` if it has the type ``kind`` (and lies in [lo, hi]), else ``default``."""
    v = d.get(key, default) if isinstance(d, dict) else default
    if kind is float and type(v) is int:
        v = float(v)
    if type(v) is not kind or (lo is not None and not lo <= v <= hi):
        return default
    return v


def data_settings(d, name: str) -> DataSettings:
    """Checked DataSettings from the file; what is missing or odd takes the default."""
    base = DataSettings(name=name)
    values = {key: _field(d, key, type(getattr(base, key)), getattr(base, key), *LIMITS[key])
              for key in LIMITS}
    text = _field(d, "name", str, name)
    return DataSettings(name=text[:200] or name, **values)


def extras(d, n_layers: int) -> dict:
    phase = d.get("phase")
    ok = (isinstance(phase, list) and len(phase) == 2 and phase[0] in (FORWARD, OUTPUT_DELTA,
                                                                         HIDDEN_DELTA)
          and (phase[1] is None or (type(phase[1]) is int and 0 <= phase[1] < n_layers)))
    stride = _field(d, "history_stride", int, 1, 1, 2**40)
    hidden = d.get("presenter_hidden")
    return {"presenter_hidden": tuple(p for p in PRESENTER_PARTS if p in hidden)
            if isinstance(hidden, list) else PRESENTER_HIDDEN,
            "exercises": _exercises(d.get("exercises")),
            "speed": d.get("speed") if d.get("speed") in SPEEDS else None,
            "speed_known": d.get("speed") in SPEEDS,
            "log_scale": _field(d, "log_scale", bool, False),
            "show_test": _field(d, "show_test", bool, True),
            "discretize": _field(d, "discretize", bool, False),
            "animation_ms": _field(d, "animation_ms", int, ANIMATION_MS, 0, 5000),
            "sample": _field(d, "sample", int, 0, 0, MAX_POINTS),
            "phase": tuple(phase) if ok else None,
            "history_stride": stride if stride & (stride - 1) == 0 else 1}


def _exercises(d):
    """The saved exercise set, or None (none saved, or one that does not read)."""
    try:
        return None if d is None else exercises.from_dict(d)
    except ValueError:
        return None


# Saving and loading

def loss_history_of(history: LossHistory) -> dict:
    c = history.curve()
    keep = np.isfinite(c.train)
    test = c.test[keep]
    return {"epochs": c.epochs[keep], "train": c.train[keep],
            "test": test if np.isfinite(test).all() and len(test) else []}


def save(run, path) -> None:
    """Write the run's session to ``path`` atomically; SessionFileError or OSError."""
    sessions.save_session(path, run.trainer, run.test_set, window_settings(run),
                          loss_history_of(run.history), name=run.train_set.name,
                          kind=run.train_set.kind)


def _check_window_limits(d, path):
    """The window's limits (engine/limits.py) on the parsed file, before anything is checked
    field by field or built: a million points are refused without being read into arrays."""
    for key in ("network", "initial_network"):
        net = d.get(key)
        layers = net.get("layers") if isinstance(net, dict) else None
        if isinstance(layers, list) and all(type(n) is int for n in layers):
            limits.check_window_network(layers, path, net.get("features"))
    data = d.get("data") if isinstance(d.get("data"), dict) else {}
    for key in ("inputs", "test_inputs"):
        points = data.get(key)
        if isinstance(points, list) and len(points) > limits.WINDOW_POINTS:
            raise ValueError(f"{path}: the window draws at most {limits.WINDOW_POINTS} "
                             f"points, not {len(points)}")
    training = d.get("training") if isinstance(d.get("training"), dict) else {}
    eta, batch = training.get("eta"), training.get("batch_size")
    if type(eta) in (int, float) and type(batch) is int:
        limits.check_window_training(eta, batch, path)


def load(path, d=None) -> Loaded:
    """Read and check a session file for this window (``d``: its JSON, if read already);
    nothing in the window changes."""
    try:
        d = sessions.read_json(path) if d is None else d
        _check_window_limits(d, path) if isinstance(d, dict) else None
        saved = sessions.session_from_dict(d, str(path))
    except sessions.SessionFileError:
        raise
    except ValueError as e:  # the window's limits; what only the engine's constructors check
        message = str(e)
        raise sessions.SessionFileError(message if message.startswith(f"{path}: ")
                                        else f"{path}: {message}") from None
    net = saved.trainer.net
    d = saved.settings
    tr = saved.trainer
    seed = tr.seed if tr.seed is None or tr.seed < 2**63 else 0
    base = Settings(data_settings(d.get("data"), saved.train.name),
                    train=TrainSettings(tr.eta, tr.batch_size, tr.optimizer_name))
    settings = settings_of_network(tr.initial, base)
    settings = replace(settings, net=replace(settings.net, seed=seed))
    return Loaded(saved, settings, extras(d, net.n_layers))


def _regenerates(settings: DataSettings, saved) -> bool:
    """Whether the generator settings give exactly the saved points (then keep using them)."""
    try:
        train, test = build_data(settings)
    except ValueError:
        return False
    same = lambda a, b: a.x.shape == b.x.shape and np.array_equal(a.x, b.x) and \
        np.array_equal(a.t, b.t)
    return same(train, saved.train) and (
        (test is None and saved.test is None)
        or (test is not None and saved.test is not None and same(test, saved.test)))


def history_of(saved, stride: int) -> LossHistory:
    h = saved.loss_history
    history = LossHistory()
    tests = h["test"] or [math.nan] * len(h["epochs"])
    for epoch, train, test in zip(h["epochs"], h["train"], tests):
        if epoch == int(epoch) and epoch >= 0:
            history.record(int(epoch), train, test)
    history.stride = max(history.stride, stride)
    return history


def install(s, loaded: Loaded) -> bool:
    """Make ``loaded`` the session of the run ``s``; False (and a message) if it is refused."""
    saved, settings = loaded.saved, loaded.settings
    tr = saved.trainer
    if not _regenerates(settings.data, saved):
        name = saved.train.name
        name = f"{name} (saved)" if name in DATASET_NAMES else name
        train = Dataset(name, saved.train.x, saved.train.t, saved.train.kind)
        if not s.use_data(train, tr.initial, settings.train, saved.test):
            return False
        settings = replace(settings, data=replace(settings.data, name=name))
    if not s.apply_settings(settings, network=tr.initial):
        return False
    s.resume(tr.state(), history_of(saved, loaded.extras["history_stride"]))
    _show_extras(s, loaded.extras, tr.net.n_layers)
    return True


def _show_extras(s, x: dict, n_layers: int):
    view = {"log_scale": x["log_scale"], "show_test": x["show_test"],
            "discretize": x["discretize"], "animation_ms": x["animation_ms"], "presenter_hidden": x["presenter_hidden"]}
    s.set_exercises(x["exercises"])
    if x["speed_known"]:
        view["speed"] = x["speed"]
    s.set_view(**view)
    for _ in range(n_layers + 1):  # back to the phase reached, if any
        snap = s.snapshot
        if x["phase"] is None or (snap.phase, snap.layer) == x["phase"]:
            break
        s.step()
    s.set_view(sample=min(x["sample"], len(s.snapshot.samples) - 1))


def read(path):
    """What ``path`` holds: a session file (``Loaded``) or a network file (an engine Network),
    told apart by its ``format``; read once, within the engine's and the window's limits. A
    ValueError naming the file if it is neither or is refused."""
    d = sessions.read_json(path)
    if isinstance(d, dict) and d.get("format") == files.FORMAT:
        layers = d.get("layers")
        if isinstance(layers, list) and all(type(n) is int for n in layers):
            limits.check_window_network(layers, str(path), d.get("features"))
        return files.network_from_dict(d, str(path))
    return load(path, d)


def read_points(path):
    """The points of a CSV file: two input columns, then one target column (DESIGN section 4);
    a DataError (a ValueError) naming the file and the line otherwise."""
    return datasets.load_csv(path, 2, 1, limits.WINDOW_POINTS)


def remove_leftovers(folders) -> list:
    """Remove the temporary files that saves killed half way left in ``folders`` (those of
    the files saved: engine/saving.py); returns their paths."""
    from engine.saving import remove_leftovers as remove
    folders = dict.fromkeys(os.path.abspath(f) for f in folders if isinstance(f, str) and f)  # each once, in order
    return [os.path.join(f, name) for f in folders for name in remove(f)]
