"""The teaching tools in the real window: the gradient check (Ctrl+G) on every preset, with
and without a planted bug, colouring the graph's edges; the matrix view and the graph selecting
the same thing both ways; the inspector's update line for momentum and Adam; zoom."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from engine import gradcheck, presets
from engine.bugs import BUGS
from playground.window import preferences
from playground.window.main_window import MainWindow
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings
from playground.window.docks import ZOOM_KEY
from window_helpers import make_window, open_preset

NAMES = presets.names()


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def table_column(view, col):
    return np.array([float(view.table.item(r, col).text().replace("−", "-"))
                     for r in range(view.table.rowCount())])


def largest_in_status(window):
    text = window.docks.status.text()
    return float(re.search(r"error ([0-9.e+-]+)", text).group(1))


# The gradient check


@pytest.mark.parametrize("name", NAMES)
def test_the_check_passes_on_every_preset_and_fails_with_each_bug(window, qtbot, name):
    p = open_preset(window, name)
    view = window.docks.check_view
    window.session.step()
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.docks.check_dock.isVisible()
    errors = window.docks.result.errors
    assert [e.shape for e in errors] == [q.shape for q in p.net.params()]
    assert max(float(e.max()) for e in errors) < 1e-6
    assert largest_in_status(window) < 1e-6 and "passes" in window.docks.status.text()
    assert "agrees" in view.summary.text()
    right = np.concatenate([g.ravel() for g in gradcheck.analytic_gradients(
        p.net, p.data.x, p.data.t)])
    assert np.allclose(table_column(view, 1), right, rtol=1e-5, atol=1e-12)  # 6 digits shown
    assert np.allclose(table_column(view, 2), right, rtol=1e-5, atol=1e-9)
    for bug in BUGS:
        view.set_bug(bug)  # the user's choice: the window checks again
        assert window.docks.result.bug == bug
        assert largest_in_status(window) > 1e-3 and "FAILS" in window.docks.status.text()
        assert "backprop is wrong" in view.summary.text() and BUGS[bug] in view.summary.text()
        assert table_column(view, 3).max() > 1e-3
    assert window.session.trainer.steps == 0  # a check changes nothing


def check_levels(window):
    return window.network_view.check_levels


def test_the_edges_show_the_check_and_go_back_to_weights(window, qtbot):
    open_preset(window, "xor")
    teaching, view = window.docks, window.network_view
    weights = view.edges[True].getData()  # positive edges, by weight
    teaching.actions.check.trigger()
    assert list(check_levels(window)) == [0] * 6 and view.edge_count() == 0
    assert sum(len(item.getData()[0]) for item in view.check_edges) == 2 * 6
    assert "gradient check" in view.caption.text()
    assert view.legend.checking and "gradient check" in view.legend.toolTip()
    height = view.legend.height()
    teaching.check_view.set_bug("output_delta_sign")
    assert set(check_levels(window)) == {2}  # every edge is wrong: orange, thick
    teaching.actions.check_edges.trigger()  # the toggle back to weights
    assert check_levels(window) is None and view.edge_count() == 6
    assert not view.legend.checking and "sign of w" in view.legend.toolTip()
    assert view.legend.height() == height  # the switch moves nothing
    assert all(len(item.getData()[0]) == 0 for item in view.check_edges)
    assert np.array_equal(view.edges[True].getData()[0], weights[0])


def test_the_check_follows_the_state_and_is_out_of_date_while_playing(window, qtbot):
    open_preset(window, "xor")
    teaching, s = window.docks, window.session
    teaching.run_check()
    first = teaching.result
    s.finish_iteration()  # new parameters: a small check follows at once
    assert teaching.result is not first and check_levels(window) is not None
    s.set_speed(None)
    s.play()
    qtbot.waitUntil(lambda: "out of date" in teaching.status.text(), timeout=3000)
    assert check_levels(window) is None  # edges by weight while the check is stale
    s.pause()  # the pause publishes: the check catches up
    assert "passes" in teaching.status.text() and check_levels(window) is not None


# Selections both ways


def test_matrix_cells_and_graph_selection_stay_in_sync(window, qtbot):
    open_preset(window, "xor")
    teaching, view = window.docks, window.network_view
    teaching.matrix_dock.raise_()
    window.session.step()
    matrix = teaching.matrix
    qtbot.waitUntil(matrix.isVisible)
    table = matrix.table("W")
    with qtbot.waitSignal(view.selectionChanged) as signal:
        table.setCurrentIndex(table.model().index(1, 0))  # W[0][1, 0]
    assert signal.args == [("edge", 0, 1, 0)] and view.selection == ("edge", 0, 1, 0)
    assert len(view.mark_edge.getData()[0]) == 2  # the graph marks that edge
    assert "Weight from unit 1 of layer 0 to unit 2 of layer 1" in teaching.inspector.plain_text()
    z = matrix.table("Z")
    z.setCurrentIndex(z.model().index(2, 1))  # sample 3, unit 2 of layer 1
    assert view.selection == ("node", 0, 1) and view.sample == 2
    assert view.sample_spin.value() == 3 and len(view.mark.getData()[0]) == 1
    view.select(("node", 1, 0))  # and back: the graph's selection becomes the current cells
    assert matrix.layer == 1
    current = matrix.table("A").currentIndex()
    assert (current.row(), current.column()) == (2, 0)
    view.select(("bias", 0, 1))
    assert matrix.layer == 0 and (matrix.table("b").currentIndex().row(),
                                  matrix.table("b").currentIndex().column()) == (1, 0)
    teaching.run_check()
    rows = teaching.check_view.table.selectionModel().selectedRows()
    assert [r.row() for r in rows] == [7]  # b₂⁽¹⁾: after the 6 weights and b₁⁽¹⁾
    teaching.check_view.table.selectRow(4)  # W₁₁⁽²⁾
    assert view.selection == ("edge", 1, 0, 0)


def test_the_check_table_labels_its_rows_in_the_seeds_notation(window):
    open_preset(window, "xor")
    window.docks.run_check()
    table = window.docks.check_view.table
    labels = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert labels[:2] == ["W₁₁⁽¹⁾", "W₁₂⁽¹⁾"] and labels[-1] == "b₁⁽²⁾" and len(labels) == 9


# The inspector's update line


@pytest.mark.parametrize("optimizer,rule", [("sgd", None), ("momentum", "Momentum"),
                                            ("adam", "Adam")])
def test_the_update_line_names_the_rule_that_made_it(qtbot, optimizer, rule):
    settings = Settings(train=TrainSettings(eta=0.5, optimizer=optimizer))
    window = make_window(qtbot, settings)
    window.docks.inspector.digits = 10
    s = window.session
    for _ in range(2):  # the second update: momentum and Adam have a state by then
        s.finish_iteration()
    window.network_view.select(("edge", 0, 1, 0))
    snap, text = s.snapshot, window.docks.inspector.plain_text()
    old, new, grad = snap.old_weights[0][1, 0], snap.weights[0][1, 0], snap.grad_w[0][1, 0]
    update, = [line for line in window.docks.inspector.lines() if line.key == "update"]
    plain = re.sub("<[^>]+>", "", update.numbers)
    numbers = [float(v.replace("−", "-")) for v in re.findall(r"[−-]?\d+\.\d+", plain)]
    if rule is None:
        assert "η" in update.formula and numbers == pytest.approx([old, 0.5, grad, new], abs=1e-9)
        assert new == old - 0.5 * grad
    else:
        assert rule in text and "η ∂" not in update.formula
        assert numbers == pytest.approx([old, old - new, new], abs=1e-9)
        assert abs((old - new) - 0.5 * grad) > 1e-6  # not the plain gradient step


# Zoom and the pictures


def test_zoom_scales_the_type_and_comes_back(window, qtbot):
    teaching = window.docks
    base = window.font().pointSizeF()
    inspector = teaching.inspector.browser.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() == pytest.approx(1.5 * base)
    assert window.training.step.font().pointSizeF() == pytest.approx(1.5 * base)
    assert teaching.inspector.browser.font().pointSizeF() == pytest.approx(1.5 * inspector)
    assert window.network_view.titles[0].textItem.font().pointSizeF() == pytest.approx(1.5 * base)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() == pytest.approx(1.25 * base)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() == pytest.approx(base)
    assert teaching.inspector.browser.font().pointSizeF() == pytest.approx(inspector)


def test_the_zoom_is_kept_for_the_next_run_and_a_bad_one_is_ignored(window, qtbot):
    base = window.font().pointSizeF()
    window.docks.step_zoom(1)  # 1.25
    again = MainWindow()
    qtbot.addWidget(again)
    again.docks.restore_zoom()
    assert again.docks.zoom == 1.25 and again.font().pointSizeF() == pytest.approx(1.25 * base)
    preferences.set_value(ZOOM_KEY, "huge")
    third = MainWindow()
    qtbot.addWidget(third)
    third.docks.restore_zoom()
    assert third.docks.zoom == 1.0 and third.font().pointSizeF() == pytest.approx(base)


@pytest.mark.parametrize("size,zoom", [((1400, 800), 1.0), ((1920, 1080), 1.5)])
def test_the_window_with_its_docks_renders_at_classroom_sizes(window, size, zoom):
    open_preset(window, "xor")
    window.resize(*size)
    window.docks.set_zoom(zoom)
    window.docks.inspector_dock.raise_()
    for _ in range(3):
        window.session.step()
    QApplication.processEvents()
    image = window.grab().toImage()
    assert (image.width(), image.height()) == size  # the docks fit: the window did not grow
    graph = window.network_view.graphics
    assert graph.width() >= 0.3 * size[0] and graph.height() >= 0.4 * size[1]
    assert window.docks.inspector.width() >= 0.24 * size[0]  # the central views come first


def test_the_docks_and_menus_are_there(window):
    names = {d.objectName() for d in window.findChildren(type(window.docks.preset_dock))}
    assert {"inspectorDock", "matrixViewDock", "gradcheckViewDock", "presetTextDock"} <= names
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Presets") < titles.index("&Help") and "&Edit" in titles
    assert window.docks.inspector_dock.isVisible()


def test_a_bigger_network_checks_only_when_asked(qtbot):
    settings = Settings(DataSettings(name="spiral", n=400), NetSettings(hidden=(8, 8, 8),
                        activations=("tanh",) * 3), TrainSettings(eta=0.1, batch_size=0))
    window = make_window(qtbot, settings)
    teaching = window.docks
    teaching.run_check()  # asked: it runs, however big (in slices: test_window_long_work.py)
    qtbot.waitUntil(lambda: teaching.result is not None, timeout=60000)
    assert "passes" in teaching.status.text()
    window.session.finish_iteration()  # too big to follow every state
    assert "out of date" in teaching.status.text() and check_levels(window) is None


# The views only show: no engine computation in them


def engine_names(source):
    """``(module, name)`` for every ``from engine... import name`` in a module's source."""
    import ast
    tree = ast.parse(source)
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {(alias.name, None) for alias in node.names if alias.name.startswith("engine")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("engine"):
            out |= {(node.module, alias.name) for alias in node.names}
    return out


@pytest.mark.parametrize("name", ["gradcheck_view", "inspector", "inspector_text",
                                  "inspector_symbols", "matrix_view", "matrix_model",
                                  "matrix_content", "preset_text", "network_view"])
def test_the_teaching_views_take_only_names_from_the_engine(name):
    import pathlib
    path = pathlib.Path(__file__).resolve().parents[1] / "playground" / "views" / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    # the preview below main() (run by hand) may build engine objects; the view may not
    names = engine_names(source.split("\ndef main():")[0])
    allowed = {("engine.bugs", "BUGS")} | {("engine.gradcheck", v) for v in ("PASS", "KINK", "FAIL")}
    assert all(module == "engine.stepper" and n.isupper() or (module, n) in allowed
               for module, n in names), names


def test_the_window_check_runs_the_engines_math_only_inside_the_engine(window, monkeypatch):
    import sys

    import engine.backprop
    seen = []
    for fname in ("forward", "output_delta", "hidden_delta", "gradients", "loss"):
        original = getattr(engine.backprop, fname)

        def wrapper(*args, _original=original, _name=fname, **kwargs):
            seen.append((_name, sys._getframe(1).f_globals.get("__name__", "?")))
            return _original(*args, **kwargs)
        monkeypatch.setattr(engine.backprop, fname, wrapper)
    open_preset(window, "xor")
    window.docks.run_check()
    window.docks.check_view.set_bug("missing_activation_derivative")
    assert {"forward", "output_delta", "hidden_delta", "gradients"} <= {n for n, _ in seen}
    assert all(module.startswith("engine") for _, module in seen), set(seen)
