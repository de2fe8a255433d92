"""Guided lessons in the Help menu: one per preset. Choosing one opens the preset (through its
Presets menu entry, as a click would) and, while the student drives it with Step, shows the
phase breadcrumb and a caption above the graph (presenter.py's labels) and selects the unit or
weight the caption talks about, so the Inspector shows its numbers (session/lessons.py).
Help > End the lesson, or opening anything else, ends it."""
from __future__ import annotations

from PySide6.QtWidgets import QMenu

from .actions import action
from ..session import lessons, presets


class Lessons:
    def __init__(self, window, presenter):
        self.window, self.session, self.presenter = window, window.session, presenter
        self.active = None  # the preset's name while a lesson runs
        self.menu = QMenu("&Lessons", window, objectName="lessonsMenu")
        try:
            titles = presets.titles()
        except (OSError, ValueError, KeyError):
            titles = {}
        self.actions = {}
        for name, title in titles.items():
            a = action(window, title, lambda _=False, name=name: self.start(name), [],
                       "Walk through this preset's iteration with Step, a caption per phase")
            a.setObjectName(f"lesson_{name}")
            self.menu.addAction(a)
            self.actions[name] = a
        self.end_action = action(window, "&End the lesson", self.end)
        self.menu.addSeparator()
        self.menu.addAction(self.end_action)
        self.end_action.setEnabled(False)
        help_menu = window.actions_.help_menu
        help_menu.insertMenu(help_menu.actions()[2], self.menu)
        self.session.frameReady.connect(lambda _: self.follow())

    def start(self, name: str):
        self.window.docks.preset_actions[name].trigger()
        if self.session.settings.data.name != presets.data_name(name):
            return  # the preset did not open (its message says why)
        self.active = name
        self.window.docks.inspector_dock.raise_()  # where the pointed-at numbers show
        self.presenter.guided = True
        self.end_action.setEnabled(True)
        self.follow()

    def follow(self):
        if self.active is None or self.session.playing:
            return  # a lesson is stepped; pausing publishes a frame to follow
        if self.session.settings.data.name != presets.data_name(self.active):
            self.end()  # something else was opened
            return
        snap, info = self.session.snapshot, self.session.info
        self.presenter.show_guide(lessons.lesson_caption(snap, info))
        target = lessons.pointer(snap, info)
        if target != self.window.selection:
            self.window.network_view.select(target)

    def end(self):
        self.active = None
        self.presenter.guided = False
        self.presenter.show_guide(None)
        self.end_action.setEnabled(False)
