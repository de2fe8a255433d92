"""What the run publishes after every change: an immutable ``Frame``, and the network's shape.

A ``Frame`` is all a view draws from: the current Snapshot, every layer's map over the input
plane (the last one is the decision boundary), the input column (``Inputs``: the candidate
feature inputs, which are on, and each one's map), the loss curve, the scores and the data.
The phase names a snapshot carries are here too, so that views need nothing of the engine.
What a view needs of the math beyond the snapshot (f'(z), gradient sizes) is computed on the
session side and carried here.
"""
from __future__ import annotations

from typing import NamedTuple

from engine.stepper import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, PHASE_TITLES, UPDATE

PHASES = (FORWARD, OUTPUT_DELTA, HIDDEN_DELTA, UPDATE)
SATURATED = 0.01  # f'(z) below this share of its largest value: a saturated unit
# What the loss plot and the status line call each loss.
LOSS_TITLES = {"bce": "cross-entropy", "ce": "cross-entropy", "mse": "squared error"}
__all__ = ["FORWARD", "HIDDEN_DELTA", "LOSS_TITLES", "OUTPUT_DELTA", "PHASES", "PHASE_TITLES",
           "SATURATED", "UPDATE", "Frame", "Inputs", "NetInfo"]


class NetInfo(NamedTuple):
    """The network's shape: what a view needs besides the numbers of a Snapshot."""
    sizes: tuple
    activations: tuple
    loss: str
    reduction: str
    bias: bool
    regularization: str | None = None  # "l1", "l2" or None: the weights' penalty
    reg_rate: float = 0.0              # its rate λ
    features: tuple | None = None  # the input units' feature names; None: the raw columns

    @classmethod
    def of(cls, net) -> "NetInfo":
        return cls(tuple(net.sizes), tuple(net.activations), net.loss, net.reduction, net.bias,
                   net.regularization, float(net.reg_rate), net.features)


class Inputs(NamedTuple):
    """The graph's input column: every candidate input (engine.features.FEATURES) for data of
    two raw columns, with each one's value over the plane; () for other data."""
    names: tuple = ()   # the candidates, in FEATURES order
    on: tuple = ()      # per candidate: whether it is one of the network's input units
    maps: tuple = ()    # per candidate: a read-only (n, n) array, as the frame's maps


class Frame(NamedTuple):
    snapshot: object        # engine.stepper.Snapshot
    maps: tuple             # L read-only arrays (units, n, n): each layer's outputs on the grid
    extent: tuple           # (x_min, x_max, y_min, y_max) of the maps
    info: NetInfo
    curve: object           # loss_history.LossCurve
    scores: tuple           # (train_loss, train_accuracy, test_loss, test_accuracy); None if unknown
    train: object           # engine.datasets.Dataset
    test: object            # Dataset or None
    slopes: tuple = ()      # per layer 1..L: f'(z) / max f' per (sample, unit), or None where
                            # f' does not scale the delta (measures.slopes)
    gradients: object = None  # gradient_sizes.GradientCurve: ||dL/dW^(l)|| per epoch
    preset: object = None     # presets.OpenPreset (name, seed) of the preset open, or None
    computing: bool = False  # the scores of a big data set are being computed (scores: the latest)
    playing: bool = False    # a frame of animated training (more follow soon)
    inputs: Inputs = Inputs()  # the candidate input units and their maps
