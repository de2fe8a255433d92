"""The gradient check view: per weight and bias, backprop's gradient against central finite
differences, their relative error, and a switch that plants a teaching bug in backprop.

The numbers are the engine's: ``engine.bugs.buggy_gradients`` (backprop, with the chosen bug or
none) and ``engine.gradcheck.numerical_gradients`` and ``relative_errors``, on the snapshot's
current parameters and batch. ``errorsComputed`` carries the relative errors as a list of
arrays in ``Network.params()`` order (weights[0..L-1], then biases), so the graph can colour
edges by them. Rows select like the other views: ("edge", l, j, i) or ("bias", l, j).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, \
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from engine import gradcheck
from engine.bugs import BUGS, buggy_gradients
from engine.network import Network

PASS_BELOW, FAIL_ABOVE = 1e-6, 1e-3
AUTO_LIMIT = 50_000  # samples x parameters up to which every new snapshot is checked at once
GOOD, BAD = QColor("#d9f0d3"), QColor("#f4c7c3")
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


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


class GradcheckView(QWidget):
    selectionChanged = Signal(object)
    errorsComputed = Signal(object)  # list of arrays, Network.params() order
    bugChanged = Signal(object)      # None or a name from engine.bugs.BUGS

    def __init__(self, parent=None, points: int = 12):
        super().__init__(parent)
        self.setObjectName("gradcheckView")
        font = self.font()
        font.setPointSize(points)
        self.setFont(font)
        self.snapshot, self.net, self.errors, self._key, self._rows = None, None, None, None, []
        self._selection = None
        self.bug_combo = QComboBox(objectName="bugCombo")
        self.bug_combo.addItem("No bug", None)
        for name, title in BUGS.items():
            self.bug_combo.addItem(title, name)
        self.bug_combo.currentIndexChanged.connect(self._bug_changed)
        self.check_button = QPushButton("Check now", objectName="gradcheckButton")
        self.check_button.clicked.connect(lambda: self.check(force=True))
        self.summary = QLabel(objectName="gradcheckSummary", wordWrap=True)
        self.table = QTableWidget(0, 4, objectName="gradcheckTable")
        self.table.setHorizontalHeaderLabels(["Parameter", "Backprop", "Finite differences",
                                              "Relative error"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self._syncing, self._stale = False, False
        top = QHBoxLayout()
        for widget in (QLabel("Bug:"), self.bug_combo):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.check_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)

    def showEvent(self, event):
        super().showEvent(event)
        if self._stale:
            self.check()
            self.select(self._selection)

    @property
    def bug(self):
        return self.bug_combo.currentData()

    def set_bug(self, bug):
        self.bug_combo.setCurrentIndex(max(self.bug_combo.findData(bug), 0))

    def set_network(self, net):
        self.net = net
        self.check()

    def show_snapshot(self, snapshot, selection, sample=0, net=None):
        if net is not None:
            self.net = net
        self.snapshot, self._selection = snapshot, selection
        self.check()
        self.select(selection)

    def _network(self):
        s, net = self.snapshot, self.net
        return Network(list(net.sizes), list(net.activations), net.loss, net.reduction,
                       bool(net.bias), list(s.weights), list(s.biases) if net.bias else None)

    def check(self, force=False):
        """Compare the gradients at the snapshot's parameters (if not done for them already)."""
        if self.snapshot is None or self.net is None:
            return
        # A hidden view (another tab) skips the work and catches up when it is shown.
        self._stale = not (force or self.isVisible())
        if self._stale:
            return
        net, x, t = self._network(), self.snapshot.x, self.snapshot.t
        key = (tuple(p.tobytes() for p in net.params()), x.tobytes(), self.bug)
        if key == self._key:
            return
        if not force and x.shape[0] * sum(p.size for p in net.params()) > AUTO_LIMIT:
            self.summary.setText("A large check: press <b>Check now</b> to run it.")
            return
        analytic = buggy_gradients(net, x, t, self.bug)
        numerical = gradcheck.numerical_gradients(net, x, t)
        self.errors = gradcheck.relative_errors(analytic, numerical)
        self._key = key
        self._fill(analytic, numerical, self.errors)
        self.errorsComputed.emit(self.errors)

    def _fill(self, analytic, numerical, errors):
        self._rows = parameters(self.net.sizes, self.net.bias)
        values = [(float(g), float(n), float(e)) for ga, na, ea in zip(analytic, numerical, errors)
                  for g, n, e in zip(ga.ravel(), na.ravel(), ea.ravel())]
        self._syncing = True
        self.table.setRowCount(len(values))
        for row, ((_, name), (g, n, e)) in enumerate(zip(self._rows, values)):
            cells = [name, f"{g:.8f}", f"{n:.8f}", f"{e:.1e}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text.replace("-", "−") if col else text)
                side = Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignHCenter
                item.setTextAlignment(side | Qt.AlignmentFlag.AlignVCenter)
                if col == 3:
                    item.setBackground(GOOD if e < PASS_BELOW else BAD if e > FAIL_ABOVE
                                       else QColor("#fff1b8"))
                self.table.setItem(row, col, item)
        self._syncing = False
        worst = max(range(len(values)), key=lambda r: values[r][2])
        self.summary.setText(summary(values[worst][2], self._rows[worst][1], self.bug))

    def select(self, selection):
        """Select the row of an edge or bias selection (others clear it); emits nothing."""
        self._syncing = True
        self.table.clearSelection()
        for row, (sel, _) in enumerate(self._rows):
            if sel == selection:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))
        self._syncing = False

    def _row_selected(self):
        rows = self.table.selectionModel().selectedRows()
        if not self._syncing and rows:
            self.selectionChanged.emit(self._rows[rows[0].row()][0])

    def _bug_changed(self):
        self.bugChanged.emit(self.bug)
        self.check(force=True)


def summary(worst: float, label: str, bug) -> str:
    """The summary line: the largest relative error, where, and what it means."""
    head = f"Largest relative error <b>{worst:.1e}</b> at {label}: ".replace("-", "−")
    if worst < PASS_BELOW:
        verdict = "backprop agrees with finite differences."
    elif worst > FAIL_ABOVE:
        verdict = "<b>backprop is wrong</b>" + (f" (bug: {BUGS[bug]})." if bug else ".")
    else:
        verdict = "borderline (a ReLU kink near a sample?)."
    return head + verdict


def main():
    """Preview on the XOR preset; ``--bug NAME`` plants a bug; a file name saves a picture."""
    import sys

    from PySide6.QtWidgets import QApplication

    from engine import presets
    from engine.stepper import Stepper
    from engine.training import Trainer

    app = QApplication.instance() or QApplication(sys.argv)
    p = presets.load("xor")
    stepper = Stepper(Trainer(p.net, p.data.x, p.data.t, eta=p.eta))
    view = GradcheckView()
    view.resize(900, 560)
    view.show_snapshot(stepper.step(), ("edge", 0, 1, 0), 0, p.net)
    if "--bug" in sys.argv:
        view.set_bug(sys.argv[sys.argv.index("--bug") + 1])
    view.show()
    files = [a for a in sys.argv[1:] if a.endswith(".png")]
    if files:
        view.grab().save(files[0])
        return
    app.exec()


if __name__ == "__main__":
    main()
