"""A data set as rows of samples, and the seeded start every built-in generator shares.

``x`` has shape (n, inputs) and ``t`` shape (n, targets), both float64 and read-only; ``kind``
is ``classification`` (targets 0 or 1: one column for two classes, k one-hot columns for k
classes) or ``regression``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

KINDS = ("classification", "regression")


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


def start(n, noise, seed, k=2):
    """The arguments checked, the seeded generator, and a shuffled label 0..k-1 per point:
    the classes get sizes that differ by at most one (for k = 2: n // 2 of class 0)."""
    if int(n) != n or n < 2:
        raise ValueError(f"n must be a whole number of at least 2, not {n}")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, not {noise}")
    n = int(n)
    rng = np.random.default_rng(seed)
    if k == 2:  # as it always was: the same seed gives the same points
        labels = np.zeros(n)
        labels[n // 2:] = 1.0
        return rng, rng.permutation(labels)
    return rng, rng.permutation(np.arange(n) % k)
