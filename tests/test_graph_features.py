"""Feature inputs switched in the graph itself: the input column shows the seven candidates,
a click switches one on or off (an intent on the run that builds the network again), each
input unit has its own map, and the choice survives a session file through the window."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction

from engine import features
from engine.network import Network
from playground.session.face import Session
from playground.session.run import Run
from playground.views.graph_layout import layout
from playground.window.main_window import MainWindow


def last_frame(run):
    return [payload for kind, payload in run.take_events() if kind == "frame"][-1]


def test_the_run_switches_features_and_builds_the_input_layer_again():
    run = Run()
    assert run.trainer.net.sizes[0] == 2 and run.trainer.net.features is None
    assert run.toggle_feature("x1^2")
    assert run.trainer.net.features == ("x1", "x2", "x1^2") and run.trainer.net.sizes[0] == 3
    assert run.settings.net.features == ("x1", "x2", "x1^2")
    frame = last_frame(run)
    assert frame.inputs.names == features.FEATURES
    assert frame.inputs.on == (True, True, True, False, False, False, False)
    assert frame.info.features == ("x1", "x2", "x1^2")
    # the trainer trains on it: the first layer's weights take three inputs
    run.train(1)
    assert run.trainer.net.weights[0].shape[1] == 3
    # back to x1, x2 alone: the raw columns, as before
    assert run.set_features(("x2", "x1"))
    assert run.trainer.net.features is None and run.trainer.net.sizes[0] == 2


def test_the_last_input_on_stays_on():
    run = Run()
    run.set_features(("sin(x1)",))
    run.take_events()
    assert not run.toggle_feature("sin(x1)")
    assert run.trainer.net.features == ("sin(x1)",)
    assert any(kind == "message" and "at least one" in text for kind, text in run.take_events())
    assert not run.set_features(("x1", "nonsense"))
    assert run.trainer.net.features == ("sin(x1)",)


def test_each_candidates_map_is_its_value_over_the_plane():
    run = Run()
    run.publish()
    frame = last_frame(run)
    n = frame.maps[-1].shape[-1]
    x0, x1, y0, y1 = frame.extent
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))  # row i: y = ys[i]
    expected = {"x1": gx, "x2": gy, "x1^2": gx ** 2, "x2^2": gy ** 2, "x1*x2": gx * gy,
                "sin(x1)": np.sin(gx), "sin(x2)": np.sin(gy)}
    for name, plane in zip(frame.inputs.names, frame.inputs.maps):
        assert plane.shape == (n, n)
        assert np.allclose(plane, expected[name], atol=1e-6), name


def test_other_data_than_two_columns_has_no_candidates():
    measures = Run().measures
    net = Network.create([3, 2, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)
    assert measures.inputs(net, (0.0, 1.0, 0.0, 1.0)).names == ()


def test_the_layout_puts_each_input_unit_in_its_candidates_row():
    on = (False, True, False, False, True, False, True)
    lay = layout((3, 2, 1), on)
    rows = lay.candidate_y[np.flatnonzero(on)]
    assert np.array_equal(lay.y[:3], rows)
    first = lay.edge_l == 0
    assert np.array_equal(lay.y0[first], rows[lay.edge_i[first]])  # edges leave from those rows
    assert not np.array_equal(layout((3, 2, 1)).y[:3], rows)  # without candidates: stacked
    with pytest.raises(ValueError):
        layout((2, 2, 1), on)


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session())
    w.resize(1400, 800)
    w.show()
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    return w


def candidate_pos(view, k):
    scene = view.vb.mapViewToScene(QPointF(0.0, float(view.lay.candidate_y[k])))
    return scene, view.graphics.mapFromScene(scene)


def click_candidate(qtbot, view, k):
    _, pos = candidate_pos(view, k)
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_graph_shows_all_seven_candidates_dimmed_when_off(window):
    view = window.network_view
    assert view.candidates.texts() == ["X₁", "X₂", "X₁²", "X₂²", "X₁X₂", "sin X₁", "sin X₂"]
    assert len(view.maps) == 7 + sum(view.lay.sizes[1:])  # every candidate has a map
    opacity = view.maps.atlas.fragments.ndarray()[:7, 9]
    assert list(opacity == 1.0) == [True, True, False, False, False, False, False]
    drawn = view.drawn()
    assert [u["layer"] for u in drawn["units"]].count(0) == 2  # the network's input units
    assert {e["from"] for e in drawn["edges"] if e["layer"] == 1} == {1, 2}


def test_clicking_a_candidate_switches_it_on_and_off(qtbot, window):
    view = window.network_view
    click_candidate(qtbot, view, 4)  # x1*x2
    assert window.session.trainer.net.features == ("x1", "x2", "x1*x2")
    drawn = view.drawn()
    assert [u["layer"] for u in drawn["units"]].count(0) == 3
    assert {e["from"] for e in drawn["edges"] if e["layer"] == 1} == {1, 2, 3}
    assert view.frame.inputs.on[4] and view.maps.atlas.fragments.ndarray()[4, 9] == 1.0
    click_candidate(qtbot, view, 0)  # x1 off
    assert window.session.trainer.net.features == ("x2", "x1*x2")
    click_candidate(qtbot, view, 1)
    click_candidate(qtbot, view, 4)  # the last one on: it stays
    assert window.session.trainer.net.features == ("x1*x2",)
    assert view.lay.sizes[0] == 1


def test_the_input_units_tooltips_say_what_a_click_does(window):
    view = window.network_view
    on, _ = candidate_pos(view, 0)
    off, _ = candidate_pos(view, 5)
    assert view.target_at(on) == ("input", 0) and view.target_at(off) == ("candidate", 5)
    assert "Click: switch X₁ off" in view.tooltip_for(view.target_at(on))
    assert "Click: switch it on" in view.tooltip_for(view.target_at(off))


def test_features_survive_a_session_file_through_the_window(qtbot, window, tmp_path):
    window.session.set_features(("x1", "x2^2", "sin(x2)"))
    window.session.train(3)
    weights = [w.copy() for w in window.session.trainer.net.weights]
    path = tmp_path / "features.json"
    assert window.files.save_to(path)
    other = MainWindow(Session())
    qtbot.addWidget(other)
    assert other.files.open_path(path, remember=False)
    net = other.session.trainer.net
    assert net.features == ("x1", "x2^2", "sin(x2)")
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, weights))
    assert other.network_view.frame.inputs.on == (True, False, False, True, False, False, True)
    assert other.network_view.lay.sizes[0] == 3


def test_the_edit_menu_switches_the_same_inputs_from_the_keyboard(window):
    act = window.findChild(QAction, "feature_sin(x2)")
    assert act.parent() is window and not act.isChecked()
    act.trigger()
    assert window.session.trainer.net.features == ("x1", "x2", "sin(x2)")
    assert window.network_view.frame.inputs.on[6]
    window.session.set_features(("x1",))  # from elsewhere: the checks follow
    assert [window.findChild(QAction, f"feature_{n}").isChecked() for n in features.FEATURES] == \
        [True] + [False] * 6
    window.findChild(QAction, "feature_x1").trigger()  # the last one on: refused, still checked
    assert window.session.trainer.net.features == ("x1",)
    assert window.findChild(QAction, "feature_x1").isChecked()


def test_features_survive_a_network_file_through_the_window(qtbot, window, tmp_path):
    window.session.set_features(("x2", "x1*x2"))
    path = tmp_path / "net.json"
    window.session.save_network(path)
    other = MainWindow(Session())
    qtbot.addWidget(other)
    other.session.open_network(path)
    assert other.session.trainer.net.features == ("x2", "x1*x2")
    assert other.network_view.frame.inputs.on == (False, True, False, False, True, False, False)
