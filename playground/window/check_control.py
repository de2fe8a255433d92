"""The gradient check in the window: when it runs, what it shows, and how it is stopped.

``CheckControl(docks)`` drives the check view and the status-bar label for the docks
(docks.py). A check of at most ``AUTO_LIMIT`` samples x parameters runs at once
(``Session.gradient_check``) and follows each new state while it is shown and the session is
not playing; a bigger one runs in the session's ticks (``Session.start_check``), with a
progress bar and percentage in the view and the status bar, and stops on Cancel or Esc
(``Session.cancel_check``), leaving the session and the result shown as they were. Esc also
pauses training that plays or a Finish under way: the one key for "stop the long work". The check shown is of a
state; when the state moves on it is marked out of date (Ctrl+G checks again).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel

from ..session.checks import KINK, PASS
from ..views.gradcheck_view import worst

VERDICT_TEXT = {"pass": "passes", "kink": "a ReLU kink within the step, not a bug",
                "fail": "FAILS"}
AUTO_LIMIT = 50_000  # samples x parameters up to which a check runs at once and follows each state


def state_key(snap):
    """What a gradient check depends on: the parameters and the batch, bit for bit."""
    return snap.state.params.tobytes(), snap.x.tobytes(), snap.t.tobytes()


def small(snap) -> bool:
    return len(snap.x) * snap.state.params.size <= AUTO_LIMIT


class CheckControl(QObject):
    def __init__(self, docks):
        super().__init__(docks)
        self.docks, self.window, self.session = docks, docks.window, docks.session
        self.view, self.result, self.key = docks.check_view, None, None
        self.before = ""  # the status line before a check in slices began, for a Cancel
        self.status = QLabel(objectName="gradcheckStatus")
        self.window.statusBar().addPermanentWidget(self.status)
        self.status.hide()
        self.stop_key = QShortcut(QKeySequence("Esc"), self.window, objectName="stopLongWork")
        self.stop_key.activated.connect(self.stop)
        self.stop_key.activatedAmbiguously.connect(self.stop)  # beside presenter mode's Esc
        self.stop_key.setEnabled(False)
        self.view.bugChanged.connect(lambda _: self.run())
        self.view.checkRequested.connect(self.run)
        self.view.cancelRequested.connect(self.session.cancel_check)
        self.session.checkChanged.connect(self._progress)
        self.session.playingChanged.connect(lambda _: self._follow_stop_key())
        self.session.message.connect(lambda _: self._follow_stop_key())  # Finish's progress

    def run(self):
        """Check the current state: at once if it is small, else in slices."""
        self.session.pause()
        snap = self.session.snapshot
        if small(snap):
            self.show(self.session.gradient_check(self.view.bug), snap)
        else:
            self.session.start_check(self.view.bug)

    def stop(self):
        """Esc: cancel the check under way, else pause the training that plays."""
        if self.session.check_job is not None:
            self.session.cancel_check()
        elif self.session.playing or self.session.finishing:
            self.session.pause()

    def _follow_stop_key(self):
        s = self.session
        self.stop_key.setEnabled(s.check_job is not None or s.playing or s.finishing)

    def _progress(self, progress):
        self._follow_stop_key()
        if progress is None:  # cancelled: what was shown stays
            self.view.end_progress()
            self.status.setText(self.before)
            self.status.setVisible(bool(self.before))
            self.window.statusBar().showMessage("Gradient check cancelled", 5000)
        elif progress.result is None:
            if progress.done == 0:
                self.before = self.status.text() if self.status.isVisible() else ""
            self.view.show_progress(progress.done, progress.total)
            self.status.setText(f"Gradient check: {progress.percent}% of {progress.total} "
                                f"parameters (Esc cancels)")
            self.status.show()
        else:
            self.view.end_progress()
            if progress.snapshot.state.params.size == self.session.snapshot.state.params.size:
                self.show(progress.result, progress.snapshot)

    def show(self, result, snap):
        """Show ``result``, the check of ``snap``; out of date at once if the state moved on."""
        self.result, self.key = result, state_key(snap)
        self.view.show_result(result)
        error, _ = worst(result.errors)
        self.status.setText(f"Gradient check: largest relative error {error:.1e} "
                            f"({VERDICT_TEXT[result.verdict]})")
        self.status.show()
        self.show_levels()
        if self.key != state_key(self.session.snapshot):
            self.follow(self.session.snapshot)

    def follow(self, snap):
        """A new state: a small check follows it, a bigger one is marked out of date."""
        if self.result is None or state_key(snap) == self.key or self.session.check_job:
            return
        if not self.session.playing and small(snap):
            self.show(self.session.gradient_check(self.view.bug), snap)
            return
        self.key = None  # out of date until checked again
        self.view.mark_outdated()
        self.status.setText("Gradient check: out of date (Ctrl+G to check again)")
        self.show_levels()

    def show_levels(self, *_):
        """The graph's edges by the engine's verdict (0 pass, 1 kink, 2 fail) or by weight."""
        levels = None
        if self.docks.actions.check_edges.isChecked() and self.result is not None and self.key:
            n_weight_arrays = len(self.session.snapshot.weights)
            verdicts = np.concatenate([v.ravel() for v in self.result.verdicts[:n_weight_arrays]])
            levels = np.select([verdicts == PASS, verdicts == KINK], [0, 1], 2)
        self.window.network_view.show_check(levels)
