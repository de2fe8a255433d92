"""The baseline: a bare, minimal NumPy loop training XOR on [2, 4, 1].

Full batch, sigmoid layers, binary cross-entropy with mean reduction, eta 0.5: the same
work as ``backprop train --data xor --layers 2,4,1 --lr 0.5 --epochs N``.
"""
import sys

import numpy as np

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
t = np.array([[0], [1], [1], [0]], dtype=float)
rng = np.random.default_rng(0)
W1, b1 = rng.normal(0, np.sqrt(1 / 2), (4, 2)), np.zeros(4)
W2, b2 = rng.normal(0, np.sqrt(1 / 4), (1, 4)), np.zeros(1)
eta, n = 0.5, len(x)
for _ in range(epochs):
    a1 = 1 / (1 + np.exp(-(x @ W1.T + b1)))
    a2 = 1 / (1 + np.exp(-(a1 @ W2.T + b2)))
    d2 = a2 - t
    d1 = (d2 @ W2) * a1 * (1 - a1)
    W2 -= eta / n * (d2.T @ a1)
    b2 -= eta / n * d2.sum(axis=0)
    W1 -= eta / n * (d1.T @ x)
    b1 -= eta / n * d1.sum(axis=0)
print(float(np.mean(((a2 > 0.5) == (t > 0.5)))))
