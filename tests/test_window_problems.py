"""The window follows the problem type: choosing a set in the Data panel sets up the output
and the loss the network panel shows, and offers the set's suggested settings as a button."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from window_helpers import make_window


def test_choosing_spiral3_sets_up_softmax_and_offers_the_suggestion(qtbot):
    w = make_window(qtbot)
    button = w.findChild(QPushButton, "suggestionButton")
    assert not button.isVisibleTo(w)
    w.findChild(QComboBox, "datasetCombo").setCurrentText("spiral3")
    assert w.findChild(QComboBox, "outputActivationCombo").currentText() == "softmax"
    assert w.findChild(QComboBox, "lossCombo").currentText() == "ce"
    assert w.session.trainer.net.sizes[-1] == 3
    assert button.isVisibleTo(w) and "8-8-8" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert w.session.trainer.net.sizes == [2, 8, 8, 8, 3]
    assert w.session.settings.train.batch_size == 10
    assert not button.isVisibleTo(w)
    w.session.step()  # a phase of a softmax net reaches every view without an error
    assert w.frame.snapshot.z[-1] is not None and w.frame.maps[-1].shape[0] == 3


def test_choosing_sine_gives_a_linear_output_with_squared_error(qtbot):
    w = make_window(qtbot)
    w.findChild(QComboBox, "datasetCombo").setCurrentText("sine")
    assert w.findChild(QComboBox, "outputActivationCombo").currentText() == "linear"
    assert w.findChild(QComboBox, "lossCombo").currentText() == "mse"
    assert w.session.trainer.net.loss == "mse"


def test_class_pictures_take_the_winners_colour_lightened_where_unsure():
    import numpy as np

    from playground.views import class_colors

    k = 3
    maps = np.full((k, 1, 3), 1 / 3)                   # pixel 0: every class equally likely
    maps[:, 0, 1] = [0.0, 0.0, 1.0]                    # pixel 1: class 2, certain
    maps[:, 0, 2] = [0.2, 0.1, 0.7]                    # pixel 2: class 2, less sure
    image = class_colors.classes_rgba(maps)[0].astype(float)
    assert image[0, :3].tolist() == [255.0, 255.0, 255.0]
    faded = 255 - class_colors.FADE * (255 - class_colors.colour_of(2))
    assert np.allclose(image[1, :3], faded, atol=0.5)
    # Less sure: the same hue, nearer white.
    assert np.all(image[2, :3] >= image[1, :3]) and np.any(image[2, :3] > image[1, :3])
    assert np.all(image[:, 3] == 255)
    assert len(set(class_colors.HEX)) == len(class_colors.HEX)


def test_the_decision_plot_shows_k_class_colours_without_the_key(qtbot):
    import numpy as np

    from playground.views import class_colors

    w = make_window(qtbot)
    w.findChild(QComboBox, "datasetCombo").setCurrentText("spiral3")
    qtbot.mouseClick(w.findChild(QPushButton, "suggestionButton"), Qt.MouseButton.LeftButton)
    w.session.train(100)
    view = w.boundary_view
    assert not view.key.isVisible()
    pixels = view._rgba.reshape(-1, 4)[:, :3].astype(float)
    # Each class's colour wins somewhere: the pixel nearest to its faded colour is close to it.
    for j in range(3):
        faded = 255 - class_colors.FADE * (255 - class_colors.colour_of(j))
        assert np.abs(pixels - faded).sum(axis=1).min() < 30, j
    brushes = view.train_points.data["brush"]
    classes = w.session.train_set.t.argmax(axis=1)
    assert {b.color().name() for b in brushes} == {class_colors.HEX[j] for j in set(classes)}
    w.findChild(QComboBox, "datasetCombo").setCurrentText("circle")
    assert view.key.isVisible()


def test_a_network_with_feature_inputs_is_drawn_and_stepped(qtbot):
    from playground.session.settings import NetSettings, Settings

    s = Settings(net=NetSettings(features=("x1", "x2", "x1^2", "x2^2", "x1*x2")))
    w = make_window(qtbot, s)
    for _ in range(4):
        w.session.step()
    assert w.frame.info.sizes[0] == 5 and w.frame.snapshot.phase == "update"
    assert w.frame.maps[-1].shape[0] == 1


def test_the_network_panel_sets_an_l2_penalty(qtbot):
    from PySide6.QtWidgets import QDoubleSpinBox

    w = make_window(qtbot)
    rate = w.findChild(QDoubleSpinBox, "penaltyRateSpin")
    assert not rate.isEnabled()
    penalty = w.findChild(QComboBox, "penaltyCombo")
    penalty.setCurrentIndex(penalty.findData("l2"))
    net = w.session.trainer.net
    assert (net.regularization, net.reg_rate) == ("l2", 0.001) and rate.isEnabled()
    rate.setValue(0.01)
    assert w.session.trainer.net.reg_rate == 0.01
    penalty.setCurrentIndex(penalty.findData("none"))
    assert w.session.trainer.net.regularization is None and not rate.isEnabled()


def test_the_inspector_explains_a_softmax_unit_and_its_delta_a_minus_t():
    import numpy as np

    from engine.network import Network
    from engine.stepper import Stepper
    from engine.training import Trainer
    from helpers import values
    from playground.views.inspector_text import explain

    net = Network.create([2, 3, 3], "tanh", "softmax", "ce", seed=1)
    x, t = np.array([[0.3, -0.2], [0.1, 0.9]]), np.eye(3)[[2, 0]]
    stepper = Stepper(Trainer(net, x, t, eta=0.1))
    snap = stepper.step()
    lines = explain(snap, ("node", 1, 2), 0, net, 10, None)
    a_line = next(line for line in lines if line.key == "a")
    shown = values(a_line)  # e^{z_1}, e^{z_2}, e^{z_3} as exponents; the first is z_j
    assert abs(shown[-1] - snap.a[2][0, 2]) < 1e-9
    assert abs(sum(np.exp(shown[1:4])) * snap.a[2][0, 2] - np.exp(shown[0])) < 1e-6
    snap = stepper.step()  # the output delta
    lines = explain(snap, ("node", 1, 2), 0, net, 10, None)
    delta = next(line for line in lines if line.key == "delta")
    a, target, d = values(delta)
    assert (target, abs(d - (a - target)) < 1e-9) == (1.0, True)
    assert abs(d - snap.delta[1][0, 2]) < 1e-9
    assert any("softmax Jacobian" in line.formula for line in lines)
