"""Changing the data, the layers and the weights from the window: the graph follows the network."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QInputDialog, QMessageBox, QPushButton, QSpinBox, QToolTip
from playground.window.main_window import MainWindow



def assert_graph_matches(window):
    sizes = window.session.trainer.net.sizes
    view = window.network_view
    assert view.node_count() == sum(sizes)
    assert view.edge_count() == sum(n * m for n, m in zip(sizes, sizes[1:]))
    atlas = view.maps.atlas.pixmap
    candidates = len(view.frame.inputs.names)  # the input column's candidate features
    assert candidates == 7
    assert (atlas.width(), atlas.height()) == (25, 25 * (sum(sizes[1:]) + candidates)), \
        "one 25-pixel map per candidate input, hidden or output unit, in one atlas"
    biases = window.session.trainer.net.biases
    assert len(view.bias_marks.data) == (sum(sizes[1:]) if biases is not None else 0)


def press(qtbot, window, name):
    qtbot.mouseClick(window.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_the_default_is_xor_and_a_small_sigmoid_network(window):
    net = window.session.trainer.net
    assert window.findChild(QComboBox, "datasetCombo").currentText() == "xor"
    assert net.sizes[0] == 2 and net.sizes[-1] == 1 and len(net.sizes) == 3
    assert set(net.activations) == {"sigmoid"} and net.loss == "bce"
    assert window.session.trainer.eta == 0.5
    assert_graph_matches(window)


def test_every_builtin_dataset_can_be_chosen(qtbot, window):
    combo = window.findChild(QComboBox, "datasetCombo")
    names = [combo.itemText(k) for k in range(combo.count())]
    from engine.datasets import BUILTIN
    assert names == list(BUILTIN)
    combo.setCurrentText("circle")
    session = window.session
    assert session.settings.data.name == "circle"
    assert len(session.trainer.x) == 160 and len(session.test_set) == 40  # 20 % held out
    shown = window.boundary_view.train_points.data
    assert len(shown) == 160
    np.testing.assert_array_equal(np.column_stack([shown["x"], shown["y"]]), session.train_set.x)
    assert len(window.boundary_view.test_points.data) == 40
    assert_graph_matches(window)


def test_layers_and_units_can_be_added_and_removed(qtbot, window):
    press(qtbot, window, "addLayerButton")
    assert window.session.trainer.net.sizes == [2, 3, 3, 1]
    assert_graph_matches(window)
    window.findChild(QSpinBox, "unitsSpin2").setValue(7)
    assert window.session.trainer.net.sizes == [2, 3, 7, 1]
    assert_graph_matches(window)
    window.findChild(QComboBox, "activationCombo2").setCurrentText("relu")
    assert window.session.trainer.net.activations == ["sigmoid", "relu", "sigmoid"]
    press(qtbot, window, "removeLayerButton")
    assert window.session.trainer.net.sizes == [2, 3, 1]
    assert_graph_matches(window)
    for _ in range(8):
        press(qtbot, window, "addLayerButton")
    assert len(window.session.trainer.net.sizes) == 8, "at most 6 hidden layers"
    assert not window.findChild(QPushButton, "addLayerButton").isEnabled()
    spin = window.findChild(QSpinBox, "unitsSpin1")
    spin.setValue(12)
    assert window.session.trainer.net.sizes[1] == 8, "at most 8 units"
    assert_graph_matches(window)


def test_bias_off_removes_the_bias_marks(qtbot, window):
    window.network_panel.bias.setChecked(False)
    assert window.session.trainer.net.biases is None
    assert_graph_matches(window)


def test_a_refused_setting_keeps_the_network_and_says_why(qtbot, window):
    before = window.session.trainer.net.sizes
    window.findChild(QComboBox, "outputActivationCombo").setCurrentText("tanh")  # bce needs sigmoid
    assert window.session.trainer.net.activations[-1] == "sigmoid"
    assert window.findChild(QComboBox, "outputActivationCombo").currentText() == "sigmoid"
    assert "sigmoid" in window.statusBar().currentMessage()
    assert window.session.trainer.net.sizes == before


def test_the_learning_rate_changes_at_once_and_keeps_the_weights(qtbot, window):
    window.session.train(3)
    before = [p.copy() for p in window.session.trainer.net.params()]
    window.findChild(type(window.training.eta), "learningRateInput").setValue(0.125)
    assert window.session.trainer.eta == 0.125
    assert window.session.trainer.epoch == 3
    assert all(np.array_equal(a, b) for a, b in zip(window.session.trainer.net.params(), before))


def test_a_refused_keystroke_in_a_number_field_shows_the_allowed_range(qtbot, window):
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    for field, typed, refused in ((window.training.eta, "x", "x"),
                                  (window.training.batch, "5000", "5000")):  # above 2000
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        field.lineEdit().selectAll()
        qtbot.keyClicks(field, typed)
        assert field.refused == refused
        assert QToolTip.isVisible() and "from" in QToolTip.text() and f"{field.maximum():g}" in QToolTip.text()
        assert "Allowed: a number from" in field.toolTip()
    assert window.session.trainer.eta == 0.5 and window.training.batch.value() == 500
    eta = window.training.eta
    eta.setFocus()
    eta.lineEdit().selectAll()
    qtbot.keyClick(eta, Qt.Key.Key_Backspace)  # an empty learning rate
    qtbot.keyClick(eta, Qt.Key.Key_Return)
    assert eta.refused == "" and QToolTip.text().startswith("Kept 0.50000")
    assert eta.value() == 0.5 and window.session.trainer.eta == 0.5


def point_on_edge(window, l, j, i, f=0.3):
    """A point of the edge's segment, a fraction f of the way (edges cross at the middle)."""
    lay = window.network_view.lay
    k = np.flatnonzero((lay.edge_l == l) & (lay.edge_j == j) & (lay.edge_i == i))[0]
    return QPointF(lay.x0[k] + f * (lay.x1[k] - lay.x0[k]), lay.y0[k] + f * (lay.y1[k] - lay.y0[k]))


def test_double_clicking_an_edge_sets_an_exact_weight(qtbot, window, monkeypatch):
    window.show()
    qtbot.waitExposed(window)
    view = window.network_view
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("1/3", True))
    graphics = view.graphics
    scene_pos = view.vb.mapViewToScene(point_on_edge(window, 0, 1, 0))
    assert view.target_at(scene_pos) == ("edge", 0, 1, 0)
    at = graphics.mapFromScene(scene_pos)
    qtbot.mouseClick(graphics.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.selection == ("edge", 0, 1, 0)
    # QTest's double click ends without a release; the scene reports clicks on release
    qtbot.mouseDClick(graphics.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(graphics.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert window.session.trainer.net.weights[0][1, 0] == 1 / 3
    assert window.session.snapshot.weights[0][1, 0] == 1 / 3
    assert_graph_matches(window)


def test_a_bias_can_be_set_and_a_bad_value_is_refused(qtbot, window, monkeypatch):
    view = window.network_view
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("-2/5", True))
    view.edit(("node", 0, 2))  # a unit's value to set is its bias
    assert window.session.trainer.net.biases[0][2] == -0.4
    before = [p.copy() for p in window.session.trainer.net.params()]
    for bad in ("abc", "1/0", "", "nan"):
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, bad=bad, **k: (bad, True))
        view.edit(("edge", 1, 0, 1))
    assert len(warnings) == 4
    assert all(np.array_equal(a, b) for a, b in zip(window.session.trainer.net.params(), before))


def test_an_edit_restarts_the_iteration_with_the_new_weight(qtbot, window, monkeypatch):
    window.session.step()
    assert window.session.snapshot.z[0] is not None
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("0.75", True))
    window.network_view.edit(("edge", 1, 0, 2))
    snap = window.session.snapshot
    assert snap.phase is None and snap.z[0] is None
    window.session.step()
    assert window.session.snapshot.weights[1][0, 2] == 0.75


def test_clicking_selects_and_the_selection_is_reported(qtbot, window):
    seen = []
    window.network_view.selectionChanged.connect(seen.append)
    window.network_view.select(("edge", 0, 1, 1))
    window.network_view.select(("node", 1, 0))
    window.network_view.select(None)
    assert seen == [("edge", 0, 1, 1), ("node", 1, 0), None]
    assert window.selection is None


def test_every_control_and_menu_entry_says_what_it_does(window):
    """Tooltips on the window's own controls, a status tip or tooltip on every menu entry."""
    from PySide6.QtWidgets import QAbstractButton, QMenu, QTabBar, QToolButton

    def own(w):  # not a part Qt adds: dock buttons, tab scroll arrows, a table's corner
        return not w.objectName().startswith("qt_") and not isinstance(w.parent(), QTabBar)

    def action_button(w):  # a toolbar's button: its action has the tip
        return isinstance(w, QToolButton) and w.defaultAction() is not None

    bare = [w.objectName() or type(w).__name__
            for kind in (QAbstractButton, QComboBox, QSpinBox, QDoubleSpinBox)
            for w in window.findChildren(kind)
            if own(w) and not action_button(w) and not w.toolTip()]
    assert bare == []
    entries = [a for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()
               if a.text() and not a.isSeparator() and not a.menu()]
    assert len(entries) > 20
    silent = [a.text() for a in entries  # Qt's own tooltip is the text itself
              if not a.statusTip() and a.toolTip() == a.text().replace("&", "").rstrip("…")]
    assert silent == []


def test_the_window_takes_a_command_line_as_a_list_of_strings(qtbot, tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("x1,x2,label\n0,0,0\n1,0,1\n0,1,1\n1,1,0\n0.5,0.5,1\n")
    w = MainWindow(["--dataset", str(points), "--layers", "8,8"])
    qtbot.addWidget(w)
    s = w.session
    assert s.trainer.net.sizes == [2, 8, 8, 1] and len(s.train_set) == 5
    assert s.train_set.x[4].tolist() == [0.5, 0.5] and "points.csv" in s.train_set.name
    spiral = MainWindow(["--dataset", "spiral", "--lr", "0.03"])
    qtbot.addWidget(spiral)
    assert spiral.session.settings.data.name == "spiral" and spiral.session.trainer.eta == 0.03
    with pytest.raises(ValueError, match="nothing.csv"):
        MainWindow(["--dataset", str(tmp_path / "nothing.csv")])


def test_menus_and_actions_have_names_and_the_parts_fill_the_named_menus(qtbot):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu
    w = MainWindow()
    qtbot.addWidget(w)
    training, edit = w.findChild(QMenu, "trainingMenu"), w.findChild(QMenu, "editMenu")
    names = [a.objectName() for a in training.actions()]
    assert names[:3] == ["stepAction", "finishAction", "playAction"]
    assert w.docks.actions.check in training.actions(), "the docks add to the named menu"
    assert [a.text() for a in edit.actions()] == ["&Undo", "&Redo", "&Input features"]
    assert edit.actions()[2].menu() is w.findChild(QMenu, "featuresMenu"), "a named submenu"
    bar = [a.menu().objectName() for a in w.menuBar().actions()]
    assert bar == ["fileMenu", "editMenu", "trainingMenu", "viewMenu", "presetsMenu", "classroomMenu",
                   "helpMenu"]
    w.findChild(QAction, "stepAction").trigger()
    assert w.session.snapshot.phase == "forward"


def test_view_events_queued_together_settle_on_the_latest_without_echoes(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    s, calls = w.session, []

    def count(view):  # breaks an echo loop, should there be one, so that the test can fail
        calls.append(view.sample)
        if len(calls) > 20:
            s.viewChanged.disconnect(w._view_changed)
    s.viewChanged.connect(count)
    s.run.set_view(sample=1)
    s.run.set_view(sample=2)  # two view events wait in the run's outbox
    s.publish()
    assert calls == [1, 2] and s.view.sample == 2 and w.network_view.sample == 2
    assert w.network_view.drawn()["units"][0]["value"] == s.snapshot.x[2][0]
