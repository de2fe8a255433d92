"""The File menu's sessions, recent files, CSV import and exports; autosave; point clicks.

``FileMenu(window)`` adds its actions to the window's File menu (before Quit). Slots are a
few lines: ask for a path (QFileDialog), call the session's face or exports, and
show a problem in a QMessageBox; nothing changes when a file is refused. Tests patch the
QFileDialog, QInputDialog and QMessageBox static functions. ``open_path`` opens a session
or a network file, told apart by its ``format``.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from ..session import session_file
from . import preferences
from .autosave import Autosaver, claim

JSON = "Session or network files (*.json);;All files (*)"
TITLE = "Backprop Playground"
EXPORTS = [  # (menu text, function of exports.py, file filter, default name, asks for a scale)
    ("Network graph as &SVG…", "graph_svg", "SVG pictures (*.svg)", "network.svg", False),
    ("Network graph as &PNG…", "graph_png", "PNG pictures (*.png)", "network.png", True),
    ("Loss plot as P&NG…", "loss_png", "PNG pictures (*.png)", "loss.png", True),
    ("Loss plot as S&VG…", "loss_svg", "SVG pictures (*.svg)", "loss.svg", False),
    ("Loss plot as &CSV…", "loss_csv", "CSV files (*.csv)", "loss.csv", False),
]
# The CSV import dialog and the exporters (with pyqtgraph's) are imported when first used:
# the first frame needs neither (tests/benchmarks/bench_launch.py).


def exported(name):
    """The function ``name`` of exports.py, as a function that imports it when called."""
    def export(window, path, *args):
        from . import exports
        return getattr(exports, name)(window, path, *args)
    return export
ITERATION = [("csv", "Iteration as C&SV…", "CSV files (*.csv)", "iteration.csv"),
             ("markdown", "Iteration as &Markdown…", "Markdown (*.md)", "iteration.md"),
             ("latex", "Iteration as &LaTeX…", "LaTeX (*.tex)", "iteration.tex")]


class FileMenu(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.autosaver = window, None
        menu = window.actions_.file_menu
        before = menu.actions()[-1] if menu.actions() else None  # Quit stays last
        self.save_action = self._action("Save &session…", self.save_session, "Ctrl+Shift+S",
                                        "Save everything: network, data, settings, progress")
        self.open_action = self._action("Open s&ession…", self.open_session, "Ctrl+Shift+O",
                                        "Open a saved session (or a network file)")
        self.recent_menu = QMenu("Open &recent", window, objectName="recentMenu")
        self.import_action = self._action("&Import CSV…", self.import_csv, None,
                                          "Train on your own points from a CSV file")
        self.autosave_action = self._action("&Autosave every…", self.ask_autosave_interval, None,
                                            "How often the session is written for crash recovery")
        self.export_menu = QMenu("&Export", window, objectName="exportMenu")
        for text, function, filters, name, scaled in EXPORTS:
            self.export_menu.addAction(text, lambda *_, f=exported(function), fl=filters, n=name,
                                       s=scaled: self.export(f, fl, n, s))
        self.export_menu.addSeparator()
        for fmt, text, filters, name in ITERATION:
            write = lambda window, path, fmt=fmt: window.session.export_iteration(path, fmt)
            self.export_menu.addAction(text, lambda *_, f=write, fl=filters, n=name:
                                       self.export(f, fl, n, False))
        menu.insertSeparator(before)
        for action in (self.open_action, self.save_action):
            menu.insertAction(before, action)
        menu.insertMenu(before, self.recent_menu)
        menu.insertSeparator(before)
        menu.insertAction(before, self.import_action)
        menu.insertMenu(before, self.export_menu)
        menu.insertSeparator(before)
        menu.insertAction(before, self.autosave_action)
        menu.insertSeparator(before)
        self.refresh_recent()
        window.boundary_view.pointClicked.connect(window.session.edit_points)
        window.session.frameReady.connect(self._changed)

    def _action(self, text, slot, shortcut, tip) -> QAction:
        a = QAction(text, self.window)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.setStatusTip(tip)
        a.triggered.connect(slot)
        self.window.addAction(a)
        return a

    def warn(self, title: str, text: str):
        QMessageBox.warning(self.window, title, text)

    def status(self, text: str):
        self.window.statusBar().showMessage(text, 15000)

    # sessions
    def save_session(self):
        path, _ = QFileDialog.getSaveFileName(self.window, "Save the session", "session.json", JSON)
        if path:
            self.save_to(path)

    def save_to(self, path) -> bool:
        try:
            self.window.session.save_session(path)
        except (OSError, ValueError) as e:
            self.warn("Cannot save the session", str(e))
            return False
        self._remember(path)
        self._document(path)
        self.status(f"Saved the session to {path}")
        return True

    def open_session(self):
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a session", "", JSON)
        if path:
            self.open_path(path)

    def open_path(self, path, remember=True) -> bool:
        """Open a session or a network file; a message and no change if it is refused."""
        try:
            contents = session_file.read(path)  # read once, within every limit
            network = not isinstance(contents, session_file.Loaded)
            if network:
                self.window.session.open_network(path, contents)
                opened = True
            else:
                opened = self.window.session.install(contents)
        except ValueError as e:  # SessionFileError, NetworkFileError: the file's problem
            self.warn("Cannot open the file", str(e))
            return False
        if opened:
            # A network file or the autosave is not a session file of the user's: no name.
            self._document(None if network or not remember else path)
        if opened and remember:
            self._remember(path)
            self.status(f"Opened {path}")
        return opened

    def _document(self, path):
        """The title names the session file in use (None: none), and [*] marks changes since."""
        w = self.window
        w.setWindowFilePath(os.fspath(path) if path else "")
        w.setWindowTitle(f"{os.path.basename(path)}[*] \u2014 {TITLE}" if path else TITLE)
        w.setWindowModified(False)

    def _changed(self, *_):
        if self.window.windowFilePath():
            self.window.setWindowModified(True)

    # recent files
    def _remember(self, path):
        preferences.add_recent(path)
        self.refresh_recent()

    def refresh_recent(self):
        self.recent_menu.clear()
        files = preferences.recent_files()
        for k, path in enumerate(files, 1):
            self.recent_menu.addAction(f"&{k} {os.path.basename(path)}",
                                       lambda *_, p=path: self._open_recent(p)).setToolTip(path)
        self.recent_menu.setEnabled(bool(files))

    def _open_recent(self, path):
        if not os.path.exists(path):
            preferences.remove_recent(path)
            self.refresh_recent()
            self.warn("Cannot open the file", f"{path}: no longer there")
            return
        self.open_path(path)

    # own data
    def import_csv(self):
        path, _ = QFileDialog.getOpenFileName(self.window, "Import CSV data", "",
                                              "CSV files (*.csv);;All files (*)")
        if not path:
            return
        from ..dialogs.csv_import import CsvImportDialog, read_table
        try:
            table = read_table(path)
        except ValueError as e:  # the file's problem, named with its line
            self.warn("Cannot import the data", str(e))
            return
        dialog = CsvImportDialog(table, self.window)
        if dialog.exec() and dialog.dataset is not None:
            self.use_dataset(dialog.dataset)

    def use_dataset(self, data) -> bool:
        return self.window.session.use_imported(data)

    # exports
    def export(self, function, filters, name, scaled) -> bool:
        folder = preferences.store().value("exportFolder", "")
        folder = folder if isinstance(folder, str) and os.path.isdir(folder) else ""
        path, _ = QFileDialog.getSaveFileName(self.window, "Export", os.path.join(folder, name),
                                              filters)
        if not path:
            return False
        args = ()
        if scaled:
            scale, ok = QInputDialog.getDouble(self.window, "Picture size",
                                               "Times the size on screen:", 2.0, 0.25, 8.0, 2)
            if not ok:
                return False
            args = (scale,)
        try:
            function(self.window, path, *args)
        except (OSError, ValueError) as e:
            self.warn("Cannot export", str(e))
            return False
        preferences.set_value("exportFolder", os.path.dirname(os.path.abspath(path)))
        self.status(f"Exported {path}")
        return True

    # autosave and crash recovery (started by app.main, not by every MainWindow)
    def start_autosave(self, ask=None):
        """Offer the autosave if the last run crashed (``ask(text) -> bool``), then autosave."""
        try:
            folder = preferences.data_folder()
        except OSError as e:  # e.g. a read-only home: the window works on without autosave
            self.status(f"Autosave is off: {e}")
            return
        # what saves killed half way left, here and beside the files saved
        session_file.remove_leftovers([folder, preferences.store().value("exportFolder", ""),
                                       *map(os.path.dirname, preferences.recent_files())])
        found = claim(folder)
        if found is None:
            self.status("Autosave is off: too many windows are open")
            return
        marker, path, crashed = found
        if crashed:
            text = "The last session did not close cleanly. Restore its autosave?"
            ask = ask or (lambda t: QMessageBox.question(self.window, "Restore", t)
                          == QMessageBox.StandardButton.Yes)
            if ask(text):
                self.open_path(path, remember=False)
        save = self.window.session.save_session
        self.autosaver = Autosaver(self.window.session, save, folder,
                                   preferences.autosave_seconds(), self, marker, path)
        self.autosaver.failed.connect(self.status)
        self.autosaver.start()
        self.window.installEventFilter(self)

    def ask_autosave_interval(self):
        low, high = preferences.AUTOSAVE_RANGE
        seconds, ok = QInputDialog.getInt(self.window, "Autosave", "Save the session every "
                                          "(seconds):", preferences.autosave_seconds(), low, high)
        if not ok:
            return
        preferences.set_autosave_seconds(seconds)
        if self.autosaver:
            self.autosaver.timer.setInterval(seconds * 1000)
        self.status(f"Autosave every {seconds} s")

    def eventFilter(self, watched, event):
        if watched is self.window and event.type() == QEvent.Type.Close and self.autosaver:
            self.autosaver.stop()
            preferences.save_geometry(self.window)
        return False
