"""Training: epochs, mini-batches reshuffled from a seed, an optimizer, a divergence guard.

A ``Trainer`` owns a copy of the network and walks through the training set batch by batch.
``batch_size`` 0 (or >= the number of samples) means the whole set as one batch, in its own
order; otherwise each epoch draws a fresh permutation from the seeded generator.
Fast training and the phase stepper both end an iteration in ``apply``, so they give the
same numbers to the last bit.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import backprop, optimizers


class Diverged(ArithmeticError):
    """A step would have made the loss or a parameter non-finite; nothing was changed."""

    def __init__(self, epoch: int, reason: str):
        super().__init__(f"training diverged at epoch {epoch + 1}: {reason}")
        self.epoch, self.reason = epoch, reason


@dataclass(frozen=True)
class TrainerState:
    """Everything needed to continue training exactly from one point."""
    params: tuple
    opt_state: object
    rng_state: dict
    epoch: int
    position: int
    order: np.ndarray
    steps: int


class Trainer:
    def __init__(self, net, x, t, eta=0.5, batch_size=0, optimizer="sgd", seed=0):
        self.initial = net.copy()
        self.x, self.t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
        self.batch_size, self.seed, self.optimizer_name = int(batch_size), seed, optimizer
        self.optimizer = optimizers.make(optimizer, float(eta))
        self.reset()

    @property
    def n_samples(self) -> int:
        return len(self.x)

    @property
    def full_batch(self) -> bool:
        return self.batch_size <= 0 or self.batch_size >= self.n_samples

    @property
    def eta(self) -> float:
        return self.optimizer.eta

    @eta.setter
    def eta(self, value: float):
        self.optimizer = optimizers.make(self.optimizer_name, float(value))

    def reset(self):
        """Back to the very same start: initial weights, epoch 0, the seed's shuffles."""
        self.net = self.initial.copy()
        self.rng = np.random.default_rng(self.seed)
        self.opt_state, self.epoch, self.position, self.steps = None, 0, 0, 0
        self.order = self._new_order()

    def _new_order(self):
        return np.arange(self.n_samples) if self.full_batch else self.rng.permutation(self.n_samples)

    def batch_indices(self) -> np.ndarray:
        """Indices (into the training set) of the batch the next iteration uses."""
        if self.full_batch:
            return self.order
        return self.order[self.position:self.position + self.batch_size]

    def batch(self):
        """``(x, t)`` of the next iteration's batch."""
        if self.full_batch:
            return self.x, self.t
        idx = self.batch_indices()
        return self.x[idx], self.t[idx]

    def apply(self, grads_w, grads_b, loss=0.0):
        """End an iteration: update the parameters and move on to the next batch.

        Raises ``Diverged`` (and changes nothing) if the loss, a gradient or a new
        parameter is not finite.
        """
        net = self.net
        grads = grads_w + (grads_b or [])
        new, opt_state = self.optimizer.step(net.params(), grads, self.opt_state)
        # One sum per array: any inf or nan inside makes the sum non-finite.
        if not np.isfinite(loss + sum(float(p.sum()) for p in new)):
            what = "the loss" if not np.isfinite(loss) else "a weight or bias"
            raise Diverged(self.epoch, f"{what} became infinite or NaN (learning rate {self.eta:g})")
        L = net.n_layers
        net.weights, self.opt_state = new[:L], opt_state
        if net.biases is not None:
            net.biases = new[L:]
        self.steps += 1
        self._advance()

    def _advance(self):
        if self.full_batch:
            self.epoch += 1
            return
        self.position += self.batch_size
        if self.position >= self.n_samples:
            self.epoch, self.position = self.epoch + 1, 0
            self.order = self._new_order()

    def train_batch(self) -> float:
        """One whole iteration; returns the batch loss before the update."""
        x, t = self.batch()
        loss, grads_w, grads_b = backprop.backprop(self.net, x, t)
        self.apply(grads_w, grads_b, loss)
        return loss

    def train_epoch(self) -> float:
        """Finish the current epoch; returns the mean per-sample loss over its batches."""
        epoch, total, n = self.epoch, 0.0, 0
        while self.epoch == epoch:
            size = len(self.batch_indices())
            loss = self.train_batch()
            total += loss * (size if self.net.reduction == "mean" else 1)
            n += size
        return total / n if self.net.reduction == "mean" else total

    def state(self) -> TrainerState:
        return TrainerState(tuple(self.net.params()), self.opt_state, self.rng.bit_generator.state,
                            self.epoch, self.position, self.order, self.steps)

    def restore(self, s: TrainerState):
        L = self.net.n_layers
        self.net.weights = [p.copy() for p in s.params[:L]]
        if self.net.biases is not None:
            self.net.biases = [p.copy() for p in s.params[L:]]
        self.rng.bit_generator.state = s.rng_state
        self.opt_state, self.epoch, self.position, self.order, self.steps = (
            s.opt_state, s.epoch, s.position, s.order, s.steps)


def evaluate(net, x, t):
    """``(loss, accuracy)`` on a data set; accuracy thresholds outputs at 0.5 (None if t is not 0/1)."""
    zs, acts = backprop.forward(net, x)
    loss = backprop.loss(net, zs[-1], acts[-1], t)
    if not np.all((t == 0) | (t == 1)):
        return loss, None
    return loss, float(np.mean(np.all((acts[-1] > 0.5) == (t > 0.5), axis=1)))
