"""When training has diverged beyond what the engine's guard sees, and where it goes back to.

The engine refuses a step that would make a parameter (or the batch's loss, when it computes
one) non-finite (engine.training.Diverged) and keeps the last finite state. The session also
checks the losses of every epoch it records (``finite``, ``loss_diverged``): they may overflow
while the parameters stay finite. After a divergence, the state the engine kept may itself
overflow (``clean``); then training goes back to the last recorded epoch that does not, or
else to the start (``go_back``): no NaN reaches a view or a file. No Qt here.
"""
from __future__ import annotations

import math

import numpy as np

from engine import backprop
from engine.training import Diverged


def finite(scores) -> bool:
    """Whether the losses of ``scores`` (train loss, accuracy, test loss, accuracy; None:
    unknown) are finite."""
    return all(math.isfinite(v) for v in scores[::2] if v is not None)


def loss_diverged(epochs: int, eta: float) -> Diverged:
    """The divergence of a loss that is not finite after ``epochs`` epochs."""
    return Diverged(epochs - 1, f"the loss became infinite or NaN (learning rate {eta:g})")


def clean(trainer, scores) -> bool:
    """Whether the trainer's state shows without an overflow: the losses of its ``scores``,
    and the loss and gradients of its next batch (where any z or a that overflows ends up)."""
    if not finite(scores):
        return False
    with np.errstate(all="ignore"):
        loss, grads_w, grads_b = backprop.backprop(trainer.net, *trainer.batch())
    return math.isfinite(loss) and all(np.isfinite(g).all() for g in grads_w + (grads_b or []))


def go_back(trainer, checkpoint, scores) -> bool:
    """Return ``trainer`` to ``checkpoint`` (a TrainerState, or None) if it is ``clean`` there
    (``scores()``: the scores of the trainer's current state), else to the start: True then,
    as the losses recorded and the checkpoint no longer apply."""
    if checkpoint is not None:
        trainer.restore(checkpoint)
    if checkpoint is None or not clean(trainer, scores()):
        trainer.reset()
        return True
    return False
