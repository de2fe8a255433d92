"""The Presets menu: the seeds' four worked examples, each a network, its data and a text.

Opening a preset hands the session the preset's network with its exact weights (no new
initialisation), its data exactly as given (the preset's points, no test split, shown in the
data panel as "preset NAME"), and its learning rate with plain gradient descent on the whole
batch, as the seeds compute. Reset then returns to the preset's weights. Ctrl+1 to Ctrl+4.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMenu

from engine import presets
from engine.datasets import Dataset

from .actions import action
from .settings import TrainSettings


def data_name(name: str) -> str:
    """How the data panel names a preset's points."""
    return f"preset {name}"


def open_preset(session, name: str):
    """Load preset ``name`` into ``session``; returns the engine's Preset."""
    p = presets.load(name)
    data = Dataset(data_name(p.name), p.data.x, p.data.t, p.data.kind)
    session.use_data(data, p.net, TrainSettings(eta=p.eta, batch_size=0, optimizer="sgd"))
    return p


def build_presets_menu(window, opened, before=None) -> dict:
    """Add the Presets menu to ``window`` (before the menu action ``before``, if given);
    ``opened(preset)`` is called after each opening.

    Returns the actions by preset name (objectName ``preset_<name>``). Presets that cannot be
    read leave a disabled entry that says where they were looked for; the window still opens."""
    menu = QMenu("&Presets", window.menuBar(), objectName="presetsMenu")
    if before is None:
        window.menuBar().addMenu(menu)
    else:
        window.menuBar().insertMenu(before, menu)
    try:
        titles = presets.titles()
    except (OSError, ValueError, KeyError) as e:
        missing = menu.addAction("No presets found")
        missing.setEnabled(False)
        missing.setObjectName("presetsMissing")
        missing.setStatusTip(f"The presets could not be read from {presets.PRESET_DIR}: {e}")
        return {}
    actions = {}
    for k, (name, title) in enumerate(titles.items(), 1):
        def trigger(_=False, name=name):
            try:
                preset = open_preset(window.session, name)
            except (OSError, ValueError, KeyError) as e:
                window.statusBar().showMessage(f"Could not open the preset {name}: {e}", 15000)
                return
            opened(preset)
        a = action(window, title, trigger, [f"Ctrl+{k}"] if k < 10 else [],
                   "Open the seed's worked example: its network, data and learning rate")
        a.setObjectName(f"preset_{name}")
        menu.addAction(a)
        actions[name] = a
    return actions
