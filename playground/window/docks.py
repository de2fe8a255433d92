"""The docked views and the tools around them: the inspector, the matrix view and the gradient
check in docks, undo, redo and the timeline slider, the Presets menu with the preset's text,
and zoom (with the layout that follows the window's width, projector_fit.py).

``Docks(window)`` builds them once, after the window's own parts, adding to the menus the
window keeps by name (actions.py). The views show what the session publishes; the gradient
check (Ctrl+G) is check_control.py: at once when small, else in slices with progress and Cancel.
Opening a preset switches a planted teaching bug off, and says so in the status bar; the
inspector cites the seed of the preset open (the frame's ``preset``).
Selections go both ways: a cell of the matrix view or a row of the check selects the same
unit, edge or bias in the graph, whose selection makes the views' matching cells current.
Over 250 lines because the docks, the timeline, the check and zoom share one layout (fit).
"""
from __future__ import annotations

from types import SimpleNamespace

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QSlider, QToolBar

from . import preferences
from .actions import action, fill
from .check_control import CheckControl
from .presets_menu import build_presets_menu
from .projector_fit import ProjectorFit
from ..session.timeline import BOUND_TEXT
from ..views.gradcheck_view import GradcheckView
from ..views.inspector import Inspector
from ..views.labels import SteadyLabel
from ..views.matrix_view import MatrixView
from ..views.preset_text import PresetText

ZOOMS = (0.8, 1.0, 1.25, 1.5, 1.75, 2.0)
ZOOM_KEY = "view/zoom"  # in the preferences
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
DOCK_WIDTH = 340  # at zoom 1: at 1400 px the graph and the boundary keep their room
DOCK_MIN = 240    # at zoom 1: the docked views may be squeezed this far (their tables scroll)
DOCK_MIN_HEIGHT = 160  # at zoom 1, and this low: a short screen in large type keeps its status bar


class Docks(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.zoom = 1.0
        self.base_points = window.font().pointSizeF() if window.font().pointSizeF() > 0 else 10.0
        self._docks()
        self._actions()
        self._toolbar()
        self._connect()
        self.projector = ProjectorFit(window, self)
        window.installEventFilter(self)  # the layout follows every resize

    def eventFilter(self, watched, event):
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _docks(self):
        """One tabbed column on the right, the full height: the main views keep their room."""
        w = self.window
        self.inspector, self.matrix = Inspector(), MatrixView()
        self.check_view, self.preset_text = GradcheckView(), PresetText()
        self.inspector_dock = w.add_snapshot_view(self.inspector, "Inspector", RIGHT)
        self.matrix_dock = w.add_snapshot_view(self.matrix, "Matrices", RIGHT)
        self.check_dock = w.add_snapshot_view(self.check_view, "Gradient check", RIGHT)
        self.preset_dock = QDockWidget("Preset", w, objectName="presetTextDock")
        self.preset_dock.setWidget(self.preset_text)
        w.addDockWidget(RIGHT, self.preset_dock)
        w.actions_.view_menu.addAction(self.preset_dock.toggleViewAction())
        self.preset_dock.toggleViewAction().setStatusTip("Show or hide the preset's text")
        for dock in (self.matrix_dock, self.check_dock, self.preset_dock):
            w.tabifyDockWidget(self.inspector_dock, dock)
        # A tab behind another stays "visible" to Qt: tell the views, so that they skip work.
        self.inspector_dock.visibilityChanged.connect(self.inspector.set_shown)
        self.matrix_dock.visibilityChanged.connect(self.matrix.set_shown)
        self.inspector_dock.raise_()
        for corner in (Qt.Corner.TopRightCorner, Qt.Corner.BottomRightCorner):
            w.setCorner(corner, RIGHT)
        self._squeezable(1.0)
        w.resizeDocks([self.inspector_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        w.splitter.setSizes([175, 520, 350])  # data, graph, boundary and loss, next to the dock
        self.checks = CheckControl(self)

    def _actions(self):
        w, s = self.window, self.session
        a = self.actions = SimpleNamespace()
        a.undo = action(w, "&Undo", s.undo, ["Ctrl+Z"], "Undo: back one phase, or one drawn "
                        "frame of training (Ctrl+Z). " + BOUND_TEXT)
        a.redo = action(w, "&Redo", s.redo, ["Ctrl+Shift+Z", "Ctrl+Y"],
                        "Redo: forward again along the recorded steps (Ctrl+Shift+Z or Ctrl+Y)")
        a.check = action(w, "&Gradient check", self.run_check, ["Ctrl+G"],
                         "Compare backprop with central finite differences on the current state "
                         "(Ctrl+G)")
        a.check_edges = action(w, "Edges show the gradient check", self.checks.show_levels,
                               ["Ctrl+Shift+G"], "Colour the edges by the check's relative error "
                               "(off: by weight)", checkable=True)
        a.zoom_in = action(w, "Zoom &in", lambda: self.step_zoom(1), ["Ctrl++", "Ctrl+="],
                           "Larger type, for a projector (Ctrl++)")
        a.zoom_out = action(w, "Zoom &out", lambda: self.step_zoom(-1), ["Ctrl+-"],
                            "Smaller type (Ctrl+-)")
        a.zoom_reset = action(w, "&Actual size", lambda: self.set_zoom(1.0), ["Ctrl+0"],
                              "Type at its normal size (Ctrl+0)")
        menus = w.actions_
        fill(menus.edit_menu, [a.undo, a.redo])
        fill(menus.training_menu, [None, a.check])
        fill(menus.view_menu, [None, a.check_edges, None, a.zoom_in, a.zoom_out, a.zoom_reset])
        self.preset_actions = build_presets_menu(w, self._preset_opened,
                                                 before=menus.help_menu.menuAction())

    def _toolbar(self):
        a, bar = self.actions, QToolBar("Timeline", objectName="timelineToolbar")
        for act, text in ((a.check, "Check gradients"), (a.check_edges, "Edge errors"),
                          (a.zoom_out, "A−"), (a.zoom_in, "A+")):
            act.setIconText(text)  # the toolbar's short names
        bar.setMovable(False)
        for act, name in ((a.undo, "undoButton"), (a.redo, "redoButton")):
            bar.addAction(act)
            bar.widgetForAction(act).setObjectName(name)
        bar.addWidget(QLabel(" Timeline "))
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="timelineSlider")
        self.slider.setToolTip("Scrub through the recorded steps: every phase while stepping, "
                               "one point per drawn frame while playing. " + BOUND_TEXT)
        self.slider.valueChanged.connect(self._slid)
        self.slider.setAutoFillBackground(True)  # it moves every frame: repaint it alone
        bar.addWidget(self.slider)
        self.position = SteadyLabel(sample="1000 / 1000", objectName="timelineLabel")
        bar.addWidget(self.position)
        fill(bar, [None, a.check, a.check_edges, None, a.zoom_out, a.zoom_in])
        bar.widgetForAction(a.check).setObjectName("gradcheckToolButton")
        self.window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)  # a player's scrubber

    def _connect(self):
        view = self.window.network_view
        self.matrix.selectionChanged.connect(view.select)
        self.matrix.sampleChanged.connect(lambda p: self.session.set_view(sample=p))
        self.check_view.selectionChanged.connect(view.select)
        self.session.frameReady.connect(self._frame)  # after the window's own slot
        view.follow_view(self.session.view)  # the phases' animation and the play speed
        self.session.viewChanged.connect(view.follow_view)
        self.session.playingChanged.connect(lambda on: view.set_animation(playing=on))
        view.animationChosen.connect(lambda ms: self.session.set_view(animation_ms=ms))

    # the timeline
    def _frame(self, frame):
        t, a = self.session.timeline, self.actions
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, max(len(t) - 1, 0))
            self.slider.setValue(max(t.index, 0))
        self.position.setText(f"{t.index + 1} / {len(t)}")
        a.undo.setEnabled(t.can_undo())
        a.redo.setEnabled(t.can_redo())
        self.inspector.set_preset(frame.preset)  # its notes cite the open preset's seed
        self.checks.follow(frame.snapshot)

    def _slid(self, value):
        if value != self.session.timeline.index:
            self.session.seek(value)

    # the gradient check (check_control.py)
    def run_check(self):
        """Check now, show the check's tab and colour the edges by its errors."""
        self.checks.run()
        self.check_dock.show()
        self.check_dock.raise_()
        self.actions.check_edges.setChecked(True)  # toggled: redraws the edges

    result = property(lambda self: self.checks.result)
    status = property(lambda self: self.checks.status)

    # presets and zoom
    def _preset_opened(self, preset):
        combo = self.check_view.bug_combo
        if self.check_view.bug is not None:  # a preset opens with the true backprop: say so
            planted = combo.currentText()
            with QSignalBlocker(combo):
                self.check_view.set_bug(None)
            if self.result is not None:
                self.checks.run()  # the check shown is of the true backprop again
            self.window.statusBar().showMessage(f"Preset {preset.name} opened: the planted bug "
                                                f"({planted}) is switched off", 15000)
        self.preset_text.show_preset(preset.name, preset.text)
        self.preset_dock.setWindowTitle(f"Preset: {preset.name}")
        self.preset_dock.show()
        self.preset_dock.raise_()

    def restore_zoom(self):
        """The zoom of the last run (a projector's large type stays large)."""
        zoom = preferences.number(ZOOM_KEY, 1.0, ZOOMS[0], ZOOMS[-1])
        if zoom != self.zoom:
            self.set_zoom(zoom)

    def set_zoom(self, factor: float):
        """Type ``factor`` times its normal size everywhere, the graph's labels included; kept
        for the next run."""
        self.zoom, size = factor, self.window.size()
        preferences.set_value(ZOOM_KEY, factor)
        font = self.window.font()
        font.setPointSizeF(self.base_points * factor)
        self.window.setFont(font)
        for view in (self.inspector, self.matrix, self.check_view, self.preset_text):
            view.set_zoom(factor)
        data = self.window.data_panel
        self.projector.data_scroll.setMinimumWidth(data.minimumSizeHint().width() + 24)
        self._squeezable(factor)
        self.fit()
        for plot in self.window.findChildren(pg.PlotWidget):
            for name in ("left", "bottom"):
                plot.getAxis(name).setStyle(tickFont=font)
                plot.getAxis(name).label.setFont(font)
        QTimer.singleShot(0, lambda: self.projector.keep_size(size))  # the screen's size

    def fit(self):
        """Lay the window out for its width at this zoom: the training controls in two rows
        rather than a wider window, the docks at most about a quarter of the width."""
        w = self.window
        w.training.fit_width(w.width() - 16)
        width = self.projector.dock_width(self.zoom, DOCK_WIDTH)
        self._squeezable(self.zoom)
        self.projector.place_data(width, self.zoom)  # into tabs when the plot has no room
        docks = [d for d in w.findChildren(QDockWidget) if w.dockWidgetArea(d) == RIGHT]
        room = w.width() - w.centralWidget().minimumSizeHint().width() - 16
        w.resizeDocks(docks, [max(min(width, room), 1)] * len(docks), Qt.Orientation.Horizontal)
        self.projector.tabs()

    def _squeezable(self, factor: float):
        """A minimum size below what the docked views ask for: the docks never widen the window
        nor make it taller."""
        least = min(int(DOCK_MIN * factor), max(DOCK_MIN, self.window.width() * 27 // 100))
        for view in (self.inspector, self.matrix, self.check_view, self.preset_text):
            view.setMinimumSize(least, int(DOCK_MIN_HEIGHT * factor))

    def step_zoom(self, direction: int):
        k = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.zoom))
        self.set_zoom(ZOOMS[min(max(k + direction, 0), len(ZOOMS) - 1)])


