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
