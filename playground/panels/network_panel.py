"""The network controls: hidden layers (up to 6) and their units (up to 8), an activation per
layer, the output activation, the loss, the bias switch and the weights' penalty (L1 or L2,
with its rate).

Every edit emits ``changed(NetSettings)``; the session restarts the network from it. Units of
layer k are edited by the spin box ``unitsSpin{k}``, its activation by ``activationCombo{k}``.
The layer count and the output's choices share a row, or take two on a narrow window; the
penalty sits after the hidden layers, in their row that scrolls sideways.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from ..session.settings import (ACTIVATION_NAMES, LOSS_NAMES, MAX_HIDDEN_LAYERS, MAX_UNITS,
                                OUTPUT_ACTIVATION_NAMES, REGULARIZATION_NAMES, NetSettings)
from . import TwoRows
from .fields import DoubleSpinBox, SpinBox

DEFAULT_RATE = 0.001  # the rate a penalty starts with
PENALTY_TEXT = {"none": "no penalty", "l1": "L1 penalty", "l2": "L2 penalty"}


def combo(names, name, tip, current) -> QComboBox:
    box = QComboBox(objectName=name)
    box.addItems(list(names))
    box.setCurrentText(current)
    box.setToolTip(tip)
    return box


class NetworkPanel(TwoRows, QWidget):
    changed = Signal(object)  # NetSettings

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = NetSettings()
        self.add_layer = QPushButton("+", objectName="addLayerButton")
        self.add_layer.setToolTip(f"Add a hidden layer (at most {MAX_HIDDEN_LAYERS})")
        self.remove_layer = QPushButton("\u2212", objectName="removeLayerButton")
        self.remove_layer.setToolTip("Remove the last hidden layer")
        self.count = QLabel()
        self.output = combo(OUTPUT_ACTIVATION_NAMES, "outputActivationCombo",
                            "Activation of the output layer (bce needs sigmoid, ce softmax)",
                            "sigmoid")
        self.loss = combo(LOSS_NAMES, "lossCombo", "bce: binary cross-entropy; ce: categorical "
                          "cross-entropy (k classes); mse: 1/2 (a - t)^2", "bce")
        self.bias = QCheckBox("Bias", objectName="biasCheck", checked=True)
        self.bias.setToolTip("Give every hidden and output unit a bias b (z = W a + b)")
        self.penalty = QComboBox(objectName="penaltyCombo")
        for name in REGULARIZATION_NAMES:  # shown as words, kept as the settings' names
            self.penalty.addItem(PENALTY_TEXT[name], name)
        self.penalty.setToolTip("A penalty on the weights (not the biases): L1 adds "
                                "rate sum |w| to the loss, L2 rate 1/2 sum w^2")
        self.rate = DoubleSpinBox(objectName="penaltyRateSpin", minimum=0.0, maximum=1.0,
                                  decimals=5, singleStep=0.001, prefix="rate ")
        self.rate.setToolTip("The penalty's rate")
        self.layers_part = [QLabel("Hidden layers"), self.remove_layer, self.count, self.add_layer]
        self.output_part = [QLabel("Output"), self.output, QLabel("Loss"), self.loss, self.bias]
        self.rows = [QHBoxLayout(), QHBoxLayout()]
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 0, 4, 0)
        for row in self.rows:
            column.addLayout(row)
        column.addWidget(self._layers_area())
        self._fit_font()
        self.add_layer.clicked.connect(self._add_layer)
        self.remove_layer.clicked.connect(self._remove_layer)
        self.output.currentTextChanged.connect(self._emit)
        self.loss.currentTextChanged.connect(self._emit)
        self.bias.toggled.connect(self._emit)
        self.penalty.currentTextChanged.connect(self._emit)
        self.rate.valueChanged.connect(self._emit)
        self.spins, self.combos = [], []
        self.set_settings(self.settings)

    def _layers_area(self) -> QScrollArea:
        """The hidden layers side by side; scrolls sideways rather than widen the window."""
        inner, holder = QWidget(), QWidget()
        self.layers_box = QHBoxLayout(inner)
        self.layers_box.setContentsMargins(0, 0, 0, 0)
        outer = QHBoxLayout(holder)  # the layers, then empty space
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(inner)
        outer.addWidget(self._penalty_box())  # in the scrolling row: it never widens the window
        outer.addStretch(1)
        area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(holder)
        self.layers_area = area
        self._fit_layers()
        return area

    def _penalty_box(self) -> QWidget:
        """The penalty above its rate, in a column like a hidden layer's."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(8, 0, 2, 0)
        column.setSpacing(1)
        column.addWidget(self.penalty)
        column.addWidget(self.rate)
        return box

    def _fit_layers(self):
        """Room for a spin box and a combo box in this font (the zoom changes it)."""
        probe = QComboBox()
        probe.setFont(self.font())
        area = self.layers_area
        rows = 2 * probe.sizeHint().height() + 2
        area.setFixedHeight(rows + area.horizontalScrollBar().sizeHint().height() + 4)

    def fill_rows(self, first, second, n_rows: int):
        """The layer count and the output's choices in one row, or in two."""
        for w in self.layers_part:
            first.addWidget(w)
        first.addStretch(1)
        for w in self.output_part:
            (first if n_rows == 1 else second).addWidget(w)
        second.addStretch(1)

    def two_rows(self):
        return self.layers_part, self.output_part

    def _fit_font(self):
        """Square +/- buttons, room for the layers, and one row or two for the new type size."""
        side = self.fontMetrics().height() + 12
        for button in (self.add_layer, self.remove_layer):
            button.setFixedWidth(side)
        self._fit_layers()
        self.fit_width(self.width())

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "layers_area"):
            self._fit_font()

    def set_settings(self, s: NetSettings):
        """Show ``s`` without emitting anything."""
        self.settings = s
        if len(s.hidden) != len(self.spins):  # rebuild only when layers come or go: keeps focus
            while self.layers_box.count():
                old = self.layers_box.takeAt(0).widget()
                old.setParent(None)  # out of the widget tree at once (findChild)
                old.deleteLater()
            self.spins, self.combos = [], []
            for k in range(1, len(s.hidden) + 1):
                self.layers_box.addWidget(self._layer_widget(k))
        widgets = [self.output, self.loss, self.bias, self.penalty, self.rate, *self.spins,
                   *self.combos]
        blockers = [QSignalBlocker(w) for w in widgets]
        for spin, combo_box, units, name in zip(self.spins, self.combos, s.hidden, s.activations):
            spin.setMaximum(max(MAX_UNITS, units))  # a loaded network may be wider
            spin.setValue(units)
            combo_box.setCurrentText(name)
        self.output.setCurrentText(s.output_activation)
        self.loss.setCurrentText(s.loss)
        self.bias.setChecked(s.bias)
        self.penalty.setCurrentIndex(self.penalty.findData(s.regularization or "none"))
        self.rate.setValue(s.reg_rate)
        self.rate.setEnabled(s.regularization is not None)
        del blockers
        self.count.setText(str(len(s.hidden)))
        self.add_layer.setEnabled(len(s.hidden) < MAX_HIDDEN_LAYERS)
        self.remove_layer.setEnabled(len(s.hidden) > 0)

    def _layer_widget(self, k) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(2, 0, 2, 0)
        column.setSpacing(1)
        spin = SpinBox(objectName=f"unitsSpin{k}", minimum=1, maximum=MAX_UNITS,
                       prefix=f"L{k}: ", suffix=" units")
        spin.setToolTip(f"Units of hidden layer {k}")
        act = combo(ACTIVATION_NAMES, f"activationCombo{k}", f"Activation of hidden layer {k}", "tanh")
        spin.valueChanged.connect(self._emit)
        act.currentTextChanged.connect(self._emit)
        column.addWidget(spin)
        column.addWidget(act)
        self.spins.append(spin)
        self.combos.append(act)
        return box

    def _hidden(self):
        return [s.value() for s in self.spins], [c.currentText() for c in self.combos]

    def _add_layer(self):
        units, names = self._hidden()
        if len(units) < MAX_HIDDEN_LAYERS:
            units.append(units[-1] if units else 4)
            names.append(names[-1] if names else "tanh")
            self._emit_hidden(units, names)

    def _remove_layer(self):
        units, names = self._hidden()
        if units:
            self._emit_hidden(units[:-1], names[:-1])

    def _emit_hidden(self, units, names):
        self.set_settings(self.settings.with_hidden(units, names))
        self._emit()

    def _emit(self, *_):
        units, names = self._hidden()
        self.settings = replace(self.settings.with_hidden(units, names),
                                output_activation=self.output.currentText(),
                                loss=self.loss.currentText(), bias=self.bias.isChecked(),
                                **self._penalty())
        self.changed.emit(self.settings)

    def _penalty(self) -> dict:
        """The settings' regularization and rate (a penalty switched on starts at DEFAULT_RATE)."""
        kind = None if self.penalty.currentData() == "none" else self.penalty.currentData()
        rate = self.rate.value() if kind else 0.0
        if kind and self.settings.regularization is None and rate == 0.0:
            rate = DEFAULT_RATE
        return {"regularization": kind, "reg_rate": rate}
