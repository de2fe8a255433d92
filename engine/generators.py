"""The built-in generators (DESIGN.md section 5, ``backprop datasets``): TensorFlow Playground's
sets scaled to about [-1, 1] x [-1, 1], and the k-class sets.

Each takes ``(n=200, noise=0.1, seed=0)`` and returns a ``samples.Dataset``; the same arguments
always give the same points. ``noise`` is the standard deviation of gaussian noise added to the
inputs (to the target for the regression sets). Targets: 0.0 or 1.0 for two classes, k one-hot
columns for k classes, a value in [0, 1] for regression (so a sigmoid output can fit it too).
"""
from __future__ import annotations

import numpy as np

from .samples import Dataset, start

SPIRAL_NOISE = 0.25  # the spiral's noise scale (see spiral)


def xor() -> Dataset:
    """The classic four points {0,1}^2 with targets 0, 1, 1, 0."""
    return Dataset("xor", [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]])


def _classes(name, rng, points, labels, noise):
    x = points + rng.normal(0.0, noise, size=points.shape)
    return Dataset(name, x, labels[:, None])


def xor_cloud(n=200, noise=0.1, seed=0) -> Dataset:
    """Points in the four quadrants; label 1 where x1 and x2 have opposite signs."""
    rng, labels = start(n, noise, seed)
    mag = rng.uniform(0.1, 1.0, size=(len(labels), 2))
    sign_1 = rng.choice([-1.0, 1.0], size=len(labels))
    sign_2 = np.where(labels == 1, -sign_1, sign_1)
    return _classes("xor-cloud", rng, mag * np.column_stack([sign_1, sign_2]), labels, noise)


def circle(n=200, noise=0.1, seed=0) -> Dataset:
    """Label 1 inside the disk of radius 0.5, label 0 on the ring 0.7 <= r <= 1."""
    rng, labels = start(n, noise, seed)
    r = np.where(labels == 1, rng.uniform(0.0, 0.5, len(labels)), rng.uniform(0.7, 1.0, len(labels)))
    angle = rng.uniform(0.0, 2 * np.pi, len(labels))
    return _classes("circle", rng, r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]),
                    labels, noise)


def gaussians(n=200, noise=0.1, seed=0) -> Dataset:
    """Two gaussian blobs (sd 0.2) around (0.5, 0.5), label 1, and (-0.5, -0.5), label 0."""
    rng, labels = start(n, noise, seed)
    centres = np.where(labels[:, None] == 1, 0.5, -0.5)
    return _classes("gaussians", rng, centres + rng.normal(0.0, 0.2, (len(labels), 2)),
                    labels, noise)


def spiral(n=200, noise=0.1, seed=0) -> Dataset:
    """Two interleaved spirals of 1.75 turns each, half a turn apart.

    The arms of the two classes lie only about 0.29 apart, so here ``noise`` is scaled by a
    quarter (as TensorFlow Playground scales its noise per set): at the default 0.1 the arms
    stay visible, at 0.4 they merge.
    """
    rng, labels = start(n, noise, seed)
    r = rng.uniform(0.0, 1.0, len(labels))
    angle = 1.75 * 2 * np.pi * r + np.pi * labels
    return _classes("spiral", rng, r[:, None] * np.column_stack([np.sin(angle), np.cos(angle)]),
                    labels, noise * SPIRAL_NOISE)


def moons(n=200, noise=0.1, seed=0) -> Dataset:
    """Two interleaving half circles (scikit-learn's moons, scaled by 1/1.5 and centred)."""
    rng, labels = start(n, noise, seed)
    a = rng.uniform(0.0, np.pi, len(labels))
    upper = np.column_stack([np.cos(a), np.sin(a)])
    lower = np.column_stack([1.0 - np.cos(a), 0.5 - np.sin(a)])
    points = np.where(labels[:, None] == 0, upper, lower)
    return _classes("moons", rng, (points - [0.5, 0.25]) / 1.5, labels, noise)


def linear(n=200, noise=0.1, seed=0) -> Dataset:
    """Uniform points in the square, label 1 where x1 + x2 > 0."""
    rng, labels = start(n, noise, seed)
    p = rng.uniform(-1.0, 1.0, (len(labels), 2))
    wrong_side = (p.sum(axis=1) > 0) != (labels == 1)
    p[wrong_side] *= -1.0  # the point reflection through 0 swaps the two halves
    return _classes("linear", rng, p, labels, noise)


def sine(n=200, noise=0.1, seed=0) -> Dataset:
    """Regression: t = 0.5 + 0.2 (sin(pi x1) + sin(pi x2)) plus noise, clipped to [0, 1]."""
    rng, _ = start(n, noise, seed)
    x = rng.uniform(-1.0, 1.0, (int(n), 2))
    t = 0.5 + 0.2 * (np.sin(np.pi * x[:, 0]) + np.sin(np.pi * x[:, 1]))
    t = np.clip(t + rng.normal(0.0, noise, len(t)), 0.0, 1.0)
    return Dataset("sine", x, t[:, None], "regression")


def plane(n=200, noise=0.1, seed=0) -> Dataset:
    """Regression (TensorFlow Playground's "plane"): t = 0.5 + 0.25 (x1 + x2), in [0, 1]."""
    rng, _ = start(n, noise, seed)
    x = rng.uniform(-1.0, 1.0, (int(n), 2))
    t = np.clip(0.5 + 0.25 * x.sum(axis=1) + rng.normal(0.0, noise, int(n)), 0.0, 1.0)
    return Dataset("plane", x, t[:, None], "regression")


# "multi gaussian": six bumps, alternately up and down, TensorFlow Playground's layout scaled.
BUMPS = [(-0.8, 0.5, 1.0), (0.0, 0.5, -1.0), (0.8, 0.5, 1.0),
         (-0.8, -0.5, -1.0), (0.0, -0.5, 1.0), (0.8, -0.5, -1.0)]
BUMP_SD = 0.25


def multi_gaussian(n=200, noise=0.1, seed=0) -> Dataset:
    """Regression: t = 0.5 + 0.5 sum_i s_i exp(-|x - c_i|^2 / (2 0.25^2)) over six bumps of
    sign s_i (BUMPS), plus noise, clipped to [0, 1]."""
    rng, _ = start(n, noise, seed)
    x = rng.uniform(-1.0, 1.0, (int(n), 2))
    t = np.full(int(n), 0.5)
    for cx, cy, sign in BUMPS:
        t += 0.5 * sign * np.exp(-((x[:, 0] - cx) ** 2 + (x[:, 1] - cy) ** 2) / (2 * BUMP_SD ** 2))
    t = np.clip(t + rng.normal(0.0, noise, int(n)), 0.0, 1.0)
    return Dataset("multi-gaussian", x, t[:, None], "regression")


def _one_hot(name, rng, points, labels, k, noise):
    x = points + rng.normal(0.0, noise, size=points.shape)
    return Dataset(name, x, np.eye(k)[labels])


def spiral3(n=200, noise=0.1, seed=0) -> Dataset:
    """Three spiral arms of one turn each, a third of a turn apart; one-hot targets.

    Neighbouring arms lie about 0.33 apart, so ``noise`` is scaled as for ``spiral``."""
    rng, labels = start(n, noise, seed, 3)
    r = rng.uniform(0.0, 1.0, len(labels))
    angle = 2 * np.pi * r + 2 * np.pi * labels / 3
    points = r[:, None] * np.column_stack([np.sin(angle), np.cos(angle)])
    return _one_hot("spiral3", rng, points, labels, 3, noise * SPIRAL_NOISE)


def _blobs(name, k, n, noise, seed):
    """``k`` gaussian blobs (sd 0.2) with centres evenly on the circle of radius 0.6."""
    rng, labels = start(n, noise, seed, k)
    angle = 2 * np.pi * labels / k + np.pi / 4
    centres = 0.6 * np.column_stack([np.cos(angle), np.sin(angle)])
    return _one_hot(name, rng, centres + rng.normal(0.0, 0.2, centres.shape), labels, k, noise)


def blobs3(n=200, noise=0.1, seed=0) -> Dataset:
    """Three gaussian blobs, one class each; one-hot targets."""
    return _blobs("blobs3", 3, n, noise, seed)


def blobs4(n=200, noise=0.1, seed=0) -> Dataset:
    """Four gaussian blobs, one class each; one-hot targets."""
    return _blobs("blobs4", 4, n, noise, seed)
