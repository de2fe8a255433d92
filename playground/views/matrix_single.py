"""One matrix at a time, for the matrix view in a narrow dock (a projector's screen, large
type): a selector names the tables, and only the chosen one is shown, at its full size.

A mixin of MatrixView: ``make_single()`` makes the selector (a row of its own, under the layer's),
``show_chosen()`` shows the chosen table alone (or every table, outside that layout), and a
selection made elsewhere brings the first table that shows it (Z for a unit, W for a weight).
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from .matrix_content import cells

TABLES = (("A_in", "Input X / A"), ("W", "W"), ("b", "b"), ("Z", "Z"), ("A", "A"),
          ("D", "Δ"), ("dW", "∂L/∂W"), ("db", "∂L/∂b"))
SINGLE_BELOW = 300  # pixels, at zoom 1: narrower than this, one table at a time
ONE = {key: (0, 0) for key, _ in TABLES} | {"legend": (1, 0)}


class SingleTable:
    def make_single(self):
        self.single = QComboBox(objectName="matrixShowCombo")
        self.single.setToolTip("The table shown: the dock is too narrow for all of them")
        for key, title in TABLES:
            self.single.addItem(title, key)
        self.single.setCurrentIndex(3)  # Z: the forward pass's first result
        self.single.currentIndexChanged.connect(lambda _: self.show_chosen())
        self.single.hide()
        return self.single

    def single_mode(self) -> bool:
        return self.places is ONE

    def show_chosen(self):
        """In the one-table layout, the chosen table alone; else all (b and db with biases)."""
        biased = self.net is None or (bool(self.net.bias) and not self._ones())
        self.single.setVisible(self.single_mode())
        chosen = self.single.currentData()
        for key, panel in self.panels.items():
            allowed = biased or key not in ("b", "db")
            panel.setVisible(allowed and (not self.single_mode() or key == chosen))

    def bring_table_of(self, selection):
        """In the one-table layout, show the first table that holds ``selection``."""
        if not self.single_mode() or selection is None:
            return
        keys = [key for key, _, _ in cells(selection, self.sample, self._ones())]
        if keys and self.single.currentData() not in keys:
            self.single.setCurrentIndex(self.single.findData(keys[0]))
