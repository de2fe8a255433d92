"""A click on the decision plane adds a point: of class 1 or 0 with two classes, of the class
chosen in the data panel with k classes (a one-hot target); a regression set refuses with a
message that says why, and still lets a point be removed."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox

from playground.session.run import Run
from playground.session.settings import default_settings


def messages(run) -> list:
    return [payload for kind, payload in run.take_events() if kind == "message"]


@pytest.mark.parametrize("chosen, action", [(0, "add1"), (2, "add1"), (1, "add0")])
def test_k_classes_a_click_adds_the_chosen_class(chosen, action):
    run = Run(default_settings("blobs3"))
    n = len(run.train_set)
    run.set_view(add_class=chosen)
    assert run.edit_points(0.25, -0.5, action)
    data = run.train_set
    assert len(data) == n + 1 and tuple(data.x[-1]) == (0.25, -0.5)
    assert np.array_equal(data.t[-1], np.eye(3)[chosen])
    assert run.trainer.net.activations[-1] == "softmax" and run.trainer.net.loss == "ce"


def test_two_classes_keep_left_one_and_shift_zero():
    run = Run(default_settings("circle"))
    assert run.edit_points(0.1, 0.1, "add1") and run.train_set.t[-1, 0] == 1.0
    assert run.edit_points(0.2, 0.1, "add0") and run.train_set.t[-1, 0] == 0.0


def test_a_regression_set_refuses_an_added_point_and_says_why():
    run = Run(default_settings("plane"))
    run.take_events()
    n = len(run.train_set)
    assert not run.edit_points(0.1, 0.1, "add1")
    said, = messages(run)
    assert "regression" in said and "target" in said
    assert len(run.train_set) == n
    assert run.edit_points(0.1, 0.1, "remove") and len(run.train_set) == n - 1


def test_the_panel_chooses_the_class_and_a_click_adds_it(qtbot):
    from playground.session.face import Session
    from playground.views import class_colors
    from playground.window.main_window import MainWindow
    window = MainWindow(Session(default_settings("blobs4")))
    qtbot.addWidget(window)
    box = window.findChild(QComboBox, "addClassCombo")
    assert box.isVisibleTo(window) and box.count() == 4
    for k in range(4):  # each class in its colour
        image = box.itemIcon(k).pixmap(QSize(12, 12)).toImage()
        assert image.pixelColor(6, 6).getRgb()[:3] == tuple(map(int, class_colors.colour_of(k)))
    box.setCurrentIndex(3)
    assert window.session.view.add_class == 3
    window.boundary_view.pointClicked.emit(0.3, 0.4, "add1")
    assert np.array_equal(window.session.train_set.t[-1], np.eye(4)[3])
    window.session.set_view(add_class=1)  # the box follows the run
    assert box.currentIndex() == 1


def test_the_class_box_shows_only_for_k_classes(qtbot):
    from playground.session.face import Session
    from playground.window.main_window import MainWindow
    window = MainWindow(Session(default_settings("xor")))
    qtbot.addWidget(window)
    box = window.findChild(QComboBox, "addClassCombo")
    assert not box.isVisibleTo(window)
    combo = window.data_panel.dataset
    combo.setCurrentIndex(combo.findText("spiral3"))
    assert box.isVisibleTo(window) and box.count() == 3
    combo.setCurrentIndex(combo.findText("sine"))
    assert not box.isVisibleTo(window)


@pytest.mark.parametrize("dataset, says", [("xor", "Shift+click"), ("blobs3", '"Add" box'),
                                           ("plane", "adds no point")])
def test_the_plane_tooltip_says_what_a_click_adds_for_the_data(qtbot, dataset, says):
    from playground.window.main_window import MainWindow
    w = MainWindow(["--dataset", dataset])
    qtbot.addWidget(w)
    assert says in w.boundary_view.toolTip()
