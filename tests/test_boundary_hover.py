"""The decision plot: hovering a unit of the graph shows its map large (checked against the
engine's forward pass on the grid points), "Discretize output" shows the class alone, and the
colour key states the range of a continuous map."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication

from engine import backprop, grid
from playground.session.face import Session
from playground.session.settings import DataSettings, NetSettings, Settings, default_settings
from playground.views import palette
from playground.views.boundary_view import FADED32
from playground.window.main_window import MainWindow


def make(qtbot, settings=None):
    w = MainWindow(Session(settings))
    w.resize(1400, 800)
    w.show()
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    return w


def hover(qtbot, window, x, y):
    view = window.network_view
    viewport = view.graphics.viewport()
    pos = QPointF(view.graphics.mapFromScene(view.vb.mapViewToScene(QPointF(x, y))))
    # sent to the viewport itself: QTest's moves go where the (shared) cursor's window is
    move = QMouseEvent(QEvent.Type.MouseMove, pos, viewport.mapToGlobal(pos),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    QApplication.processEvents()


def hover_unit(qtbot, window, l, j):
    """The mouse over unit j of the engine's layer l (the middle of its map)."""
    lay = window.network_view.lay
    k = lay.first(l + 1) + j
    hover(qtbot, window, lay.x[k], lay.y[k])


def forward_map(window, l, j):
    """Unit j of layer l over the frame's grid, by the engine's forward pass (float64)."""
    frame = window.frame
    n = frame.maps[-1].shape[-1]
    _, _, points = grid.points(frame.extent, n)
    _, a = backprop.forward(window.session.trainer.net, points)
    return a[l + 1][:, j].reshape(n, n)


def drawn_rgb(view):
    """The decision plot's image as drawn (its pixmap), rows x cols x RGB."""
    image = view.image.pixmap().toImage().convertToFormat(QImage.Format.Format_RGBX8888)
    rgb = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)
    return rgb[..., :3].copy()  # a copy: the image's memory goes with it


def test_hovering_a_hidden_unit_shows_its_forward_pass_map_large(qtbot):
    w = make(qtbot, default_settings("circle"))
    w.session.train(20)
    view = w.boundary_view
    assert view.shown.caption == "" and not view.caption.isVisible()
    hover_unit(qtbot, w, 1, 2)  # hidden layer 2, unit 3
    assert view.caption.toPlainText() == "showing h₂,₃" and view.caption.isVisible()
    expected = forward_map(w, 1, 2)
    assert np.allclose(view.shown.plane, expected, atol=1e-5)
    lo, hi = -1.0, 1.0  # tanh: the key is its range
    assert tuple(view.key.levels()) == (lo, hi) and view.key.isVisible()
    colours = palette.rgba(expected, lo, hi, FADED32)[..., :3].astype(int)
    assert np.abs(drawn_rgb(view).astype(int) - colours).max() <= 4  # a LUT step at most
    # leaving the graph: the output's decision map again
    QApplication.sendEvent(w.network_view.graphics.viewport(), QEvent(QEvent.Type.Leave))
    assert view.shown.caption == "" and not view.caption.isVisible()
    output = len(w.session.trainer.net.sizes) - 2  # the engine's index of the output layer
    assert np.allclose(view.shown.plane, forward_map(w, output, 0), atol=1e-5)


def test_preset_1s_second_output_can_be_seen_large(qtbot):
    w = make(qtbot)
    w.findChild(QAction, "preset_sigmoid-bce").trigger()
    assert w.session.trainer.net.sizes[-1] == 2
    hover_unit(qtbot, w, 1, 1)
    view = w.boundary_view
    assert view.caption.toPlainText() == "showing output 2"
    assert np.allclose(view.shown.plane, forward_map(w, 1, 1), atol=1e-5)
    assert not np.allclose(view.shown.plane, forward_map(w, 1, 0), atol=1e-3)


def test_hovering_an_input_shows_the_features_map_with_its_range(qtbot):
    w = make(qtbot)
    w.session.set_features(("x1", "x2", "sin(x1)"))
    lay = w.network_view.lay
    hover(qtbot, w, 0.0, lay.candidate_y[3])  # x2^2, switched off: its map all the same
    view = w.boundary_view
    assert view.caption.toPlainText() == "showing X₂²"
    n = w.frame.maps[-1].shape[-1]
    xs, ys, _ = grid.points(w.frame.extent, n)
    assert np.allclose(view.shown.plane, np.repeat(ys[:, None] ** 2, n, axis=1), atol=1e-6)
    lo, hi = view.key.levels()
    assert lo == -hi and hi == pytest.approx(ys.max() ** 2, rel=1e-6)  # X2²'s largest value
    assert view.key.isVisible()
    ticks = [label for label_set in view.key.axis._tickLevels for _, label in label_set]
    assert f"{hi:.3g}" in ticks and f"{lo:.3g}" in ticks  # the key states its range


def test_softmax_keeps_its_class_map_and_shows_any_output_on_hover(qtbot):
    w = make(qtbot, default_settings("spiral3"))
    view = w.boundary_view
    assert not view.key.isVisible() and view.shown.plane is None  # the class map
    hover_unit(qtbot, w, 3, 2)
    assert view.caption.toPlainText() == "showing output 3" and view.key.isVisible()
    assert tuple(view.key.levels()) == (0.0, 1.0)
    assert np.allclose(view.shown.plane, forward_map(w, 3, 2), atol=1e-5)


def discretize_action(w):
    return w.findChild(QAction, "discretizeAction")


def test_discretize_is_a_view_menu_action_with_a_shortcut(qtbot):
    w = make(qtbot)
    act = discretize_action(w)
    assert act in w.actions_.view_menu.actions()
    assert act.isCheckable() and act.shortcut() != QKeySequence() and "class" in act.toolTip()
    act.trigger()
    assert w.session.view.discretize and w.boundary_view.discretize


@pytest.mark.parametrize("dataset", ["circle", "spiral3"])
def test_discretized_the_plot_shows_the_class_only(qtbot, dataset):
    w = make(qtbot, default_settings(dataset))
    w.session.train(5)
    shaded = len(np.unique(drawn_rgb(w.boundary_view).reshape(-1, 3), axis=0))
    discretize_action(w).trigger()
    colours = np.unique(drawn_rgb(w.boundary_view).reshape(-1, 3), axis=0)
    k = w.session.trainer.net.sizes[-1]
    assert len(colours) <= max(k, 2) < shaded
    assert not w.boundary_view.key.isVisible()
    if k == 1:  # the class is the side of 0.5 of the forward pass's output
        out = forward_map(w, len(w.session.trainer.net.sizes) - 2, 0)
        rgb = drawn_rgb(w.boundary_view)
        blue = np.all(rgb == rgb[np.unravel_index(np.argmax(out), out.shape)], axis=-1)
        sure = np.abs(out - 0.5) > 1e-4
        assert np.array_equal(blue[sure], (out >= 0.5)[sure])


def test_discretize_is_off_for_a_regression_and_its_key_states_the_targets_range(qtbot):
    s = Settings(DataSettings(name="plane"), NetSettings(hidden=(4,), activations=("tanh",),
                                                         output_activation="linear", loss="mse"))
    w = make(qtbot, s)
    assert not discretize_action(w).isEnabled()
    view = w.boundary_view
    assert view.key.isVisible()
    ts = np.concatenate([w.session.train_set.t[:, 0], w.session.test_set.t[:, 0]])
    assert tuple(view.key.levels()) == (ts.min(), ts.max())
    assert f"{ts.max():.4g}" in view.key.toolTip()
    w.session.set_view(discretize=True)  # even so: a regression has no classes
    assert view.key.isVisible() and len(np.unique(drawn_rgb(view).reshape(-1, 3), axis=0)) > 2


def test_discretize_is_saved_with_the_session(qtbot, tmp_path):
    w = make(qtbot)
    discretize_action(w).trigger()
    path = tmp_path / "d.json"
    assert w.files.save_to(path)
    other = make(qtbot)
    assert not discretize_action(other).isChecked()
    assert other.files.open_path(path, remember=False)
    assert other.session.view.discretize and discretize_action(other).isChecked()
    assert other.boundary_view.discretize
