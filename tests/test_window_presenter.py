"""Presenter mode in the real window: F5 hides what the session's ViewSetting lists and keeps
Step, Play and Reset, puts the numbers on the graph and shows the phase breadcrumb and its
caption, which follow Step; Esc restores everything; the list of hidden parts is the teacher's
and a session file keeps it."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QToolBar

from playground.session.settings import PRESENTER_PARTS
from window_helpers import make_window, open_preset


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def shown(w):
    QApplication.processEvents()
    t = w.training
    return {"step": t.step.isVisible(), "play": t.play.isVisible(), "reset": t.reset.isVisible(),
            "finish": t.finish.isVisible(), "eta": t.eta.isVisible(),
            "menus": w.menuBar().isVisible(), "data": w.data_panel.isVisible(),
            "timeline": w.findChild(QToolBar, "timelineToolbar").isVisible(),
            "plots": w.boundary_view.isVisible(), "crumb": w.findChild(QLabel, "phaseBreadcrumb").isVisible()}


def test_f5_presents_and_esc_leaves(qtbot, window):
    w = window
    open_preset(w, "sigmoid-mse")
    before = shown(w)
    assert not before["crumb"] and all(v for k, v in before.items() if k != "crumb")
    qtbot.keyClick(w, Qt.Key.Key_F5)
    assert w.session.view.presenter
    now = shown(w)
    assert now["step"] and now["play"] and now["reset"] and now["crumb"]
    assert not any(now[k] for k in ("finish", "eta", "menus", "data", "timeline", "plots"))
    assert w.network_view.show_numbers
    crumb = w.findChild(QLabel, "phaseBreadcrumb")
    caption = w.findChild(QLabel, "phaseCaption")
    assert "Ready" in caption.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)  # Step still works from the keyboard
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert w.session.snapshot.phase == "output_delta"
    current = crumb.text().split("background")[1]
    assert current.split("</span>")[0].endswith("Output δ")
    assert "(a − t)·f′(z)" in caption.text()  # squared error: the slope stays
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert not w.session.view.presenter
    assert shown(w) == before and not w.network_view.show_numbers


def test_what_is_hidden_is_the_teachers_choice(qtbot, window, tmp_path):
    w = window
    w.session.set_view(presenter_hidden=("data",))
    w.session.set_view(presenter=True)
    now = shown(w)
    assert not now["data"] and now["menus"] and now["eta"] and now["plots"]
    w.session.set_view(presenter=False)
    assert shown(w)["data"]
    w.session.save_session(tmp_path / "class.json")
    w.session.set_view(presenter_hidden=PRESENTER_PARTS)
    from playground.session import session_file
    w.session.install(session_file.load(tmp_path / "class.json"))
    assert w.session.view.presenter_hidden == ("data",)


def test_the_inputs_numbers_leave_the_candidates_below_them_clear_and_named(qtbot, window):
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QFontMetricsF
    w = window
    open_preset(w, "xor")  # two raw columns: five candidate inputs off, below X₁ and X₂
    w.docks.set_zoom(1.5)  # as on a projector (the README's picture)
    w.resize(1024, 768)
    QApplication.processEvents()
    w.session.set_view(presenter=True)
    QApplication.processEvents()
    view = w.network_view
    lay, vb = view.lay, view.vb
    metrics = QFontMetricsF(view.font())

    def scene_rect(x0, y0, x1, y1):
        return QRectF(vb.mapViewToScene(QPointF(x0, y1)), vb.mapViewToScene(QPointF(x1, y0)))
    inputs = [(x, y, t) for x, y, t in view.numbers.shown() if x == 0.0]
    assert len(inputs) == 2
    plates = []
    for x, y, t in inputs:
        c = vb.mapViewToScene(QPointF(x, y))
        w_, h = metrics.horizontalAdvance(t) + 4, metrics.height()
        plates.append(QRectF(c.x() - w_ / 2, c.y() - h / 2, w_, h))
    off = [k for k, on in enumerate(lay.inputs) if not on]
    assert len(off) == 5
    for k in off:
        y, side = lay.candidate_y[k], lay.candidate_map[k]
        square = scene_rect(-side / 2, y - side / 2, side / 2, y + side / 2)
        name = view.candidates.items[k].sceneBoundingRect()
        for plate in plates:
            assert not plate.intersects(square) and not plate.intersects(name), k
    picture = view.graphics.grab().toImage()  # every name is drawn (dark or grey pixels)
    for item in view.candidates.items:
        r = view.graphics.mapFromScene(item.sceneBoundingRect()).boundingRect()
        darkest = min(QColor(picture.pixel(x, y)).lightness()
                      for x in range(r.left(), r.right()) for y in range(r.top(), r.bottom()))
        assert darkest < 200, item.toPlainText()


def test_presenting_keeps_the_unit_selected_and_the_inspector_on_it(qtbot, window):
    w = window
    open_preset(w, "xor")  # candidate inputs: turning the numbers on lays the graph out again
    w.network_view.select(("node", 0, 1))
    w.session.set_view(presenter=True)
    QApplication.processEvents()
    assert w.network_view.show_numbers and w.network_view.lay.numbers
    assert w.network_view.selection == ("node", 0, 1) and w.selection == ("node", 0, 1)
