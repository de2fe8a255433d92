"""What the gradient check needs to know its own error: step scales, rounding bounds, kinks.

Arrays follow engine/backprop.py: rows are samples, ``zs[l]`` and ``deltas[l]`` are
(samples, units of layer l), ``acts[l]`` the layer's input (``acts[0] = x``). Per-parameter
results come as lists of arrays in ``Network.params()`` order (weights, then biases).
The rounding bounds are first-order: eps times the magnitude of every term a float64 sum adds
up, weighted by how much the loss moves with it (the deltas), times the length of the sums.
"""
from __future__ import annotations

import numpy as np

from . import backprop, losses, regularization

EPS = np.finfo(float).eps
MAX_SCALE = 1e6  # an input column of (nearly) zeros: the step in the weight stays finite


def step_scales(net, x):
    """Per parameter, the change that moves its z by about 1: ``1 / max_i |a_i|`` over the
    column the weight multiplies (1 where the column is all zeros), and 1 for a bias."""
    acts = backprop.forward(net, x)[1]
    scales = []
    for l, w in enumerate(net.weights):
        largest = np.abs(acts[l]).max(axis=0)
        column = np.where(largest > 0, 1.0 / np.maximum(largest, 1.0 / MAX_SCALE), 1.0)
        scales.append(np.broadcast_to(column, w.shape))
    if net.biases is not None:
        scales += [np.ones_like(b) for b in net.biases]
    return scales


def _sum_length(net, n_samples):
    """How many roundings one number of the loss or a gradient goes through, at most."""
    return 4 + max(net.sizes) + net.n_layers + int(np.log2(n_samples + 1))


def loss_rounding(net, zs, acts, deltas, t) -> float:
    """A bound on the absolute rounding error of one evaluation of the reduced loss.

    The loss itself (its terms are never negative) plus, per layer, every z's rounding
    ``eps sum_k |W_jk a_k| + |b_j|`` times how much the loss moves with that z (``|delta|``)."""
    s = losses.scale(net.reduction, len(t))
    size = s * np.abs(losses.per_sample(net.loss, zs[-1], acts[-1], t)).sum()
    for l, w in enumerate(net.weights):
        terms = np.abs(acts[l]).dot(np.abs(w).T)
        if net.biases is not None:
            terms = terms + np.abs(net.biases[l])
        size += s * (np.abs(deltas[l]) * terms).sum()
    size += regularization.penalty(net)  # never negative
    return float(EPS * _sum_length(net, len(t)) * size)


def backprop_rounding(net, acts, deltas):
    """Per parameter, a bound on the rounding error of backprop's own gradient:
    eps times ``s sum_i |delta_i| |a_i|`` (weights) or ``s sum_i |delta_i|`` (biases)."""
    s = losses.scale(net.reduction, len(acts[0]))
    c = EPS * _sum_length(net, len(acts[0]))
    bounds = [c * s * np.abs(d).T.dot(np.abs(a)) for d, a in zip(deltas, acts)]
    for l, b in enumerate(bounds):  # the L1/L2 term is added to the weights' gradients
        term = regularization.gradient(net, l)
        if term is not None:
            b += c * np.abs(term)
    if net.biases is not None:
        bounds += [c * s * np.abs(d).sum(axis=0) for d in deltas]
    return bounds


def kink_of(net, zs, zs_seen):
    """``(layer, unit, sample)`` of a ReLU unit whose z reaches 0 within the steps, else None.

    ``zs`` is the forward pass at the parameter's value, ``zs_seen`` those at the stepped
    values. A z that the step does not move (the parameter does not reach it) is no kink."""
    for l, name in enumerate(net.activations):
        if name != "relu":
            continue
        seen = np.stack([zs[l]] + [z[l] for z in zs_seen])
        lo, hi = seen.min(axis=0), seen.max(axis=0)
        crossing = (lo != hi) & (lo <= 0) & (hi >= 0)
        if crossing.any():
            sample, unit = np.argwhere(crossing)[0]
            return int(l), int(unit), int(sample)
    return None
