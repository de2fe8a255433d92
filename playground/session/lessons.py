"""Guided lessons: a preset's iteration, phase by phase, with a caption that says what just
happened and why, and the unit or weight it points at. No Qt here.

After each phase the lesson points at one thing of the graph (``pointer``): the first hidden
unit after the forward pass, the output unit after the output δ, the first unit of the layer
after its hidden δ, the first weight into the output after the update. Its caption is the
phase's line (captions.py) and that thing's worked computation with the engine's numbers
(diagnosis.worked), on the first sample of the batch.
"""
from __future__ import annotations

from .captions import caption
from .diagnosis import worked
from .exercises import Question
from .frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE


def pointer(snap, info):
    """The graph's selection the lesson talks about after ``snap``'s phase, or None."""
    L = len(info.sizes) - 1
    return {FORWARD: ("node", 0, 0), OUTPUT_DELTA: ("node", L - 1, 0),
            HIDDEN_DELTA: ("node", snap.layer if snap.layer is not None else 0, 0),
            UPDATE: ("edge", L - 1, 0, 0)}.get(snap.phase)


def _question(snap, info):
    sel = pointer(snap, info)
    if sel is None:
        return None
    if snap.phase == FORWARD:
        return Question("z", sel[1], sel[2])
    if snap.phase == UPDATE:
        return Question("new_w", sel[1], sel[2], sel[3])
    return Question("delta", sel[1], sel[2])


def lesson_caption(snap, info, digits: int = 3) -> str:
    """The phase's line, then the worked computation of what the lesson points at."""
    q = _question(snap, info)
    line = caption(snap, info)
    return line if q is None else f"{line}\nHere, sample 1: {worked(q, snap, info, digits)}"
