"""Autosave and the offer to restore after a crash.

While the window runs, ``running.json`` in the application-data folder (preferences.py) names
its process; a clean close removes it. Every ``interval`` seconds the session is written to
``autosave.json`` there, if a frame was published since the last write, and once more on
close. At the next start, a marker whose process is gone means that run did not close
cleanly: ``crashed_before`` says so, and the window offers to open the autosave.
A folder that cannot be written (read-only, full) does not stop the window: ``failed``
carries one message when autosave stops working, and another only after it worked again.
"""
from __future__ import annotations

import json
import os

from PySide6.QtCore import QObject, QTimer, Signal

from .exports import write_text

MARKER, AUTOSAVE = "running.json", "autosave.json"


def _alive(pid) -> bool:
    if type(pid) is not int or pid <= 0:
        return False
    if pid == os.getpid():
        return False  # our own marker, left by an earlier window in this process
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True   # someone else's process
    except (OSError, ValueError, OverflowError):
        return False
    return True


def crashed_before(folder: str) -> bool:
    """A marker left by a process that is gone, and an autosave to restore."""
    try:
        with open(os.path.join(folder, MARKER), encoding="utf-8") as f:
            pid = json.load(f).get("pid")
    except (OSError, ValueError, AttributeError):
        return False
    return not _alive(pid) and os.path.exists(os.path.join(folder, AUTOSAVE))


class Autosaver(QObject):
    """Writes the session with ``save(path)`` every ``interval`` seconds while it changes."""
    failed = Signal(str)  # why autosave is not working, once per failure after a success

    def __init__(self, session, save, folder: str, interval: float, parent=None):
        super().__init__(parent)
        self.save, self.folder = save, folder
        self.path = os.path.join(folder, AUTOSAVE)
        self.changed, self.error = False, None
        self.timer = QTimer(self, interval=int(interval * 1000))
        self.timer.timeout.connect(self.tick)
        session.frameReady.connect(self._changed)

    def _changed(self, *_):
        self.changed = True

    def start(self) -> bool:
        """Write the marker and start; False (and ``failed``) if the folder is not writable."""
        try:
            write_text(os.path.join(self.folder, MARKER), json.dumps({"pid": os.getpid()}))
        except OSError as e:
            self._fail(f"Autosave is off: {e}")
            return False
        self.timer.start()
        return True

    def _fail(self, text: str):
        if self.error is None:
            self.failed.emit(text)
        self.error = text

    def tick(self) -> bool:
        """Save if something changed; a failure is kept in ``error`` and retried next time."""
        if not self.changed:
            return False
        try:
            self.save(self.path)
        except (OSError, ValueError) as e:
            self._fail(f"Autosave failed (tried again later): {e}")
            return False
        self.changed, self.error = False, None
        return True

    def stop(self):
        """On a clean close: the last save, then the marker goes."""
        self.timer.stop()
        self.tick()
        try:
            os.unlink(os.path.join(self.folder, MARKER))
        except OSError:
            pass
