"""The data picker: one small picture per built-in set, drawn from the points the session
supplies, in the colours the decision plot uses; the data panel fits its column."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea

from playground.session.settings import DATASET_NAMES


@pytest.fixture
def window(qtbot):
    from playground.window.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    return w


def colours_in(icon) -> set:
    image = icon.pixmap(QSize(40, 40)).toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width())
            for y in range(image.height())}


def test_the_session_supplies_every_built_in_sets_points():
    from playground.session.face import Session
    pictures = Session().thumbnails
    assert list(pictures) == list(DATASET_NAMES)
    for name, p in pictures.items():
        assert p.x.shape == (len(p.t), 2) and len(p.t) >= 4
    assert pictures["blobs3"].t.shape[1] == 3 and pictures["plane"].kind == "regression"


def test_every_built_in_set_has_its_own_picture(window):
    combo = window.findChild(QComboBox, "datasetCombo")
    assert combo is window.data_panel.dataset  # the name DESIGN.md section 6 lists
    images = {}
    for k in range(combo.count()):
        icon = combo.itemIcon(k)
        assert not icon.isNull(), combo.itemText(k)
        images[combo.itemText(k)] = icon.pixmap(QSize(40, 40)).toImage()
    assert set(images) == set(DATASET_NAMES)
    assert len({bytes(image.constBits()) for image in images.values()}) == len(images)


def test_the_pictures_use_the_decision_plots_colours(window):
    from playground.views import class_colors, palette
    combo = window.data_panel.dataset
    icon = {combo.itemText(k): combo.itemIcon(k) for k in range(combo.count())}
    blobs4 = colours_in(icon["blobs4"])
    for k in range(4):
        assert QColor(*map(int, class_colors.colour_of(k))).name() in blobs4
    circle = colours_in(icon["circle"])
    assert {palette.HEX[0], palette.HEX[-1]} <= circle  # class 0 orange, class 1 blue
    plane = colours_in(icon["plane"]) & set(palette.HEX)
    assert len(plane) >= 10, "a regression set: its targets on the scale, many shades"


def test_choosing_a_set_from_the_picker_still_changes_the_data(window, qtbot):
    combo = window.data_panel.dataset
    combo.setCurrentIndex(combo.findText("spiral3"))
    assert window.session.train_set.name.startswith("spiral3")
    assert window.session.train_set.t.shape[1] == 3


def test_the_data_panel_fits_its_column_at_the_default_size(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    area = next(a for a in window.findChildren(QScrollArea) if a.widget() is window.data_panel)
    assert area.horizontalScrollBar().maximum() == 0, "nothing cut at the right edge"
    assert window.data_panel.width() <= area.viewport().width()
    combo = window.data_panel.dataset  # k classes: the class box too, and an edited set's name
    combo.setCurrentIndex(combo.findText("multi-gaussian"))
    combo.setCurrentIndex(combo.findText("blobs4"))
    window.boundary_view.pointClicked.emit(0.1, 0.1, "add1")
    assert window.data_panel.add_class.isVisible() and "edited" in combo.currentText()
    QApplication.sendPostedEvents()  # the layouts follow the new contents
    QApplication.processEvents()
    assert area.horizontalScrollBar().maximum() == 0
    assert window.data_panel.sizeHint().width() <= area.viewport().width()


def test_the_thumbnail_points_fit_the_picture():
    from playground.views.thumbnails import positions
    x = np.random.default_rng(0).normal(size=(50, 2)) * [3.0, 0.5]
    at = positions(x, 40, 3)
    assert at.min() >= 3 - 1e-9 and at.max() <= 37 + 1e-9
    assert np.ptp(at[:, 0]) == pytest.approx(34), "the wide axis spans the picture"
    top = at[np.argmax(x[:, 1]), 1]
    assert top == at[:, 1].min(), "y grows upwards"
