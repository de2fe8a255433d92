"""The data controls: which built-in set, how many points, noise, test split and seed.

Every edit emits ``changed(DataSettings)``; the panel never builds data itself. When the run
has settings to suggest for the set chosen, ``show_suggestion`` shows a button that emits
``suggestionRequested`` (an offer, not a dialog).
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QPushButton

from ..session.settings import DATASET_DESCRIPTIONS, DATASET_NAMES, DataSettings
from .fields import DoubleSpinBox, SpinBox


class DataPanel(QGroupBox):
    changed = Signal(object)          # DataSettings
    showTestToggled = Signal(bool)
    suggestionRequested = Signal()

    def __init__(self, parent=None):
        super().__init__("Data", parent)
        self.settings = DataSettings()
        self.dataset = QComboBox(objectName="datasetCombo")
        for k, name in enumerate(DATASET_NAMES):
            self.dataset.addItem(name)
            self.dataset.setItemData(k, DATASET_DESCRIPTIONS[name], Qt.ItemDataRole.ToolTipRole)
        self.dataset.setToolTip("The training data: one of the built-in sets (the network restarts)")
        self.points = SpinBox(objectName="pointsSpin", minimum=10, maximum=2000, singleStep=50)
        self.points.setToolTip("How many points to generate (xor always has its four)")
        self.noise = DoubleSpinBox(objectName="noiseSpin", minimum=0.0, maximum=1.0, singleStep=0.05)
        self.noise.setToolTip("Standard deviation of the gaussian noise added to the points")
        self.split = SpinBox(objectName="testSplitSpin", minimum=0, maximum=90, singleStep=10,
                             suffix=" %")
        self.split.setToolTip("Share of the points held out as a test set (xor is never split)")
        self.seed = SpinBox(objectName="dataSeedSpin", minimum=0, maximum=99_999)
        self.seed.setToolTip("Seed of the generator: the same seed gives the same points")
        self.regenerate = QPushButton("Regenerate", objectName="regenerateButton")
        self.regenerate.setToolTip("Draw new points (the next seed)")
        self.show_test = QCheckBox("Show test points", objectName="showTestCheck", checked=True)
        self.show_test.setToolTip("Draw the test points (squares) on the decision boundary")
        form = QFormLayout(self)
        form.addRow("Dataset", self.dataset)
        form.addRow("Points", self.points)
        form.addRow("Noise", self.noise)
        form.addRow("Test split", self.split)
        form.addRow("Seed", self.seed)
        form.addRow(self.regenerate)
        form.addRow(self.show_test)
        self.suggestion = QPushButton("Use suggested settings", objectName="suggestionButton")
        self.suggestion.clicked.connect(self.suggestionRequested)
        form.addRow(self.suggestion)
        self.show_suggestion(None)
        self.dataset.currentTextChanged.connect(self._emit)
        for spin in (self.points, self.noise, self.split, self.seed):
            spin.valueChanged.connect(self._emit)
        self.regenerate.clicked.connect(lambda: self.seed.setValue(self.seed.value() + 1))
        self.show_test.toggled.connect(self.showTestToggled)
        self.set_settings(self.settings)

    def set_settings(self, s: DataSettings):
        """Show ``s`` without emitting anything."""
        self.settings = s
        blockers = [QSignalBlocker(w) for w in (self.dataset, self.points, self.noise, self.split, self.seed)]
        if self.dataset.findText(s.name) < 0:  # points given as they are (a preset): by name
            self.dataset.addItem(s.name)
        self.dataset.setCurrentText(s.name)
        self.points.setValue(s.n)
        self.noise.setValue(s.noise)
        self.split.setValue(round(100 * s.test_fraction))
        self.seed.setValue(s.seed)
        del blockers
        generated = s.name in DATASET_NAMES and s.name != "xor"
        for w in (self.points, self.noise, self.split, self.seed, self.regenerate):
            w.setEnabled(generated)

    def show_suggestion(self, text):
        """Offer the run's suggestion (``text`` describes it; None: there is none)."""
        self.suggestion.setVisible(text is not None)
        self.suggestion.setToolTip(text or "Use the network and learning rule suggested for "
                                   "this set")

    def _emit(self, *_):
        self.settings = replace(self.settings, name=self.dataset.currentText(), n=self.points.value(),
                                noise=round(self.noise.value(), 4), test_fraction=self.split.value() / 100,
                                seed=self.seed.value())
        self.changed.emit(self.settings)
