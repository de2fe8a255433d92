"""Losses: the per-sample value and the output delta ``delta^L = dl_i/dz^L``.

Arrays are (samples, output units); a per-sample loss sums over the output units.
The reduced loss is the sum over samples (reduction ``sum``) or their mean (``mean``).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import activations
from .fast import constant

LOSSES = ("bce", "mse")
REDUCTIONS = ("sum", "mean")


def bce(z, t):
    """Binary cross-entropy of sigmoid outputs, from the logits ``z``, for any t in [0, 1].

    ``-[t log a + (1-t) log(1-a)]`` with ``a = sigmoid(z)`` equals
    ``t softplus(-z) + (1-t) softplus(z)``, ``softplus(z) = log(1 + e^z) = max(z, 0) + L``
    with ``L = log(1 + e^-|z|)``: a sum of two terms that are never negative, so nothing cancels
    (the form ``max(z, 0) - z t + L`` lost digits for t near 1) and nothing overflows.
    """
    L = np.log1p(np.exp(-np.abs(z)))
    return np.sum(t * (np.maximum(-z, 0.0) + L) + (1.0 - t) * (np.maximum(z, 0.0) + L), axis=1)


def _sigmoid_error(z, t):
    """``sigmoid(z) - t`` without the rounding of ``sigmoid(z)`` near 1: with
    ``s = sigmoid(-|z|)``, it is ``s - t`` for z < 0 and ``(1 - t) - s`` for z >= 0."""
    e = np.exp(-np.abs(z))
    s = e / (1.0 + e)
    return np.where(z < 0, s - t, (1.0 - t) - s), s


def mse(a, t):
    """Squared error ``1/2 sum_j (a_j - t_j)^2`` (seed 002)."""
    return 0.5 * np.sum((a - t) ** 2, axis=1)


def per_sample(loss: str, z, a, t):
    """The loss of each sample, shape (samples,)."""
    return bce(z, t) if loss == "bce" else mse(a, t)


def reduce(values, reduction: str) -> float:
    return float(np.sum(values) if reduction == "sum" else np.mean(values))


@lru_cache(maxsize=64)
def scale(reduction: str, n_samples: int):
    """``s`` in ``dL/dW = s * sum_i delta_i a_i^T``: 1 for ``sum``, 1/n for ``mean``.

    A 0-d array (see ``fast.constant``), made once per batch size.
    """
    return constant(1.0 if reduction == "sum" else 1.0 / n_samples)


def output_delta(loss: str, activation: str, z, a, t):
    """``delta^L`` per sample, shape (samples, output units).

    Sigmoid + BCE: ``a - t``, because sigma'(z) = a(1-a) cancels the BCE denominator
    (seed 000, section 3). Squared error: ``(a - t) f'(z)`` (seed 002). For a sigmoid output
    ``a - t`` and ``f'`` are taken from z, so they keep their digits where ``a`` rounds to 1.
    """
    if activation == "sigmoid":
        error, s = _sigmoid_error(z, t)  # a - t, every digit kept
        return error if loss == "bce" else error * (s * (1.0 - s))  # sigma' = s (1 - s)
    if loss == "bce":
        return a - t
    return (a - t) * activations.derivative(activation, z, a)


def check(loss: str, reduction: str, output_activation: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r} (choose from {', '.join(LOSSES)})")
    if reduction not in REDUCTIONS:
        raise ValueError(f"unknown reduction {reduction!r} (choose from {', '.join(REDUCTIONS)})")
    if loss == "bce" and output_activation != "sigmoid":
        raise ValueError(f"loss 'bce' needs a sigmoid output, not {output_activation!r}")


def check_targets(loss: str, t, source: str = "the data", lines=None) -> None:
    """ValueError, naming ``source`` and the line, if ``loss`` is BCE and a target is outside
    [0, 1] (its log terms then reward a runaway output: t = 2 drove the loss to -26,005).

    ``lines[i]`` is the line of row i in the file (``Dataset.lines``); without it, the row.
    """
    t = np.asarray(t, dtype=float)
    if loss != "bce" or t.size == 0:
        return
    bad = np.flatnonzero(~((t >= 0.0) & (t <= 1.0)).all(axis=1))
    if len(bad):
        i = int(bad[0])
        value = next(v for v in t[i] if not 0.0 <= v <= 1.0)
        where = f"line {lines[i]}" if lines is not None else f"row {i + 1}"
        raise ValueError(f"{source}: {where}: target {float(value):g} is outside [0, 1], "
                         f"which the loss bce needs")
