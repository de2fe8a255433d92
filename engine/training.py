"""Training: epochs, mini-batches reshuffled from a seed, an optimizer, a divergence guard.

A ``Trainer`` owns a copy of the network and walks through the training set batch by batch.
``batch_size`` 0 (or >= the number of samples) means the whole set as one batch, in its own
order; otherwise each epoch draws a fresh permutation from the seeded generator.
The trainer keeps every parameter in one flat vector, and ``net.weights`` and ``net.biases``
are views into it, so an update is one vector operation (``fast.views``). An iteration takes
``backprop.backward_steps`` whole, as the phase stepper takes it a step at a time, and both end
in ``_update``, so they give the same numbers to the last bit; where no loss is asked for, the
pass is ``fast.Pass``, the same calls fused (same bits), and whole epochs do their counting once
(``_whole_batches``). A step writes into two buffers
made with the flat vector (the step and the new parameters) instead of allocating two
parameter-sized arrays a step, which can cost a page fault per 4 KiB when the allocator
hands big arrays back to the system. (The module is longer than most: the epoch loop without
per-batch counting sits here beside the plain iteration it must match.)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import backprop, fast, losses, optimizers, regularization
from .fast import ONE, ones, views


# Overflow on the way to a divergence is expected; the guard reports it, so NumPy need not warn.
QUIET = dict(over="ignore", invalid="ignore", under="ignore", divide="ignore")


class Diverged(ArithmeticError):
    """A step would have made the loss or a parameter non-finite; nothing was changed."""

    def __init__(self, epoch: int, reason: str):
        super().__init__(f"training diverged at epoch {epoch + 1}: {reason}")
        self.epoch, self.reason = epoch, reason


@dataclass(frozen=True)
class TrainerState:
    """Everything needed to continue training exactly from one point."""
    params: np.ndarray  # flat, in Network.params() order
    opt_state: object
    rng_state: dict
    epoch: int
    position: int
    order: np.ndarray
    steps: int


def check_eta(eta) -> float:
    """A learning rate must be a finite positive number."""
    eta = float(eta)
    if not (np.isfinite(eta) and eta > 0):
        raise ValueError(f"the learning rate must be a finite number above 0, not {eta:g}")
    return eta


class Trainer:
    def __init__(self, net, x, t, eta=0.5, batch_size=0, optimizer="sgd", seed=0):
        self.initial = net.copy()
        self.x, self.t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
        self.batch_size, self.seed, self.optimizer_name = int(batch_size), seed, optimizer
        self.full_batch = self.batch_size <= 0 or self.batch_size >= len(self.x)
        self.optimizer = optimizers.make(optimizer, check_eta(eta))
        self.reset()

    @property
    def n_samples(self) -> int:
        return len(self.x)

    @property
    def eta(self) -> float:
        return self.optimizer.eta

    @eta.setter
    def eta(self, value: float):
        self.optimizer = optimizers.make(self.optimizer_name, check_eta(value))

    def reset(self):
        """Back to the very same start: initial weights, epoch 0, the seed's shuffles."""
        self.net = self.initial.copy()
        self._bind()
        self.rng = np.random.default_rng(self.seed)
        self.opt_state, self.epoch, self.position, self.steps = None, 0, 0, 0
        self.order = self._new_order()

    def _bind(self):
        """Move the parameters into one flat vector and make the network's arrays views of it."""
        params = self.net.params()
        shapes = [p.shape for p in params]
        self.flat = np.concatenate([p.ravel() for p in params])
        self.grad = np.zeros_like(self.flat)
        self._step_buffer, self._new = np.empty_like(self.flat), np.empty_like(self.flat)
        L, params = self.net.n_layers, views(self.flat, shapes)
        self.net.weights = params[:L]
        if self.net.biases is not None:
            self.net.biases = params[L:]
        grads = views(self.grad, shapes)
        self._grad_out = (grads[:L], grads[L:] if self.net.biases is not None else None)
        self._bound, self._ones = params, ones(len(self.flat))
        self._passes, self._fused = {}, None  # fast.Pass per batch size, made when first used

    def _ensure_bound(self):
        # Someone may have replaced net.weights (an edit in the window): take the new arrays.
        if any(p is not v for p, v in zip(self.net.params(), self._bound)):
            self._bind()
        net = self.net  # and which pass applies, for the activations of now
        self._fused = tuple(net.activations) if fast.fusable(net) else None

    def _new_order(self):
        if self.full_batch:
            return np.arange(self.n_samples)
        order = self.rng.permutation(self.n_samples)
        self._shuffled = self._gather(order)  # batches are then cheap slices
        return order

    def _gather(self, order):
        # take() is fancy indexing's result at a tenth of its cost on small sets
        return self.x.take(order, axis=0), self.t.take(order, axis=0)

    def batch_indices(self) -> np.ndarray:
        """Indices (into the training set) of the batch the next iteration uses."""
        if self.full_batch:
            return self.order
        return self.order[self.position:self.position + self.batch_size]

    def batch(self):
        """``(x, t)`` of the next iteration's batch."""
        if self.full_batch:
            return self.x, self.t
        x, t = self._shuffled
        end = self.position + self.batch_size
        return x[self.position:end], t[self.position:end]

    def apply(self, grads_w, grads_b, loss=0.0):
        """End an iteration with the given gradients: update, then move to the next batch.

        Raises ``Diverged`` (and changes nothing) if the loss or a new parameter is not finite.
        """
        self._ensure_bound()
        self.grad[:] = np.concatenate([g.ravel() for g in grads_w + (grads_b or [])])
        with np.errstate(**QUIET):
            self._step(loss)

    def _step(self, loss=0.0):
        """Update the parameters and move to the next batch."""
        self._update(loss)
        self.steps += 1
        self._advance()

    def _update(self, loss=0.0):
        """``params -= step`` from ``self.grad``; ``Diverged``, and nothing changed, if the loss
        or a new parameter is not finite."""
        step, opt_state = self.optimizer.step(self.grad, self.opt_state, out=self._step_buffer)
        new = np.subtract(self.flat, step, out=self._new)
        # Any inf or nan among the parameters makes their sum non-finite (see fast).
        if not math.isfinite(loss + self._ones.dot(new)):
            what = "the loss" if not np.isfinite(loss) else "a weight or bias"
            raise Diverged(self.epoch, f"{what} became infinite or NaN (learning rate {self.eta:g})")
        self.flat[...] = new
        self.opt_state = opt_state

    def _advance(self):
        self.position += 0 if self.full_batch else self.batch_size
        if self.full_batch or self.position >= len(self.x):
            self._next_epoch()

    def _next_epoch(self):
        self.epoch, self.position = self.epoch + 1, 0
        if not self.full_batch:
            self.order = self._new_order()

    def train_batch(self, with_loss=True):
        """One whole iteration; returns the batch loss before the update (or None)."""
        self._ensure_bound()
        with np.errstate(**QUIET):
            return self._iterate(*self.batch(), with_loss)

    def _iterate(self, x, t, with_loss):
        sums = self._sums_for(len(t))
        if not isinstance(sums, fast.Pass):
            loss = self._plain_sums(x, t, with_loss=with_loss)
        else:
            sums(x, t)  # the loss, if asked, from its output z: bce reads z alone (losses.bce)
            loss = backprop.loss(self.net, sums.z_out, None, t) if with_loss else None
        self._finish(losses.scale(self.net.reduction, len(t)), loss)
        self.steps += 1
        self._advance()
        return loss

    def _sums_for(self, k):
        """What writes the gradient sums of a batch of ``k`` into ``self.grad``: ``fast.Pass``
        (one per batch size) where it applies, else the plain pass. The fused pass keeps the
        output's ``z`` (the plain pass's bits), from which ``_iterate`` takes a loss asked for."""
        if self._fused is None:
            return self._plain_sums
        key = (k, self._fused)
        if key not in self._passes:
            self._passes[key] = fast.Pass(self.net, k, *self._grad_out)
        return self._passes[key]

    def _plain_sums(self, x, t, one_minus_t=None, with_loss=False):
        """The gradient sums of the batch into ``self.grad``; returns its loss (or None)."""
        net = self.net
        zs, acts = backprop.forward(net, x)
        for _ in backprop.backward_steps(net, zs, acts, t, self._grad_out, scaled=False):
            pass  # each layer's sums land in its view of self.grad
        return backprop.loss(net, zs[-1], acts[-1], t) if with_loss else None

    def _finish(self, s, loss=None):
        """The gradient from the sums (factor ``s``, then L1/L2), and the update."""
        self.grad *= s
        if self.net.regularization is not None:
            regularization.add_gradients(self.net, self._grad_out[0])
        self._update(0.0 if loss is None else loss)

    def train_epoch(self, with_loss=True):
        """Finish the current epoch; returns the mean per-sample loss over its batches (or None)."""
        epoch, total, n = self.epoch, 0.0, 0
        while self.epoch == epoch:
            size = len(self.batch_indices())
            loss = self.train_batch(with_loss)
            if with_loss:
                total += loss * (size if self.net.reduction == "mean" else 1)
            n += size
        if not with_loss:
            return None
        return total / n if self.net.reduction == "mean" else total

    def train_epochs(self, n: int):
        """Train ``n`` epochs as fast as the engine goes (no loss is recorded)."""
        self._ensure_bound()
        k = self.n_samples if self.full_batch else self.batch_size
        sums, s = self._sums_for(k), losses.scale(self.net.reduction, k)
        whole = (self.x, self.t, ONE - self.t) if self.full_batch else None  # in its own order
        with np.errstate(**QUIET):
            for _ in range(n):
                self._whole_batches(sums, s, k, whole or (*self._shuffled, None))
                if self.position:  # a smaller last batch
                    self._iterate(*self.batch(), False)

    def _whole_batches(self, sums, s, k, data):
        """The rest of the epoch's batches of ``k`` samples from ``data``, ``(x, t, 1 - t)``
        (``1 - t`` for fast.Pass: None to compute it here, once an epoch); the counting is done
        once at the end (or where a step diverged), not per batch."""
        x, t, one_minus_t = data
        one_minus_t, finish = ONE - t if one_minus_t is None else one_minus_t, self._finish
        start = p = self.position
        end = start + (len(x) - start) // k * k
        try:
            for p in range(start, end, k):
                sums(x[p:p + k], t[p:p + k], one_minus_t[p:p + k])
                finish(s)
            p = end
        finally:
            self.steps += (p - start) // k
            self.position = p
        if p == len(x):
            self._next_epoch()

    def state(self) -> TrainerState:
        self._ensure_bound()
        return TrainerState(self.flat.copy(), self.opt_state, self.rng.bit_generator.state,
                            self.epoch, self.position, self.order, self.steps)

    def restore(self, s: TrainerState):
        self._ensure_bound()
        self.flat[:] = s.params
        self.rng.bit_generator.state = s.rng_state
        self.opt_state, self.epoch, self.position, self.order, self.steps = (
            s.opt_state, s.epoch, s.position, s.order, s.steps)
        if not self.full_batch:
            self._shuffled = self._gather(self.order)


def evaluate(net, x, t):
    """``(loss, accuracy)`` on a data set (``losses.accuracy``: None if t is not 0/1)."""
    with np.errstate(**QUIET):
        zs, acts = backprop.forward(net, x)
        loss = backprop.loss(net, zs[-1], acts[-1], t)
    return loss, losses.accuracy(net.activations[-1], acts[-1], t)
