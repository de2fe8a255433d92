"""Edit > Input features: the graph's candidate inputs as checkable actions, for the keyboard.

The same intent as a click on an input in the graph (``Session.toggle_feature``); the checks
follow the frame's ``Inputs`` (which are on), and the menu is disabled for data that has no
candidates. Each action is named ``feature_<name>`` (e.g. ``feature_x1^2``) for scripted tests.
"""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QAction

from ..views.graph_inputs import pretty


class FeatureMenu:
    def __init__(self, window, menu):
        self.window, self.actions = window, {}
        self.menu = menu.addMenu("&Input features")
        self.menu.setObjectName("featuresMenu")
        self.menu.setToolTipsVisible(True)
        self.shown = None
        window.session.frameReady.connect(self.follow)
        if window.frame is not None:
            self.follow(window.frame)

    def follow(self, frame):
        """Checks as the frame's input column (actions made the first time they are needed)."""
        inputs = frame.inputs
        if (inputs.names, inputs.on) == self.shown:
            return
        self.shown = (inputs.names, inputs.on)
        self.menu.setEnabled(bool(inputs.names))
        for name, on in zip(inputs.names, inputs.on):
            act = self.actions.get(name) or self._make(name)
            with QSignalBlocker(act):
                act.setChecked(on)

    def _make(self, name) -> QAction:
        act = QAction(pretty(name), self.window, checkable=True, objectName=f"feature_{name}")
        act.setToolTip(f"Switch the input {pretty(name)} on or off (the network is built again; "
                       "one input stays on)")
        act.setStatusTip(act.toolTip())
        act.toggled.connect(lambda _on, n=name: self._toggle(n))
        self.menu.addAction(act)
        self.actions[name] = act
        return act

    def _toggle(self, name):
        self.window.session.toggle_feature(name)
        self.shown = None  # a refused change (the last input on) publishes no frame
        self.follow(self.window.frame)
