"""One line per phase for a projector: what just happened, and why (presenter mode). No Qt.

``STEPS`` are the breadcrumb's stations in the order an iteration runs; ``station(snap)`` is
the index of the phase just run (None before the first). The captions name the formulas as
the seeds write them; the loss and the output activation pick the output delta's form.
"""
from __future__ import annotations

from .frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE

STEPS = ("Forward", "Output δ", "Hidden δ", "Update")
STATIONS = {FORWARD: 0, OUTPUT_DELTA: 1, HIDDEN_DELTA: 2, UPDATE: 3}


def station(snap) -> int | None:
    return STATIONS.get(snap.phase)


def caption(snap, info) -> str:
    """What the phase just run did, in one line."""
    if snap.phase is None:
        return "Ready: Step runs the forward pass on the batch."
    if snap.phase == FORWARD:
        loss = "" if snap.loss is None else f"; the loss is L = {snap.loss:.4f}"
        return ("Forward: each unit sums its weighted inputs, z = W a + b, and passes the sum "
                f"through its activation, a = f(z){loss}.")
    if snap.phase == OUTPUT_DELTA:
        if info.loss == "bce" and info.activations[-1] == "sigmoid":
            form = "δ = a − t: with cross-entropy, σ′(z) cancels"
        else:
            form = "δ = (a − t)·f′(z): the error times the slope of the output's activation"
        return f"Output δ: how the loss changes with each output's z, {form}."
    if snap.phase == HIDDEN_DELTA:
        return (f"Hidden δ (layer {snap.layer + 1}): the deltas above flow back through the "
                "weights they left by, δ = (Wᵀ δ)·f′(z), each unit's own slope.")
    if snap.phase == UPDATE:
        return (f"Update: every weight moves against its gradient, W ← W − η ∂L/∂W with "
                f"η = {snap.eta:g}, and the loss should fall.")
    return ""
