"""The data controls: which built-in set, how many points, noise, test split and seed.

Every edit emits ``changed(DataSettings)``; the panel never builds data itself. When the run
has settings to suggest for the set chosen, ``show_suggestion`` shows a button that emits
``suggestionRequested`` (an offer, not a dialog). The dataset box shows a small picture of
each built-in set (``set_thumbnails``, from the points the session supplies). For k classes
a "class to add" box (``show_classes``) picks the class a click on the decision plot adds; it
emits ``addClassChanged(k)``, k from 0, and follows the run's view (``set_add_class``).
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QListView,
                               QPushButton)

from ..session.settings import DATASET_DESCRIPTIONS, DATASET_NAMES, DataSettings
from ..views import class_colors, thumbnails
from .fields import DoubleSpinBox, SpinBox

ICON = 16  # the picture's side in the closed box, in pixels (the list shows thumbnails.SIZE)


class DataPanel(QGroupBox):
    changed = Signal(object)          # DataSettings
    showTestToggled = Signal(bool)
    suggestionRequested = Signal()
    addClassChanged = Signal(int)     # the class a click adds (k classes), from 0

    def __init__(self, parent=None):
        super().__init__("Data", parent)
        self.settings = DataSettings()
        self.dataset = QComboBox(objectName="datasetCombo")
        for k, name in enumerate(DATASET_NAMES):
            self.dataset.addItem(name)
            self.dataset.setItemData(k, DATASET_DESCRIPTIONS[name], Qt.ItemDataRole.ToolTipRole)
        self.dataset.setToolTip("The training data: one of the built-in sets (the network restarts)")
        self.dataset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.dataset.setMinimumContentsLength(4)  # the panel's column stays narrow; the list is wide
        self.dataset.setIconSize(QSize(ICON, ICON))
        listing = QListView()
        listing.setIconSize(QSize(thumbnails.SIZE, thumbnails.SIZE))
        listing.setSpacing(1)
        self.dataset.setView(listing)
        self.add_class = QComboBox(objectName="addClassCombo")
        self.add_class.setToolTip("The class of a point added by a click on the decision plot")
        self.add_class.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.add_class.setMinimumContentsLength(4)
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
        form.addRow("Add", self.add_class)
        form.addRow("Points", self.points)
        form.addRow("Noise", self.noise)
        form.addRow("Test split", self.split)
        form.addRow("Seed", self.seed)
        form.addRow(self.regenerate)
        form.addRow(self.show_test)
        self.suggestion = QPushButton("Suggested settings", objectName="suggestionButton")
        self.suggestion.clicked.connect(self.suggestionRequested)
        form.addRow(self.suggestion)
        self.show_suggestion(None)
        self.dataset.currentTextChanged.connect(self._emit)
        for spin in (self.points, self.noise, self.split, self.seed):
            spin.valueChanged.connect(self._emit)
        self.regenerate.clicked.connect(lambda: self.seed.setValue(self.seed.value() + 1))
        self.show_test.toggled.connect(self.showTestToggled)
        self.add_class.currentIndexChanged.connect(self.addClassChanged)
        self.form, self._classes, self._train, self.pictures = form, None, None, {}
        self.show_classes(0)
        self.set_settings(self.settings)

    def set_thumbnails(self, pictures: dict):
        """One picture per built-in set: ``{name: Thumbnail}`` (session/thumbnails.py)."""
        self.pictures = pictures
        for k in range(self.dataset.count()):
            thumbnail = pictures.get(self.dataset.itemText(k))
            if thumbnail is not None:
                self.dataset.setItemIcon(k, thumbnails.icon(thumbnail))
        listing = self.dataset.view()  # wider than the box: every name in full
        listing.setMinimumWidth(listing.sizeHintForColumn(0) + 2 * listing.spacing() + 4)

    def show_data(self, train):
        """The training set a frame shows (a Dataset): its classes, if it has k of them."""
        if train is not self._train:
            self._train = train
            self.show_classes(train.t.shape[1] if class_colors.is_one_hot(train.t) else 0)

    def show_classes(self, k: int):
        """k classes (below 2: not a k-class set): the "class to add" box and its colours."""
        k = k if k >= 2 else 0
        if k == self._classes:
            return
        self._classes = k
        with QSignalBlocker(self.add_class):
            self.add_class.clear()
            for j in range(k):
                swatch = QPixmap(12, 12)
                swatch.fill(QColor(*map(int, class_colors.colour_of(j))))
                self.add_class.addItem(QIcon(swatch), f"class {j + 1}")
        self.form.setRowVisible(self.add_class, k >= 2)

    def set_add_class(self, k: int):
        """Show the class a click adds (the run's view), without emitting anything."""
        with QSignalBlocker(self.add_class):
            self.add_class.setCurrentIndex(min(max(k, 0), self.add_class.count() - 1))

    def set_settings(self, s: DataSettings):
        """Show ``s`` without emitting anything."""
        self.settings = s
        blockers = [QSignalBlocker(w) for w in (self.dataset, self.points, self.noise, self.split, self.seed)]
        if self.dataset.findText(s.name) < 0:  # points given as they are (a preset): by name
            self.dataset.addItem(s.name)  # no picture: the session knows only the built-in sets
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
