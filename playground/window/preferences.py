"""What the window remembers between runs: recent files, geometry, a few choices (QSettings).

The store is the platform's usual place for the organisation and application names set in
app.py. ``BACKPROP_PLAYGROUND_SETTINGS`` (an INI file path) and ``BACKPROP_PLAYGROUND_DATA``
(a folder) move them elsewhere: tests point both at temporary places, so that they never read
or write the real home. Values read back are checked; anything odd gives the default.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

ORGANIZATION = "Backprop Playground"
APPLICATION = "backprop-playground"
SETTINGS_ENV, DATA_ENV = "BACKPROP_PLAYGROUND_SETTINGS", "BACKPROP_PLAYGROUND_DATA"
MAX_RECENT = 8
AUTOSAVE_SECONDS = 60


def store() -> QSettings:
    path = os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, ORGANIZATION,
                     APPLICATION)


def data_folder() -> str:
    """The application-data folder (created if need be): autosave and the crash marker."""
    folder = os.environ.get(DATA_ENV) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    if not folder:  # no application name, as in a bare QApplication
        folder = os.path.join(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.GenericDataLocation), APPLICATION)
    os.makedirs(folder, exist_ok=True)
    return folder


def _strings(value) -> list:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []


def recent_files() -> list:
    return _strings(store().value("recentFiles", []))[:MAX_RECENT]


def add_recent(path: str) -> list:
    """Put ``path`` first in the recent files; returns the new list."""
    path = os.path.abspath(path)
    files = [path] + [p for p in recent_files() if p != path]
    store().setValue("recentFiles", files[:MAX_RECENT])
    return files[:MAX_RECENT]


def remove_recent(path: str) -> list:
    files = [p for p in recent_files() if p != path]
    store().setValue("recentFiles", files)
    return files


def save_geometry(window):
    s = store()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())


def restore_geometry(window) -> bool:
    s = store()
    geometry, state = s.value("window/geometry"), s.value("window/state")
    if not isinstance(geometry, QByteArray):
        return False
    window.restoreGeometry(geometry)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    return True


def number(key: str, default, lo, hi):
    """A number kept under ``key``, within [lo, hi], else ``default``."""
    try:
        value = type(default)(store().value(key, default))
    except (TypeError, ValueError):
        return default
    return value if lo <= value <= hi else default


def set_value(key: str, value):
    store().setValue(key, value)


AUTOSAVE_RANGE = (5, 3600)


def autosave_seconds() -> int:
    return number("autosave/seconds", AUTOSAVE_SECONDS, *AUTOSAVE_RANGE)


def set_autosave_seconds(seconds: int):
    set_value("autosave/seconds", int(seconds))
