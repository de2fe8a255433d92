"""Presenter mode (F5 or View > Presenter; Esc leaves): for a projector.

It hides what ``ViewSettings.presenter_hidden`` lists (session/settings.py PRESENTER_PARTS;
the teacher's choice is saved with the session), keeps Step, Play and Reset, puts the numbers
on the graph and shows a phase breadcrumb (Forward ▸ Output δ ▸ Hidden δ ▸ Update) with a
one-line caption (session/captions.py) above it. Whether the window presents is the
ViewSetting ``presenter``: this module follows ``viewChanged`` and restores on leaving what
it hid and the numbers' switch as they were.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QLabel, QToolBar

from .actions import action
from ..session.captions import STEPS, caption, station

CURRENT = "background:#1f78b4; color:white; padding:2px 8px; border-radius:4px"
DONE, LATER = "color:#1f1f1f", "color:#9a9a9a"


def breadcrumb(snap) -> str:
    """The four stations, the phase just run marked, those before it done, the rest to come."""
    k = station(snap)
    parts = []
    for i, name in enumerate(STEPS):
        style = CURRENT if i == k else DONE if k is not None and i < k else LATER
        parts.append(f"<span style='{style}'>{name}</span>")
    return " ▸ ".join(parts)


class Presenter(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.on, self._shown, self._numbers = False, {}, False
        self.guided = False  # a lesson (lessons.py) writes the caption
        self.crumb = QLabel(objectName="phaseBreadcrumb", textFormat=Qt.TextFormat.RichText)
        self.caption = QLabel(objectName="phaseCaption", wordWrap=True)
        for label in (self.crumb, self.caption):
            label.hide()
        box = window.centralWidget().layout()
        box.insertWidget(0, self.caption)
        box.insertWidget(0, self.crumb)
        self.action = action(window, "&Presenter", lambda on: self.session.set_view(presenter=on),
                             ["F5"], "Presenter mode: the graph large, only Step, Play and Reset "
                             "(F5; Esc leaves)", checkable=True)
        self.action.setObjectName("presenterAction")
        window.actions_.view_menu.addAction(self.action)
        self.leave = QShortcut(QKeySequence("Esc"), window, objectName="leavePresenter")
        self.leave.activated.connect(lambda: self.session.set_view(presenter=False))
        self.leave.setEnabled(False)
        self.session.viewChanged.connect(lambda _: self.follow())
        self.session.frameReady.connect(self._frame)

    def parts(self) -> dict:
        """Each hideable part's widgets."""
        w, t = self.window, self.window.training
        docks = [d for d in w.findChildren(QDockWidget) if d is not w.docks.inspector_dock]
        labels = [x for x in t.rule if isinstance(x, QLabel)]
        return {"menus": [w.menuBar()], "data": [w.docks.projector.data_scroll],
                "network": [w.network_panel],
                "rule": [t.finish, t.speed, t.randomize, t.phase] + t.rule + labels,
                "timeline": [w.findChild(QToolBar, "timelineToolbar")],
                "plots": [w.boundary_view.parentWidget()], "docks": docks,
                "status": [w.statusBar()]}

    def follow(self):
        view = self.session.view
        if view.presenter != self.on:
            self._enter(view.presenter_hidden) if view.presenter else self._leave()
        self.action.setChecked(self.on)

    def _enter(self, hidden):
        self.on, self._numbers = True, self.window.network_view.show_numbers
        self._shown = {}
        for part, widgets in self.parts().items():
            if part in hidden:
                for w in widgets:
                    self._shown[w] = w.isVisible()
                    w.hide()
        self.window.network_view.set_numbers(True)
        self.leave.setEnabled(True)
        self._frame(None)
        self.show_guide(None)  # the labels, in the zoom's type, larger still

    def _leave(self):
        self.on = False
        for w, shown in self._shown.items():
            w.setVisible(shown)
        self._shown = {}
        self.window.network_view.set_numbers(self._numbers)
        for label in (self.crumb, self.caption):
            label.setVisible(self.guided)
        self.leave.setEnabled(False)

    def _frame(self, _):
        if self.on and not self.guided:
            snap = self.session.snapshot
            self.crumb.setText(breadcrumb(snap))
            self.caption.setText(caption(snap, self.session.info))

    def show_guide(self, text: str | None):
        """The breadcrumb and ``text`` as the caption (a lesson's), or none (None)."""
        shown = text is not None or self.on
        if text is not None:
            self.crumb.setText(breadcrumb(self.session.snapshot))
            self.caption.setText(text)
        elif self.on:
            self._frame(None)
        for label, scale in ((self.crumb, 1.5), (self.caption, 1.2)):
            font = self.window.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            label.setFont(font)
            label.setVisible(shown)
