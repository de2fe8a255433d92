"""A teacher writes an exercise set in the window: the questions of a selected unit, weight or
bias are added or taken away, a hint is set, the tolerance and digits changed. No Qt here;
each edit returns a new ExerciseSet (they are frozen), which the window hands to the run.

A selection is the graph's: ``("node", l, j)`` asks for the unit's z, a and δ on ``sample``,
``("edge", l, j, i)`` for the weight's ∂L/∂W and new value, ``("bias", l, j)`` for the bias's.
"""
from __future__ import annotations

from dataclasses import replace

from .exercises import MAX_QUESTIONS, ExerciseSet, Question


def questions_of(selection, sample: int) -> tuple:
    """The questions a selection asks (none for an input or nothing)."""
    if not selection or selection[0] not in ("node", "edge", "bias"):
        return ()
    kind, l, j = selection[:3]
    if kind == "node":
        return tuple(Question(k, l, j, sample=sample) for k in ("z", "a", "delta"))
    if kind == "edge":
        return tuple(Question(k, l, j, selection[3]) for k in ("grad_w", "new_w"))
    return tuple(Question(k, l, j) for k in ("grad_b", "new_b"))


def _same(q: Question, r: Question) -> bool:
    """The same value asked (the hint aside)."""
    return replace(q, hint="") == replace(r, hint="")


def ask(s: ExerciseSet | None, selection, sample: int) -> ExerciseSet:
    """``s`` (or a new set) with the selection's questions added, those already there kept."""
    s = s or ExerciseSet(title="My exercise")
    new = [q for q in questions_of(selection, sample)
           if not any(_same(q, r) for r in s.questions)]
    return replace(s, questions=(s.questions + tuple(new))[:MAX_QUESTIONS])


def drop(s: ExerciseSet, selection, sample: int) -> ExerciseSet:
    gone = questions_of(selection, sample)
    return replace(s, questions=tuple(q for q in s.questions
                                      if not any(_same(q, g) for g in gone)))


def hint(s: ExerciseSet, selection, sample: int, text: str) -> ExerciseSet:
    """The selection's questions with the hint ``text``."""
    mine = questions_of(selection, sample)
    return replace(s, questions=tuple(replace(q, hint=text[:500])
                                      if any(_same(q, m) for m in mine) else q
                                      for q in s.questions))


def rule(s: ExerciseSet, tolerance: float, digits: int) -> ExerciseSet:
    if not (tolerance > 0 and 0 <= digits <= 12):
        raise ValueError("the tolerance is above 0 and the digits from 0 to 12")
    return replace(s, tolerance=float(tolerance), digits=int(digits))
