"""Matrix view: the tables show the snapshot's arrays, follow the phase, and stay in sync with
selections both ways (a click emits the right tuple; ``select(tuple)`` makes the right cell
current)."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine import presets
from engine.stepper import Stepper
from engine.training import Trainer
from playground.views.matrix_view import MatrixView


@pytest.fixture
def xor():
    p = presets.load("xor")
    return p, Stepper(Trainer(p.net, p.data.x, p.data.t, eta=p.eta))


@pytest.fixture
def view(qtbot):
    v = MatrixView(digits=6)
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    return v


def shown(view, key):
    """The table's cells as floats (None for a dash)."""
    model = view.table(key).model()
    text = [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    return [[None if t == "—" else float(t.replace("−", "-")) for t in row] for row in text]


def click(qtbot, view, key, row, col):
    table = view.table(key)
    rect = table.visualRect(table.model().index(row, col))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def current(view, key):
    index = view.table(key).currentIndex()
    return (index.row(), index.column()) if index.isValid() else None


def test_tables_hold_the_snapshot_and_follow_the_phase(xor, view):
    p, stepper = xor
    view.show_snapshot(stepper.snapshot, None, 0, p.net)
    assert not view.table("Z").isEnabled() and "Forward" in view.panels["Z"].title.text()
    snap = stepper.step()  # forward
    view.show_snapshot(snap, None, 0)
    view.layer_combo.setCurrentIndex(1)
    assert np.allclose(shown(view, "Z"), snap.z[1], atol=1e-6)
    assert np.allclose(shown(view, "A"), snap.a[2], atol=1e-6)
    assert np.allclose(shown(view, "A_in"), snap.a[1], atol=1e-6)
    assert np.allclose(shown(view, "W"), snap.weights[1], atol=1e-6)
    assert all(v is None for row in shown(view, "D") for v in row)
    assert "Output delta" in view.panels["D"].title.text()
    snap = stepper.step()  # output delta: layer 2's delta and gradients, not layer 1's
    view.show_snapshot(snap, None, 0)
    assert np.allclose(shown(view, "D"), snap.delta[1], atol=1e-6)
    assert np.allclose(shown(view, "dW"), snap.grad_w[1], atol=1e-6)
    assert np.allclose(np.ravel(shown(view, "db")), snap.grad_b[1], atol=1e-6)
    view.layer_combo.setCurrentIndex(0)
    assert not view.table("D").isEnabled() and "Hidden delta" in view.panels["D"].title.text()


def test_column_of_ones_is_seed_003s_form(xor, view):
    p, stepper = xor
    snap = stepper.step()
    stepper.step()
    snap = stepper.step()  # hidden delta: everything of layer 1 computed
    view.show_snapshot(snap, None, 0, p.net)
    view.layer_combo.setCurrentIndex(0)
    view.ones_check.setChecked(True)
    u = shown(view, "W")
    assert np.allclose(u[0], snap.biases[0]) and np.allclose(u[1:], snap.weights[0].T)
    x1 = shown(view, "A_in")
    assert np.all(np.array(x1)[:, 0] == 1) and np.allclose(np.array(x1)[:, 1:], snap.x)
    du = shown(view, "dW")
    assert np.allclose(du[0], snap.grad_b[0], atol=1e-6)
    assert np.allclose(du[1:], snap.grad_w[0].T, atol=1e-6)
    assert not view.panels["b"].isVisible()


@pytest.mark.parametrize("ones", [False, True])
def test_clicking_a_cell_emits_its_selection(qtbot, xor, view, ones):
    p, stepper = xor
    stepper.step()
    view.show_snapshot(stepper.step(), None, 0, p.net)
    view.ones_check.setChecked(ones)
    view.layer_combo.setCurrentIndex(1)
    cases = [("Z", 2, 0, ("node", 1, 0)), ("D", 3, 0, ("node", 1, 0))]
    if ones:
        cases += [("W", 0, 0, ("bias", 1, 0)), ("W", 2, 0, ("edge", 1, 0, 1)),
                  ("dW", 1, 0, ("edge", 1, 0, 0))]
    else:
        cases += [("W", 0, 1, ("edge", 1, 0, 1)), ("b", 0, 0, ("bias", 1, 0)),
                  ("dW", 0, 0, ("edge", 1, 0, 0))]
    for key, row, col, expected in cases:
        with qtbot.waitSignal(view.selectionChanged) as signal:
            click(qtbot, view, key, row, col)
        assert signal.args == [expected]
    samples = []
    view.sampleChanged.connect(samples.append)
    click(qtbot, view, "A", 1, 0)
    assert samples == [1]


def test_select_makes_the_right_cell_current(xor, view):
    p, stepper = xor
    stepper.step()
    view.show_snapshot(stepper.step(), None, 3, p.net)
    view.select(("edge", 1, 0, 1))
    assert view.layer == 1 and current(view, "W") == (0, 1) and current(view, "dW") == (0, 1)
    view.select(("node", 0, 1))
    assert view.layer == 0 and current(view, "Z") == (3, 1) and current(view, "D") == (3, 1)
    view.select(("bias", 0, 1))
    assert current(view, "b") == (1, 0) and current(view, "W") is None
    view.ones_check.setChecked(True)
    assert current(view, "W") == (0, 1)  # the bias row of u
    view.select(("edge", 0, 1, 0))
    assert current(view, "W") == (1, 1)  # u[i + 1, j]
    view.select(None)
    assert current(view, "W") is None
    view.layer_combo.setCurrentIndex(1)
    view.select(("input", 1))
    assert view.layer == 0 and current(view, "A_in") == (3, 2)  # after the column of ones


def test_round_trip_between_two_views(qtbot, xor, view):
    """A click in one view, forwarded to another's select(), marks the same cell there."""
    p, stepper = xor
    for _ in range(3):
        snap = stepper.step()
    other = MatrixView()
    qtbot.addWidget(other)
    other.show()
    view.show_snapshot(snap, None, 0, p.net)
    other.show_snapshot(snap, None, 0, p.net)
    view.selectionChanged.connect(other.select)
    for layer in (0, 1):
        view.layer_combo.setCurrentIndex(layer)
        for key in ("W", "b", "Z"):
            model = view.table(key).model()
            for row in range(model.rowCount()):
                for col in range(model.columnCount()):
                    click(qtbot, view, key, row, col)
                    if key == "Z":
                        other.sample = row
                        other.select(view.selection)
                    assert other.layer == layer
                    assert current(other, key) == (row, col)


def test_a_hidden_view_catches_up_when_shown(qtbot, xor):
    p, stepper = xor
    view = MatrixView(digits=6)
    qtbot.addWidget(view)
    view.show_snapshot(stepper.step(), ("node", 1, 0), 2, p.net)
    assert view.table("Z").model().rowCount() == 0  # hidden: nothing drawn yet
    view.show()
    assert np.allclose(shown(view, "Z"), stepper.snapshot.z[1], atol=1e-6)
    assert current(view, "Z") == (2, 0)
