"""The training controls along the top: step, finish the iteration, play/pause and speed,
reset and randomize, learning rate, batch size and optimizer; plus the phase and epoch labels.

Buttons emit intents (``stepRequested`` ...); edits of the rule emit ``changed(TrainSettings)``.
``show_frame`` only writes the labels, which keep their size (views/labels.py): a frame
repaints them and lays nothing out. The controls go in two rows when one would be wider than
the window (a projector's narrow screen, zoomed type), in three when two would be: the window
never widens for them.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QSignalBlocker, QSize, Signal
from PySide6.QtWidgets import (QAbstractSpinBox, QComboBox, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from ..session.frame import HIDDEN_DELTA

from ..session.settings import (DEFAULT_SPEED, ETA_RANGE, MAX_BATCH, MAX_HIDDEN_LAYERS, OPTIMIZER_NAMES,
                                SPEEDS, TrainSettings)
from ..views.labels import SteadyLabel
from . import TwoRows
from .fields import DoubleSpinBox, SpinBox


def button(text, name, tip) -> QPushButton:
    b = QPushButton(text, objectName=name)
    b.setToolTip(tip)
    return b


def phase_text(snap) -> str:
    """``Forward``, ``Output delta``, ``Hidden delta (layer 1)``, ``Update`` or ``Ready``."""
    if snap.phase == HIDDEN_DELTA:
        return f"{snap.title} (layer {snap.layer + 1})"
    return snap.title


class TrainingPanel(TwoRows, QWidget):
    stepRequested = Signal()
    finishRequested = Signal()
    playRequested = Signal()
    resetRequested = Signal()
    randomizeRequested = Signal()
    speedChanged = Signal(object)   # epochs per second, or None for as fast as possible
    changed = Signal(object)        # TrainSettings

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = TrainSettings()
        self.step = button("Step", "stepButton", "Run one phase of backpropagation (Space or Right)")
        self.finish = button("Finish iteration", "finishButton",
                             "Run the remaining phases of this iteration, up to the update")
        self.play = button("Play", "playButton", "Train continuously / pause (P or Ctrl+Enter)")
        self.play.setCheckable(True)
        self._fit_play()
        self.speed = QComboBox(objectName="speedCombo")
        self.speed.addItems([f"{s} epochs/s" if s else "max speed" for s in SPEEDS])
        self.speed.setCurrentIndex(SPEEDS.index(DEFAULT_SPEED))
        self.speed.setToolTip("How fast Play trains; the numbers are the same at any speed")
        self.reset = button("Reset", "resetButton", "Back to the same start: same seed, epoch 0 (Ctrl+R)")
        self.randomize = button("Randomize", "randomizeButton", "Start again from new random weights")
        self.eta = DoubleSpinBox(objectName="learningRateInput", decimals=5, minimum=ETA_RANGE[0],
                                  maximum=ETA_RANGE[1], value=0.5)
        self.eta.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.eta.setToolTip("Learning rate eta in W <- W - eta dL/dW (takes effect at once)")
        self.batch = SpinBox(objectName="batchSizeSpin", minimum=0, maximum=MAX_BATCH,
                             specialValueText="all")
        self.batch.setToolTip("Samples per iteration; 'all' uses the whole training set")
        self.optimizer = QComboBox(objectName="optimizerCombo")
        self.optimizer.addItems(list(OPTIMIZER_NAMES))
        self.optimizer.setToolTip("sgd: W <- W - eta g; momentum; adam")
        self.phase = SteadyLabel("Ready", f"Hidden delta (layer {MAX_HIDDEN_LAYERS})",
                                 objectName="phaseLabel")
        self.phase.setToolTip("The phase just run")
        self.epoch = SteadyLabel("Epoch 0", "Epoch 10000 \u00b7 100000 updates", objectName="epochLabel")
        self.epoch.setToolTip("Epochs completed and updates made")
        self.buttons = [self.step, self.finish, self.play, self.speed, self.reset, self.randomize]
        self.rule = []
        for label, w in (("eta", self.eta), ("Batch", self.batch), ("Optimizer", self.optimizer)):
            self.rule += [QLabel(label), w]
        self.rows = [QHBoxLayout(), QHBoxLayout(), QHBoxLayout()]
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 2, 2, 2)
        for row in self.rows:
            column.addLayout(row)
        self.arrange(1)
        self._connect()

    def fill_rows(self, first, second, third, n_rows: int):
        """The controls in one row, in two (the rule and the labels below the buttons) or, in
        very large type, in three (the rule, then the labels)."""
        for w in self.buttons + (self.rule if n_rows == 1 else []):
            first.addWidget(w)
        for w in self.rule if n_rows > 1 else []:
            second.addWidget(w)
        if n_rows > 1:
            first.addStretch(1)  # the buttons keep their width
        last = {1: first, 2: second, 3: third}[n_rows]
        if n_rows == 3:
            second.addStretch(1)
        last.addStretch(1)
        for w in (self.phase, self.epoch):
            last.addWidget(w)

    def two_rows(self):
        return self.buttons, self.rule + [self.phase, self.epoch]

    def fit_width(self, width: int):
        """One row if it fits, else two, else three."""
        two = max(self._row_width(row) for row in self.two_rows())
        if self._row_width(self.buttons + self.rule + [self.phase, self.epoch]) <= width:
            self.arrange(1)
        else:
            self.arrange(2 if two <= width else 3)

    def minimumSizeHint(self) -> QSize:
        """As wide as the widest of three rows: the window may be narrower than two."""
        rows = (self.buttons, self.rule, [self.phase, self.epoch])
        return QSize(max(self._row_width(row) for row in rows), QWidget.minimumSizeHint(self).height())

    def _connect(self):
        self.step.clicked.connect(self.stepRequested)
        self.finish.clicked.connect(self.finishRequested)
        self.play.clicked.connect(self.playRequested)
        self.reset.clicked.connect(self.resetRequested)
        self.randomize.clicked.connect(self.randomizeRequested)
        self.speed.currentIndexChanged.connect(lambda k: self.speedChanged.emit(SPEEDS[k]))
        self.eta.valueChanged.connect(self._emit)
        self.batch.valueChanged.connect(self._emit)
        self.optimizer.currentTextChanged.connect(self._emit)

    def set_settings(self, s: TrainSettings):
        self.settings = s
        blockers = [QSignalBlocker(w) for w in (self.eta, self.batch, self.optimizer)]
        self.eta.setValue(s.eta)
        self.batch.setValue(s.batch_size)
        self.optimizer.setCurrentText(s.optimizer)
        del blockers

    def _fit_play(self):
        """As wide as "Pause": toggling never lays the window out again (nor repaints it)."""
        text = self.play.text()
        widths = []
        for label in ("Play", "Pause"):
            self.play.setText(label)
            widths.append(self.play.sizeHint().width())
        self.play.setText(text)
        self.play.setMinimumWidth(max(widths))

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_play()

    def set_playing(self, playing: bool):
        self.play.setChecked(playing)
        self.play.setText("Pause" if playing else "Play")

    def show_frame(self, frame):
        snap = frame.snapshot
        self.phase.setText(phase_text(snap))
        self.epoch.setText(f"Epoch {snap.epoch} \u00b7 {snap.steps} updates")

    def _emit(self, *_):
        self.settings = replace(self.settings, eta=self.eta.value(), batch_size=self.batch.value(),
                                optimizer=self.optimizer.currentText())
        self.changed.emit(self.settings)
