"""Two bugs seen when opening a preset: a planted gradient-check bug stayed on silently, and
the inspector cited seed 000 whatever preset was open."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QComboBox, QPushButton

from window_helpers import make_window, open_preset


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def test_opening_a_preset_switches_a_planted_bug_off_and_says_so(window):
    combo = window.findChild(QComboBox, "bugCombo")
    combo.setCurrentIndex(1)  # plant the first bug: the check runs and fails
    planted = combo.currentText()
    assert window.docks.result.verdict == "fail"
    open_preset(window, "xor")
    assert window.docks.check_view.bug is None and combo.currentIndex() == 0
    assert window.docks.result.bug is None and window.docks.result.verdict != "fail"
    message = window.statusBar().currentMessage()
    assert "bug" in message and planted in message


def test_without_a_planted_bug_opening_a_preset_says_nothing_of_bugs(window):
    open_preset(window, "xor")
    assert "bug" not in window.statusBar().currentMessage()


def bce_note(window) -> str:
    """The inspector's note under the output delta (sigmoid + BCE: a - t)."""
    for _ in range(2):  # forward, output delta
        window.findChild(QPushButton, "stepButton").click()
    L = len(window.session.snapshot.weights)
    window.network_view.select(("node", L - 1, 0))
    return window.docks.inspector.plain_text()


@pytest.mark.parametrize("name, seed", [("xor", "003"), ("sigmoid-bce", "000"), ("relu-bce", "001")])
def test_the_inspector_cites_the_seed_of_the_preset_open(window, name, seed):
    open_preset(window, name)
    text = bce_note(window)
    assert "cancels" in text and f"seed {seed}" in text
    assert all(f"seed {other}" not in text for other in ("000", "001", "003") if other != seed)


def test_without_a_preset_the_inspector_cites_the_default_derivation(window):
    open_preset(window, "xor")
    window.session.apply_settings(type(window.session.settings)())  # back to the built-in XOR
    text = bce_note(window)
    assert "seed 000, section 3" in text and "seed 003" not in text
