"""Window set-up shared by several test modules (helpers.py stays free of Qt)."""
from playground.main_window import MainWindow
from playground.session import Session


def make_window(qtbot, settings=None):
    """A shown, active window: window shortcuts need the active window."""
    w = MainWindow(Session(settings))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w
