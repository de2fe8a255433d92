"""Losses: the per-sample value and the output delta ``delta^L = dl_i/dz^L``.

Arrays are (samples, output units); a per-sample loss sums over the output units.
The reduced loss is the sum over samples (reduction ``sum``) or their mean (``mean``).
Three losses: ``bce`` (sigmoid outputs), ``ce`` (categorical cross-entropy of a softmax output,
one-hot targets: one column per class) and ``mse`` (squared error, any output).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import activations
from .fast import constant

LOSSES = ("bce", "ce", "mse")
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


def ce(z, t):
    """Categorical cross-entropy of softmax outputs, from the logits ``z``: ``-sum_j t_j log a_j``.

    ``-log a_j = (m - z_j) + log1p(r)`` with ``m = max_k z_k`` and ``r = sum_{k != top}
    e^(z_k - m)`` (activations.softmax_parts): every term is >= 0, so nothing cancels, nothing
    overflows, and the loss of a confident right answer, ``log1p(r)``, keeps its digits.
    """
    e, r, top = activations.softmax_parts(z)
    m = np.take_along_axis(z, top, axis=-1)
    return np.sum(t * ((m - z) + np.log1p(r)), axis=1)


def _softmax_error(z, t):
    """``softmax(z) - t`` without the rounding of the largest ``a`` near 1: there it is
    ``(1 - t) - r / (1 + r)``, elsewhere ``e / (1 + r) - t`` (activations.softmax_parts)."""
    e, r, top = activations.softmax_parts(z)
    d = 1.0 + r
    error = e / d - t
    t_top = np.take_along_axis(np.broadcast_to(t, error.shape), top, axis=-1)
    np.put_along_axis(error, top, (1.0 - t_top) - r / d, axis=-1)
    return error


def mse(a, t):
    """Squared error ``1/2 sum_j (a_j - t_j)^2`` (seed 002)."""
    return 0.5 * np.sum((a - t) ** 2, axis=1)


def per_sample(loss: str, z, a, t):
    """The loss of each sample, shape (samples,)."""
    if loss == "ce":
        return ce(z, t)
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
    (seed 000, section 3). Softmax + CE: ``a - t`` too, its multi-class form (docs/softmax.md:
    ``dl/dz_j = sum_k -t_k/a_k * a_k (delta_kj - a_j) = a_j sum_k t_k - t_j``, and a one-hot
    row sums to 1). Squared error: ``(a - t) f'(z)`` (seed 002). For a sigmoid or softmax
    output ``a - t`` is taken from z, so it keeps its digits where ``a`` rounds to 1.
    """
    if activation == "softmax":
        return _softmax_error(z, t)  # check() allows softmax only with ce
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
    if (loss == "ce") != (output_activation == "softmax"):
        raise ValueError("loss 'ce' needs a softmax output, and a softmax output the loss 'ce', "
                         f"not {loss!r} with {output_activation!r}")


def check_targets(loss: str, t, source: str = "the data", lines=None) -> None:
    """ValueError, naming ``source`` and the line, if ``loss`` is BCE or CE and a target is
    outside [0, 1] (its log terms then reward a runaway output: t = 2 drove the loss to
    -26,005), or ``loss`` is CE and a row of targets does not sum to 1 (a one-hot row does;
    the delta ``a - t`` is the gradient only then).

    ``lines[i]`` is the line of row i in the file (``Dataset.lines``); without it, the row.
    """
    t = np.asarray(t, dtype=float)
    if loss not in ("bce", "ce") or t.size == 0:
        return
    where = lambda i: f"line {lines[i]}" if lines is not None else f"row {i + 1}"  # noqa: E731
    bad = np.flatnonzero(~((t >= 0.0) & (t <= 1.0)).all(axis=1))
    if len(bad):
        i = int(bad[0])
        value = next(v for v in t[i] if not 0.0 <= v <= 1.0)
        raise ValueError(f"{source}: {where(i)}: target {float(value):g} is outside [0, 1], "
                         f"which the loss {loss} needs")
    if loss == "ce":
        bad = np.flatnonzero(np.abs(t.sum(axis=1) - 1.0) > 1e-9)
        if len(bad):
            i = int(bad[0])
            raise ValueError(f"{source}: {where(i)}: the targets sum to {float(t[i].sum()):g}; "
                             f"the loss ce needs one-hot targets (one 1 per row)")


def accuracy(output_activation: str, a, t):
    """The fraction of samples classified right, or None if ``t`` is not 0/1 (regression).

    A softmax output's class is its largest unit, compared with the target's (argmax); other
    outputs are thresholded at 0.5, every unit of a sample right for the sample to count."""
    if not np.all((t == 0) | (t == 1)):
        return None
    if output_activation == "softmax":
        return float(np.mean(np.argmax(a, axis=1) == np.argmax(t, axis=1)))
    return float(np.mean(np.all((a > 0.5) == (t > 0.5), axis=1)))
