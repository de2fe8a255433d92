"""Window set-up shared by several test modules (helpers.py stays free of Qt)."""
from PySide6.QtWidgets import QMenu

from engine import presets
from playground.window.main_window import MainWindow
from playground.session.face import Session


def make_window(qtbot, settings=None):
    """A shown, active window: window shortcuts need the active window."""
    w = MainWindow(Session(settings))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def open_preset(window, name):
    """Trigger the preset's action found in the Presets menu, as a click would."""
    menu = window.findChild(QMenu, "presetsMenu")
    action, = [a for a in menu.actions() if a.objectName() == f"preset_{name}"]
    action.trigger()
    return presets.load(name)
