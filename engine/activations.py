"""Activation functions: each one's value and its derivative, side by side.

Every function works elementwise on arrays of any shape. A derivative takes both the
pre-activation ``z`` and the activation ``a = f(z)``. The seeds write ``sigma'(z) = a (1 - a)``
and ``tanh'(z) = 1 - a^2``; those two are computed from z instead, in forms with the same value
that keep every digit in float64 where ``a`` rounds to +-1 (tests/test_exact_tails.py).
``softmax`` alone is not elementwise: it works along the last axis (a row is a sample), and is
allowed only on the output layer under the loss ``ce`` (losses.py), whose delta ``a - t`` never
needs its Jacobian.
"""
from __future__ import annotations

import numpy as np

# Constants are Python floats: they keep float32 arrays (the decision maps) in float32.
# The functions work in place on as few new arrays as they can: on large batches a new array
# costs more than the arithmetic.


def _exp_minus_abs(z, scale=1.0):
    """``e^(-scale |z|)`` as a new array, in (0, 1]: it never overflows."""
    z = np.asarray(z)
    e = np.array(z, dtype=np.result_type(z, 1.0))  # float32 stays float32, ints become float64
    np.abs(e, out=e)
    np.multiply(e, -scale, out=e)
    return np.exp(e, out=e)


def sigmoid(z):
    """``1 / (1 + e^-z)`` written as ``e^min(z, 0) / (1 + e^-|z|)``: ``1 / (1 + e^-z)`` for
    z >= 0, ``e^z / (1 + e^z)`` for z < 0. Both sides keep every digit (the form
    ``(1 + tanh(z/2)) / 2`` lost all of them below z = -37) and nothing overflows."""
    d = _exp_minus_abs(z)
    d += 1.0
    a = np.minimum(z, 0.0, out=np.empty_like(d))  # an array also for a single number
    np.exp(a, out=a)
    a /= d
    return a


def sigmoid_prime(z, a):
    """``sigma'(z) = a (1 - a) = e / (1 + e)^2`` with ``e = e^-|z|``: from z, because for large
    z the rounded ``1 - a`` has no digits left."""
    e = _exp_minus_abs(z)
    d = e + 1.0
    d *= d
    e /= d
    return e


tanh = np.tanh  # NumPy's own function: no wrapper to call on each layer


def tanh_prime(z, a):
    """``1 - a^2 = sech^2 z = 4 e / (1 + e)^2`` with ``e = e^-2|z|`` (``1 - a^2`` cancels
    for large |z|)."""
    e = _exp_minus_abs(z, 2.0)
    d = e + 1.0
    d *= d
    e *= 4.0
    e /= d
    return e


def relu(z):
    return np.maximum(z, 0.0)


def relu_prime(z, a):
    # The derivative at exactly 0 is taken as 0 (a subgradient), as most libraries do.
    return (z > 0).astype(float)


def linear(z):
    return np.array(z, dtype=float)


def linear_prime(z, a):
    return np.ones_like(z, dtype=float)


def softmax_parts(z):
    """``(e, r, top)`` with ``e = e^(z - max z)`` along the last axis, the largest entry
    (at index ``top``) set to 0, and ``r`` the sum of the others: then ``sum e^(z - max) = 1 + r``
    with ``r`` kept to every digit even when it is far below eps (``log(1 + r) = log1p(r)``)."""
    z = np.asarray(z)
    top = np.argmax(z, axis=-1)[..., None]
    e = np.subtract(z, np.take_along_axis(z, top, axis=-1), dtype=np.result_type(z, 1.0))
    np.exp(e, out=e)
    np.put_along_axis(e, top, 0.0, axis=-1)
    return e, e.sum(axis=-1, keepdims=True), top


def softmax(z):
    """``a_j = e^z_j / sum_k e^z_k`` along the last axis, as ``e_j / (1 + r)`` (softmax_parts):
    no exponential overflows, and the largest ``a_j`` is ``1 / (1 + r)``."""
    e, r, top = softmax_parts(z)
    np.put_along_axis(e, top, 1.0, axis=-1)
    r += 1.0
    e /= r
    return e


def softmax_prime(z, a):
    """The diagonal of softmax's Jacobian, ``da_j/dz_j = a_j (1 - a_j)``, for display only:
    backprop never needs it (softmax comes only with ``ce``, whose delta is ``a - t``)."""
    a = softmax(z) if a is None else np.asarray(a)
    return a * (1.0 - a)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "linear": (linear, linear_prime),
    "softmax": (softmax, softmax_prime),
}
HIDDEN = ("sigmoid", "tanh", "relu", "linear")  # the elementwise ones: any layer may have them
OUTPUT_ONLY = ("softmax",)


def check_name(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r} (choose from {', '.join(ACTIVATIONS)})")
    return name


def value(name: str, z):
    """``f(z)`` for the activation called ``name``."""
    return ACTIVATIONS[name][0](z)


def derivative(name: str, z, a=None):
    """``f'(z)`` for the activation called ``name``; pass ``a = f(z)`` if it is at hand."""
    fn, prime = ACTIVATIONS[name]
    return prime(z, fn(z) if a is None else a)
