"""The network graph's options (a mixin of NetworkView): the deltas' colour scale, numbers
on the graph and their digits, and the menu that offers them (a right click on the legend or
on the graph's background; its actions are named ``scalePerLayer``, ``scaleShared``,
``scaleLocked``, ``numbersAction`` and ``animation0``, ``animation300`` ... for the length of a
phase's animation, a choice the view hands on (``animationChosen``) to the session's view settings).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QActionGroup

from ..session.settings import ANIMATION_CHOICES

from .graph_numbers import labels
from .scale_choice import ScaleChoice


class GraphOptions:
    scale_mode, locked_scale = "per layer", 1.0
    digits, show_numbers, _numbers_of = 3, False, None

    def make_options(self):
        self.scale_choice = ScaleChoice(self.legend)
        self.scale_choice.chosen.connect(self.set_scale_mode)
        self.legend.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.legend.customContextMenuRequested.connect(self.scale_choice.show_menu)
        self.numbers_action = QAction("Numbers on the graph", self, objectName="numbersAction",
                                      checkable=True, toggled=self.set_numbers)
        self.numbers_action.setStatusTip("Each unit's value and each edge's weight (its gradient "
                                         "in the backward phases), in large type for a projector")
        self.scale_choice.menu.addSeparator()
        self.scale_choice.menu.addAction(self.numbers_action)
        animation = self.scale_choice.menu.addMenu("Animate each phase")
        self.animation_actions, group = {}, QActionGroup(self)
        for ms in ANIMATION_CHOICES:
            act = animation.addAction(f"{ms} ms" if ms else "Off")
            act.setObjectName(f"animation{ms}")
            act.setCheckable(True)
            group.addAction(act)
            act.triggered.connect(lambda _=False, ms=ms: self.animationChosen.emit(ms))
            self.animation_actions[ms] = act

    def set_animation(self, ms=None, speed=..., playing=None):
        """How phases animate: ``ms`` per phase (0: not at all), the play speed, playing."""
        self.animation.set_pace(ms, speed, playing)

    def follow_view(self, view):
        """The session's ViewSettings: the animation's length and the play speed."""
        self.set_animation(view.animation_ms, view.speed)
        act = self.animation_actions.get(view.animation_ms)
        if act is not None:
            act.setChecked(True)

    def set_scale_mode(self, mode: str, locked: float | None = None):
        """The deltas' scale: ``per layer``, ``shared`` or ``locked`` (at ``locked``)."""
        self.scale_mode = mode
        if locked is not None:
            self.locked_scale = float(locked)
        self.scale_choice.set_current(mode, self.locked_scale)  # its choice calls this
        if self.frame is not None:
            self.show_frame(self.frame)

    def set_numbers(self, on: bool):
        """Show the numbers on the graph (graph_numbers.py), or not."""
        self.show_numbers = bool(on)
        self.numbers_action.setChecked(self.show_numbers)
        if self.frame is not None:
            self.show_frame(self.frame)

    def set_digits(self, digits: int):
        """Decimals of the numbers on the graph (the inspector's Digits, when wired to it)."""
        self.digits = int(digits)
        if self.frame is not None:
            self.show_frame(self.frame)

    def _draw_numbers(self, snap):
        if not self.show_numbers:
            if self._changed("numbers", None):
                self.numbers.set_labels(np.zeros(0), np.zeros(0), [], QRectF(), self.font())
                self.numbers.setVisible(False)
            return
        key = (self.sample, self.digits, self.font().key(), id(self.lay))
        if not self._changed("numbers", key) and snap is self._numbers_of:
            return
        self._numbers_of = snap
        x0, x1, y0, y1 = self.lay.bounds()
        xs, ys, texts = labels(snap, self.lay, self.fill, self.digits)
        self.numbers.set_labels(xs, ys, texts, QRectF(x0, y0, x1 - x0, y1 - y0), self.font())
        self.numbers.setVisible(bool(texts))
