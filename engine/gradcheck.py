"""Gradient check: backprop against central finite differences, for every weight and bias.

``dL/dp ~ (L(p + h) - L(p - h)) / 2h``, whose error shrinks as h^2, so in float64 with
h = 1e-5 a right gradient agrees to about 1e-9 and a wrong one stands out by orders.
"""
from __future__ import annotations

import numpy as np

from . import backprop

# Below this size a gradient counts as zero, so a difference of rounding noise between two
# tiny numbers is not reported as a large relative error.
FLOOR = 1e-4


def numerical_gradients(net, x, t, h=1e-5):
    """Central differences of the reduced loss, in the order of ``net.params()``."""
    probe = net.copy()
    grads = []
    for p in probe.params():
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = _loss(probe, x, t)
            p[i] = old - h
            down = _loss(probe, x, t)
            p[i] = old
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def _loss(net, x, t):
    zs, acts = backprop.forward(net, x)
    return backprop.loss(net, zs[-1], acts[-1], t)


def analytic_gradients(net, x, t):
    """Backprop's gradients, in the order of ``net.params()``."""
    _, grads_w, grads_b = backprop.backprop(net, x, t)
    return grads_w + (grads_b or [])


def relative_errors(analytic, numerical):
    """Per parameter ``|g - n| / max(|g| + |n|, FLOOR)``, one array per parameter array."""
    return [np.abs(g - n) / np.maximum(np.abs(g) + np.abs(n), FLOOR)
            for g, n in zip(analytic, numerical)]


def check(net, x, t, h=1e-5, analytic=None) -> float:
    """The largest relative error over every parameter (pass ``analytic`` to test other gradients)."""
    if analytic is None:
        analytic = analytic_gradients(net, x, t)
    errors = relative_errors(analytic, numerical_gradients(net, x, t, h))
    return max(float(e.max()) for e in errors)
