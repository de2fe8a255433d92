"""Datasets: the built-in generators and CSV files (DESIGN.md section 4).

Conventions: rows are samples. ``x`` has shape (n, inputs) and ``t`` shape (n, targets), both
float64 and read-only. The built-in sets have two inputs roughly within [-1, 1] x [-1, 1]
(TensorFlow Playground's sets, scaled) and one target: 0.0 or 1.0 for classification, a value
in [0, 1] for regression (so a sigmoid output can fit it). The generators take
``(n=200, noise=0.1, seed=0)``; the same arguments always give the same points, and the two
classes get n // 2 and n - n // 2 points. ``noise`` is the standard deviation of gaussian noise
added to the inputs (to the target for ``sine``).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

from .csv_reader import DataError, Table, read_table
from .files import atomic_write_text

KINDS = ("classification", "regression")
SPIRAL_NOISE = 0.25  # the spiral's noise scale (see spiral)


@dataclass(frozen=True, eq=False)
class Dataset:
    name: str
    x: np.ndarray
    t: np.ndarray
    kind: str = "classification"
    lines: tuple | None = None  # the file's line of each row, for messages (load_csv)

    def __post_init__(self):
        x, t = (np.array(a, dtype=np.float64) for a in (self.x, self.t))
        if x.ndim != 2 or t.ndim != 2 or len(x) != len(t):
            raise ValueError(f"x and t must be (samples, columns) with equal rows, "
                             f"not {x.shape} and {t.shape}")
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(t))):
            raise ValueError("dataset values must be finite")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        x.flags.writeable = t.flags.writeable = False
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "t", t)

    def __len__(self) -> int:
        return len(self.x)

    @property
    def n_inputs(self) -> int:
        return self.x.shape[1]

    @property
    def n_targets(self) -> int:
        return self.t.shape[1]


def split(dataset: Dataset, test_fraction: float = 0.2, seed: int = 0) -> tuple[Dataset, Dataset]:
    """A seeded random split into (train, test); each part keeps the original row order."""
    if not 0.0 <= test_fraction <= 1.0:
        raise ValueError(f"test_fraction must be within [0, 1], not {test_fraction}")
    n = len(dataset)
    order = np.random.default_rng(seed).permutation(n)
    n_test = int(round(n * test_fraction))
    test, train = np.sort(order[:n_test]), np.sort(order[n_test:])
    return tuple(Dataset(f"{dataset.name} ({part})", dataset.x[i], dataset.t[i], dataset.kind)
                 for part, i in (("train", train), ("test", test)))


def xor() -> Dataset:
    """The classic four points {0,1}^2 with targets 0, 1, 1, 0."""
    return Dataset("xor", [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]])


def _start(n, noise, seed):
    if int(n) != n or n < 2:
        raise ValueError(f"n must be a whole number of at least 2, not {n}")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, not {noise}")
    n = int(n)
    labels = np.zeros(n)
    labels[n // 2:] = 1.0
    rng = np.random.default_rng(seed)
    return rng, rng.permutation(labels)


def _classes(name, rng, points, labels, noise):
    x = points + rng.normal(0.0, noise, size=points.shape)
    return Dataset(name, x, labels[:, None])


def xor_cloud(n=200, noise=0.1, seed=0) -> Dataset:
    """Points in the four quadrants; label 1 where x1 and x2 have opposite signs."""
    rng, labels = _start(n, noise, seed)
    mag = rng.uniform(0.1, 1.0, size=(len(labels), 2))
    sign_1 = rng.choice([-1.0, 1.0], size=len(labels))
    sign_2 = np.where(labels == 1, -sign_1, sign_1)
    return _classes("xor-cloud", rng, mag * np.column_stack([sign_1, sign_2]), labels, noise)


def circle(n=200, noise=0.1, seed=0) -> Dataset:
    """Label 1 inside the disk of radius 0.5, label 0 on the ring 0.7 <= r <= 1."""
    rng, labels = _start(n, noise, seed)
    r = np.where(labels == 1, rng.uniform(0.0, 0.5, len(labels)), rng.uniform(0.7, 1.0, len(labels)))
    angle = rng.uniform(0.0, 2 * np.pi, len(labels))
    return _classes("circle", rng, r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]),
                    labels, noise)


def gaussians(n=200, noise=0.1, seed=0) -> Dataset:
    """Two gaussian blobs (sd 0.2) around (0.5, 0.5), label 1, and (-0.5, -0.5), label 0."""
    rng, labels = _start(n, noise, seed)
    centres = np.where(labels[:, None] == 1, 0.5, -0.5)
    return _classes("gaussians", rng, centres + rng.normal(0.0, 0.2, (len(labels), 2)),
                    labels, noise)


def spiral(n=200, noise=0.1, seed=0) -> Dataset:
    """Two interleaved spirals of 1.75 turns each, half a turn apart.

    The arms of the two classes lie only about 0.29 apart, so here ``noise`` is scaled by a
    quarter (as TensorFlow Playground scales its noise per set): at the default 0.1 the arms
    stay visible, at 0.4 they merge.
    """
    rng, labels = _start(n, noise, seed)
    r = rng.uniform(0.0, 1.0, len(labels))
    angle = 1.75 * 2 * np.pi * r + np.pi * labels
    return _classes("spiral", rng, r[:, None] * np.column_stack([np.sin(angle), np.cos(angle)]),
                    labels, noise * SPIRAL_NOISE)


def moons(n=200, noise=0.1, seed=0) -> Dataset:
    """Two interleaving half circles (scikit-learn's moons, scaled by 1/1.5 and centred)."""
    rng, labels = _start(n, noise, seed)
    a = rng.uniform(0.0, np.pi, len(labels))
    upper = np.column_stack([np.cos(a), np.sin(a)])
    lower = np.column_stack([1.0 - np.cos(a), 0.5 - np.sin(a)])
    points = np.where(labels[:, None] == 0, upper, lower)
    return _classes("moons", rng, (points - [0.5, 0.25]) / 1.5, labels, noise)


def linear(n=200, noise=0.1, seed=0) -> Dataset:
    """Uniform points in the square, label 1 where x1 + x2 > 0."""
    rng, labels = _start(n, noise, seed)
    p = rng.uniform(-1.0, 1.0, (len(labels), 2))
    wrong_side = (p.sum(axis=1) > 0) != (labels == 1)
    p[wrong_side] *= -1.0  # the point reflection through 0 swaps the two halves
    return _classes("linear", rng, p, labels, noise)


def sine(n=200, noise=0.1, seed=0) -> Dataset:
    """Regression: t = 0.5 + 0.2 (sin(pi x1) + sin(pi x2)) plus noise, clipped to [0, 1]."""
    rng, _ = _start(n, noise, seed)
    x = rng.uniform(-1.0, 1.0, (int(n), 2))
    t = 0.5 + 0.2 * (np.sin(np.pi * x[:, 0]) + np.sin(np.pi * x[:, 1]))
    t = np.clip(t + rng.normal(0.0, noise, len(t)), 0.0, 1.0)
    return Dataset("sine", x, t[:, None], "regression")


class Builtin(NamedTuple):
    make: Callable[..., Dataset]  # make(n, noise, seed) -> Dataset
    description: str


BUILTIN = {
    "xor": Builtin(lambda n=200, noise=0.1, seed=0: xor(),
                   "the classic four points {0,1}^2 with targets 0, 1, 1, 0"),
    "xor-cloud": Builtin(xor_cloud, "noisy points in four quadrants, XOR of the signs"),
    "circle": Builtin(circle, "a disk inside a ring"),
    "gaussians": Builtin(gaussians, "two gaussian blobs"),
    "spiral": Builtin(spiral, "two interleaved spirals"),
    "moons": Builtin(moons, "two interleaving half moons"),
    "linear": Builtin(linear, "two halves of a square, split by a line"),
    "sine": Builtin(sine, "regression: a smooth sine surface in [0, 1]"),
}


def builtin(name: str, n=200, noise=0.1, seed=0) -> Dataset:
    """The built-in dataset ``name`` (``xor`` ignores n, noise and seed)."""
    if name not in BUILTIN:
        raise ValueError(f"unknown dataset {name!r} (built-in: {', '.join(BUILTIN)})")
    return BUILTIN[name].make(n=n, noise=noise, seed=seed)


def from_table(table: Table, inputs, targets) -> Dataset:
    """The ``inputs`` and ``targets`` columns (0-based) of a CSV table as a Dataset.

    The kind is ``classification`` when every target is 0 or 1, else ``regression``.
    DataError, naming the line, for the first row that does not fit (``Table.numbers``).
    """
    inputs, targets = list(inputs), list(targets)
    values = table.numbers(inputs + targets)
    x, t = values[:, :len(inputs)], values[:, len(inputs):]
    kind = "classification" if np.all((t == 0) | (t == 1)) else "regression"
    return Dataset(os.path.basename(table.source), x, t, kind,
                   tuple(line for line, _ in table.rows))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("s" if n != 1 else "")


def load_csv(path, n_inputs: int, n_targets: int, max_rows: int | None = None) -> Dataset:
    """Read a CSV (``csv_reader``'s rules): ``n_inputs`` inputs then ``n_targets`` targets a row;
    at most ``max_rows`` rows (default: engine/limits.py's MAX_SAMPLES), counted while reading."""
    table = read_table(path) if max_rows is None else read_table(path, max_rows)
    width = n_inputs + n_targets
    if table.width != width:
        counts = f"{_count(n_inputs, 'input')}, {_count(n_targets, 'target')}"
        raise table.error(table.first_line(),
                          f"expected {width} columns ({counts}), found {table.width}")
    return from_table(table, range(n_inputs), range(n_inputs, width))


def load(spec: str, n_inputs: int = 2, n_targets: int = 1, **gen_kwargs) -> Dataset:
    """A built-in dataset by name (``gen_kwargs``: n, noise, seed), else a CSV file."""
    if spec in BUILTIN:
        data = builtin(spec, **gen_kwargs)
        if (data.n_inputs, data.n_targets) != (n_inputs, n_targets):
            raise DataError(f"{spec}: the built-in dataset has {data.n_inputs} inputs and "
                            f"{data.n_targets} target; {n_inputs} and {n_targets} are needed")
        return data
    if not os.path.exists(spec) and not os.path.splitext(spec)[1]:
        raise DataError(f"{spec}: no such file, nor a built-in dataset "
                        f"({', '.join(BUILTIN)})")
    return load_csv(spec, n_inputs, n_targets)


def save_csv(path, dataset: Dataset) -> None:
    """Write ``dataset`` with a header ``x1,...,t1,...``; floats read back exactly."""
    header = [f"x{i + 1}" for i in range(dataset.n_inputs)]
    header += [f"t{i + 1}" for i in range(dataset.n_targets)]
    lines = [",".join(header)]
    for row in np.hstack([dataset.x, dataset.t]):
        lines.append(",".join(repr(float(v)) for v in row))
    atomic_write_text(path, "\n".join(lines) + "\n")
