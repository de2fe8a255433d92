"""``training.evaluate`` for one data set scored again and again, into buffers made once.

While the window plays, the loss history scores the training and the test set at the end of
every epoch it keeps, which on the spiral ([2, 8, 8, 1], 160 + 40 points) took about a sixth
of an epoch: ``evaluate`` allocates every ``z`` and ``a`` and each temporary of the loss, and
recomputes from the fixed data what does not change (the feature columns, ``1 - t``, ``t >
0.5``, whether the targets are 0/1). A ``Scorer`` makes the same NumPy calls in the same
order (``backprop.forward``, ``losses.bce``/``mse``, ``losses.reduce``, the penalty and
``losses.accuracy``) into buffers made once per network shape and data sets, so the scores
have the same bits; tests/test_scoring.py checks them against the plain calls. Both sets of
the spiral: 25 µs against 60 µs for two ``evaluate`` calls (best of 5 x 2,000 calls, timeit). The textbook
formulas stay in backprop.py and losses.py; this is their speed path, as ``fast.Pass`` is the
trainer's. A softmax output (``ce``) takes the plain loss and accuracy on the buffered forward
pass. The data arrays must not be changed in place (data edits make new ones): a set is
known by the identity of its arrays.
"""
from __future__ import annotations

import numpy as np

from . import activations, features, losses, regularization
from .fast import dot, sigmoid_into
from .training import QUIET, evaluate


class Scorer:
    """``scorer(net, sets)``, ``sets`` a sequence of ``(x, t)`` pairs: ``training.evaluate(net,
    x, t)`` of each, one ``(loss, accuracy)`` after the other in one tuple. The buffers are made
    again when the network's shape or a data set changes."""

    def __init__(self):
        self._plan = None

    def __call__(self, net, sets) -> tuple:
        plan = self._plan
        if plan is None or not plan.fits(net, sets):
            if not all(_Plan.covers(x, t) for x, t in sets):
                return sum((evaluate(net, x, t) for x, t in sets), ())
            plan = self._plan = _Plan(net, sets)
        with np.errstate(**QUIET):
            return plan(net)


def _signature(net) -> tuple:
    return (tuple(net.sizes), tuple(net.activations), net.loss, net.reduction, net.features,
            net.biases is None)


class _Plan:
    """The buffers and the data-only quantities for one network shape and some data sets.

    The sets' rows lie one after the other in every buffer: each layer's product is one
    ``dot`` per set (the same call as ``evaluate``'s on that set), and everything elementwise
    after it (the bias, f, the loss's terms) one call for all the sets at once, which is the
    same operation on each element (the test set's 40 points cost almost as much as the
    training set's 160 on their own: the time goes into the calls, not the arithmetic).
    """

    @staticmethod
    def covers(x, t) -> bool:
        """float64 rows of samples, at least one (``evaluate`` handles the rest)."""
        return (isinstance(x, np.ndarray) and isinstance(t, np.ndarray) and x.ndim == 2
                and t.ndim == 2 and x.dtype == np.float64 and t.dtype == np.float64
                and len(x) > 0)

    def __init__(self, net, sets):
        self.sets, self.signature = [(x, t) for x, t in sets], _signature(net)
        ends = np.cumsum([0] + [len(x) for x, _ in sets])
        self.rows = [slice(a, b) for a, b in zip(ends[:-1], ends[1:])]
        n, names, widths = ends[-1], net.activations, net.sizes[1:]
        # the data's feature columns, computed once
        inputs = np.concatenate([features.inputs(net, x) for x, _ in sets])
        zs, acts = [np.empty((n, m)) for m in widths], [np.empty((n, m)) for m in widths]
        self.layers = [(zs[l], acts[l], [(a[r], zs[l][r]) for r in self.rows], name,
                        np.empty((n, m)) if name == "sigmoid" else None, np.empty((n, m)))
                       for l, (a, name, m) in enumerate(zip([inputs] + acts, names, widths))]
        self.output, self.loss, self.reduction = names[-1], net.loss, net.reduction
        self.t = np.concatenate([t for _, t in sets])
        shape = self.t.shape
        self.m, self.p, self.L = np.empty(shape), np.empty(shape), np.empty(shape)
        self.values = np.empty(n)
        self.one_minus_t = 1.0 - self.t
        # losses.accuracy's first test, per set
        self.binary = [bool(np.all((t == 0) | (t == 1))) for _, t in sets]
        self.t_high, self.right = self.t > 0.5, np.empty(shape, bool)

    def fits(self, net, sets) -> bool:
        return (len(sets) == len(self.sets) and _signature(net) == self.signature
                and all(x is x0 and t is t0 for (x, t), (x0, t0) in zip(sets, self.sets)))

    def __call__(self, net) -> tuple:
        z, a = self.forward(net)
        if self.loss == "bce":
            values = self.bce(z)
        elif self.loss == "mse":
            values = self.mse(a)
        scores = ()
        for r, binary in zip(self.rows, self.binary):
            v = losses.ce(z[r], self.t[r]) if self.loss == "ce" else values[r]
            # losses.reduce: np.sum is add.reduce, and np.mean that sum over n (a float64 over
            # an int), without their Python layers (2.3 µs against 0.7 µs)
            total = np.add.reduce(v)
            data = float(total if self.reduction == "sum" else total / len(v))
            loss = data + regularization.penalty(net) if net.regularization else data
            scores += (loss, self.accuracy(a[r], self.t_high[r], self.right[r], self.t[r])
                       if binary else None)
        return scores

    def forward(self, net):
        """``backprop.forward``'s calls: the output layer's ``(z, a)``."""
        biases = net.biases
        for l, (w, (z, a, parts, name, e, d)) in enumerate(zip(net.weights, self.layers)):
            w_t = w.T
            for a_prev, z_part in parts:
                dot(a_prev, w_t, out=z_part)
            if biases is not None:
                z += biases[l]
            if name == "tanh":
                np.tanh(z, out=a)
            elif name == "sigmoid":
                sigmoid_into(z, a, e, d)
            else:
                np.copyto(a, activations.value(name, z))
        return z, a

    def bce(self, z):
        """``losses.bce``: ``t (max(-z, 0) + L) + (1 - t) (max(z, 0) + L)``, summed per row.
        ``L = log1p(e^-|z|)`` takes the sigmoid's ``e^-|z|`` (``-x`` and ``x * -1`` are the
        same number). With one output unit the row sums are the column itself (x + 0 = x for
        the terms, never negative), so the column is used as it is."""
        m, p, L = self.m, self.p, self.L
        np.log1p(self.layers[-1][4], out=L)
        np.negative(z, out=m)
        np.maximum(m, 0.0, out=m)
        m += L
        np.multiply(self.t, m, out=m)
        np.maximum(z, 0.0, out=p)
        p += L
        np.multiply(self.one_minus_t, p, out=p)
        m += p
        return m[:, 0] if m.shape[1] == 1 else np.sum(m, axis=1, out=self.values)

    def mse(self, a):
        """``losses.mse``: ``1/2 sum_j (a_j - t_j)^2``."""
        m = np.subtract(a, self.t, out=self.m)
        np.square(m, out=m)
        return np.multiply(0.5, np.sum(m, axis=1, out=self.values), out=self.values)

    def accuracy(self, a, t_high, right, t):
        """``losses.accuracy`` of targets known to be 0/1: every unit of a sample on the right
        side of 0.5."""
        if self.output == "softmax":
            return losses.accuracy(self.output, a, t)
        np.greater(a, 0.5, out=right)
        np.equal(right, t_high, out=right)
        count = np.count_nonzero(right if right.shape[1] == 1 else right.all(axis=1))
        return float(count / len(right))
