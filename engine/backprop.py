"""The phases of backpropagation as plain functions, and the one backward pass built from them.

Rows are samples. For layer index l (0-based; the seeds' layer l+1):
``z[l] = a[l] W[l]^T + b[l]`` and ``a[l+1] = f_l(z[l])``, with ``a[0] = x``.
Deltas are per sample, ``delta[l] = dl_i/dz[l]`` (no 1/n); the gradients are those of the
reduced loss, ``grad_w[l] = s * delta[l]^T a[l]`` with ``s = 1`` (sum) or ``1/n`` (mean).
``backward_steps`` is the only loop over the layers going down: the stepper takes one of its
steps per phase, the trainer and the teaching bugs take them all, so they agree by construction.
Nothing here changes the network: functions return new arrays, or write into the ``out``
arrays they are given. The speed tricks (``dot``, ``sum_rows``) are explained in ``fast``.
"""
from __future__ import annotations

import numpy as np

from . import activations, features, losses, regularization
from .fast import dot, sum_rows


def forward_layer(net, l, a_prev):
    """One layer forward: returns ``(z, a)`` for layer index ``l``."""
    z = dot(a_prev, net.weights[l].T)
    if net.biases is not None:
        z += net.biases[l]
    return z, activations.value(net.activations[l], z)


def forward(net, x):
    """All layers: returns ``zs`` (L arrays) and ``acts`` (L+1 arrays, ``acts[0] = x``, or
    x's feature columns if the network has feature inputs)."""
    zs, acts = [], [features.inputs(net, np.asarray(x))]  # a list of rows is accepted too
    for l in range(len(net.weights)):
        z, a = forward_layer(net, l, acts[-1])
        zs.append(z)
        acts.append(a)
    return zs, acts


def loss(net, z_out, a_out, t) -> float:
    """The reduced loss of a batch, from the output layer's ``z`` and ``a``, with the
    regularisation penalty (regularization.py) if the network has one."""
    data = losses.reduce(losses.per_sample(net.loss, z_out, a_out, t), net.reduction)
    return data + regularization.penalty(net) if net.regularization else data


def output_delta(net, z_out, a_out, t):
    """``delta^L``: ``a - t`` for sigmoid + BCE and softmax + CE, ``(a - t) f'(z)`` for
    squared error."""
    return losses.output_delta(net.loss, net.activations[-1], z_out, a_out, t)


def hidden_delta(net, l, delta_next, z, a):
    """``delta[l] = (delta[l+1] W[l+1]) * f_l'(z[l])``: the row form of ``(W^T delta) * f'(z)``.

    ``a`` is the layer's own activation ``f_l(z[l])`` (that is ``acts[l + 1]``).
    """
    return dot(delta_next, net.weights[l + 1]) * activations.derivative(net.activations[l], z, a)


def gradient_sums(delta, a_prev, bias=True, out=None):
    """``(sum_i delta_i a_i^T, sum_i delta_i)``: a layer's gradients before the factor ``s``.

    ``grad_b`` is None when ``bias`` is False. With ``out = (grad_w, grad_b)`` the sums are
    written into those arrays.
    """
    grad_w, grad_b = out if out is not None else (None, None)
    grad_w = dot(delta.T, a_prev, out=grad_w)
    if bias:
        grad_b = sum_rows(delta, out=grad_b)
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


def backward_steps(net, zs, acts, t, out=None, scaled=True, output_rule=None, hidden_rule=None):
    """The backward pass, one layer at a time: yields ``(l, delta, grad_w, grad_b)`` for
    ``l = L-1`` down to 0 (``grad_b`` None without biases).

    ``scaled=False`` yields the sums before the factor ``s`` (a caller that keeps every gradient
    in one vector multiplies it by ``s`` once, then adds the regularisation term with
    ``regularization.add_gradients``; the same products). ``out``, if given, is a pair
    of lists ``(grads_w, grads_b)`` of arrays to write the gradients into. ``output_rule`` and
    ``hidden_rule`` replace ``output_delta`` and ``hidden_delta`` (same arguments): the
    teaching bugs plant their mistakes there. Each delta is computed when its step is asked
    for, from the weights of that moment.
    """
    biased, top = net.biases is not None, len(zs) - 1
    hidden = hidden_rule or hidden_delta  # looked up now: a test may swap hidden_delta
    delta = (output_rule or output_delta)(net, zs[-1], acts[-1], t)
    for l in range(top, -1, -1):
        if l < top:
            delta = hidden(net, l, delta, zs[l], acts[l + 1])
        into = out and (out[0][l], out[1][l] if out[1] else None)
        if scaled:
            grad_w, grad_b = gradients(net, delta, acts[l], into)
            regularization.add_gradient(net, l, grad_w)  # after s: the penalty has no 1/n
        else:
            grad_w, grad_b = gradient_sums(delta, acts[l], biased, into)
        yield l, delta, grad_w, grad_b


def backward(net, zs, acts, t, **rules):
    """The whole backward pass: ``(deltas, grads_w, grads_b)``, lists indexed by layer.

    ``grads_b`` is None without biases; ``rules`` are ``backward_steps``'s ``output_rule``
    and ``hidden_rule``.
    """
    L = len(zs)
    deltas, grads_w, grads_b = [None] * L, [None] * L, [None] * L
    for l, delta, grad_w, grad_b in backward_steps(net, zs, acts, t, **rules):
        deltas[l], grads_w[l], grads_b[l] = delta, grad_w, grad_b
    return deltas, grads_w, (grads_b if net.biases is not None else None)


def backprop(net, x, t):
    """One whole pass: ``(loss, grads_w, grads_b)`` for the batch ``(x, t)``."""
    zs, acts = forward(net, x)
    _, grads_w, grads_b = backward(net, zs, acts, t)
    return loss(net, zs[-1], acts[-1], t), grads_w, grads_b


def update(params, grads, eta):
    """Plain gradient descent, ``W <- W - eta dL/dW``, as new arrays."""
    return [p - eta * g for p, g in zip(params, grads)]
