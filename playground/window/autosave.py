"""Autosave and the offer to restore after a crash.

Each window takes a slot in the application-data folder (preferences.py): a marker,
``running.json`` (``running-N.json`` when other windows run), that names its process, and
its own autosave, ``autosave.json`` (``autosave-N.json``); a clean close removes the marker.
Two windows at once never share a slot, so neither loses the other's crash restore. Every
``interval`` seconds the session is written to the slot's autosave, if a frame was published
since the last write, and once more on close. At the next start, a marker whose process is
gone means that run did not close cleanly: ``claim`` takes that slot and says so, and the
window offers to open its autosave.
A folder that cannot be written (read-only, full) does not stop the window: ``failed``
carries one message when autosave stops working, and another only after it worked again.
"""
from __future__ import annotations

import json
import os

from PySide6.QtCore import QIODevice, QObject, QSaveFile, QTimer, Signal


MARKER, AUTOSAVE = "running.json", "autosave.json"
MAX_SLOTS = 32  # windows at once; beyond, autosave is off in the newest


def write_text(path, text: str):
    """Replace ``path`` with ``text`` (UTF-8): readers see the old file or the new one."""
    f = QSaveFile(os.fspath(path))
    if not f.open(QIODevice.OpenModeFlag.WriteOnly):
        raise OSError(f"{path}: {f.errorString()}")
    f.write(text.encode("utf-8"))
    if not f.commit():
        raise OSError(f"{path}: {f.errorString()}")


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


def slot(folder: str, n: int) -> tuple:
    """``(marker, autosave)`` paths of slot ``n``."""
    if n == 0:
        return os.path.join(folder, MARKER), os.path.join(folder, AUTOSAVE)
    return os.path.join(folder, f"running-{n}.json"), os.path.join(folder, f"autosave-{n}.json")


def _owner(marker: str):
    """The pid a marker names; None if there is no marker, "?" if it cannot be read."""
    try:
        with open(marker, encoding="utf-8") as f:
            return json.load(f).get("pid")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError, RecursionError):
        return "?"


def claim(folder: str):
    """``(marker, autosave, crashed)`` of the slot a new window takes: first one whose run
    did not close cleanly and left an autosave (``crashed``), else the first free one (no
    marker, or one whose process is gone); None if every slot is another live window's."""
    owners = [_owner(slot(folder, n)[0]) for n in range(MAX_SLOTS)]
    for n, pid in enumerate(owners):
        if pid is not None and not _alive(pid) and os.path.exists(slot(folder, n)[1]):
            return (*slot(folder, n), True)
    for n, pid in enumerate(owners):
        if pid is None or not _alive(pid):
            return (*slot(folder, n), False)
    return None


def crashed_before(folder: str) -> bool:
    """A marker left by a process that is gone, and an autosave to restore."""
    found = claim(folder)
    return found is not None and found[2]


class Autosaver(QObject):
    """Writes the session with ``save(path)`` every ``interval`` seconds while it changes."""
    failed = Signal(str)  # why autosave is not working, once per failure after a success

    def __init__(self, session, save, folder: str, interval: float, parent=None,
                 marker: str | None = None, path: str | None = None):
        super().__init__(parent)
        self.save, self.folder = save, folder
        self.marker = marker or os.path.join(folder, MARKER)
        self.path = path or os.path.join(folder, AUTOSAVE)
        self.changed, self.error = False, None
        self.timer = QTimer(self, interval=int(interval * 1000))
        self.timer.timeout.connect(self.tick)
        session.frameReady.connect(self._changed)

    def _changed(self, *_):
        self.changed = True

    def start(self) -> bool:
        """Write the marker and start; False (and ``failed``) if the folder is not writable."""
        try:
            write_text(self.marker, json.dumps({"pid": os.getpid()}))
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
            os.unlink(self.marker)
        except OSError:
            pass
