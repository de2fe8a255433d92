"""The engine's speed tricks, in one place: what each one buys, so the math can stay plain.

On the small arrays of a mini-batch (10 samples, 8 units) NumPy spends more time deciding what
to do than doing it, so the tricks all cut per-call overhead; none changes a single bit of a
result. Times are the best of 7 runs of 200,000 calls on this project's 2-core machine
(Python 3.11, NumPy 2.4), for a (10, 8) batch and the 105 parameters of [2, 8, 8, 1]:

- ``dot``: the arrays' own ``dot`` method (here taken unbound, ``dot(a, b)``) skips the
  dispatch that ``np.dot`` pays on every call: 0.43 µs against 0.60 µs for ``np.dot`` and
  0.85 µs for ``@``.
- ``sum_rows``: a sum over samples as one product with a row of ones, read-only and made once
  per batch size: 0.28 µs against 0.88 µs for ``delta.sum(axis=0)`` (0.88 µs too if the ones
  are made afresh each time).
- ``constant``, ``HALF``, ``ONE``: numbers as read-only 0-d arrays, which NumPy applies to a
  small array faster than a Python float (same value, same bits): ``a * HALF`` 0.23 µs against
  0.39 µs for ``a * 0.5``. Keep a Python float where float32 must stay float32.
- ``views``: every weight and bias as a view of one flat vector. The trainer writes each layer's
  gradient sums into those views and multiplies the whole vector by ``s`` (1 or 1/n) at once:
  0.21 µs against 1.6 µs for six per-layer products; the update is one subtraction too. The
  same products, so the layer-by-layer pass gives the same bits.
- A sum of the new parameters (``sum_rows`` of a vector) tells whether any is inf or NaN:
  0.68 µs against 0.98 µs for ``np.isfinite(v).all()``.

- ``Pass``: the trainer's forward and backward pass for one batch size, fused. The plain pass
  (``backprop.forward`` and ``backward_steps``) is a few Python calls per formula, allocates
  every ``z``, ``a`` and ``delta``, computes the sigmoid output that the delta ``a - t`` (taken
  from z) never reads, and each layer's ``f'`` on its own. ``Pass`` makes the same NumPy calls
  in the same order into buffers made once, and ``f'`` of every hidden layer in one call over
  one vector that holds every ``z`` (elementwise, so the same bits): 10 µs against 22 µs a
  batch of the spiral. It covers the common case (a sigmoid output with bce, no features);
  the trainer takes the plain pass otherwise. A batch whose loss is asked for takes ``Pass``
  too and the loss from its output ``z`` (``z_out``, the plain pass's bits): 21 µs against
  31 µs for the plain pass, a recorded epoch of XOR (13 µs with no loss asked for).
  tests/test_fast.py checks it bit for bit against the plain pass.
- ``scoring.Scorer``: the same idea for the loss and accuracy the loss history records each
  epoch (``training.evaluate`` into buffers made once per network shape and data sets).
- ``x.take(order, axis=0)`` for the shuffle: the same copy as ``x[order]``, 0.36 µs against
  2.9 µs for 250 rows; and ``np.putmask`` rather than ``np.subtract(..., where=)``, which
  costs 1.6 µs on 10 numbers.

With all of them a spiral epoch ([2, 8, 8, 1], batch 10) is about 0.31 ms, against 0.58 ms for
a straightforward NumPy loop and 0.32 ms for the benchmark's engine calls written inline
(simpler formulas, no shuffle: ``tests/benchmarks/bench_engine.py``). This module is longer than
most because each trick sits beside its reason.
"""
from __future__ import annotations

import numpy as np

from . import activations

dot = np.ndarray.dot  # dot(a, b, out=None); a must be an ndarray

_ONES: dict = {}  # batch size -> read-only ones; batch sizes are few, but data edits add some
_MAX_ONES = 32


def read_only(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def constant(value: float) -> np.ndarray:
    """``value`` as a read-only 0-d float64 array."""
    return read_only(np.array(float(value)))


HALF, ONE = constant(0.5), constant(1.0)


def ones(n: int) -> np.ndarray:
    """A read-only vector of ``n`` ones, made once per ``n``."""
    v = _ONES.get(n)
    if v is None:
        if len(_ONES) >= _MAX_ONES:
            _ONES.clear()
        v = _ONES[n] = read_only(np.ones(n))
    return v


def sum_rows(a: np.ndarray, out=None):
    """``sum_i a[i]``: the sum over samples (rows), or of a vector's entries (a number)."""
    v = _ONES.get(len(a))  # the lookup of ones(), inline: this runs once per layer and batch
    if v is None:
        v = ones(len(a))
    return v.dot(a, out=out)


def views(flat: np.ndarray, shapes) -> list:
    """Arrays of the given shapes that are consecutive views of ``flat``."""
    out, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(flat[start:start + size].reshape(shape))
        start += size
    return out


ZERO, MINUS_ONE, MINUS_TWO, FOUR = constant(0.0), constant(-1.0), constant(-2.0), constant(4.0)


def sigmoid_into(z, a, e, d):
    """``activations.sigmoid``'s calls, ``e^min(z, 0) / (1 + e^-|z|)``, into ``a``, keeping
    ``e = e^-|z|`` and ``d = 1 + e`` for sigma' and the loss (``Pass``, ``scoring``)."""
    np.abs(z, out=e)
    np.multiply(e, MINUS_ONE, out=e)
    np.exp(e, out=e)
    np.add(e, ONE, out=d)
    np.minimum(z, ZERO, out=a)
    np.exp(a, out=a)
    a /= d
    return a


def fusable(net) -> bool:
    """Whether ``Pass`` covers ``net``: a sigmoid output with bce, elementwise hidden layers,
    no feature inputs."""
    return (net.loss == "bce" and net.activations[-1] == "sigmoid" and net.features is None
            and "softmax" not in net.activations[:-1])


class Pass:
    """The gradient sums (before the factor ``s``) of a batch of ``k`` samples, written into
    ``grads_w`` and ``grads_b`` (the trainer's views of its flat gradient): the calls of
    ``backprop.forward`` and ``backprop.backward_steps`` for a ``fusable`` network, into
    buffers made once, with each layer's arrays gathered in a tuple once (``net``'s arrays are
    read at each call: keep them in place).

    Every ``z`` (hidden layers, then the output) lies in one vector, so the elementwise work
    after the forward pass is one call per operation for all layers: ``tanh'`` is
    ``4 e / (1 + e)^2`` with ``e = e^-2|z|`` (``activations.tanh_prime``), the output's
    ``a - t`` needs ``e / (1 + e)`` with ``e = e^-|z|`` (``losses._sigmoid_error``), and both
    ``e`` come from one product of ``|z|`` by a vector of -2s and -1s (exact products): the
    same operations in the same order on each element. A sigmoid hidden layer keeps the
    ``e = e^-|z|`` and ``1 + e`` of its forward pass (``activations.sigmoid``), from which
    ``sigmoid' = e / (1 + e)^2`` takes two more calls (``activations.sigmoid_prime`` makes them
    again). Other hidden layers (and tanh beside other kinds) take ``activations.derivative``.
    """

    def __init__(self, net, k, grads_w, grads_b):
        widths, hidden = net.sizes[1:], net.activations[:-1]
        shapes, size, h = [(k, n) for n in widths], k * sum(widths), k * sum(widths[:-1])
        self.all_tanh = all(name == "tanh" for name in hidden)
        z_all, e_all, d_all, delta_all = (np.empty(size) for _ in range(4))
        zs, acts = views(z_all, shapes), views(np.empty(size), shapes)
        *primes, self.s = views(e_all, shapes)  # f' of the hidden layers; sigmoid(-|z|)
        deltas, ds = views(delta_all, shapes), views(d_all, shapes)
        lo = 0 if self.all_tanh else h  # the part of the vector the elementwise calls take
        self.z_part, self.e_part, self.d_part = z_all[lo:], e_all[lo:], d_all[lo:]
        self.e_hidden, self.d_hidden = e_all[lo:h], d_all[lo:h]  # empty unless all tanh
        self.minus = read_only(np.concatenate([np.full(h - lo, -2.0), np.full(size - h, -1.0)]))
        self.z_out, self.delta_out, self.negative = zs[-1], deltas[-1], np.empty(shapes[-1], bool)
        self.error = np.empty(shapes[-1])
        # z += b broadcasts b over the rows, and NumPy's setup for that costs four times the
        # sum (0.9 µs against 0.22 µs for (10, 8)). Copying b into the rows of a buffer is a
        # cheaper broadcast (0.11 µs), and adding that buffer the same sums. A bias of one unit
        # is added as a number, a 0-d view.
        b = net.biases or [None] * len(zs)
        self.layers = [(z, w.T, b[l] if b[l] is None or b[l].size > 1 else b[l].reshape(()),
                        None if b[l] is None or b[l].size == 1 else np.empty_like(z),
                        acts[l] if l < len(hidden) else None, hidden[l] if l < len(hidden) else None,
                        primes[l] if l < len(hidden) else None, ds[l])
                       for l, (z, w) in enumerate(zip(zs, net.weights))]
        self.hidden = [(zs[l], acts[l], primes[l], ds[l], name) for l, name in enumerate(hidden)]
        # Backward, from the top: (W of the layer above, delta and its transpose, f', a_prev,
        # grad_w, grad_b); the transposes are views of the buffers, made once.
        self.down = [(net.weights[l + 1] if l < len(hidden) else None, deltas[l], deltas[l].T,
                      primes[l] if l < len(hidden) else None, acts[l - 1] if l else None,
                      grads_w[l], grads_b and grads_b[l]) for l in range(len(zs) - 1, -1, -1)]
        self.ones = ones(k)

    def __call__(self, x, t, one_minus_t=None):
        """The sums for inputs ``x`` and targets ``t`` (``1 - t`` too if it is at hand)."""
        self.forward(x)
        self.elementwise()
        self.backward(x, self.output_delta(t, one_minus_t))

    def forward(self, x):
        """``backprop.forward``: every layer's ``z`` and every hidden layer's ``a``."""
        a = x
        for z, w_t, b, b_rows, a_next, name, e, d in self.layers:
            dot(a, w_t, out=z)
            if b_rows is not None:
                b_rows[...] = b
                z += b_rows
            elif b is not None:
                z += b
            if name == "tanh":
                a = np.tanh(z, out=a_next)
            elif name == "sigmoid":
                a = sigmoid_into(z, a_next, e, d)
            elif name is not None:
                a = a_next
                np.copyto(a, activations.value(name, z))

    def elementwise(self):
        """``f'`` of the hidden layers into ``primes``, ``e^-|z| / (1 + e^-|z|)`` of the
        output into ``s``."""
        e, d, e_hidden, d_hidden = self.e_part, self.d_part, self.e_hidden, self.d_hidden
        np.abs(self.z_part, out=e)
        np.multiply(e, self.minus, out=e)
        np.exp(e, out=e)
        np.add(e, ONE, out=d)
        np.square(d_hidden, out=d_hidden)  # d * d, the same product
        np.multiply(e_hidden, FOUR, out=e_hidden)
        np.divide(e, d, out=e)
        if not self.all_tanh:
            for z, a, prime, d, name in self.hidden:
                if name == "sigmoid":  # e / (1 + e)^2 from the forward pass's e and d
                    np.square(d, out=d)
                    np.divide(prime, d, out=prime)
                else:
                    np.copyto(prime, activations.derivative(name, z, a))

    def output_delta(self, t, one_minus_t=None):
        """``a - t`` as ``losses._sigmoid_error`` takes it: ``s - t`` where z < 0,
        ``(1 - t) - s`` elsewhere."""
        s, delta = self.s, self.delta_out
        if one_minus_t is None:
            one_minus_t = np.subtract(ONE, t, out=delta)
        np.subtract(one_minus_t, s, out=delta)
        np.less(self.z_out, ZERO, out=self.negative)
        # putmask: a sixth of the time of np.subtract(..., where=) on 10 numbers
        np.putmask(delta, self.negative, np.subtract(s, t, out=self.error))
        return delta

    def backward(self, x, delta):
        """``backward_steps`` (unscaled): each layer's delta, then its sums into the grads."""
        ones_k = self.ones
        for w_up, delta_l, delta_t, prime, a_prev, grad_w, grad_b in self.down:
            if w_up is not None:
                delta = dot(delta, w_up, out=delta_l)
                delta *= prime
            dot(delta_t, x if a_prev is None else a_prev, out=grad_w)
            if grad_b is not None:
                ones_k.dot(delta, out=grad_b)
