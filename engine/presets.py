"""The preset examples: the seeds' worked examples as a network, its data and a short text.

``assets/presets/index.json`` lists the presets in order, each with a ``name``, a ``title``,
a learning rate ``eta`` and a file ``stem``: ``<stem>.json`` is a network file (DESIGN.md
section 3), ``<stem>.csv`` its data (section 4: inputs, then targets) and ``<stem>.md`` the text
that maps the seed's symbols to the screen (Markdown, with a few HTML sub- and superscripts).
The folder is the repository's ``assets/presets`` (a checkout, an editable install); an
installed wheel carries a copy as shared data, ``share/backprop-playground/presets`` under the
environment or the user's base.
"""
from __future__ import annotations

import json
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from . import datasets, files
from .datasets import Dataset
from .network import Network


SHARED = Path("share") / "backprop-playground" / "presets"  # under an install's data path


def _folder(beside: Path) -> Path:
    """``beside`` if it holds the presets, else the installed copy (environment, then user)."""
    schemes = (sysconfig.get_default_scheme(), sysconfig.get_preferred_scheme("user"))
    candidates = [beside] + [Path(sysconfig.get_path("data", scheme)) / SHARED for scheme in schemes]
    return next((f for f in candidates if (f / "index.json").is_file()), beside)


PRESET_DIR = _folder(Path(__file__).resolve().parent.parent / "assets" / "presets")


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    net: Network
    data: Dataset
    text: str
    eta: float
    stem: Path  # the files are stem.json, stem.csv and stem.md


def _dir(folder) -> Path:
    return Path(PRESET_DIR if folder is None else folder)


def _index(folder=None) -> list[dict]:
    with open(_dir(folder) / "index.json", encoding="utf-8") as f:
        return json.load(f)


def names(folder=None) -> list[str]:
    """The presets' names, in their order."""
    return [entry["name"] for entry in _index(folder)]


def titles(folder=None) -> dict[str, str]:
    """Name -> title, in order (for a menu)."""
    return {entry["name"]: entry["title"] for entry in _index(folder)}


def load(name: str, folder=None) -> Preset:
    """Read the preset ``name``: its network, data and text. Unknown names raise KeyError."""
    for entry in _index(folder):
        if entry["name"] == name:
            return _load(entry, _dir(folder))
    raise KeyError(f"no preset {name!r} (choose from {', '.join(names(folder))})")


def _load(entry: dict, folder: Path) -> Preset:
    stem = folder / entry["stem"]
    net = files.load_network(stem.with_suffix(".json"))
    data = datasets.load_csv(stem.with_suffix(".csv"), net.sizes[0], net.sizes[-1])
    text = stem.with_suffix(".md").read_text(encoding="utf-8")
    return Preset(entry["name"], entry["title"], net, data, text, float(entry["eta"]), stem)


def of_file(path) -> Preset | None:
    """The preset whose network file is ``path`` (its folder's index.json names it), else None.

    This is how ``backprop trace PRESET.json`` finds the preset's own data and eta.
    """
    path = Path(path)
    try:
        entries = _index(path.parent)
    except (OSError, ValueError):  # no index beside it (or not one of ours): not a preset
        return None
    for entry in entries:
        if isinstance(entry, dict) and "stem" in entry:
            if (path.parent / entry["stem"]).with_suffix(".json").resolve() == path.resolve():
                return _load(entry, path.parent)
    return None


def load_all(folder=None) -> list[Preset]:
    return [_load(entry, _dir(folder)) for entry in _index(folder)]
