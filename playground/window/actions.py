"""The main window's menus, actions and keyboard shortcuts.

Space or Right: one phase. Ctrl+Enter or P: play/pause. Ctrl+R: reset. The shortcuts act on
the whole window; a text field that has the focus still gets its own keys.
"""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence


def action(window, text, slot, shortcuts=(), tip="", checkable=False, checked=False) -> QAction:
    a = QAction(text, window)
    a.setShortcuts([QKeySequence(s) for s in shortcuts])
    a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    a.setStatusTip(tip)
    a.setToolTip(tip or text)
    if checkable:
        a.setCheckable(True)
        a.setChecked(checked)
        a.toggled.connect(slot)
    else:
        a.triggered.connect(slot)
    window.addAction(a)  # shortcuts work even when the menu bar is hidden
    return a


def fill(menu, items):
    """Add ``items`` to ``menu``; None is a separator."""
    for item in items:
        if item is None:
            menu.addSeparator()
        else:
            menu.addAction(item)


def build_actions(window) -> SimpleNamespace:
    """The main window's actions and its menus, each kept by name (``a.file_menu`` ...): the
    window's other parts add to these menus, never finding one by its text."""
    s = window.session
    a = SimpleNamespace()
    a.open = action(window, "&Open network…", window.open_network, ["Ctrl+O"], "Open a network file")
    a.save = action(window, "&Save network…", window.save_network, ["Ctrl+S"],
                    "Save the current network (with its weights)")
    a.quit = action(window, "&Quit", window.close, ["Ctrl+Q"])
    a.step = action(window, "&Step one phase", s.step, ["Space", "Right"], "Run one phase")
    a.finish = action(window, "&Finish iteration", s.finish_iteration, ["Shift+Right"],
                      "Run the rest of this iteration, up to the update")
    a.play = action(window, "&Play / pause", s.toggle_play, ["Ctrl+Return", "Ctrl+Enter", "P"],
                    "Train continuously, or pause")
    a.reset = action(window, "&Reset", s.reset, ["Ctrl+R"], "Back to the same start (same seed)")
    a.randomize = action(window, "R&andomize", s.randomize, [], "New random weights (a new seed)")
    a.log_scale = action(window, "&Log-scale loss", lambda on: s.set_view(log_scale=on),
                         ["Ctrl+L"], "A logarithmic loss axis", checkable=True)
    a.test_points = action(window, "Show &test points", lambda on: s.set_view(show_test=on),
                           [], "Draw the test points (squares) on the decision boundary",
                           checkable=True, checked=True)
    a.discretize = action(window, "&Discretize output", lambda on: s.set_view(discretize=on),
                          ["Ctrl+D"], "The decision plot shows the class only: hard colours, "
                          "no shading by confidence (not for a regression)", checkable=True)
    a.about = action(window, "&About", window.about)
    for name, act in vars(a).copy().items():
        act.setObjectName(f"{name}Action")  # e.g. stepAction, for scripted tests
    bar = window.menuBar()
    for name, title in (("file", "&File"), ("edit", "&Edit"), ("training", "&Training"),
                        ("view", "&View"), ("help", "&Help")):
        setattr(a, f"{name}_menu", bar.addMenu(title))
        getattr(a, f"{name}_menu").setObjectName(f"{name}Menu")
    fill(a.file_menu, [a.open, a.save, None, a.quit])
    fill(a.training_menu, [a.step, a.finish, a.play, None, a.reset, a.randomize])
    fill(a.view_menu, [a.log_scale, a.test_points, a.discretize, None])
    a.help_menu.addAction(a.about)
    return a
