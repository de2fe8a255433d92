"""The seeds' four worked examples as the run opens them.

Opening a preset hands the run the preset's network with its exact weights (no new
initialisation), its data exactly as given (the preset's points, no test split, shown in the
data panel as "preset NAME"), and its learning rate with plain gradient descent on the whole
batch, as the seeds compute. Reset then returns to the preset's weights. Each preset ships an
exercise set beside its files (``<stem>.exercises.json``, exercises.py), which opening it
hands to the run. A preset stays open while the run trains on its data (``open_in``); the
frame carries it, so that the inspector cites the seed of the preset open. No Qt here.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from engine import presets
from engine.datasets import Dataset

from . import exercises
from .settings import TrainSettings

PRESET_DIR = presets.PRESET_DIR


def titles() -> dict:
    """The presets' titles by name; OSError, ValueError or KeyError if they cannot be read."""
    return presets.titles()


class OpenPreset(NamedTuple):
    name: str
    seed: str | None   # "003": the seed its title names, e.g. "4 · XOR ... (seed 003)"


@functools.lru_cache(maxsize=16)
def seed_of(name: str) -> str | None:
    try:
        found = re.search(r"seed (\d{3})", presets.titles().get(name, ""))
    except (OSError, ValueError, KeyError):
        return None
    return found.group(1) if found else None


def open_in(settings) -> OpenPreset | None:
    """The preset whose data ``settings`` train on (named by ``data_name``), or None."""
    prefix = data_name("")
    name = settings.data.name
    if not name.startswith(prefix):
        return None
    return OpenPreset(name[len(prefix):], seed_of(name[len(prefix):]))


def data_name(name: str) -> str:
    """How the data panel names a preset's points."""
    return f"preset {name}"


def open_preset(run, name: str):
    """Load preset ``name`` into ``run``; returns the engine's Preset."""
    p = presets.load(name)
    data = Dataset(data_name(p.name), p.data.x, p.data.t, p.data.kind)
    run.use_data(data, p.net, TrainSettings(eta=p.eta, batch_size=0, optimizer="sgd"))
    run.set_exercises(shipped_exercises(p))
    return p


def exercises_path(p):
    """The exercise set shipped beside preset ``p``: ``<stem>.exercises.json``."""
    return p.stem.with_name(p.stem.name + ".exercises.json")


def shipped_exercises(p):
    """The preset's exercise set (exercises.ExerciseSet), or None if it has none."""
    try:
        return exercises.load(exercises_path(p))
    except FileNotFoundError:
        return None


def load(name: str):
    """The engine's Preset ``name`` (its network, data, eta and text), opened nowhere."""
    return presets.load(name)
