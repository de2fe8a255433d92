"""The phases of backpropagation as plain functions, in the seeds' order.

Rows are samples. For layer index l (0-based; the seeds' layer l+1):
``z[l] = a[l] W[l]^T + b[l]`` and ``a[l+1] = f_l(z[l])``, with ``a[0] = x``.
Deltas are per sample, ``delta[l] = dl_i/dz[l]`` (no 1/n); the gradients are those of the
reduced loss, ``grad_w[l] = s * delta[l]^T a[l]`` with ``s = 1`` (sum) or ``1/n`` (mean).
Nothing here changes the network: every function returns new arrays, or writes into the
``out`` arrays it is given (the trainer keeps all gradients in one flat vector).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import activations, losses


def forward_layer(net, l, a_prev):
    """One layer forward: returns ``(z, a)`` for layer index ``l``."""
    # The method a.dot(b) rather than np.dot or @: the same product, without the dispatch
    # overhead that dominates on the small arrays of a mini-batch (used throughout).
    z = a_prev.dot(net.weights[l].T)
    if net.biases is not None:
        z += net.biases[l]
    return z, activations.value(net.activations[l], z)


def forward(net, x):
    """All layers: returns ``zs`` (L arrays) and ``acts`` (L+1 arrays, ``acts[0] = x``)."""
    zs, acts = [], [np.asarray(x)]  # a list of rows is accepted too
    for l in range(len(net.weights)):
        z, a = forward_layer(net, l, acts[-1])
        zs.append(z)
        acts.append(a)
    return zs, acts


def loss(net, z_out, a_out, t) -> float:
    """The reduced loss of a batch, from the output layer's ``z`` and ``a``."""
    return losses.reduce(losses.per_sample(net.loss, z_out, a_out, t), net.reduction)


def output_delta(net, z_out, a_out, t):
    """``delta^L``: ``a - t`` for sigmoid + BCE, ``(a - t) f'(z)`` for squared error."""
    return losses.output_delta(net.loss, net.activations[-1], z_out, a_out, t)


def hidden_delta(net, l, delta_next, z, a):
    """``delta[l] = (delta[l+1] W[l+1]) * f_l'(z[l])``: the row form of ``(W^T delta) * f'(z)``.

    ``a`` is the layer's own activation ``f_l(z[l])`` (that is ``acts[l + 1]``).
    """
    return delta_next.dot(net.weights[l + 1]) * activations.derivative(net.activations[l], z, a)


@lru_cache(maxsize=16)
def _ones(n):
    ones = np.ones(n)
    ones.setflags(write=False)
    return ones


def gradient_sums(delta, a_prev, bias=True, out=None):
    """``(sum_i delta_i a_i^T, sum_i delta_i)``: a layer's gradients before the factor ``s``.

    ``grad_b`` is None when ``bias`` is False. With ``out = (grad_w, grad_b)`` the sums are
    written into those arrays.
    """
    grad_w, grad_b = out if out is not None else (None, None)
    grad_w = delta.T.dot(a_prev, out=grad_w)
    if bias:
        # The sum over samples as a product with a row of ones: one BLAS call, which is cheaper
        # than a reduction on the small arrays of a mini-batch.
        grad_b = _ones(len(delta)).dot(delta, out=grad_b)
    return grad_w, grad_b


def gradients(net, delta, a_prev, out=None):
    """``(grad_w, grad_b)`` of the reduced loss for one layer; ``grad_b`` is None without biases.

    ``grad_w = s delta^T a_prev`` and ``grad_b = s sum_i delta_i``. With ``out = (grad_w,
    grad_b)`` the results are written into those arrays and the same arrays are returned.
    """
    s = losses.scale(net.reduction, len(delta))
    grads = gradient_sums(delta, a_prev, net.biases is not None, out)
    for g in grads:
        if g is not None:
            g *= s  # also when s is 1: a product by 1 changes no bit
    return grads


def backward(net, zs, acts, t, out=None, flat=None):
    """Every delta and gradient, from the output layer down: ``(deltas, grads_w, grads_b)``.

    ``out``, if given, is a pair of lists of arrays to write the gradients into. When those
    arrays are all views of one vector, pass it as ``flat``: the sums are written layer by
    layer and ``s`` multiplies the whole vector at once (the same products, one NumPy call).
    """
    L, biased = len(zs), net.biases is not None
    deltas, grads_w, grads_b = [None] * L, [None] * L, [None] * L
    out_w, out_b = out if out is not None else (None, None)
    deltas[-1] = output_delta(net, zs[-1], acts[-1], t)
    for l in range(L - 1, -1, -1):
        if l < L - 1:
            deltas[l] = hidden_delta(net, l, deltas[l + 1], zs[l], acts[l + 1])
        layer_out = (out_w and out_w[l], out_b and out_b[l])  # (None, None): new arrays
        if flat is None:
            grads_w[l], grads_b[l] = gradients(net, deltas[l], acts[l], layer_out)
        else:
            grads_w[l], grads_b[l] = gradient_sums(deltas[l], acts[l], biased, layer_out)
    if flat is not None:
        flat *= losses.scale(net.reduction, len(t))
    return deltas, grads_w, (grads_b if biased else None)


def backprop(net, x, t):
    """One whole pass: ``(loss, grads_w, grads_b)`` for the batch ``(x, t)``."""
    zs, acts = forward(net, x)
    _, grads_w, grads_b = backward(net, zs, acts, t)
    return loss(net, zs[-1], acts[-1], t), grads_w, grads_b


def update(params, grads, eta):
    """Plain gradient descent, ``W <- W - eta dL/dW``, as new arrays."""
    return [p - eta * g for p, g in zip(params, grads)]
