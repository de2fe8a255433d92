"""Update rules: plain gradient descent (the seeds), momentum and Adam.

An optimizer turns the gradient into a step, and the trainer does ``params -= step``.
Both are flat vectors (every weight and bias in ``Network.params()`` order). An optimizer
holds no state itself: its state (velocities, moments) goes in and a new one comes out, so
a caller can keep the old one when a step diverges or is undone. ``out``, if given, is an
array the step is written into (the trainer's buffer: no new array per step, the same bits).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .fast import constant

OPTIMIZERS = ("sgd", "momentum", "adam")


@dataclass(frozen=True)
class SGD:
    """``W <- W - eta dL/dW``."""
    eta: float = 0.5

    def __post_init__(self):
        object.__setattr__(self, "_eta", constant(self.eta))  # see fast

    def step(self, grad, state=None, out=None):
        return np.multiply(self._eta, grad, out=out), state


@dataclass(frozen=True)
class Momentum:
    """``v <- beta v + dL/dW``, ``W <- W - eta v``."""
    eta: float = 0.5
    beta: float = 0.9

    def step(self, grad, state=None, out=None):
        v = grad.copy() if state is None else self.beta * state + grad
        return np.multiply(self.eta, v, out=out), v


@dataclass(frozen=True)
class Adam:
    """Adam (Kingma and Ba, 2015) with bias-corrected moments; state is ``(k, m, v)``."""
    eta: float = 0.01
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def step(self, grad, state=None, out=None):
        k, m, v = state if state is not None else (0, np.zeros_like(grad), np.zeros_like(grad))
        k += 1
        m = self.beta1 * m + (1 - self.beta1) * grad
        v = self.beta2 * v + (1 - self.beta2) * grad * grad
        m_hat, v_hat = m / (1 - self.beta1 ** k), v / (1 - self.beta2 ** k)
        return np.divide(self.eta * m_hat, np.sqrt(v_hat) + self.eps, out=out), (k, m, v)


def make(name: str, eta: float):
    if name == "sgd":
        return SGD(eta)
    if name == "momentum":
        return Momentum(eta)
    if name == "adam":
        return Adam(eta)
    raise ValueError(f"unknown optimizer {name!r} (choose from {', '.join(OPTIMIZERS)})")
