"""The Help menu's own pages: a keyboard reference and a "first five minutes" tour.

The keyboard reference is read from the window's actions (every action with a shortcut, its
menu's name, its keys), so it stays true when a shortcut changes; the keys that are not menu
actions (Esc, Return in a blank) are listed after them. Each page is a small non-modal window
with rich text, large enough to read on a projector at the window's zoom.
"""
from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout

from .actions import action

OTHER_KEYS = (("Esc", "Stop a long gradient check, or pause training; leave presenter mode"),
              ("Return (in an answer)", "Check the answers and run the phase"),
              ("Double click on an edge or a unit", "Set that weight or bias (1/3 works)"),
              ("Click on an input of the graph", "Switch that feature input on or off"),
              ("Mouse over a unit of the graph", "Its map large in the decision plot"))

TOUR = (
    ("Step through one iteration", "Press <b>Step</b> (Space): the forward pass fills in every "
     "unit's z and a. Step again for the output δ, each hidden δ, then the update."),
    ("Read a number", "Click a unit, an edge or a bias: the <b>Inspector</b> shows its formula "
     "in the seeds' notation with the numbers plugged in."),
    ("Open a worked example", "Presets &gt; 1 … 4 (Ctrl+1 … Ctrl+4) load the seeds' derivations "
     "with their exact weights, data and an exercise set."),
    ("Predict, then reveal", "In the <b>Exercise</b> tab, type what the next phase will compute "
     "(0.5*(1-0.5) works), then Check: each answer is marked, a wrong one with the step where it "
     "departs."),
    ("Train and watch", "Press <b>Play</b> (P): the loss falls and the decision boundary bends. "
     "Ctrl+Z steps back, F5 presents to a class."),
)


def shortcut_rows(window) -> list[tuple[str, str]]:
    """``(keys, what it does)`` for every action of the window that has a shortcut."""
    rows = []
    for a in window.actions():
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts()]
        if keys:
            rows.append((", ".join(keys), a.text().replace("&", "").rstrip("…")))
    return rows + list(OTHER_KEYS)


def reference_html(window) -> str:
    cells = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(t)}</td></tr>"
                    for k, t in shortcut_rows(window))
    return f"<h2>Keyboard reference</h2><table cellpadding='3'>{cells}</table>"


def tour_html() -> str:
    steps = "".join(f"<li><b>{title}.</b> {text}</li>" for title, text in TOUR)
    return f"<h2>The first five minutes</h2><ol>{steps}</ol>"


class HelpPage(QDialog):
    def __init__(self, window, title: str, name: str, text: str):
        super().__init__(window, objectName=name)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(objectName=f"{name}Text")
        self.browser.setHtml(text)
        QVBoxLayout(self).addWidget(self.browser)
        metrics = self.fontMetrics()  # the window's zoomed type: room for about 30 lines
        self.resize(70 * metrics.averageCharWidth(), 32 * metrics.height())


def build_help(window):
    """The two pages' actions, at the top of the Help menu."""
    def show(name, title, text):
        page = HelpPage(window, title, name, text())
        page.show()
        return page
    keys = action(window, "&Keyboard reference", lambda: show(
        "keyboardReference", "Keyboard reference", lambda: reference_html(window)), ["F1"],
        "Every key of the window (F1)")
    tour = action(window, "The &first five minutes", lambda: show(
        "tourPage", "The first five minutes", tour_html), [], "A short tour: step, read, "
        "predict, train")
    menu = window.actions_.help_menu
    first = menu.actions()[0] if menu.actions() else None
    menu.insertActions(first, [keys, tour])
    menu.insertSeparator(first)
    return keys, tour
