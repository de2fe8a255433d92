"""Predict, then reveal: the questions of the next phase, the answers marked after it runs, and
the score of the iteration. No Qt here.

``Quiz`` follows one exercise set through the iterations: ``asking(snap)`` lists the questions
of the phase the snapshot will run next; ``check(answers, snap)`` marks the answers typed
before that phase against the snapshot taken after it (diagnosis.py). The score counts the
marks of the current iteration; a new iteration (its Forward phase) starts it again.
"""
from __future__ import annotations

from .diagnosis import Mark, mark
from .exercises import ExerciseSet, Question, asked_before, describe, fits
from .expressions import AnswerError, value
from .frame import FORWARD


class Quiz:
    def __init__(self, exercises: ExerciseSet | None = None):
        self.exercises = exercises
        self.marks: list[Mark] = []

    def asking(self, snap, info) -> list[Question]:
        """The questions to answer before the snapshot's next phase runs."""
        if self.exercises is None:
            return []
        qs = asked_before(self.exercises, snap.next_phase, snap.next_layer, len(info.sizes) - 1)
        return [q for q in qs if fits(q, info.sizes, info.bias, len(snap.x))]

    @staticmethod
    def read(answers: dict) -> dict:
        """Typed texts as numbers: ``{question: float}``; an AnswerError (ValueError) names the
        first that cannot be read."""
        values = {}
        for q, text in answers.items():
            try:
                values[q] = value(text)
            except AnswerError as e:
                raise AnswerError(f"{describe(q)}: {e}") from None
        return values

    def check(self, values: dict, snap, info) -> list[Mark]:
        """Mark ``values`` (``{question: float}``) against ``snap``, taken after their phase."""
        if snap.phase == FORWARD:
            self.marks = []  # a new iteration
        ex = self.exercises
        new = [mark(q, v, snap, info, ex.tolerance, ex.digits) for q, v in values.items()]
        self.marks += new
        return new

    @property
    def score(self) -> tuple[int, int]:
        """(right, asked) in the current iteration."""
        return sum(m.right for m in self.marks), len(self.marks)
