"""Feature inputs (DESIGN.md section 3, "features"): input units computed from the data's two
raw columns, as TensorFlow Playground offers them.

``FEATURES`` in their one order: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2). A network with
``features`` (any subset, in this order) takes the raw columns (x1, x2) as its data and has
``len(features)`` input units; ``expand`` computes them, rows being samples, keeping the dtype
(the decision maps are float32). They have no parameters: backprop's gradients are unchanged,
only ``a[0]`` is the features instead of the raw columns.
"""
from __future__ import annotations

import numpy as np

FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
RAW_INPUTS = 2  # every feature is computed from x1 and x2

_COLUMNS = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


def problem(features) -> str | None:
    """What is wrong with a list of feature names, or None: known, no repeats, in FEATURES's
    order, at least one."""
    if not isinstance(features, (list, tuple)) or not features:
        return f"features should be a non-empty list of names from {', '.join(FEATURES)}"
    for name in features:
        if not isinstance(name, str) or name not in FEATURES:
            return f"unknown feature {name!r} (choose from {', '.join(FEATURES)})"
    order = [FEATURES.index(name) for name in features]
    if order != sorted(set(order)):
        return f"features should be listed once each, in the order {', '.join(FEATURES)}"
    return None


def check(features, n_units) -> None:
    """ValueError unless ``features`` is None or a valid list of ``n_units`` names."""
    if features is None:
        return
    found = problem(features)
    if found:
        raise ValueError(found)
    if len(features) != n_units:
        raise ValueError(f"{len(features)} features need {len(features)} input units, "
                         f"not {n_units}")


def expand(features, x):
    """The feature columns of raw inputs ``x`` (samples, 2): shape (samples, len(features))."""
    x = np.asarray(x)
    x1, x2 = x[:, 0], x[:, 1]
    return np.column_stack([_COLUMNS[name](x1, x2) for name in features])


def inputs(net, x):
    """What the first layer takes: ``x`` itself, or its features if the network has them."""
    return x if net.features is None else expand(net.features, x)


def raw_inputs(net) -> int:
    """The data columns the network reads: 2 with features, else its input units."""
    return net.sizes[0] if net.features is None else RAW_INPUTS


def parse(text: str) -> tuple:
    """``"x1,x2,x1^2"`` as a checked tuple of names (ValueError naming the problem)."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    found = problem(names)
    if found:
        raise ValueError(f"--features: {found}")
    return names
