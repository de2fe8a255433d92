"""The network: layer sizes, weights, biases, an activation per layer and a loss.

Conventions (Nielsen's): ``sizes = [n_0, n_1, ..., n_L]`` with the inputs first.
``weights[l]`` has shape ``(sizes[l+1], sizes[l])`` and ``biases[l]`` shape ``(sizes[l+1],)``,
so ``weights[0]`` is the seeds' ``W^1``. ``activations[l]`` is the activation of layer l+1.
``regularization`` ("l1", "l2" or None) and ``reg_rate`` add a penalty on the weights
(regularization.py); ``features`` names input units computed from the raw columns x1, x2
(features.py), so a batch of data is then ``(samples, 2)``.
Samples are rows: a batch of inputs is ``(samples, sizes[0])``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import activations as act
from . import features, losses, regularization

INITS = ("xavier", "he", "uniform")


@dataclass
class Network:
    sizes: list[int]
    activations: list[str]
    loss: str = "bce"
    reduction: str = "mean"
    bias: bool = True
    weights: list[np.ndarray] = field(default_factory=list)
    biases: list[np.ndarray] | None = None
    regularization: str | None = None  # "l1", "l2" or None (regularization.py)
    reg_rate: float = 0.0
    features: tuple | None = None  # input units computed from the raw x1, x2 (features.py)

    def __post_init__(self):
        self.sizes = [int(n) for n in self.sizes]
        self.activations = list(self.activations)
        if not self.weights:
            self.weights = [np.zeros((m, n)) for n, m in zip(self.sizes, self.sizes[1:])]
        if self.bias and self.biases is None:
            self.biases = [np.zeros(m) for m in self.sizes[1:]]
        if not self.bias:
            self.biases = None
        self.weights = [np.array(w, dtype=float) for w in self.weights]
        if self.biases is not None:
            self.biases = [np.array(b, dtype=float) for b in self.biases]
        self.check()

    @property
    def n_layers(self) -> int:
        """L: the number of layers with weights (the input layer is not counted)."""
        return len(self.sizes) - 1

    def check(self) -> None:
        """Raise ValueError naming the first thing that does not fit together."""
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise ValueError(f"layers must be at least two positive sizes, not {self.sizes}")
        if len(self.activations) != self.n_layers:
            raise ValueError(f"{self.n_layers} layers need {self.n_layers} activations, "
                             f"not {len(self.activations)}")
        for name in self.activations:
            act.check_name(name)
        if any(name in act.OUTPUT_ONLY for name in self.activations[:-1]):
            raise ValueError("softmax is allowed only on the output layer")
        losses.check(self.loss, self.reduction, self.activations[-1])
        regularization.check(self.regularization, self.reg_rate)
        if self.features is not None:
            self.features = tuple(self.features)
        features.check(self.features, self.sizes[0])
        for l, (n, m) in enumerate(zip(self.sizes, self.sizes[1:])):
            if self.weights[l].shape != (m, n):
                raise ValueError(f"weights[{l}] has shape {self.weights[l].shape}, expected {(m, n)}")
            if self.biases is not None and self.biases[l].shape != (m,):
                raise ValueError(f"biases[{l}] has shape {self.biases[l].shape}, expected {(m,)}")
        if len(self.weights) != self.n_layers:
            raise ValueError(f"{self.n_layers} layers need {self.n_layers} weight matrices")

    def params(self) -> list[np.ndarray]:
        """Every parameter array: weights then biases (the order gradients use)."""
        return self.weights + (self.biases or [])

    def copy(self) -> "Network":
        return Network(self.sizes, self.activations, self.loss, self.reduction, self.bias,
                       [w.copy() for w in self.weights],
                       None if self.biases is None else [b.copy() for b in self.biases],
                       self.regularization, self.reg_rate, self.features)

    @classmethod
    def create(cls, sizes, activation="sigmoid", output_activation="sigmoid", loss="bce",
               reduction="mean", bias=True, seed=0, init="xavier", regularization=None,
               reg_rate=0.0, features=None) -> "Network":
        """A freshly initialised network; the same seed always gives the same weights."""
        sizes = [int(n) for n in sizes]
        names = [activation] * (len(sizes) - 2) + [output_activation]
        net = cls(sizes, names, loss, reduction, bias, regularization=regularization,
                  reg_rate=reg_rate, features=features)
        net.weights = initial_weights(sizes, names, seed, init)
        return net


def initial_weights(sizes, names, seed=0, init="xavier"):
    """Seeded random weights; biases start at zero.

    ``xavier`` (the default) draws from N(0, 1/n_in) for sigmoid, tanh and linear layers,
    and N(0, 2/n_in) for ReLU layers (He). This keeps z of order one whatever the width,
    so a sigmoid starts in its steep middle and learns at once. ``he`` uses 2/n_in
    everywhere; ``uniform`` draws from U(-1, 1), as small demos often do.
    """
    if init not in INITS:
        raise ValueError(f"unknown init {init!r} (choose from {', '.join(INITS)})")
    rng = np.random.default_rng(seed)
    weights = []
    for (n, m), name in zip(zip(sizes, sizes[1:]), names):
        if init == "uniform":
            weights.append(rng.uniform(-1.0, 1.0, size=(m, n)))
            continue
        gain = 2.0 if (init == "he" or name == "relu") else 1.0
        weights.append(rng.normal(0.0, np.sqrt(gain / n), size=(m, n)))
    return weights
