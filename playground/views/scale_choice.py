"""The choice of the deltas' colour scale in the network graph (graph_scales.MODES), offered
by the legend's context menu (a right click on the legend).

``per layer`` (the default), ``shared`` (every layer on the output delta's scale), or
``locked`` at a value the user types (asked when chosen), or ``symmetric log`` (the output's
scale, logarithmic above a thousandth of it). ``chosen(mode, locked)`` is emitted
on a choice; a cancelled question keeps the previous choice. The menu's actions are named
``scalePerLayer``, ``scaleShared``, ``scaleLocked`` and ``scaleSymmetricLog``.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QCursor
from PySide6.QtWidgets import QInputDialog, QMenu

from .graph_scales import MODES

LABELS = {"per layer": ("δ scale per layer", "scalePerLayer"),
          "shared": ("δ scale shared (the output's)", "scaleShared"),
          "locked": ("δ scale locked at…", "scaleLocked"),
          "symmetric log": ("δ scale symmetric log (the output's; small deltas visible)",
                            "scaleSymmetricLog")}
TIP = ("Right click: the colour scale of the deltas, each layer's own (a small hidden delta "
       "stays visible), the output delta's for every layer, a value you type, or the output's "
       "on a symmetric log scale (one scale, and a delta a thousandth of it still coloured).")


class ScaleChoice(QObject):
    chosen = Signal(str, float)

    def __init__(self, parent):
        super().__init__(parent)
        self.locked, self.mode = 1.0, MODES[0]
        self.menu = QMenu(parent, objectName="scaleMenu")
        group = QActionGroup(self.menu)
        self.actions = {}
        for mode in MODES:
            text, name = LABELS[mode]
            action = QAction(text, self.menu, objectName=name, checkable=True)
            action.setStatusTip(TIP)
            action.triggered.connect(lambda _=False, m=mode: self._picked(m))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[mode] = action
        self.actions[self.mode].setChecked(True)

    def show_menu(self, *_):
        self.menu.exec(QCursor.pos())

    def set_current(self, mode: str, locked: float):
        self.mode, self.locked = mode, locked
        self.actions[mode].setChecked(True)

    def _picked(self, mode: str):
        if mode == "locked":
            value, ok = QInputDialog.getDouble(self.menu.parentWidget(), "Lock the delta scale",
                                               "Colour deltas from −m to m, with m =", self.locked,
                                               1e-9, 1e9, 6)
            if not ok:
                self.actions[self.mode].setChecked(True)
                return
            self.locked = value
        self.mode = mode
        self.chosen.emit(mode, self.locked)
