"""The gradient check view: per weight and bias, backprop's gradient against central finite
differences and their relative error, and a switch that plants a teaching bug in backprop.

The view only shows a result (``show_result``): ``Session.gradient_check(bug)`` asks the engine
(engine.bugs, engine.gradcheck) and returns arrays in ``Network.params()`` order (weights[0..L-1],
then biases). Pass, kink or fail is the engine's verdict (``engine.gradcheck.Check``: each
difference against its own error bound); a result without verdicts (the relative errors alone)
is judged by the old fixed thresholds ``PASS_BELOW`` and ``FAIL_ABOVE`` until the session hands
over the engine's check. The view emits what the user chose: ``bugChanged``, ``checkRequested``
and ``cancelRequested`` (a long check shows ``show_progress`` with a Cancel button).
``mark_outdated`` says the parameters moved on since. Rows select like the other views:
("edge", l, j, i) or ("bias", l, j).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, \
    QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ..session.checks import BUGS, FAIL, KINK, PASS

PASS_BELOW, FAIL_ABOVE = 1e-6, 1e-3  # only for results without the engine's verdicts
GOOD, BAD, MIDDLE = QColor("#cfe3f3"), QColor("#f9d2b5"), QColor("#eeeeee")  # blue, orange, grey
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
HINT = "Press <b>Check now</b> (Ctrl+G) to compare backprop with finite differences."


def label(name, units, layer) -> str:
    """``W₂₁⁽¹⁾``: plain text with Unicode sub- and superscripts (table cells take no HTML)."""
    return f"{name}{units.translate(SUB)}{f'({layer})'.translate(SUP)}"


def parameters(sizes, bias):
    """``(selection, label)`` per parameter, in ``Network.params()`` order."""
    out = []
    for l, (n, m) in enumerate(zip(sizes, sizes[1:])):
        out += [(("edge", l, j, i), label("W", f"{j + 1}{i + 1}", l + 1))
                for j in range(m) for i in range(n)]
    if bias:
        for l, m in enumerate(sizes[1:]):
            out += [(("bias", l, j), label("b", str(j + 1), l + 1)) for j in range(m)]
    return out


def worst(errors):
    """``(largest relative error, its position in params() order)``."""
    flat = [float(e) for array in errors for e in array.ravel()]
    k = max(range(len(flat)), key=flat.__getitem__)
    return flat[k], k


class GradcheckView(QWidget):
    selectionChanged = Signal(object)
    bugChanged = Signal(object)      # None or a name from engine.bugs.BUGS
    checkRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent=None, points: int = 12):
        super().__init__(parent)
        self.setObjectName("gradcheckView")
        self.points, self.net, self.result, self._rows = points, None, None, []
        self.selection = None
        self.bug_combo = QComboBox(objectName="bugCombo")
        self.bug_combo.addItem("No bug", None)
        for name, title in BUGS.items():
            self.bug_combo.addItem(title, name)
        self.bug_combo.setToolTip("Plant a classic mistake in backprop: the check must catch it")
        self.bug_combo.setSizeAdjustPolicy(  # a narrow dock: the long names elide
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.bug_combo.setMinimumContentsLength(16)
        self.bug_combo.currentIndexChanged.connect(lambda: self.bugChanged.emit(self.bug))
        self.check_button = QPushButton("Check now", objectName="gradcheckButton")
        self.check_button.setToolTip("Central finite differences on the current state (Ctrl+G)")
        self.check_button.clicked.connect(self.checkRequested)
        self.summary = QLabel(HINT, objectName="gradcheckSummary", wordWrap=True)
        self.progress = QProgressBar(objectName="gradcheckProgress")
        self.cancel_button = QPushButton("Cancel", objectName="gradcheckCancel")
        self.cancel_button.setToolTip("Stop the check; nothing changes (Esc)")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.table = QTableWidget(0, 4, objectName="gradcheckTable")
        self.table.setHorizontalHeaderLabels(["Parameter", "Backprop", "Finite\ndifferences",
                                              "Relative\nerror"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self._syncing = False
        top = QHBoxLayout()
        for widget in (QLabel("Bug:"), self.bug_combo):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.check_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        box.addLayout(running)
        self.end_progress()
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        self.set_zoom(1.0)

    @property
    def bug(self):
        return self.bug_combo.currentData()

    def set_bug(self, bug):
        self.bug_combo.setCurrentIndex(max(self.bug_combo.findData(bug), 0))

    def set_zoom(self, factor: float):
        font = self.font()
        font.setPointSizeF(self.points * factor)  # the children inherit it
        self.setFont(font)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    def set_network(self, net):
        """``net``: anything with ``sizes`` and ``bias`` (a NetInfo); old results go."""
        self.net, self.result, self._rows = net, None, parameters(net.sizes, net.bias)
        self.table.setRowCount(0)
        self.summary.setText(HINT)

    def show_snapshot(self, snapshot, selection, sample=0):
        """The window's snapshot-view call: only the selection matters here."""
        self.select(selection)

    def show_result(self, result):
        """Fill the table from a ``Session.GradCheck`` (or an ``engine.gradcheck.Check``) made
        for the current network."""
        self.result = result
        values = [(float(g), float(n), float(e))
                  for ga, na, ea in zip(result.analytic, result.numerical, result.errors)
                  for g, n, e in zip(ga.ravel(), na.ravel(), ea.ravel())]
        colours = [COLOURS[v] for v in verdicts(result)]
        self._syncing = True
        self.table.setRowCount(len(values))
        for row, ((_, name), (g, n, e)) in enumerate(zip(self._rows, values)):
            for col, text in enumerate([name, f"{g:.6g}", f"{n:.6g}", f"{e:.1e}"]):
                item = QTableWidgetItem(text.replace("-", "−") if col else text)
                side = Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignHCenter
                item.setTextAlignment(side | Qt.AlignmentFlag.AlignVCenter)
                if col == 3:
                    item.setBackground(colours[row])
                self.table.setItem(row, col, item)
        self._syncing = False
        self.summary.setText(summary_of(result, [label for _, label in self._rows]))
        self.select(self.selection)

    def show_progress(self, done: int, total: int):
        """A check under way: ``done`` of ``total`` parameters, with a Cancel button."""
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat("Checking: %p%")
        self.progress.setToolTip(f"{done} of {total} parameters checked")
        for widget in (self.progress, self.cancel_button):
            widget.show()

    def end_progress(self):
        for widget in (self.progress, self.cancel_button):
            widget.hide()

    def mark_outdated(self):
        """The parameters or the batch changed since the check shown."""
        if self.result is not None:
            self.summary.setText("<i>Out of date: the parameters or the batch changed.</i> "
                                 + HINT)

    def select(self, selection):
        """Select the row of an edge or bias selection (others clear it); emits nothing."""
        self.selection, self._syncing = selection, True
        self.table.clearSelection()
        for row, (sel, _) in enumerate(self._rows[:self.table.rowCount()]):
            if sel == selection:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))
        self._syncing = False

    def _row_selected(self):
        rows = self.table.selectionModel().selectedRows()
        if not self._syncing and rows:
            self.selectionChanged.emit(self._rows[rows[0].row()][0])


COLOURS = {PASS: GOOD, KINK: MIDDLE, FAIL: BAD}


def verdicts(result) -> list:
    """Pass, kink or fail per parameter in ``params()`` order: the engine's, if ``result`` has
    them, else from the relative errors and the old thresholds (there is no "kink" then)."""
    if hasattr(result, "verdicts"):
        return [str(v) for array in result.verdicts for v in array.ravel()]
    return [PASS if e < PASS_BELOW else FAIL if e > FAIL_ABOVE else KINK
            for array in result.errors for e in array.ravel()]


def summary_of(result, labels) -> str:
    """The summary line for ``result``; ``labels`` name the parameters in ``params()`` order."""
    if not hasattr(result, "verdicts"):
        error, k = worst(result.errors)
        return summary(error, labels[k], result.bug)
    k, i = result.worst()
    row = sum(a.size for a in result.analytic[:k]) + int(np.ravel_multi_index(i, result.analytic[k].shape))
    gap = abs(float(result.analytic[k][i]) - float(result.numerical[k][i]))
    head = (f"Largest gap <b>{gap:.1e}</b> at {labels[row]} (the finite difference's own error: "
            f"{float(result.bounds[k][i]):.1e}): ").replace("-", "−")
    if result.verdict == FAIL:
        return head + "<b>backprop is wrong</b>" + (f" (bug: {BUGS[result.bug]})." if result.bug else ".")
    if result.verdict == KINK:
        layer, unit, sample = next(iter(sorted(result.kinks.items())))[1]
        return head + (f"a ReLU kink (layer {layer + 1}, unit {unit + 1}, sample {sample + 1}) "
                       f"lies within the step, so the difference means nothing there; "
                       f"elsewhere backprop agrees with finite differences.")
    return head + "backprop agrees with finite differences."


def summary(error: float, where: str, bug) -> str:
    """The summary line from the largest relative error alone (a result without verdicts)."""
    head = f"Largest relative error <b>{error:.1e}</b> at {where}: ".replace("-", "−")
    if error < PASS_BELOW:
        verdict = "backprop agrees with finite differences."
    elif error > FAIL_ABOVE:
        verdict = "<b>backprop is wrong</b>" + (f" (bug: {BUGS[bug]})." if bug else ".")
    else:
        verdict = "borderline (a ReLU kink near a sample?)."
    return head + verdict


def main():
    """Preview on the XOR preset; ``--bug NAME`` plants a bug; a file name saves a picture."""
    import sys

    from playground.session.run import Run

    from .preview import app, run

    app()
    session = Run()
    session.open_preset("xor")
    session.step()
    view = GradcheckView()
    view.resize(900, 560)
    view.set_network(session.info)
    bug = sys.argv[sys.argv.index("--bug") + 1] if "--bug" in sys.argv else None
    view.set_bug(bug)
    view.show_result(session.gradient_check(bug))
    run(view)


if __name__ == "__main__":
    main()
