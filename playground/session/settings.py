"""What the user chose: the data, the network's shape, the training rule and how the session is
shown, as plain values.

Panels edit these and hand them to the run (run.py), which builds the engine objects from them
and keeps the ``ViewSettings`` that session files save (no state lives only in a widget).
``hidden`` lists the hidden layers only: the inputs (2) and the outputs (1) come from the data.
The choices offered (activations, losses, datasets) are read from the engine's name tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from engine import limits
from engine.limits import parse_number  # noqa: F401  (a number typed by hand, for the views)
from engine.activations import ACTIVATIONS, HIDDEN
from engine.datasets import BUILTIN
from engine.losses import LOSSES, REDUCTIONS
from engine.optimizers import OPTIMIZERS
from engine.regularization import KINDS as REGULARIZATIONS

ACTIVATION_NAMES = tuple(HIDDEN)           # hidden layers: the elementwise ones
OUTPUT_ACTIVATION_NAMES = tuple(ACTIVATIONS)  # the output layer may also be a softmax
LOSS_NAMES = tuple(LOSSES)
REDUCTION_NAMES = tuple(REDUCTIONS)
REGULARIZATION_NAMES = ("none", *REGULARIZATIONS)  # "none" is None in NetSettings
OPTIMIZER_NAMES = tuple(OPTIMIZERS)
DATASET_NAMES = tuple(BUILTIN)
DATASET_DESCRIPTIONS = {name: b.description for name, b in BUILTIN.items()}
MAX_HIDDEN_LAYERS = limits.WINDOW_HIDDEN_LAYERS
MAX_UNITS = 8                          # the network panel's boxes (a file may bring up to 64)
ETA_RANGE = limits.WINDOW_ETA          # the learning-rate box
MAX_BATCH = limits.WINDOW_BATCH        # the batch-size box

# Epochs per second offered for animated training; None: as fast as the machine goes.
SPEEDS = (1, 3, 10, 30, 100, 300, 1000, None)
DEFAULT_SPEED = 300   # XOR is learnt in a few seconds, slowly enough to watch
ANIMATION_MS = 500    # the graph's animation of a phase; ANIMATION_CHOICES are offered
ANIMATION_CHOICES = (0, 300, 500, 800)

# What presenter mode may hide; Step, Play and Reset always stay.
PRESENTER_PARTS = ("menus", "data", "network", "rule", "timeline", "plots", "docks", "status")
PRESENTER_HIDDEN = ("menus", "data", "network", "rule", "timeline", "plots", "docks")


@dataclass(frozen=True)
class DataSettings:
    name: str = "xor"
    n: int = 200
    noise: float = 0.1
    test_fraction: float = 0.2   # xor is never split: its four points are all training points
    seed: int = 0


@dataclass(frozen=True)
class NetSettings:
    hidden: tuple = (3,)
    activations: tuple = ("sigmoid",)  # one per hidden layer
    output_activation: str = "sigmoid"
    loss: str = "bce"
    reduction: str = "mean"
    bias: bool = True
    seed: int = 0
    regularization: str | None = None  # "l1", "l2" or None: a penalty on the weights
    reg_rate: float = 0.0
    features: tuple | None = None      # input units computed from x1, x2; None: the raw columns

    def sizes(self, n_in: int, n_out: int) -> list[int]:
        """Units per layer for data of ``n_in`` columns (with features: one unit each)."""
        return [len(self.features) if self.features else n_in, *self.hidden, n_out]

    def with_hidden(self, hidden, activations) -> "NetSettings":
        return replace(self, hidden=tuple(hidden), activations=tuple(activations))


@dataclass(frozen=True)
class TrainSettings:
    eta: float = 0.5
    batch_size: int = 0          # 0: the whole training set is one batch
    optimizer: str = "sgd"


@dataclass(frozen=True)
class Settings:
    data: DataSettings = field(default_factory=DataSettings)
    net: NetSettings = field(default_factory=NetSettings)
    train: TrainSettings = field(default_factory=TrainSettings)


@dataclass(frozen=True)
class ViewSettings:
    speed: int | None = DEFAULT_SPEED   # epochs per second while playing; None: no limit
    sample: int = 0                     # the sample of the batch the graph shows, from 0
    log_scale: bool = False             # the loss plot's axis
    show_test: bool = True              # the test points on the decision plot
    animation_ms: int = ANIMATION_MS    # each phase shown while stepping animates this long; 0: not
    presenter: bool = False             # presenter mode: the graph large, few controls
    presenter_hidden: tuple = PRESENTER_HIDDEN  # what presenter mode hides (PRESENTER_PARTS)
    add_class: int = 0                  # k classes: the class a click on the plane adds, from 0
    discretize: bool = False            # the decision plot shows the class only (not regression)


def default_settings(dataset: str = "xor") -> Settings:
    """The start: the set's suggested settings (problems.py): XOR with a small sigmoid net, a
    few tanh layers for the harder sets, the output and loss of the set's problem type."""
    from .problems import default_settings as suggested  # problems.py builds on this module
    return suggested(dataset)


def settings_of_network(net, base: Settings) -> Settings:
    """``base`` with the network part replaced by what a loaded Network has."""
    shape = NetSettings(tuple(net.sizes[1:-1]), tuple(net.activations[:-1]),
                        net.activations[-1], net.loss, net.reduction, net.bias, base.net.seed,
                        net.regularization, net.reg_rate, net.features)
    return replace(base, net=shape)
