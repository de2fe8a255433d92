"""Engine speed on the work the window does, each figure beside a baseline from the same run.

- spiral, [2, 8, 8, 1] tanh, batch 10, eta 0.03, 250 training points: time per epoch of the
  engine's Trainer against a straightforward NumPy mini-batch loop, and against the engine's
  own NumPy calls written out inline (what is left is the cost of the engine's structure);
- the 100 x 100 decision grid plus every neuron's map, [2, 8, 8, 1], against one bare forward
  pass over the same 10,000 points (float64, the whole plane at once), in float32 (the
  default) and float64.

Each figure: min and median of ``ROUNDS`` rounds of 20 calls, quiet and loaded (load.py).

    .venv/bin/python tests/benchmarks/bench_engine.py [--quiet-only | --loaded-only]
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from engine import datasets, grid  # noqa: E402
from engine.network import Network  # noqa: E402
from engine.threads import limit_blas_threads  # noqa: E402
from engine.training import Trainer  # noqa: E402
from load import conditions  # noqa: E402
from table import ROUNDS, Row, render, times_of  # noqa: E402

HALF, ONE = np.array(0.5), np.array(1.0)


def spiral_set(n=500):
    train, _ = datasets.split(datasets.builtin("spiral", n=n, noise=0.1, seed=0), 0.5, seed=0)
    return train


def spiral_net(width=8):
    return Network.create([2, width, width, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)


def bare_minibatch_epoch(x, t, params, rng, eta=0.03, k=10):
    """One epoch of a straightforward NumPy loop: tanh hidden layers, sigmoid + BCE output."""
    W1, b1, W2, b2, W3, b3 = params
    order = rng.permutation(len(x))
    for s in range(0, len(x), k):
        idx = order[s:s + k]
        xb, tb = x[idx], t[idx]
        a1 = np.tanh(xb @ W1.T + b1)
        a2 = np.tanh(a1 @ W2.T + b2)
        a3 = 1 / (1 + np.exp(-(a2 @ W3.T + b3)))
        d3 = (a3 - tb) / len(xb)
        d2 = (d3 @ W3) * (1 - a2 * a2)
        d1 = (d2 @ W2) * (1 - a1 * a1)
        W3 -= eta * d3.T @ a2
        b3 -= eta * d3.sum(0)
        W2 -= eta * d2.T @ a1
        b2 -= eta * d2.sum(0)
        W1 -= eta * d1.T @ xb
        b1 -= eta * d1.sum(0)


def inline_epoch(trainer):
    """The engine's own NumPy calls for one epoch, inline: no functions, no checks of names."""
    net, flat, grad, ones = trainer.net, trainer.flat, trainer.grad, np.ones_like(trainer.flat)
    (W, b), (gW, gb) = (net.weights, net.biases), trainer._grad_out
    x, t = trainer._shuffled
    k, eta, s, one_k = trainer.batch_size, trainer.eta, 1.0 / trainer.batch_size, np.ones(10)
    for p in range(0, len(x), k):
        xb, tb = x[p:p + k], t[p:p + k]
        z1 = xb.dot(W[0].T)
        z1 += b[0]
        a1 = np.tanh(z1)
        z2 = a1.dot(W[1].T)
        z2 += b[1]
        a2 = np.tanh(z2)
        z3 = a2.dot(W[2].T)
        z3 += b[2]
        a3 = np.multiply(z3, 0.5)
        np.tanh(a3, out=a3)
        a3 *= HALF
        a3 += HALF
        d3 = a3 - tb
        d2 = d3.dot(W[2]) * (ONE - a2 * a2)
        d1 = d2.dot(W[1]) * (ONE - a1 * a1)
        for delta, a_prev, l in ((d3, a2, 2), (d2, a1, 1), (d1, xb, 0)):
            delta.T.dot(a_prev, out=gW[l])
            one_k.dot(delta, out=gb[l])
        grad *= s
        new = flat - eta * grad
        if not np.isfinite(new.dot(ones)):
            raise ArithmeticError("diverged")
        flat[:] = new


def spiral_epoch():
    data = spiral_set()
    net = spiral_net()
    trainer = Trainer(net, data.x, data.t, eta=0.03, batch_size=10, seed=0)
    inline = Trainer(net, data.x, data.t, eta=0.03, batch_size=10, seed=0)
    params = [p.copy() for p in net.weights + net.biases]
    params = [params[0], params[3], params[1], params[4], params[2], params[5]]
    rng = np.random.default_rng(0)
    bare, ours, floor = [], [], []
    for _ in range(ROUNDS):  # in turn: the three share the machine's moods
        bare += times_of(lambda: bare_minibatch_epoch(data.x, data.t, params, rng), 1, 20)
        ours += times_of(lambda: trainer.train_epochs(1), 1, 20)
        floor += times_of(lambda: inline_epoch(inline), 1, 20)
    return ours, bare, floor


def decision_grid():
    net = spiral_net()
    extent = (-1.5, 1.5, -1.5, 1.5)
    _, _, points = grid.points(extent, 100)
    W, b = net.weights, net.biases

    def bare():
        a = np.tanh(points @ W[0].T + b[0])
        a = np.tanh(a @ W[1].T + b[1])
        return 1 / (1 + np.exp(-(a @ W[2].T + b[2])))

    ours = times_of(lambda: grid.maps(net, extent, 100), ROUNDS, 20)
    ours64 = times_of(lambda: grid.maps(net, extent, 100, dtype=np.float64), ROUNDS, 20)
    return ours, ours64, times_of(bare, ROUNDS, 20)


def rows(condition="quiet"):
    limit_blas_threads()  # as the window and the backprop command do
    ours, bare, floor = spiral_epoch()
    maps32, maps64, bare_pass = decision_grid()
    what = "spiral [2,8,8,1] tanh, batch 10: one epoch"
    what_maps = "100 x 100 grid + every neuron's map"
    return [Row.of(what, ours, floor, "the engine's NumPy calls, inline", ("at most", 1.0),
                   condition),
            Row.of(what, ours, bare, "straightforward NumPy mini-batch loop", None, condition),
            Row.of(what_maps + ", float32", maps32, bare_pass, "one bare forward pass (float64)",
                   ("under", 1.0e-3), condition),
            Row.of(what_maps + ", float64", maps64, bare_pass, "one bare forward pass (float64)",
                   None, condition)]


def main():
    print(render([row for c in conditions(sys.argv[1:]) for row in rows(c)]))


if __name__ == "__main__":
    main()
