"""The graph's unit dots: copied from pixmaps on screen, they look like circles drawn directly;
in an SVG export they stay shapes."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QIODevice, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator

from playground.views import palette
from playground.views.graph_items import UnitDots

X, Y, SIZE = [20.0, 61.0, 100.0], [30.0, 44.0, 70.0], [16.0, 22.0, 10.0]  # whole radii
BRUSHES = [palette.BRUSHES[10], palette.BRUSHES[200], QBrush(QColor("#dddddd"))]


def image(ratio=1) -> QImage:
    img = QImage(140 * ratio, 100 * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(ratio)  # a high-density screen's
    img.fill(Qt.GlobalColor.white)
    return img


def pixels(img) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4).astype(int)


def dots():
    item = UnitDots(QPen(QColor("#444444"), 1))
    item.set_data(np.array(X), np.array(Y), np.array(SIZE), BRUSHES)
    return item


@pytest.mark.parametrize("ratio", [1, 2])
def test_dots_on_screen_look_like_circles_drawn_directly(qapp, ratio):
    shown, direct = image(ratio), image(ratio)
    p = QPainter(shown)
    dots().paint(p, None)
    p.end()
    p = QPainter(direct)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#444444"), 1)
    pen.setCosmetic(True)
    p.setPen(pen)
    for x, y, size, brush in zip(X, Y, SIZE, BRUSHES):
        p.setBrush(brush)
        p.drawEllipse(QPointF(x, y), size / 2, size / 2)
    p.end()
    a, b = pixels(shown), pixels(direct)
    assert (b != 255).any(axis=2).sum() > 300 * ratio ** 2  # the reference has the dots
    assert np.abs(a - b).max() <= 2  # the same, to the rounding of one more blend


def test_dots_in_an_svg_export_are_shapes(qapp):
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    svg = QSvgGenerator()
    svg.setOutputDevice(buffer)
    p = QPainter(svg)
    dots().paint(p, None)
    p.end()
    text = bytes(buffer.data()).decode()
    assert "<image" not in text
    assert sum(text.count(shape) for shape in ("<circle", "<ellipse", "<path")) == len(X)
