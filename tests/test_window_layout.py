"""The window's layout at a laptop's 1400 x 800 and on a projector (zoom), and the numbers
people read in it: the graph's caption and the inspector count samples alike, from 1."""
import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox

from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.settings import default_settings
from playground.views.labels import SteadyLabel


def make(qtbot, size, dataset="spiral"):
    w = MainWindow(Session(default_settings(dataset)))
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    QApplication.processEvents()
    return w


def test_at_1400_by_800_the_central_views_come_first(qtbot):
    w = make(qtbot, (1400, 800))
    assert w.width() == 1400
    assert w.network_view.width() >= 500
    boundary = w.boundary_view
    assert boundary.width() >= 300 and boundary.height() >= 300, "a readable, about square plot"
    assert 300 <= w.docks.inspector_dock.width() <= 360


@pytest.mark.parametrize("size,rows", [((1280, 720), 2), ((1400, 800), 1), ((1024, 768), 2)])
def test_a_projector_s_1280_by_720_fits_with_the_controls_in_two_rows(qtbot, size, rows):
    w = make(qtbot, size)
    assert w.width() == size[0] and w.training.n_rows == rows
    assert w.training.step.isVisible() and w.training.epoch.isVisible()
    assert w.training.epoch.geometry().right() <= w.training.width()
    assert w.boundary_view.width() >= 0.15 * size[0] and w.network_view.width() >= 0.3 * size[0]


@pytest.mark.parametrize("size,zoom", [((1280, 720), 1.5), ((1400, 800), 1.25), ((1400, 800), 1.5),
                                       ((1920, 1080), 1.5), ((1920, 1080), 2.0)])
def test_zoom_never_widens_the_window(qtbot, size, zoom):
    w = make(qtbot, size)
    w.docks.set_zoom(zoom)
    QApplication.processEvents()
    assert w.width() == size[0], "the toolbars wrap and the docks shrink instead"
    assert w.height() == size[1], "the docked views give up height rather than grow the window"
    assert w.boundary_view.width() >= 0.15 * size[0] and w.network_view.width() >= 0.22 * size[0]


def test_at_2x_the_layer_controls_and_the_loss_title_grow(qtbot):
    w = make(qtbot, (1920, 1080))
    base = w.font().pointSizeF()
    w.docks.set_zoom(2.0)
    QApplication.processEvents()
    panel = w.network_panel
    spin, combo = panel.findChild(QSpinBox, "unitsSpin1"), panel.findChild(QComboBox, "activationCombo1")
    inner = panel.layers_area.widget()
    assert panel.layers_area.viewport().height() >= inner.sizeHint().height(), "not clipped"
    assert spin.height() >= spin.sizeHint().height() and combo.height() >= combo.sizeHint().height()
    assert w.loss_plot.title.font().pointSizeF() == pytest.approx(2.0 * base)
    assert w.loss_plot.title.text(), "the loss plot has a title after the first frame"


def test_the_caption_and_the_inspector_count_samples_from_one(qtbot):
    w = make(qtbot, (1400, 800))
    w.session.step()  # forward: a batch of 10 from the spiral's training points
    snap = w.session.snapshot
    w.network_view.select(("node", 0, 1))
    w.network_view.sample_spin.setValue(3)
    caption = w.network_view.caption.text()
    point = int(snap.samples[2]) + 1  # the third row of the batch, counted from 1 for people
    assert f"sample 3 of {len(snap.samples)}" in caption and f"training point {point})" in caption
    assert f"sample 3 of {len(snap.samples)}" in w.docks.inspector.plain_text()
    assert f"training point {point})" in w.network_view.tooltip_for(("node", 0, 1))


def test_a_steady_label_keeps_its_size_unless_a_text_needs_more(qtbot):
    label = SteadyLabel("Epoch 0", "Epoch 100")
    qtbot.addWidget(label)
    size = label.size()
    assert label.minimumSize() == label.maximumSize() == size, "fixed: a new text lays nothing out"
    label.setText("Epoch 12")
    assert label.text() == "Epoch 12" and label.size() == size
    label.setText("Epoch 123456789 and a much longer text")
    assert label.width() > size.width() and label.minimumSize() == label.maximumSize()
