"""Run one view on its own, as the views' ``python -m playground.views.NAME`` previews do.

``xor_snapshot(phases)`` steps the XOR preset (seed 003) through that many phases (a Run, no
window);
``run(view)`` shows the view, or saves a picture instead when a ``.png`` name is on the
command line.
"""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def app() -> QApplication:
    return QApplication.instance() or QApplication(sys.argv)


def xor_snapshot(phases: int):
    """``(preset, snapshot)``: the XOR preset after ``phases`` phases of its first iteration."""
    from playground.session.run import Run

    session = Run()
    p = session.open_preset("xor")
    for _ in range(phases):
        session.step()
    return p, session.snapshot


def run(view) -> None:
    files = [a for a in sys.argv[1:] if a.endswith(".png")]
    if files:
        view.grab().save(files[0])
        return
    view.show()
    app().exec()
