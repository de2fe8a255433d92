"""Points drawn on the decision boundary, as a teacher sketches a problem on the board.

Left click adds a point of class 1, shift+click or right click one of class 0, ctrl+click
removes the nearest point. With k classes (one-hot targets) either click adds a point of the
class the data panel chose (the run's ``view.add_class``, from 0), its target a one-hot row.
A regression set's point needs a target value a click cannot give: adding is refused with a
message that says so (removing works). The edited set is a new Dataset named "<name> (edited)";
the run trains on it with the same weights (a new Trainer; Reset returns to the weights
at the time of the edit). The test set, if any, is kept.
"""
from __future__ import annotations

import numpy as np

from engine.datasets import Dataset

from .problems import CLASSES, REGRESSION, problem_of

ADD_1, ADD_0, REMOVE = "add1", "add0", "remove"
SUFFIX = " (edited)"
NO_TARGET = ("No point added: a regression set's target is a number a click cannot give "
             "(Ctrl+click removes one)")


def _edited(data: Dataset, x, t) -> Dataset:
    name = data.name[:-len(SUFFIX)] if data.name.endswith(SUFFIX) else data.name
    binary = bool(np.all((t == 0) | (t == 1)))
    return Dataset(name + SUFFIX, x, t, "classification" if binary else data.kind)


def add_point(data: Dataset, x: float, y: float, target) -> Dataset:
    """``data`` with one more point at (x, y); every target column gets ``target`` (a number),
    or the columns get ``target``'s row (an array)."""
    row = np.zeros((1, data.n_inputs))
    row[0, :2] = x, y
    t = np.broadcast_to(np.asarray(target, dtype=float), (1, data.n_targets))
    return _edited(data, np.vstack([data.x, row]), np.vstack([data.t, t]))


def target_of(run, action: str):
    """The target a click adds to the run's training set: 1 or 0 for two classes, the chosen
    class's one-hot row for k classes; None for a regression set."""
    problem = problem_of(run.train_set)
    if problem == REGRESSION:
        return None
    if problem == CLASSES:
        k = run.train_set.n_targets
        return np.eye(k)[min(max(int(run.view.add_class), 0), k - 1)]
    return 1.0 if action == ADD_1 else 0.0


def remove_nearest(data: Dataset, x: float, y: float) -> Dataset | None:
    """``data`` without the point nearest to (x, y); None if it is the last one."""
    if len(data) <= 1:
        return None
    k = int(np.argmin((data.x[:, 0] - x) ** 2 + (data.x[:, 1] - y) ** 2))
    keep = np.arange(len(data)) != k
    return _edited(data, data.x[keep], data.t[keep])


def edit(run, x: float, y: float, action: str) -> bool:
    """Apply a click to the run's training set; False if nothing changed."""
    if not (np.isfinite(x) and np.isfinite(y)):
        return False
    data = run.train_set
    if data.n_inputs != 2:
        return False
    if action == REMOVE:
        new = remove_nearest(data, x, y)
    else:
        target = target_of(run, action)
        if target is None:
            run.outbox.append(("message", NO_TARGET))
            return False
        new = add_point(data, x, y, target)
    if new is None:
        run.outbox.append(("message", "The last point stays: a training set needs one"))
        return False
    return run.use_data(new, run.trainer.net.copy(), test=run.test_set)
