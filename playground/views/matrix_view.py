"""The matrix view: one layer's matrices over the whole batch, as in seed 003's matrix form.

For the chosen layer ℓ (``l = ℓ - 1`` indexes the Snapshot): the layer's input A^(ℓ-1) (X for
layer 1), W^(ℓ) (rows j: units of layer ℓ; columns i: units of layer ℓ-1), b^(ℓ), Z^(ℓ),
A^(ℓ), the per-sample deltas Δ^(ℓ) and the gradients, rows of sample tables being samples.
"Column of ones" shows seed 003's form instead: [1 A^(ℓ-1)] and u = [b; Wᵀ] (bias first row),
so Z = [1 A] u. Tables not computed yet in this iteration are grey, with a note; the tables
the phase just run computed have a highlighted title. Every number comes from the Snapshot.
Selecting a cell emits ``selectionChanged`` with ("node", l, j), ("edge", l, j, i) or
("bias", l, j) (and ``sampleChanged(p)`` for a sample row); ``select(selection)`` makes the
matching cells current, so the graph and this view stay in sync (``("input", i)`` marks X).
In a narrow dock the tables stand in two columns, and narrower still one at a time with a
selector (matrix_single.py).
"""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QSpinBox, \
    QVBoxLayout, QWidget

from .matrix_content import cells, is_current, layer_of, matrices, selection_at
from .matrix_model import MatrixPanel
from .matrix_single import ONE, SINGLE_BELOW, SingleTable

PLACES = {"A_in": (0, 0), "W": (0, 1), "b": (0, 2), "Z": (1, 0), "A": (1, 1), "D": (1, 2),
          "dW": (2, 1), "db": (2, 2), "legend": (2, 0)}
# In a narrow dock: two columns, the forward pass then the backward pass, the legend below.
NARROW = {"A_in": (0, 0), "W": (0, 1), "Z": (1, 0), "b": (1, 1), "A": (2, 0), "D": (2, 1),
          "dW": (3, 0), "db": (3, 1), "legend": (4, 0)}
NARROW_BELOW = 480  # pixels, at zoom 1
SAMPLE_TABLES = ("A_in", "Z", "A", "D")
LEGEND = ("Rows <i>p</i>: the samples of the batch. <i>j</i>: the units of this layer, "
          "<i>i</i>: of the layer before. <span style='background-color:#fff1b8'>"
          "Highlighted</span>: computed by the phase just run. Grey: not yet.")


class MatrixView(SingleTable, QWidget):
    selectionChanged = Signal(object)
    sampleChanged = Signal(int)

    def __init__(self, parent=None, digits: int = 3, points: int = 11):
        super().__init__(parent)
        self.setObjectName("matrixView")
        self.points, self.zoom = points, 1.0
        self.snapshot, self.net, self.selection, self.sample = None, None, None, 0
        self._syncing, self._stale, self.shown = False, False, True
        self.layer_combo = QComboBox(objectName="matrixLayerCombo")
        self.layer_combo.setToolTip("The layer whose matrices are shown")
        self.layer_combo.currentIndexChanged.connect(self._redraw)
        self.ones_check = QCheckBox("Column of ones (seed 003)", objectName="matrixOnesCheck")
        self.ones_check.setToolTip("Show [1 A] and u = [b; Wᵀ], so that Z = [1 A] u")
        self.ones_check.toggled.connect(self._redraw)
        self.digit_spin = QSpinBox(objectName="matrixDigits", minimum=0, maximum=12, value=digits)
        self.digit_spin.setToolTip("Decimals shown")
        self.digit_spin.valueChanged.connect(self._set_digits)
        self.panels = {key: MatrixPanel(key, digits) for key in PLACES if key != "legend"}
        top = QHBoxLayout()
        top.addWidget(self.layer_combo)
        top.addStretch(1)
        top.addWidget(QLabel("Digits"))
        top.addWidget(self.digit_spin)
        self.make_single()  # one table at a time when narrow (matrix_single.py)
        self.grid, self.places = QGridLayout(), None
        self.legend = QLabel(LEGEND, wordWrap=True, objectName="matrixLegend")
        self._arrange(PLACES)
        for key, panel in self.panels.items():
            panel.table.selectionModel().currentChanged.connect(partial(self._cell_changed, key))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.single)
        box.addWidget(self.ones_check)
        box.addLayout(self.grid, 1)
        self.set_zoom(1.0)

    @property
    def layer(self) -> int:
        return max(self.layer_combo.currentIndex(), 0)

    @property
    def digits(self) -> int:
        return self.digit_spin.value()

    @digits.setter
    def digits(self, value: int):
        self.digit_spin.setValue(int(value))

    def sizeHint(self):
        """A dock's default: narrow enough to leave the window's main views their room."""
        return QSize(420, 520)

    def set_zoom(self, factor: float):
        """Type ``factor`` times the view's own size; the children inherit it."""
        self.zoom = factor
        font = self.font()
        font.setPointSizeF(self.points * factor)
        self.setFont(font)
        for panel in self.panels.values():
            panel.table.verticalHeader().setDefaultSectionSize(panel.fontMetrics().height() + 6)
            panel.fit_columns()
        self._arrange_for(self.width())

    def table(self, key: str):
        """The QTableView of a matrix: A_in, W, b, Z, A, D, dW or db."""
        return self.panels[key].table

    def set_network(self, net):
        self.net = net
        names = [f"Layer {l + 1} ({'output' if l == len(net.activations) - 1 else 'hidden'})"
                 for l in range(len(net.activations))]
        if names != [self.layer_combo.itemText(k) for k in range(self.layer_combo.count())]:
            self._syncing = True
            self.layer_combo.clear()
            self.layer_combo.addItems(names)
            self._syncing = False
        self.ones_check.setEnabled(bool(net.bias))
        self._redraw()

    def show_snapshot(self, snapshot, selection, sample=0, net=None):
        """Redraw from ``snapshot``; a new selection brings its layer into view."""
        new = selection is not None and selection != self.selection
        self.snapshot, self.selection, self.sample = snapshot, selection, int(sample)
        if new:
            self.bring_table_of(selection)
        if net is not None and net is not self.net:
            self.set_network(net)
        if new and layer_of(selection) != self.layer:
            self.layer_combo.setCurrentIndex(layer_of(selection))  # redraws
        else:
            self._redraw()

    def select(self, selection):
        """Make the cells of ``selection`` current, showing its layer; emits nothing."""
        self.selection = selection
        self.bring_table_of(selection)
        if selection is not None and layer_of(selection) != self.layer:
            self.layer_combo.setCurrentIndex(layer_of(selection))  # redraws and marks
        else:
            self._mark(selection)

    def _mark(self, selection):
        """Make the cells of ``selection`` current if it belongs to the layer shown."""
        self._syncing, was = True, self._syncing
        try:
            for panel in self.panels.values():
                panel.table.clearSelection()
                panel.table.setCurrentIndex(panel.model.index(-1, -1))
            if selection is None or self.snapshot is None or layer_of(selection) != self.layer:
                return
            for key, row, col in cells(selection, self.sample, self._ones()):
                table = self.panels[key].table
                index = table.model().index(row, col)
                table.setCurrentIndex(index)
                table.scrollTo(index)
        finally:
            self._syncing = was

    def _ones(self) -> bool:
        return bool(self.ones_check.isChecked() and self.net is not None and self.net.bias)

    def _set_digits(self, digits):
        for panel in self.panels.values():
            panel.model.set_digits(digits)
            panel.fit_columns()

    def _cell_changed(self, key, current, _previous):
        if self._syncing or not current.isValid() or self.snapshot is None:
            return
        if key in SAMPLE_TABLES and current.row() != self.sample:
            self.sample = current.row()
            self.sampleChanged.emit(self.sample)
        selection = selection_at(key, self.layer, current.row(), current.column(), self._ones())
        if selection is None:
            return
        self.selection = selection
        self._mark(selection)
        self.selectionChanged.emit(selection)

    def _arrange(self, places):
        """Put the panels (and the legend) in the grid at ``places``."""
        if places is self.places:
            return
        self.places = places
        for key, (row, col) in places.items():
            widget = self.legend if key == "legend" else self.panels[key]
            self.grid.removeWidget(widget)
            span = 2 if key == "legend" and places is NARROW else 1
            self.grid.addWidget(widget, row, col, 1, span)
        self.show_chosen()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._arrange_for(event.size().width())

    def _arrange_for(self, width):
        narrow = NARROW if width < NARROW_BELOW * self.zoom else PLACES
        self._arrange(ONE if width < SINGLE_BELOW * self.zoom else narrow)

    def set_shown(self, shown: bool):
        """Whether the view is in sight (a dock's tab behind another is not)."""
        self.shown = shown
        if shown and self._stale:
            self._redraw()

    def showEvent(self, event):
        super().showEvent(event)
        if self._stale:
            self._redraw()

    def _redraw(self):
        # A hidden view (another tab) skips the work and catches up when it is shown.
        self._stale = not (self.isVisible() and self.shown)
        if self._stale:
            return
        s, net = self.snapshot, self.net
        if s is None or net is None or (s.biases is None) == bool(net.bias) \
                or [w.shape for w in s.weights] != list(zip(net.sizes[1:], net.sizes)):
            return  # a snapshot of the network before (its own snapshot follows)
        l, ones = min(self.layer, len(s.z) - 1), self._ones()
        self.show_chosen()  # b and db only with biases; one table alone when narrow
        self._syncing, was = True, self._syncing
        try:
            for key, (array, rows, cols, title, note) in matrices(s, net, l, ones).items():
                self.panels[key].set_matrix(array, rows, cols, title, note, is_current(s, l, key))
        finally:
            self._syncing = was
        self._mark(self.selection)


def main():
    """Preview on the XOR preset after the output delta phase; a .png name saves a picture."""
    import sys

    from .preview import app, run, xor_snapshot

    app()
    p, snap = xor_snapshot(2)
    view = MatrixView()
    view.resize(1100, 620)
    view.show_snapshot(snap, ("edge", 1, 0, 1), 2, p.net)
    if "--ones" in sys.argv:
        view.ones_check.setChecked(True)
    run(view)


if __name__ == "__main__":
    main()
