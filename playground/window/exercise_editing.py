"""The teacher's side of the Exercise dock: Classroom menu actions that write the exercise set
(session/exercise_edits.py) from the graph's selection and the sample shown, and hand the new
set to the session (``Session.set_exercises``), which saves it with the session file."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from .actions import action, fill
from ..session import exercise_edits as edits
from ..session.exercises import ExerciseSet


class ExerciseEditing:
    def __init__(self, window, menu):
        self.window, self.session = window, window.session
        w = window
        self.ask = action(w, "As&k about the selection", self._ask, [],
                          "Add the selected unit's z, a and δ (this sample), or the selected "
                          "weight's or bias's gradient and new value, to the exercise")
        self.drop = action(w, "&Remove the selection's questions", self._drop)
        self.hint = action(w, "&Hint for the selection…", self._hint)
        self.rule = action(w, "&Tolerance and digits…", self._rule)
        self.new = action(w, "&New exercise set…", self._new)
        fill(menu, [None, self.ask, self.drop, self.hint, self.rule, self.new])

    def _selected(self):
        if not edits.questions_of(self.window.selection, 0):
            self.window.statusBar().showMessage("Select a unit, a weight or a bias first", 15000)
            return None
        return self.window.selection

    def _ask(self):
        sel = self._selected()
        if sel is not None:
            self.session.set_exercises(edits.ask(self.session.exercises, sel, self.window.sample))

    def _drop(self):
        sel = self._selected()
        if sel is not None and self.session.exercises is not None:
            self.session.set_exercises(edits.drop(self.session.exercises, sel, self.window.sample))

    def _hint(self):
        sel, s = self._selected(), self.session.exercises
        if sel is None or s is None:
            return
        text, ok = QInputDialog.getText(self.window, "Hint", "A hint shown beside the blanks:")
        if ok:
            self.session.set_exercises(edits.hint(s, sel, self.window.sample, text))

    def _rule(self):
        s = self.session.exercises or ExerciseSet(title="My exercise")
        tol, ok = QInputDialog.getDouble(self.window, "Tolerance", "An answer is right within ±",
                                         s.tolerance, 1e-9, 1e6, 6)
        if not ok:
            return
        digits, ok = QInputDialog.getInt(self.window, "Digits", "Decimals of the answer key:",
                                         s.digits, 0, 12)
        if ok:
            self.session.set_exercises(edits.rule(s, tol, digits))

    def _new(self):
        title, ok = QInputDialog.getText(self.window, "New exercise set", "Title:",
                                         text="My exercise")
        if ok:
            self.session.set_exercises(ExerciseSet(title=title.strip()[:500] or "My exercise"))
