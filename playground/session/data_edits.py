"""Points drawn on the decision boundary, as a teacher sketches a problem on the board.

Left click adds a point of class 1, shift+click or right click one of class 0, ctrl+click
removes the nearest point. The edited set is a new Dataset named "<name> (edited)"; the
run trains on it with the same weights (a new Trainer; Reset returns to the weights
at the time of the edit). The test set, if any, is kept.
"""
from __future__ import annotations

import numpy as np

from engine.datasets import Dataset

ADD_1, ADD_0, REMOVE = "add1", "add0", "remove"
SUFFIX = " (edited)"


def _edited(data: Dataset, x, t) -> Dataset:
    name = data.name[:-len(SUFFIX)] if data.name.endswith(SUFFIX) else data.name
    binary = bool(np.all((t == 0) | (t == 1)))
    return Dataset(name + SUFFIX, x, t, "classification" if binary else data.kind)


def add_point(data: Dataset, x: float, y: float, target: float) -> Dataset:
    """``data`` with one more point at (x, y); every target column gets ``target``."""
    row = np.zeros((1, data.n_inputs))
    row[0, :2] = x, y
    return _edited(data, np.vstack([data.x, row]),
                   np.vstack([data.t, np.full((1, data.n_targets), float(target))]))


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
    new = remove_nearest(data, x, y) if action == REMOVE else \
        add_point(data, x, y, 1.0 if action == ADD_1 else 0.0)
    if new is None:
        run.outbox.append(("message", "The last point stays: a training set needs one"))
        return False
    return run.use_data(new, run.trainer.net.copy(), test=run.test_set)
