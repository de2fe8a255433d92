"""Engine speed on the work the window does, each figure beside a baseline from the same run.

- spiral, [2, 8, 8, 1] tanh, batch 10, eta 0.03, 250 training points: time per epoch of the
  engine's Trainer against a straightforward NumPy mini-batch loop;
- the 100 x 100 decision grid plus every neuron's map, [2, 8, 8, 1], against one bare forward
  pass over the same 10,000 points.

    .venv/bin/python tests/benchmarks/bench_engine.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from engine import datasets, grid  # noqa: E402
from engine.network import Network  # noqa: E402
from engine.training import Trainer  # noqa: E402


def best_of(fn, repeat=7, number=1) -> float:
    """The best time per call: the least disturbed by other work on a shared machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def spiral_set():
    train, _ = datasets.split(datasets.builtin("spiral", n=500, noise=0.1, seed=0), 0.5, seed=0)
    return train


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


def spiral_epoch():
    data = spiral_set()
    net = Network.create([2, 8, 8, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)
    trainer = Trainer(net, data.x, data.t, eta=0.03, batch_size=10, seed=0)
    params = [p.copy() for p in net.weights + net.biases]
    params = [params[0], params[3], params[1], params[4], params[2], params[5]]
    rng = np.random.default_rng(0)
    bare = best_of(lambda: bare_minibatch_epoch(data.x, data.t, params, rng), number=20)
    ours = best_of(lambda: trainer.train_epochs(1), number=20)
    return ours, bare


def decision_grid():
    net = Network.create([2, 8, 8, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)
    _, _, points = grid.points((-1.5, 1.5, -1.5, 1.5), 100)
    W, b = net.weights, net.biases

    def bare():
        a = np.tanh(points @ W[0].T + b[0])
        a = np.tanh(a @ W[1].T + b[1])
        return 1 / (1 + np.exp(-(a @ W[2].T + b[2])))

    ours = best_of(lambda: grid.maps(net, (-1.5, 1.5, -1.5, 1.5), 100), number=20)
    return ours, best_of(bare, number=20)


ROWS = [
    ("spiral [2,8,8,1] tanh, batch 10: one epoch", spiral_epoch, "bare NumPy mini-batch loop", 0.40e-3),
    ("100 x 100 grid + every neuron's map", decision_grid, "one bare forward pass", 1.0e-3),
]


def main():
    print(f"{'what':<46} {'engine':>10} {'baseline':>10} {'ratio':>6}  {'target':>8}  baseline")
    for what, fn, base_name, target in ROWS:
        ours, base = fn()
        mark = "met" if ours <= target else "MISSED"
        print(f"{what:<46} {ours * 1e3:8.3f}ms {base * 1e3:8.3f}ms {ours / base:5.2f}x "
              f" {target * 1e3:5.2f}ms {mark:>6}  {base_name}")


if __name__ == "__main__":
    main()
