"""The run's Qt face: intents in, signals out, and the timer that drives play.

``Session`` holds a ``Run`` (run.py) and nothing else of the session's state. Each intent
(``INTENTS``) is the run's method of that name; afterwards the face emits the run's events in
order: ``frameReady(Frame)``, ``settingsChanged(Settings)``, ``viewChanged(ViewSettings)``,
``playingChanged(bool)``, ``message(str)``, ``exercisesChanged(ExerciseSet or None)``,
``checkChanged(CheckProgress or None)``.
A slot that calls another intent while the events
are being emitted adds its own events to the same queue, so the order holds. While the run
plays, or has scores of a big data set to compute (``Run.busy``), a QTimer calls ``Run.tick``
(one time slice) and the events it leaves are emitted.
``QUERIES`` are the run's read-only attributes, for the window's status line and for tests.
"""
from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal

from .run import Run

INTENTS = ("step", "finish_iteration", "train", "play", "pause", "toggle_play", "reset",
           "randomize", "apply_settings", "open_network", "save_network", "use_data", "resume",
           "set_parameter", "set_view", "set_speed", "undo", "redo", "seek", "restore",
           "publish", "open_preset", "edit_points", "install", "gradient_check",
           "export_iteration", "save_session", "use_imported", "set_exercises", "use_suggestion",
           "set_features", "toggle_feature", "start_check", "cancel_check")
QUERIES = ("trainer", "stepper", "snapshot", "settings", "view", "playing", "history",
           "timeline", "train_set", "test_set", "info", "extent", "exercises", "suggestion",
           "suggestion_text", "thumbnails", "check_job", "finishing")


class Session(QObject):
    frameReady = Signal(object)        # Frame
    settingsChanged = Signal(object)   # Settings
    viewChanged = Signal(object)       # ViewSettings
    playingChanged = Signal(bool)
    message = Signal(str)
    exercisesChanged = Signal(object)  # exercises.ExerciseSet or None
    checkChanged = Signal(object)      # checks.CheckProgress, or None when cancelled

    def __init__(self, settings=None, network=None, parent=None):
        super().__init__(parent)
        self.run = Run(settings, network)
        self.run.take_events()  # nothing is shown yet: the window asks for its first frame
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._queue, self._emitting = deque(), False
        self._signals = {"frame": self.frameReady, "settings": self.settingsChanged,
                         "view": self.viewChanged, "playing": self.playingChanged,
                         "message": self.message, "exercises": self.exercisesChanged,
                         "check": self.checkChanged}

    def _do(self, intent, *args, **kwargs):
        try:
            return intent(*args, **kwargs)
        finally:
            self._done(after_intent=True)

    def _tick(self):
        try:
            self.run.tick()
        finally:
            self._done(after_intent=False)

    def _done(self, after_intent: bool):
        self._queue.extend(self.run.take_events())
        self._emit()
        self._follow_clock(after_intent)

    def _emit(self):
        if self._emitting:
            return  # the outer call goes on emitting, in order
        self._emitting = True
        try:
            while self._queue:
                kind, payload = self._queue.popleft()
                self._signals[kind].emit(payload)
        finally:
            self._emitting = False

    def _follow_clock(self, after_intent: bool):
        """The timer runs exactly while the run is busy: at the clock's pace while it plays,
        at once again while it computes scores at rest (each tick is a short slice). After an
        intent, work at rest starts its timer anew: what was already due (another timer, an
        animation's) comes before its next slice, not after (taking up 100,000 points, that
        slice had made the event loop's longest wait 6 ms longer)."""
        interval = self.run.clock.interval_ms if self.run.playing else 0
        if not self.run.busy:
            self.timer.stop()
        elif (not self.timer.isActive() or self.timer.interval() != interval
              or (after_intent and not self.run.playing)):
            self.timer.start(interval)


def _intent(name):
    def call(self, *args, **kwargs):
        return self._do(getattr(self.run, name), *args, **kwargs)
    call.__name__ = name
    call.__doc__ = getattr(Run, name).__doc__
    return call


for _name in INTENTS:
    setattr(Session, _name, _intent(_name))
for _name in QUERIES:
    setattr(Session, _name, property(lambda self, name=_name: getattr(self.run, name)))
