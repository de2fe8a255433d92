"""Problem types: what the data asks of the output layer and the loss, and the settings
suggested for each built-in set.

The problem type follows the data (a built-in set, or the target columns of a CSV file): two
classes (one 0/1 target column, or several that are not one-hot) want a sigmoid output with
binary cross-entropy, k classes (one-hot rows) a softmax output with categorical cross-entropy,
regression a linear output with squared error. The run sets these up when the dataset changes;
the user can still change them. The suggested network and learning rule are offered, never
forced: the run keeps them as its ``suggestion`` until the user takes them. No Qt here.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine import datasets

from .settings import DataSettings, Settings, TrainSettings

BINARY, CLASSES, REGRESSION = "two classes", "k classes", "regression"
OUTPUT = {BINARY: ("sigmoid", "bce"), CLASSES: ("softmax", "ce"), REGRESSION: ("linear", "mse")}


def problem_of(data) -> str:
    """BINARY, CLASSES or REGRESSION for a ``Dataset``."""
    if data.kind == "regression":
        return REGRESSION
    if data.n_targets > 1 and np.all(data.t.sum(axis=1) == 1.0):
        return CLASSES
    return BINARY


def fit_output(s: Settings, data) -> Settings:
    """``s`` with the output activation and the loss of ``data``'s problem type."""
    output, loss = OUTPUT[problem_of(data)]
    return replace(s, net=replace(s.net, output_activation=output, loss=loss))


# name -> (hidden layers, hidden activation, eta, batch size); other sets: DEFAULT.
DEFAULT = ((8, 8, 8), "tanh", 0.1, 10)
SUGGESTED = {
    "xor": ((3,), "sigmoid", 0.5, 0),   # seed 003's 2-3-1 net, the whole set as one batch
    "linear": ((2,), "tanh", 0.1, 10),
    "gaussians": ((2,), "tanh", 0.1, 10),
    "blobs3": ((8,), "tanh", 0.1, 10),
    "blobs4": ((8,), "tanh", 0.1, 10),
    "plane": ((2,), "tanh", 0.1, 10),
}


def suggested(s: Settings, data) -> Settings:
    """``s`` with the network shape and learning rule suggested for ``data`` (its name), and
    the output layer and loss of its problem type. A CSV file gets the harder sets' defaults."""
    hidden, activation, eta, batch = SUGGESTED.get(s.data.name, DEFAULT)
    net = s.net.with_hidden(hidden, (activation,) * len(hidden))
    train = replace(s.train, eta=eta, batch_size=batch)
    return fit_output(replace(s, net=net, train=train), data)


def describe(s: Settings, data) -> str:
    """One line: the problem type of ``data`` and what ``s`` suggests for it."""
    n = s.net
    shape = "-".join(str(k) for k in n.hidden) or "no hidden layer"
    batch = "the whole set" if s.train.batch_size == 0 else f"batch {s.train.batch_size}"
    return (f"{data.name}: {problem_of(data)}, so a {n.output_activation} output with "
            f"{n.loss}. Suggested: {shape} {n.activations[0] if n.activations else ''}, "
            f"\u03b7 {s.train.eta:g}, {batch} (the Data panel's button)")


def default_settings(dataset: str = "xor") -> Settings:
    """The start for a built-in set: its suggested settings (XOR: a small sigmoid net)."""
    base = replace(Settings(), data=DataSettings(name=dataset), train=TrainSettings())
    data = datasets.builtin(dataset)
    return suggested(base, data)
