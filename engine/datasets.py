"""Datasets: the table of built-in sets, splitting, and CSV files (DESIGN.md sections 4-5).

Conventions (samples.py): rows are samples; ``x`` is (n, inputs) and ``t`` (n, targets), both
float64 and read-only. The generators are in generators.py: two inputs within about
[-1, 1] x [-1, 1]; one target 0.0 or 1.0 for two classes, k one-hot targets for k classes
(``spiral3``, ``blobs3``, ``blobs4``), a value in [0, 1] for regression (``sine``, ``plane``,
``multi-gaussian``). ``KINDS``, ``Dataset`` and the generators are importable from here too.
"""
from __future__ import annotations

import os
from typing import Callable, NamedTuple

import numpy as np

from .csv_reader import DataError, Table, read_table
from .files import atomic_write_text
from .generators import (blobs3, blobs4, circle, gaussians, linear, moons,  # noqa: F401
                         multi_gaussian, plane, sine, spiral, spiral3, xor, xor_cloud)
from .samples import KINDS, Dataset  # noqa: F401  (part of this module's API)


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
    "plane": Builtin(plane, "regression: a tilted plane in [0, 1]"),
    "multi-gaussian": Builtin(multi_gaussian, "regression: six gaussian bumps up and down"),
    "spiral3": Builtin(spiral3, "three classes: a three-arm spiral (one-hot targets)"),
    "blobs3": Builtin(blobs3, "three classes: three gaussian blobs (one-hot targets)"),
    "blobs4": Builtin(blobs4, "four classes: four gaussian blobs (one-hot targets)"),
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
                            f"{_count(data.n_targets, 'target')}; {n_inputs} and {n_targets} "
                            f"are needed")
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
