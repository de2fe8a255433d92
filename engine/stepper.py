"""The phase machine the window clicks through, one immutable snapshot per phase.

An iteration is: ``forward`` (every layer's z and a), ``output_delta`` (delta and gradient
of the last layer), one ``hidden_delta`` per hidden layer from the last to the first (its
delta and gradient), then ``update``. Each delta phase takes the next step of
``backprop.backward_steps``, the very pass the trainer runs whole. Values not yet computed in
the current iteration are ``None`` in the snapshot, never zero. Snapshot arrays are read-only.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import backprop, features
from .training import QUIET, TrainerState

FORWARD, OUTPUT_DELTA, HIDDEN_DELTA, UPDATE = "forward", "output_delta", "hidden_delta", "update"
PHASE_TITLES = {None: "Ready", FORWARD: "Forward", OUTPUT_DELTA: "Output delta",
                HIDDEN_DELTA: "Hidden delta", UPDATE: "Update"}


def _frozen(arrays):
    if arrays is None:
        return None
    out = []
    for a in arrays:
        if a is not None:
            a = np.array(a, dtype=float)
            a.setflags(write=False)
        out.append(a)
    return tuple(out)


def _frozen_indices(indices):
    out = np.array(indices, dtype=np.intp)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The state after one phase. Layer index l is 0-based: ``z[l]`` is the seeds' ``z^(l+1)``."""
    phase: str | None          # the phase just run; None before the first phase of an iteration
    layer: int | None          # the layer index that phase computed (None for forward and update)
    next_phase: str
    next_layer: int | None
    epoch: int                 # epochs completed
    steps: int                 # updates made so far
    samples: np.ndarray        # the batch's indices into the training set
    x: np.ndarray
    t: np.ndarray
    z: tuple                   # L entries, (samples, units) each, or None
    a: tuple                   # L + 1 entries; a[0] is x
    delta: tuple               # L entries, per-sample deltas dl_i/dz
    grad_w: tuple              # L entries, gradients of the reduced loss
    grad_b: tuple | None       # None for a network without biases
    weights: tuple             # the parameters now (after the update, in the update phase)
    biases: tuple | None
    old_weights: tuple | None  # the parameters before the update (update phase only)
    old_biases: tuple | None
    loss: float | None         # the batch loss before the update
    eta: float
    optimizer: str             # "sgd", "momentum" or "adam": how the update used the gradient
    reduction: str
    state: TrainerState        # enough to restore this exact point

    @property
    def title(self) -> str:
        return PHASE_TITLES[self.phase]


class Stepper:
    """Runs the phases of the trainer's current iteration one at a time."""

    def __init__(self, trainer):
        self.trainer = trainer
        self.discard()

    def discard(self):
        """Forget a half-done iteration (nothing changed yet) and start at the next batch."""
        L = self.trainer.net.n_layers
        self.phase, self.layer = None, None
        self.z, self.a, self.delta = [None] * L, [None] * (L + 1), [None] * L
        self.grad_w, self.grad_b = [None] * L, [None] * L
        self.loss, self.old, self._pass = None, None, None
        self.samples = self.trainer.batch_indices().copy()
        self.x, self.t = self.trainer.batch()
        self.a[0] = features.inputs(self.trainer.net, self.x)  # the input units, as forward sets them
        self.snapshot = self._snap()
        return self.snapshot

    def next(self):
        """``(phase, layer)`` that ``step`` will run."""
        L = self.trainer.net.n_layers
        if self.phase in (None, UPDATE):
            return FORWARD, None
        if self.phase == FORWARD:
            return OUTPUT_DELTA, L - 1
        if self.layer > 0:
            return HIDDEN_DELTA, self.layer - 1
        return UPDATE, None

    def step(self) -> Snapshot:
        """Run one phase. ``training.Diverged`` from the update leaves everything as it was."""
        with np.errstate(**QUIET):
            return self._step()

    def _step(self) -> Snapshot:
        phase, layer = self.next()
        if self.phase == UPDATE:
            self.discard()
        net = self.trainer.net
        if phase == FORWARD:
            self.z, self.a = backprop.forward(net, self.x)
            self.loss = backprop.loss(net, self.z[-1], self.a[-1], self.t)
            self._pass = None
        elif phase in (OUTPUT_DELTA, HIDDEN_DELTA):
            self.delta[layer], self.grad_w[layer], self.grad_b[layer] = self._backward_step(layer)
        else:
            biased = net.biases is not None
            old = ([w.copy() for w in net.weights], [b.copy() for b in net.biases] if biased else None)
            self.trainer.apply(list(self.grad_w), list(self.grad_b) if biased else None, self.loss)
            self.old = old
        self.phase, self.layer = phase, layer
        self.snapshot = self._snap()
        return self.snapshot

    def _backward_step(self, layer):
        """``(delta, grad_w, grad_b)`` of ``layer``: the backward pass's next step."""
        if self._pass is None:
            # After a restore half-way down, a new pass recomputes the layers above: the same
            # inputs, so the same numbers.
            self._pass = backprop.backward_steps(self.trainer.net, self.z, self.a, self.t)
        for l, delta, grad_w, grad_b in self._pass:
            if l == layer:
                return delta, grad_w, grad_b
        raise RuntimeError(f"the backward pass has no layer {layer}")  # cannot happen

    def finish_iteration(self) -> Snapshot:
        """Run the remaining phases up to and including the update."""
        self.step()
        while self.phase != UPDATE:
            self.step()
        return self.snapshot

    def restore(self, snap: Snapshot) -> Snapshot:
        """Return exactly to the point ``snap`` was taken (for undo, redo and history)."""
        self.trainer.restore(snap.state)
        L = self.trainer.net.n_layers
        self.phase, self.layer = snap.phase, snap.layer
        self.samples, self.x, self.t = snap.samples, snap.x, snap.t
        self.z, self.a, self.delta = list(snap.z), list(snap.a), list(snap.delta)
        self.grad_w = list(snap.grad_w)
        self.grad_b = list(snap.grad_b) if snap.grad_b is not None else [None] * L
        self.loss, self._pass = snap.loss, None
        self.old = (list(snap.old_weights), snap.old_biases and list(snap.old_biases)) \
            if snap.old_weights is not None else None
        self.snapshot = snap
        return snap

    def _snap(self) -> Snapshot:
        tr, net = self.trainer, self.trainer.net
        next_phase, next_layer = self.next()
        biased, old = net.biases is not None, self.old
        return Snapshot(
            phase=self.phase, layer=self.layer, next_phase=next_phase, next_layer=next_layer,
            epoch=tr.epoch, steps=tr.steps, samples=_frozen_indices(self.samples),
            x=_frozen([self.x])[0], t=_frozen([self.t])[0],
            z=_frozen(self.z), a=_frozen(self.a), delta=_frozen(self.delta),
            grad_w=_frozen(self.grad_w), grad_b=_frozen(self.grad_b) if biased else None,
            weights=_frozen(net.weights), biases=_frozen(net.biases) if biased else None,
            old_weights=_frozen(old[0]) if old else None,
            old_biases=_frozen(old[1]) if old and biased else None,
            loss=self.loss, eta=tr.eta, optimizer=tr.optimizer_name, reduction=net.reduction,
            state=tr.state())
