"""Paint the real window, scatter points included (PySide6 6.12.0 crashed pyqtgraph 0.14.0 here).

The pictures are checked for what must be on them, not pixel for pixel: the window is not one
colour, the decision boundary shows both classes' colours, the graph draws its edges.
"""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtGui import QImage

import playground
from playground.session.face import Session
from playground.session.settings import default_settings
from playground.views import palette


def pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull() and image.width() > 0 and image.height() > 0
    raw = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = raw.reshape(image.height(), image.bytesPerLine())[:, :4 * image.width()]
    # BGRA -> RGB, copied: the buffer dies with the QImage
    return rows.reshape(image.height(), image.width(), 4)[..., 2::-1].copy()


def near(rgb, color, tolerance=40) -> int:
    """How many pixels are within ``tolerance`` of ``color`` (a QColor)."""
    target = np.array([color.red(), color.green(), color.blue()])
    return int(np.sum(np.abs(rgb.astype(int) - target).sum(axis=-1) < tolerance))


@pytest.fixture
def window(qtbot):
    w = playground.MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_whole_window_paints(window):
    rgb = pixels(window)
    assert rgb.shape[:2] == (800, 1400)
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 50


def test_the_boundary_paints_its_training_points(window):
    boundary = window.boundary_view
    boundary.image.setVisible(False)  # only the points are coloured now
    rgb = pixels(boundary)
    assert near(rgb, palette.ORANGE) > 20 and near(rgb, palette.BLUE) > 20
    boundary.train_points.setVisible(False)
    rgb = pixels(boundary)
    assert near(rgb, palette.ORANGE) == 0 and near(rgb, palette.BLUE) == 0


def test_a_spiral_in_training_paints(qtbot):
    w = playground.MainWindow(Session(default_settings("spiral")))
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    w.session.train(20)
    rgb = pixels(w)
    assert near(rgb, palette.ORANGE) > 500 and near(rgb, palette.BLUE) > 500
    graph = pixels(w.network_view.graphics)
    assert near(graph, palette.BLUE, 60) > 100, "edges and maps are drawn"
