"""Activation functions: each one's value and its derivative, side by side.

Every function works elementwise on arrays of any shape. A derivative takes both the
pre-activation ``z`` and the activation ``a = f(z)``, so that it can be written as the seeds
write it (``sigma'(z) = a (1 - a)``) without computing ``f`` a second time.
"""
from __future__ import annotations

import numpy as np

# HALF and ONE are 0-d arrays (see fast). A Python float is kept where it must not turn float32
# into float64 (the maps are float32).
from .fast import HALF, ONE


def sigmoid(z):
    # (1 + tanh(z / 2)) / 2 is 1 / (1 + exp(-z)), written so that it never overflows.
    a = np.multiply(z, 0.5)
    np.tanh(a, out=a)
    a *= HALF
    a += HALF
    return a


def sigmoid_prime(z, a):
    return a * (ONE - a)


tanh = np.tanh  # NumPy's own function: no wrapper to call on each layer


def tanh_prime(z, a):
    return ONE - a * a


def relu(z):
    return np.maximum(z, 0.0)


def relu_prime(z, a):
    # The derivative at exactly 0 is taken as 0 (a subgradient), as most libraries do.
    return (z > 0).astype(float)


def linear(z):
    return np.array(z, dtype=float)


def linear_prime(z, a):
    return np.ones_like(z, dtype=float)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "linear": (linear, linear_prime),
}


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
