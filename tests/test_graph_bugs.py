"""Bugs once seen in the network graph and its inspector, driven through the real window."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QComboBox, QInputDialog, QPushButton, QWidget

from helpers import values
from window_helpers import make_window, open_preset


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def view_of(window):
    return window.findChild(QWidget, "networkView")


def step(window, times=1):
    for _ in range(times):
        window.findChild(QPushButton, "stepButton").click()


def test_a_preset_without_biases_leaves_no_bias_marks(window):
    view = view_of(window)
    assert window.session.snapshot.biases is not None and len(view.bias_marks.data) > 0
    open_preset(window, "sigmoid-bce")  # seed 000: no biases, another shape
    assert window.session.snapshot.biases is None
    assert len(view.bias_marks.data) == 0 and view.drawn()["biases"] == []


def test_the_column_title_follows_a_new_hidden_activation(window):
    view = view_of(window)
    old = window.findChild(QComboBox, "activationCombo1").currentText()
    new = "tanh" if old != "tanh" else "relu"
    window.findChild(QComboBox, "activationCombo1").setCurrentText(new)
    assert window.session.trainer.net.activations[0] == new
    assert view.titles[1].textItem.toPlainText().endswith(new)
    assert view.drawn()["layers"][1]["title"].endswith(new)
    step(window)  # the scale of the new activation, too
    assert view.drawn()["scales"][1]["lo"] == (-1.0 if new == "tanh" else 0.0)


def test_the_weight_inspector_shows_the_new_value_after_the_update(window):
    view = view_of(window)
    view.select(("edge", 1, 0, 1))
    step(window, 4)  # forward, output delta, hidden delta, update
    snap, inspector = window.session.snapshot, window.docks.inspector
    assert snap.phase == "update"
    inspector.digits = 10
    header, = [line for line in inspector.lines() if line.key == "weight"]
    update, = [line for line in inspector.lines() if line.key == "update"]
    assert values(header) == pytest.approx([snap.weights[1][0, 1]], abs=1e-9)
    assert values(update)[0] == pytest.approx(snap.old_weights[1][0, 1], abs=1e-9)
    assert values(update)[-1] == values(header)[0]


def test_tooltips_and_the_edit_dialog_use_the_seeds_notation(window, monkeypatch):
    view = view_of(window)
    step(window)
    text = view.tooltip_for(("edge", 1, 0, 1))  # weights[1][0, 1]: unit 2 of layer 1 to unit 1 of layer 2
    assert text.startswith("W₁₂⁽²⁾") and "w[" not in text
    assert "δ₁⁽²⁾ · a₂⁽¹⁾" in text
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(a[2]), ("", False))[1])
    view.edit(("edge", 1, 0, 1))
    view.edit(("bias", 0, 2))
    assert asked[0].startswith("W₁₂⁽²⁾ =") and asked[1].startswith("b₃⁽¹⁾ =")


def test_the_svg_export_gives_each_unit_its_own_map(window, tmp_path):
    import base64
    import re

    from PySide6.QtGui import QImage

    from playground.window import exports

    view = view_of(window)
    window.resize(1400, 800)
    path = tmp_path / "graph.svg"
    exports.svg(view.graphics, str(path), "Network graph")
    images = re.findall(r'<image[^>]*xlink:href="data:image/png;base64,([^"]+)"', path.read_text())
    sizes = [QImage.fromData(base64.b64decode(data)).size() for data in images]
    tiles = [s for s in sizes if s.width() == view.maps.buffer.shape[1]]
    assert len(tiles) == len(view.maps), "one image per unit's map"
    assert all(s.height() == view.maps.buffer.shape[2] for s in tiles), "a square, not the strip"
