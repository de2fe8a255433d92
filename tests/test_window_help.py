"""The Help menu: a keyboard reference read from the window's own actions (so every shortcut
in it works, and every shortcut is in it) and the first-five-minutes tour."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QTextBrowser

from window_helpers import make_window


def test_the_keyboard_reference_lists_every_shortcut(qtbot):
    w = make_window(qtbot)
    help_menu = w.findChild(QMenu, "helpMenu")
    texts = [a.text() for a in help_menu.actions()]
    assert texts[:2] == ["&Keyboard reference", "The &first five minutes"] and "&About" in texts
    qtbot.keyClick(w, Qt.Key.Key_F1)
    page = w.findChild(QDialog, "keyboardReference")
    assert page is not None and page.isVisible()
    text = page.findChild(QTextBrowser).toPlainText()
    shortcuts = [a for a in w.actions() if a.shortcuts()]
    assert len(shortcuts) >= 10
    for a in shortcuts:
        keys = a.shortcuts()[0].toString(QKeySequence.SequenceFormat.NativeText)
        assert keys in text and a.text().replace("&", "").rstrip("…") in text
    for key in ("Space", "F5", "Esc", "Ctrl+Z"):
        assert key in text


def test_the_tour_takes_five_steps(qtbot):
    w = make_window(qtbot)
    w.classroom.tour.trigger()
    page = w.findChild(QDialog, "tourPage")
    text = page.findChild(QTextBrowser).toPlainText()
    assert page.isVisible() and "first five minutes" in text
    for word in ("Step", "Inspector", "Presets", "Exercise", "Play"):
        assert word in text
