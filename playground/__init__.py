"""Backprop Playground's window (PySide6 + pyqtgraph), drawn from the engine's snapshots.

``playground.MainWindow()`` builds the whole window on its default: XOR and a small sigmoid
network, ready to step. It needs a QApplication.
"""


def __getattr__(name):
    # Imported on first use, so that `python -m playground --screenshot` can choose the
    # Qt platform before anything of Qt is loaded.
    if name == "MainWindow":
        from .window.main_window import MainWindow
        return MainWindow
    raise AttributeError(f"module 'playground' has no attribute {name!r}")


__all__ = ["MainWindow"]
