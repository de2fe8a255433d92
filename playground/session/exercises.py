"""Exercise sets: the values a student predicts before a phase computes them. No Qt here.

A ``Question`` names one value of the iteration: a unit's ``z``, ``a`` or ``delta`` for one
sample, or a weight's (bias's) gradient ``grad_w`` (``grad_b``) or new value ``new_w``
(``new_b``). Indices are 0-based as in the engine: ``layer`` l is the seeds' layer l + 1,
``unit`` j, ``source`` i (the unit of layer l, or the input, a weight comes from), ``sample`` p
the row of the batch. Each question belongs to the phase that computes it (``phase_of``); its
expected value is read from the snapshot after that phase (``expected``): the engine's number,
never recomputed here. An ``ExerciseSet`` has a title, the absolute ``tolerance`` an answer may
be off, the ``digits`` its answer key rounds to, and its questions; it is saved as plain JSON
(``to_dict``, ``from_dict``; docs/session-format.md) in session files and beside the presets.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from .frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE

KINDS = ("z", "a", "delta", "grad_w", "grad_b", "new_w", "new_b")
PER_SAMPLE = ("z", "a", "delta")
WEIGHTS = ("grad_w", "new_w")
MAX_QUESTIONS = 200
MAX_TEXT = 500


@dataclass(frozen=True)
class Question:
    kind: str
    layer: int
    unit: int
    source: int | None = None   # for grad_w and new_w
    sample: int = 0             # for z, a and delta
    hint: str = ""


@dataclass(frozen=True)
class ExerciseSet:
    title: str = "Exercise"
    tolerance: float = 0.005
    digits: int = 3
    questions: tuple = field(default_factory=tuple)


def phase_of(q: Question, n_layers: int) -> tuple:
    """``(phase, layer)`` of the phase that computes ``q``, as a snapshot's next_phase says."""
    if q.kind in ("z", "a"):
        return FORWARD, None
    if q.kind in ("delta", "grad_w", "grad_b"):
        return (OUTPUT_DELTA if q.layer == n_layers - 1 else HIDDEN_DELTA), q.layer
    return UPDATE, None


def asked_before(exercises: ExerciseSet, phase, layer, n_layers: int) -> list[Question]:
    """The questions to answer before the phase ``(phase, layer)`` runs."""
    return [q for q in exercises.questions if phase_of(q, n_layers) == (phase, layer)]


def expected(q: Question, snap) -> float:
    """The engine's value of ``q`` in ``snap`` (after its phase); KeyError if not computed."""
    l, j, p = q.layer, q.unit, q.sample
    table = {"z": lambda: snap.z[l][p, j], "a": lambda: snap.a[l + 1][p, j],
             "delta": lambda: snap.delta[l][p, j], "grad_w": lambda: snap.grad_w[l][j, q.source],
             "grad_b": lambda: snap.grad_b[l][j], "new_w": lambda: snap.weights[l][j, q.source],
             "new_b": lambda: snap.biases[l][j]}
    try:
        return float(table[q.kind]())
    except (TypeError, IndexError):
        raise KeyError(f"{describe(q)} is not computed in this snapshot") from None


def fits(q: Question, sizes, bias: bool, batch: int) -> bool:
    """Whether ``q`` names a value of a network of ``sizes`` on a batch of ``batch`` samples."""
    L = len(sizes) - 1
    if q.kind not in KINDS or not (0 <= q.layer < L and 0 <= q.unit < sizes[q.layer + 1]):
        return False
    if q.kind in WEIGHTS:
        return q.source is not None and 0 <= q.source < sizes[q.layer]
    if q.kind in ("grad_b", "new_b"):
        return bias
    return 0 <= q.sample < batch


# The seeds' notation, as plain text (also for the Markdown worksheets)

SUB = str.maketrans("0123456789ijkp", "₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₚ")
SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def sym(name: str, sub="", layer=None) -> str:
    """``z₁⁽¹⁾``: the unit subscript, the layer (from 1) as a superscript in parentheses."""
    text = name + str(sub).translate(SUB)
    return text + f"({layer})".translate(SUP) if layer is not None else text


def symbol(q: Question) -> str:
    l, j = q.layer + 1, q.unit + 1
    if q.kind in WEIGHTS:
        w = sym("W", f"{j}{q.source + 1}", l)
        return f"∂L/∂{w}" if q.kind == "grad_w" else f"new {w}"
    if q.kind in ("grad_b", "new_b"):
        return f"∂L/∂{sym('b', j, l)}" if q.kind == "grad_b" else f"new {sym('b', j, l)}"
    return sym("δ" if q.kind == "delta" else q.kind, j, l)


def describe(q: Question) -> str:
    """``z₁⁽¹⁾ (sample 2)``: the symbol, and the sample for per-sample values."""
    return f"{symbol(q)} (sample {q.sample + 1})" if q.kind in PER_SAMPLE else symbol(q)


def factor(v: float, digits: int) -> str:
    """A number as a factor of a product: a negative one in parentheses."""
    text = num(v, digits)
    return f"({text})" if text.startswith("−") else text


def num(v: float, digits: int) -> str:
    """``v`` rounded to ``digits`` decimals with a true minus sign, never "−0.000"."""
    text = f"{float(v):.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "−")


# Files

def to_dict(s: ExerciseSet) -> dict:
    qs = [{k: v for k, v in vars(q).items() if v not in (None, "") and not
           (k == "sample" and q.kind not in PER_SAMPLE)} for q in s.questions]
    return {"title": s.title, "tolerance": s.tolerance, "digits": s.digits, "questions": qs}


def from_dict(d) -> ExerciseSet:
    """A checked ExerciseSet; ValueError saying what is wrong."""
    if not isinstance(d, dict) or not isinstance(d.get("questions"), list):
        raise ValueError("an exercise set is an object with a list of questions")
    tol, digits = d.get("tolerance", 0.005), d.get("digits", 3)
    if type(tol) not in (int, float) or not (math.isfinite(tol) and 0 < tol <= 1e6):
        raise ValueError("the tolerance is a number above 0")
    if type(digits) is not int or not 0 <= digits <= 12:
        raise ValueError("digits is a whole number from 0 to 12")
    if len(d["questions"]) > MAX_QUESTIONS:
        raise ValueError(f"at most {MAX_QUESTIONS} questions")
    return ExerciseSet(_text(d.get("title", "Exercise")), float(tol), digits,
                       tuple(_question(q) for q in d["questions"]))


def _text(v) -> str:
    if not isinstance(v, str):
        raise ValueError("a title or hint is text")
    return v[:MAX_TEXT]


def _question(d) -> Question:
    if not isinstance(d, dict) or d.get("kind") not in KINDS:
        raise ValueError(f"a question's kind is one of {', '.join(KINDS)}")
    ints = {k: d.get(k, default) for k, default in
            (("layer", None), ("unit", None), ("source", None), ("sample", 0))}
    for k, v in ints.items():
        if not (v is None and k == "source") and (type(v) is not int or not 0 <= v < 10_000):
            raise ValueError(f"a question's {k} is a whole number from 0")
    if (d["kind"] in WEIGHTS) != (ints["source"] is not None):
        raise ValueError("a weight's question names its source unit, and only a weight's")
    return Question(d["kind"], ints["layer"], ints["unit"], ints["source"], ints["sample"],
                    _text(d.get("hint", "")))


def load(path) -> ExerciseSet:
    """An exercise set file (JSON); OSError or ValueError."""
    with open(path, encoding="utf-8") as f:
        return from_dict(json.load(f))
