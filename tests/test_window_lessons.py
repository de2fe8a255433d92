"""Guided lessons from the Help menu: the preset opens, Step drives it, and after each phase
the caption says what happened with the engine's numbers for the unit or weight it points at,
which the graph selects (so the Inspector shows it); ending the lesson takes the caption away."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from engine import presets
from playground.session.exercises import num
from window_helpers import make_window


@pytest.mark.parametrize("name", presets.names())
def test_a_lesson_walks_through_the_presets_iteration(qtbot, name):
    w = make_window(qtbot)
    menu = w.findChild(QMenu, "lessonsMenu")
    assert menu in [a.menu() for a in w.actions_.help_menu.actions()]
    lesson, = [a for a in menu.actions() if a.objectName() == f"lesson_{name}"]
    lesson.trigger()
    assert w.session.settings.data.name == f"preset {name}"
    caption = w.findChild(QLabel, "phaseCaption")
    QApplication.processEvents()
    assert caption.isVisible() and caption.text().startswith("Ready")
    L = len(w.session.info.sizes) - 1
    seen = []
    while True:
        qtbot.keyClick(w, Qt.Key.Key_Space)
        snap = w.session.snapshot
        text = caption.text()
        if snap.phase == "forward":
            assert w.selection == ("node", 0, 0)
            assert text.endswith(f"= {num(snap.z[0][0, 0], 3)}")  # the engine's z, worked
        elif snap.phase == "output_delta":
            assert w.selection == ("node", L - 1, 0)
            assert text.endswith(f"= {num(snap.delta[L - 1][0, 0], 3)}")
        elif snap.phase == "hidden_delta":
            assert w.selection == ("node", snap.layer, 0)
            assert text.endswith(f"= {num(snap.delta[snap.layer][0, 0], 3)}")
        else:
            assert w.selection == ("edge", L - 1, 0, 0)
            assert text.endswith(f"= {num(snap.weights[L - 1][0, 0], 3)}")
            break
        seen.append(snap.phase)
    assert seen[:2] == ["forward", "output_delta"] and len(seen) == L + 1
    assert f"Weight from unit 1 of layer {L - 1} to unit 1 of layer {L}" in \
        w.docks.inspector.plain_text()  # the Inspector shows what the caption points at
    w.classroom.lessons.end_action.trigger()
    QApplication.processEvents()
    assert not caption.isVisible()


def test_opening_something_else_ends_the_lesson(qtbot):
    w = make_window(qtbot)
    w.classroom.lessons.actions["xor"].trigger()
    assert w.classroom.lessons.active == "xor"
    # another preset, through the Presets menu
    w.findChild(QMenu, "presetsMenu").actions()[0].trigger()
    assert w.classroom.lessons.active is None
    QApplication.processEvents()
    assert not w.findChild(QLabel, "phaseCaption").isVisible()
