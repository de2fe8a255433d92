"""The network's output over the input plane: the decision boundary and each neuron's map.

A square grid of ``n x n`` points spans ``extent = (x_min, x_max, y_min, y_max)``; row i of a
map is y = ys[i] and column j is x = xs[j], so a map is an image with y going up the rows.
Maps are only drawn, so they are computed in float32 by default: the same forward pass, a few
times faster than float64 here, and within about 1e-6 of it (far below a colour step). The
plane goes through the network in chunks: small arrays reuse the allocator's memory, while
arrays of the whole plane would be fresh pages every frame, which cost more than the arithmetic.
"""
from __future__ import annotations

import copy
from functools import lru_cache

import numpy as np

from . import backprop, features

# Bytes per layer array in one forward pass: below the size (128 KiB by default with glibc)
# from which freed memory goes back to the system and comes back as fresh pages.
CHUNK_BYTES = 64 * 1024


def points(extent, n=100):
    """``(xs, ys, grid)``: the axes and the ``(n*n, 2)`` grid of inputs, y-major."""
    x0, x1, y0, y1 = extent
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


@lru_cache(maxsize=4)
def _inputs(extent, n, dtype):
    # The window asks for the same plane every frame: build it once.
    grid = points(extent, n)[2].astype(dtype)
    grid.setflags(write=False)
    return grid


def _with_dtype(net, dtype):
    """A shallow copy of ``net`` whose weights and biases are ``dtype`` arrays."""
    out = copy.copy(net)
    out.weights = [w.astype(dtype) for w in net.weights]
    out.biases = None if net.biases is None else [b.astype(dtype) for b in net.biases]
    return out


def maps(net, extent, n=100, dtype=np.float32):
    """Every layer's activations on the grid: a list of L arrays of shape ``(units, n, n)``.

    The last entry is the output, the decision boundary. Only 2-input networks have a plane.
    ``dtype=np.float64`` gives the values of ``backprop.forward`` (to rounding).
    """
    steps = maps_in_steps(net, extent, n, dtype)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def maps_in_steps(net, extent, n=100, dtype=np.float32):
    """``maps`` a chunk of grid points at a time, for a caller that spreads a big network's
    maps over time slices: a generator that yields after each chunk and returns the maps (as
    ``StopIteration.value``). It works on a copy of the parameters taken at the first step."""
    if features.raw_inputs(net) != 2:
        raise ValueError("a decision map needs a network with exactly 2 inputs")
    grid = _inputs(tuple(float(v) for v in extent), int(n), np.dtype(dtype))
    net = _with_dtype(net, dtype)
    # One block holds every map, a row per grid point and a column per unit (one allocation),
    # so each chunk fills rows one after the other. A row per unit instead made the first chunk
    # touch a page of every unit's row at once: a big network's fresh block (25 MB for
    # [2, 64 x 10, 1]) then cost 50-130 ms of page faults in that one step.
    block = np.empty((n * n, sum(net.sizes[1:])), dtype)
    cuts = np.cumsum([0, *net.sizes[1:]]).tolist()
    rows = max(64, CHUNK_BYTES // (block.itemsize * max(net.sizes)))
    for start in range(0, n * n, rows):
        _, acts = backprop.forward(net, grid[start:start + rows])
        for a, lo, hi in zip(acts[1:], cuts, cuts[1:]):
            block[start:start + rows, lo:hi] = a
        yield start
    return [block[:, lo:hi].T.reshape(hi - lo, n, n) for lo, hi in zip(cuts, cuts[1:])]


def feature_maps(names, extent, n=100, dtype=np.float32):
    """Each named feature (features.FEATURES) over the grid: shape ``(len(names), n, n)``.

    What an input unit holds at each point of the plane; no parameters, so it depends on the
    extent alone."""
    grid = _inputs(tuple(float(v) for v in extent), int(n), np.dtype(dtype))
    return features.expand(names, grid).T.reshape(len(names), n, n)
