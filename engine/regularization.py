"""L1 and L2 regularisation of the weights, not the biases (DESIGN.md section 3).

The reduced loss gains ``rate * sum |w|`` (``l1``) or ``rate * 1/2 sum w^2`` (``l2``) over
every weight of every layer; each weight's gradient gains ``rate * sign(w)`` (sign(0) = 0) or
``rate * w``. The term does not depend on the batch: it is added once to the reduced loss and
to the gradients after their factor ``s`` (1 or 1/n), whatever the reduction.
A network without regularisation has ``regularization`` None (and ``reg_rate`` 0).
"""
from __future__ import annotations

import math

import numpy as np

KINDS = ("l1", "l2")


def check(kind, rate) -> None:
    """ValueError unless ``kind`` is None, "l1" or "l2" and ``rate`` a finite number >= 0."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown regularization {kind!r} (choose from none, {', '.join(KINDS)})")
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not (
            math.isfinite(rate) and rate >= 0):
        raise ValueError(f"the regularization rate must be a finite number >= 0, not {rate!r}")


def penalty(net) -> float:
    """The term the loss gains: ``rate sum |w|`` or ``rate 1/2 sum w^2`` (0 without one)."""
    if net.regularization is None:
        return 0.0
    if net.regularization == "l1":
        return net.reg_rate * sum(float(np.abs(w).sum()) for w in net.weights)
    return net.reg_rate * 0.5 * sum(float(np.square(w).sum()) for w in net.weights)


def gradient(net, l):
    """The term weight matrix ``l``'s gradient gains (None without regularisation)."""
    if net.regularization is None:
        return None
    w = net.weights[l]
    return net.reg_rate * (np.sign(w) if net.regularization == "l1" else w)


def add_gradient(net, l, grad_w):
    """Add the term to ``grad_w`` (the reduced loss's gradient of layer ``l``), in place."""
    term = gradient(net, l)
    if term is not None:
        grad_w += term
    return grad_w


def add_gradients(net, grads_w):
    """``add_gradient`` for every layer (a caller that scales all the sums at once)."""
    if net.regularization is not None:
        for l, g in enumerate(grads_w):
            add_gradient(net, l, g)
