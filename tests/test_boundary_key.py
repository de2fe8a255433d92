"""The colour key beside the decision plot: the output's scale, with numbers."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtGui import QColor

from playground.session.face import Session
from playground.session.settings import DataSettings, NetSettings, Settings
from playground.views.boundary_view import FADED32
from playground.window.main_window import MainWindow


def key_of(window):
    return window.boundary_view.key


def test_the_key_spans_the_output_range_in_the_plots_colours(qtbot):
    w = MainWindow(Session())
    qtbot.addWidget(w)
    key = key_of(w)
    assert tuple(key.levels()) == (0.0, 1.0)  # a sigmoid output
    image = w.boundary_view.image.pixmap().toImage()
    out = w.session.run.measures._maps[-1][0]  # the output over the plane, as drawn
    for value in (0.0, 0.5, 1.0):  # the key's ends and middle are the plot's scale
        key_rgb = key.colorMap().map(value, mode="qcolor").name()
        rgba = np.frombuffer(np.uint32(FADED32[min(int(value * 255), 255)]).tobytes(), np.uint8)
        assert key_rgb == QColor(*rgba[:3]).name()
    # a pixel of the image has the key's colour of its output value
    i, j = 10, 20
    pixel = QColor(image.pixel(j, i)).name()
    expected = key.colorMap().map(float(out[i, j]), mode="qcolor")
    got = QColor(pixel)
    assert abs(got.red() - expected.red()) <= 3 and abs(got.blue() - expected.blue()) <= 3


def test_the_key_follows_a_linear_outputs_range(qtbot):
    s = Settings(DataSettings(name="xor"), NetSettings(hidden=(4,), activations=("tanh",),
                                                       output_activation="linear", loss="mse"))
    w = MainWindow(Session(s))
    qtbot.addWidget(w)
    lo, hi = key_of(w).levels()
    out = w.session.run.measures._maps[-1][0]
    assert lo == -hi and hi >= np.abs(out).max() and (lo, hi) != (0.0, 1.0)


def test_a_regression_maps_and_points_share_the_targets_scale(qtbot):
    """On "sine" a point and the plane under it take the same colour for the same value."""
    s = Settings(DataSettings(name="sine"), NetSettings(hidden=(4,), activations=("tanh",),
                                                        output_activation="linear", loss="mse"))
    w = MainWindow(Session(s))
    qtbot.addWidget(w)
    ts = np.concatenate([w.session.train_set.t[:, 0], w.session.test_set.t[:, 0]])
    assert tuple(key_of(w).levels()) == (ts.min(), ts.max())
    view = w.boundary_view
    k = int(np.argmax(w.session.train_set.t[:, 0]))  # the largest target: the key's top colour
    top = key_of(w).colorMap().map(1.0, mode="qcolor").name()
    brush = view.train_points.data["brush"][k]
    from playground.views import palette
    assert brush.color().name() == palette.HEX[255]
    assert QColor(*np.frombuffer(np.uint32(FADED32[255]).tobytes(), np.uint8)[:3]).name() == top
