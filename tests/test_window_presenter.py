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
