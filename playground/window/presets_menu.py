"""The Presets menu: the seeds' four worked examples, each a network, its data and a text.

Each entry asks the session to open the preset (session/presets.py says how). Ctrl+1 to Ctrl+4.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMenu

from ..session import presets
from .actions import action


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
                preset = window.session.open_preset(name)
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
