"""The network's output over the input plane: the decision boundary and each neuron's map.

A square grid of ``n x n`` points spans ``extent = (x_min, x_max, y_min, y_max)``; row i of a
map is y = ys[i] and column j is x = xs[j], so a map is an image with y going up the rows.
"""
from __future__ import annotations

import numpy as np

from . import backprop


def points(extent, n=100):
    """``(xs, ys, grid)``: the axes and the ``(n*n, 2)`` grid of inputs, y-major."""
    x0, x1, y0, y1 = extent
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def maps(net, extent, n=100):
    """Every layer's activations on the grid: a list of L arrays of shape ``(units, n, n)``.

    The last entry is the output, the decision boundary. Only 2-input networks have a plane.
    """
    if net.sizes[0] != 2:
        raise ValueError("a decision map needs a network with exactly 2 inputs")
    _, _, grid = points(extent, n)
    _, acts = backprop.forward(net, grid)
    return [a.T.reshape(a.shape[1], n, n) for a in acts[1:]]
