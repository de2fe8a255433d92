"""The exercise panel: the blanks of the next phase, then each answer marked.

It gathers typed answers and emits ``checkRequested({question: text})``; the window marks
them (session/quiz.py) and hands back the marks with ``show_marks``. ``ask`` lays out one
blank per question (its symbol, the hint as placeholder and tooltip). Nothing is computed
here: the expected values, the worked computations and the diagnoses come with the marks.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFormLayout, QLabel, QLineEdit, QPushButton, QTextBrowser,
                               QVBoxLayout, QWidget)

from ..session.exercises import describe, num

NO_SET = ("No exercise set. Open a preset (Ctrl+1 … Ctrl+4): each comes with one, or open a "
          "session file that holds one.")


class ExercisePanel(QWidget):
    checkRequested = Signal(object)   # {Question: typed text}

    def __init__(self, parent=None):
        super().__init__(parent, objectName="exercisePanel")
        self.title = QLabel(NO_SET, objectName="exerciseTitle", wordWrap=True)
        self.score = QLabel("", objectName="exerciseScore")
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.check = QPushButton("Check and run the phase", objectName="checkAnswersButton")
        self.check.setToolTip("Mark your answers, then run the phase that computes them "
                              "(Return in a blank does the same)")
        self.problem = QLabel("", objectName="answerProblem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020")
        self.results = QTextBrowser(objectName="exerciseResults")
        box = QVBoxLayout(self)
        for w in (self.title, self.score, self.form_box, self.check, self.problem):
            box.addWidget(w)
        box.addWidget(self.results, 1)
        self.edits: dict = {}
        self.history: list[str] = []  # the marks' HTML, the latest first
        self.check.clicked.connect(self._check)

    def set_title(self, text: str | None):
        self.title.setText(f"<b>{html.escape(text)}</b>" if text else NO_SET)

    def ask(self, questions, phase_title: str):
        """One blank per question of the next phase (none: Step on)."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits = {}
        for k, q in enumerate(questions):
            edit = QLineEdit(objectName=f"answer{k}")
            edit.setPlaceholderText(q.hint or "a number, 1/3, 0.5*(1-0.5) …")
            edit.setToolTip(q.hint or "Fractions and expressions work: 1/3, 0.5*(1-0.5), 2^-3")
            edit.returnPressed.connect(self._check)
            self.form.addRow(f"{describe(q)} =", edit)
            self.edits[q] = edit
        self.check.setEnabled(bool(questions))
        self.check.setText(f"Check and run {phase_title}" if questions else "Nothing to predict")
        self.problem.setText("" if questions or not self.title.text() else
                             f"No question before {phase_title}: Step on.")

    def _check(self):
        if self.edits:
            self.checkRequested.emit({q: e.text() for q, e in self.edits.items() if e.text().strip()})

    def show_problem(self, text: str):
        self.problem.setText(text)

    def show_marks(self, marks, score, digits: int):
        """The marks of the phase just run (right, or wrong with the worked computation and
        where the answer departs), above those shown before in this iteration."""
        rows = []
        for m in marks:
            sign = "✔" if m.right else "✘"
            colour = "#1b7837" if m.right else "#b00020"
            head = (f"<b style='color:{colour}'>{sign} {html.escape(describe(m.question))}</b>: "
                    f"you gave {num(m.given, digits)}, the engine computed "
                    f"{num(m.expected, digits)}")
            detail = "" if m.right else f"<br>{html.escape(m.departure)}"
            rows.append(f"<p>{head}{detail}<br><tt>{html.escape(m.worked)}</tt></p>")
        self.history = rows + self.history  # the latest phase first
        self.results.setHtml("".join(self.history))
        right, asked = score
        self.score.setText(f"Score this iteration: {right} / {asked}")

    def new_iteration(self):
        self.history = []
        self.results.clear()
        self.score.setText("")
