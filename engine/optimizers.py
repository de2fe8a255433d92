"""Update rules: plain gradient descent (the seeds), momentum and Adam.

An optimizer is stateless itself; its state (velocities, moments) is passed in and a new
state is returned, so a caller can keep the old one when a step diverges or is undone.
``params`` and ``grads`` are lists of arrays in the same order.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backprop import update

OPTIMIZERS = ("sgd", "momentum", "adam")


@dataclass(frozen=True)
class SGD:
    eta: float = 0.5

    def step(self, params, grads, state=None):
        return update(params, grads, self.eta), state


@dataclass(frozen=True)
class Momentum:
    """``v <- beta v + g``, ``W <- W - eta v``."""
    eta: float = 0.5
    beta: float = 0.9

    def step(self, params, grads, state=None):
        v = grads if state is None else [self.beta * vi + g for vi, g in zip(state, grads)]
        return update(params, v, self.eta), v


@dataclass(frozen=True)
class Adam:
    """Adam (Kingma and Ba, 2015) with bias-corrected moments."""
    eta: float = 0.01
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def step(self, params, grads, state=None):
        k, m, v = state if state is not None else (0, [0.0] * len(grads), [0.0] * len(grads))
        k += 1
        m = [self.beta1 * mi + (1 - self.beta1) * g for mi, g in zip(m, grads)]
        v = [self.beta2 * vi + (1 - self.beta2) * g * g for vi, g in zip(v, grads)]
        c1, c2 = 1 - self.beta1 ** k, 1 - self.beta2 ** k
        new = [p - self.eta * (mi / c1) / (np.sqrt(vi / c2) + self.eps)
               for p, mi, vi in zip(params, m, v)]
        return new, (k, m, v)


def make(name: str, eta: float):
    if name == "sgd":
        return SGD(eta)
    if name == "momentum":
        return Momentum(eta)
    if name == "adam":
        return Adam(eta)
    raise ValueError(f"unknown optimizer {name!r} (choose from {', '.join(OPTIMIZERS)})")
