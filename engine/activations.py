"""Activation functions: each one's value and its derivative, side by side.

Every function takes the pre-activation ``z`` (any shape) and works elementwise.
The derivative is written in terms of ``z`` so the backward pass never needs ``a``.
"""
from __future__ import annotations

import numpy as np


def sigmoid(z):
    # The same function as 1 / (1 + exp(-z)), written so that it never overflows.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return np.tanh(z)


def tanh_prime(z):
    return 1.0 - np.tanh(z) ** 2


def relu(z):
    return np.maximum(z, 0.0)


def relu_prime(z):
    # The derivative at exactly 0 is taken as 0 (a subgradient), as most libraries do.
    return (z > 0).astype(float)


def linear(z):
    return np.asarray(z, dtype=float)


def linear_prime(z):
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


def derivative(name: str, z):
    """``f'(z)`` for the activation called ``name``."""
    return ACTIVATIONS[name][1](z)
