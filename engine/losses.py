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
    """Binary cross-entropy of sigmoid outputs, from the logits ``z``.

    ``-[t log a + (1-t) log(1-a)]`` with ``a = sigmoid(z)`` equals
    ``max(z, 0) - z t + log(1 + exp(-|z|))``, which stays finite however large ``|z|`` is.
    """
    return np.sum(np.maximum(z, 0.0) - z * t + np.log1p(np.exp(-np.abs(z))), axis=1)


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
    (seed 000, section 3). Squared error: ``(a - t) f'(z)`` (seed 002).
    """
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
