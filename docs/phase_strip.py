"""The README's strip of one iteration: the default XOR network's graph after each phase.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/phase_strip.py

Opens the default session (XOR, 2-3-1 sigmoid, seed 0) in a 1400 x 800 window, shows the
batch's second sample (x = (0, 1)), and saves the graph with its legend after Forward, Output
delta, Hidden delta and Update as docs/phase_1_forward.png ... docs/phase_4_update.png (the
animation is off, so each picture is the phase's end). Not part of the test run.
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from playground.session.face import Session  # noqa: E402
from playground.window.main_window import MainWindow  # noqa: E402

NAMES = ("forward", "output_delta", "hidden_delta", "update")


def main(out=DOCS):
    app = QApplication.instance() or QApplication([])
    window = MainWindow(Session())
    window.resize(1400, 800)
    window.show()
    window.session.set_view(animation_ms=0, sample=1)
    app.processEvents()
    view = window.network_view
    for k, name in enumerate(NAMES, 1):
        window.session.step()
        app.processEvents()
        assert view.drawn()["phase"] == name, view.drawn()["phase"]
        path = out / f"phase_{k}_{name}.png"
        view.grab().save(str(path))
        print(path)
    window.close()


if __name__ == "__main__":
    main()
