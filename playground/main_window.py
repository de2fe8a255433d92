"""The main window: training controls on top (a toolbar), data on the left, the network graph
in the middle, the decision boundary above the loss plot on the right; dock areas (right and
bottom) take further snapshot views such as an inspector (teaching.py docks its views).

Slots are a few lines that call ``Session``; every view redraws from the Frame it emits.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDockWidget, QFileDialog, QMainWindow, QMessageBox,
                               QScrollArea, QSplitter, QToolBar, QVBoxLayout, QWidget)

from .actions import build_actions
from .file_menu import TITLE, FileMenu
from .panels.data_panel import DataPanel
from .panels.network_panel import NetworkPanel
from .panels.training_panel import TrainingPanel
from .session import Session
from .teaching import Teaching
from .views.boundary_view import BoundaryView
from .views.loss_plot import LossPlot
from .views.labels import SteadyLabel
from .views.network_view import NetworkView

ABOUT = ("<b>Backprop Playground</b><p>Watch backpropagation one phase per click: forward, "
         "the output delta, each hidden delta, the update. The numbers come from a small NumPy "
         "engine; the window only draws them.</p>")


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.session = session or Session()
        self.session.setParent(self)
        self.frame, self.selection, self.sample, self.snapshot_views = None, None, 0, []
        self.training, self.data_panel = TrainingPanel(), DataPanel()
        self.network_panel, self.network_view = NetworkPanel(), NetworkView()
        self.boundary_view, self.loss_plot = BoundaryView(), LossPlot()
        self.scores = SteadyLabel(sample=scores_text((1.0, 1.0, 1.0, 1.0)), objectName="scoresLabel")
        self.setCentralWidget(self._central())
        controls = QToolBar("Training", objectName="trainingToolbar", movable=False)
        controls.addWidget(self.training)  # across the whole width, above the central and docks
        self.addToolBar(controls)
        self.setDockNestingEnabled(True)
        self.statusBar().addPermanentWidget(self.scores)
        self.actions_ = build_actions(self)
        self._connect()
        self._settings_changed(self.session.settings)
        self.resize(1400, 800)
        self.teaching = Teaching(self)  # inspector, matrices, check, undo, presets, zoom
        self.files = FileMenu(self)  # sessions, recent files, CSV import, exports, autosave
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
        self.data_panel.showTestToggled.connect(self.boundary_view.set_show_test)
        self.network_panel.changed.connect(lambda net: s.apply_settings(replace(s.settings, net=net)))
        self.network_view.editRequested.connect(self.set_parameter)
        self.network_view.selectionChanged.connect(self._selection_changed)
        self.network_view.sampleChanged.connect(self._sample_changed)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if hasattr(self, "teaching"):  # built after the first resize
            self.teaching.fit()

    # slots
    def _show_frame(self, frame):
        self.frame = frame
        for view in (self.training, self.network_view, self.boundary_view, self.loss_plot):
            view.show_frame(frame)
        self.scores.setText(scores_text(frame.scores))
        self._update_snapshot_views()

    def _settings_changed(self, settings):
        self.data_panel.set_settings(settings.data)
        self.network_panel.set_settings(settings.net)
        self.training.set_settings(settings.train)

    def _selection_changed(self, selection):
        self.selection = selection
        self._update_snapshot_views()

    def _sample_changed(self, sample):
        self.sample = sample
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
        """Dock ``widget``; it gets ``show_snapshot(snapshot, selection, sample)`` on every change
        (and ``set_network(info)`` first, if it has that method, when the network's shape changes)."""
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
            if hasattr(view, "set_network") and getattr(view, "net", None) != self.frame.info:
                view.set_network(self.frame.info)  # NetInfo: sizes, activations, loss, reduction, bias
            view.show_snapshot(self.frame.snapshot, self.selection, self.sample)

    def closeEvent(self, event):
        self.session.pause()
        super().closeEvent(event)


def scores_text(scores) -> str:
    train_loss, train_acc, test_loss, test_acc = scores
    text = f"train loss {train_loss:.4g}"
    if train_acc is not None:
        text += f", accuracy {100 * train_acc:.0f}%"
    if test_loss is not None:
        text += f"   test loss {test_loss:.4g}"
        if test_acc is not None:
            text += f", accuracy {100 * test_acc:.0f}%"
    return text
