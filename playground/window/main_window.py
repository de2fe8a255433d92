"""The main window: training controls on top (a toolbar), data on the left, the network graph
in the middle, the decision boundary above the loss plot on the right; dock areas (right and
bottom) take further snapshot views such as an inspector (docks.py).

The window assembles, nothing more: panels and views emit intents, which slots of a few lines
hand to the session's face (session/face.py); every view redraws from the Frame it emits, and
the widgets that show a ViewSetting (speed, sample, log scale, test points) follow
``viewChanged``. A snapshot view follows the ``SnapshotView`` protocol.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QCheckBox, QDockWidget, QFileDialog, QMainWindow, QMessageBox,
                               QScrollArea, QSplitter, QToolBar, QVBoxLayout, QWidget)

from .actions import build_actions
from .file_menu import TITLE, FileMenu
from ..panels.data_panel import DataPanel
from ..panels.network_panel import NetworkPanel
from ..panels.training_panel import TrainingPanel
from ..session.face import Session
from .classroom import Classroom
from .docks import Docks
from .feature_menu import FeatureMenu
from ..views.boundary_view import BoundaryView
from ..views.loss_plot import LossPlot
from ..views.labels import SteadyLabel
from ..views.network_view import NetworkView
from ..views.gradient_plot import GradientPlot
from ..session.frame import LOSS_TITLES
from ..session.settings import SPEEDS

ABOUT = ("<b>Backprop Playground</b><p>Watch backpropagation one phase per click: forward, "
         "the output delta, each hidden delta, the update. The numbers come from a small NumPy "
         "engine; the window only draws them.</p>")


class FrameView(Protocol):
    """A view of the main window: it redraws from each frame alone."""
    def show_frame(self, frame) -> None: ...   # session.frame.Frame


class SnapshotView(Protocol):
    """A docked view: the network's shape when it changes, then every snapshot it shows."""
    def set_network(self, info) -> None: ...   # session.frame.NetInfo
    def show_snapshot(self, snapshot, selection, sample: int) -> None: ...


class MainWindow(QMainWindow):
    def __init__(self, session: Session | list | None = None, parent=None):
        """On ``session``, or on what a command line (a list of strings, app.py) asks for, or
        on the default: XOR and a small sigmoid network."""
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        if isinstance(session, (list, tuple)):
            from ..app import session_of  # app.py imports this module only when it runs
            session = session_of(list(session))
        self.session = session or Session()
        self.session.setParent(self)
        self.frame, self.selection, self.shown_net = None, None, {}
        self.snapshot_views: list[SnapshotView] = []
        self.training, self.data_panel = TrainingPanel(), DataPanel()
        self.data_panel.set_thumbnails(self.session.thumbnails)
        self.network_panel, self.network_view = NetworkPanel(), NetworkView()
        self.boundary_view, self.loss_plot = BoundaryView(), LossPlot()
        self.gradient_plot = GradientPlot()
        self.frame_views: list[FrameView] = [self.training, self.network_view, self.boundary_view,
                                             self.loss_plot, self.gradient_plot]
        self.scores = SteadyLabel(sample=scores_text((1.0, 1.0, 1.0, 1.0), True, "mse", "l2"),
                                  objectName="scoresLabel")
        self.setCentralWidget(self._central())
        controls = QToolBar("Training", objectName="trainingToolbar", movable=False)
        controls.addWidget(self.training)  # across the whole width, above the central and docks
        self.addToolBar(controls)
        self.setDockNestingEnabled(True)
        self.statusBar().addPermanentWidget(self.scores)
        self.actions_ = build_actions(self)
        self._connect()
        self._settings_changed(self.session.settings)
        self._view_changed(self.session.view)
        self.resize(1400, 800)
        self.docks = Docks(self)  # inspector, matrices, check, undo, presets, zoom
        self.feature_menu = FeatureMenu(self, self.actions_.edit_menu)  # the graph's inputs
        self.files = FileMenu(self)  # sessions, recent files, CSV import, exports, autosave
        self.classroom = Classroom(self)  # exercises, worksheets, presenter mode, help
        self.session.publish()

    def _central(self) -> QWidget:
        data = QScrollArea(widgetResizable=True)
        data.setWidget(self.data_panel)
        data.setMinimumWidth(175)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.network_panel)
        column.addWidget(self.network_view, 1)
        loss = QWidget()
        loss_box = QVBoxLayout(loss)
        loss_box.setContentsMargins(0, 0, 0, 0)
        loss_box.addWidget(self.loss_plot, 1)
        self.log_check = QCheckBox("Log scale", objectName="logScaleCheck")
        self.log_check.setToolTip("A logarithmic loss axis (Ctrl+L)")
        loss_box.addWidget(self.log_check)
        loss_box.addWidget(self.gradient_plot)  # a strip under the loss: the layers' gradients
        self.gradient_plot.setMinimumHeight(60)
        self.gradient_plot.setMaximumHeight(130)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.boundary_view)
        right.addWidget(loss)
        right.setSizes([390, 280])  # the boundary about square in a column of 360 pixels
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for w in (data, middle, right):
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([210, 700, 460])
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(4, 2, 4, 2)
        box.addWidget(self.splitter, 1)
        return central

    def _connect(self):
        s, t = self.session, self.training
        s.frameReady.connect(self._show_frame)
        s.settingsChanged.connect(self._settings_changed)
        s.viewChanged.connect(self._view_changed)
        s.playingChanged.connect(t.set_playing)
        s.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        t.stepRequested.connect(s.step)
        t.finishRequested.connect(s.finish_iteration)
        t.playRequested.connect(s.toggle_play)
        t.resetRequested.connect(s.reset)
        t.randomizeRequested.connect(s.randomize)
        t.speedChanged.connect(s.set_speed)
        t.changed.connect(lambda train: s.apply_settings(replace(s.settings, train=train)))
        self.data_panel.changed.connect(lambda data: s.apply_settings(replace(s.settings, data=data)))
        self.data_panel.showTestToggled.connect(lambda on: s.set_view(show_test=on))
        self.data_panel.suggestionRequested.connect(s.use_suggestion)
        self.data_panel.addClassChanged.connect(lambda k: s.set_view(add_class=k))
        self.log_check.toggled.connect(lambda on: s.set_view(log_scale=on))
        self.network_panel.changed.connect(lambda net: s.apply_settings(replace(s.settings, net=net)))
        self.network_view.editRequested.connect(self.set_parameter)
        self.network_view.selectionChanged.connect(self._selection_changed)
        self.network_view.sampleChanged.connect(lambda p: s.set_view(sample=p))
        self.network_view.featureToggled.connect(s.toggle_feature)
        self.network_view.unitHovered.connect(self.boundary_view.show_unit)

    # slots
    def _show_frame(self, frame):
        self.frame = frame
        self.actions_.discretize.setEnabled(frame.train.kind != "regression")  # no classes
        for view in self.frame_views:
            view.show_frame(frame)
        self.data_panel.show_data(frame.train)
        self.scores.setText(scores_text(frame.scores, frame.computing, frame.info.loss,
                                        frame.info.regularization if frame.info.reg_rate else None))
        self._update_snapshot_views()

    def settle(self):
        """Views draw at once what they defer while playing (for a screenshot)."""
        self.gradient_plot.flush()

    def _settings_changed(self, settings):
        self.data_panel.set_settings(settings.data)
        self.data_panel.show_suggestion(self.session.suggestion_text)
        self.network_panel.set_settings(settings.net)
        self.training.set_settings(settings.train)

    def _view_changed(self, view):
        """Every widget that shows a ViewSetting shows the run's, without echoing it back."""
        view = self.session.view  # the latest: an event queued before may be stale
        for box, on in ((self.log_check, view.log_scale), (self.data_panel.show_test, view.show_test),
                        (self.actions_.log_scale, view.log_scale),
                        (self.actions_.discretize, view.discretize),
                        (self.actions_.test_points, view.show_test)):
            with QSignalBlocker(box):
                box.setChecked(on)
        with QSignalBlocker(self.training.speed):
            self.training.speed.setCurrentIndex(SPEEDS.index(view.speed))
        self.loss_plot.set_log(view.log_scale)
        self.data_panel.set_add_class(view.add_class)
        self.boundary_view.set_show_test(view.show_test)
        self.boundary_view.set_discretize(view.discretize)
        if view.sample != self.network_view.sample:
            with QSignalBlocker(self.network_view):  # redraws, and says nothing back
                self.network_view.sample_spin.setValue(view.sample + 1)
        self._update_snapshot_views()

    @property
    def sample(self) -> int:
        return self.session.view.sample

    def _selection_changed(self, selection):
        self.selection = selection
        self._update_snapshot_views()

    def set_parameter(self, target, value):
        try:
            self.session.set_parameter(target, value)
        except ValueError as e:
            self.statusBar().showMessage(str(e), 15000)

    def open_network(self):
        path, _ = QFileDialog.getOpenFileName(self, "Open a network", "", "Network files (*.json)")
        if path:
            try:
                self.session.open_network(path)
            except ValueError as e:  # NetworkFileError is a ValueError
                QMessageBox.warning(self, "Cannot open the network", str(e))

    def save_network(self):
        path, _ = QFileDialog.getSaveFileName(self, "Save the network", "network.json",
                                              "Network files (*.json)")
        if path:
            try:
                self.session.save_network(path)
            except (OSError, ValueError) as e:
                QMessageBox.warning(self, "Cannot save the network", str(e))

    def about(self):
        QMessageBox.about(self, "About Backprop Playground", ABOUT)

    # room for more views
    def add_snapshot_view(self, widget, title: str, area=Qt.DockWidgetArea.RightDockWidgetArea):
        """Dock ``widget`` (a SnapshotView): it gets ``set_network(info)`` when the network's shape
        changes, then ``show_snapshot(snapshot, selection, sample)`` on every change."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{widget.objectName() or title}Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.actions_.view_menu.addAction(dock.toggleViewAction())
        dock.toggleViewAction().setStatusTip(f"Show or hide the {title} panel")
        self.snapshot_views.append(widget)
        self._update_snapshot_views()
        return dock

    def _update_snapshot_views(self):
        if self.frame is None:
            return
        for view in self.snapshot_views:
            if self.shown_net.get(id(view)) != self.frame.info:
                self.shown_net[id(view)] = self.frame.info
                view.set_network(self.frame.info)
            view.show_snapshot(self.frame.snapshot, self.selection, self.sample)

    def closeEvent(self, event):
        self.session.pause()
        super().closeEvent(event)


def scores_text(scores, computing=False, loss=None, penalty=None) -> str:
    """The scores as the status line shows them; ``computing``: they are of an earlier state
    (or unknown yet) while those of the current one are computed. ``loss`` (bce, ce, mse) and
    ``penalty`` (l1, l2 or None) name what the loss is, at the end."""
    train_loss, train_acc, test_loss, test_acc = scores
    if computing and math.isnan(train_loss):
        return "computing the scores…"
    text = f"train loss {train_loss:.4g}"
    if train_acc is not None:
        text += f", accuracy {100 * train_acc:.0f}%"
    if test_loss is not None:
        text += f"   test loss {test_loss:.4g}"
        if test_acc is not None:
            text += f", accuracy {100 * test_acc:.0f}%"
    if loss in LOSS_TITLES:
        text += f"   ({LOSS_TITLES[loss]}{f' + {penalty.upper()} penalty' if penalty else ''})"
    return text + ("   (computing…)" if computing else "")
