"""The preset examples: the seeds' worked examples as a network, its data and a short text.

``assets/presets/index.json`` lists the presets in order, each with a ``name``, a ``title``,
a learning rate ``eta`` and a file ``stem``: ``<stem>.json`` is a network file (DESIGN.md
section 3), ``<stem>.csv`` its data (section 4: inputs, then targets) and ``<stem>.md`` the text
that maps the seed's symbols to the screen (Markdown, with a few HTML sub- and superscripts).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import datasets, files
from .datasets import Dataset
from .network import Network

PRESET_DIR = Path(__file__).resolve().parent.parent / "assets" / "presets"


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    net: Network
    data: Dataset
    text: str
    eta: float
    stem: Path  # the files are stem.json, stem.csv and stem.md


def _index(folder=PRESET_DIR) -> list[dict]:
    with open(Path(folder) / "index.json", encoding="utf-8") as f:
        return json.load(f)


def names(folder=PRESET_DIR) -> list[str]:
    """The presets' names, in their order."""
    return [entry["name"] for entry in _index(folder)]


def titles(folder=PRESET_DIR) -> dict[str, str]:
    """Name -> title, in order (for a menu)."""
    return {entry["name"]: entry["title"] for entry in _index(folder)}


def load(name: str, folder=PRESET_DIR) -> Preset:
    """Read the preset ``name``: its network, data and text. Unknown names raise KeyError."""
    for entry in _index(folder):
        if entry["name"] == name:
            return _load(entry, Path(folder))
    raise KeyError(f"no preset {name!r} (choose from {', '.join(names(folder))})")


def _load(entry: dict, folder: Path) -> Preset:
    stem = folder / entry["stem"]
    net = files.load_network(stem.with_suffix(".json"))
    data = datasets.load_csv(stem.with_suffix(".csv"), net.sizes[0], net.sizes[-1])
    text = stem.with_suffix(".md").read_text(encoding="utf-8")
    return Preset(entry["name"], entry["title"], net, data, text, float(entry["eta"]), stem)


def load_all(folder=PRESET_DIR) -> list[Preset]:
    return [_load(entry, Path(folder)) for entry in _index(folder)]
