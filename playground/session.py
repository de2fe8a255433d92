"""The one object that owns the engine: the data, the Trainer and the Stepper.

Views never touch the engine objects. After every change ``Session`` emits a ``Frame``: the
current immutable Snapshot, every layer's map over the input plane (``engine.grid.maps``;
the last one is the decision boundary), the loss curve and the data. Animated training runs
the engine's own ``Trainer.train_batch`` in slices of about 8 ms on a QTimer and publishes at
most one frame per screen refresh, so the numbers are the same at any speed.
"""
from __future__ import annotations

import math
import random
import time
from dataclasses import replace
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from engine import files, grid
from engine.network import Network, initial_weights
from engine.stepper import UPDATE, Stepper
from engine.training import Diverged, Trainer, evaluate

from .data import build_data, extent_of
from .history import LossHistory
from .settings import Settings, default_settings, settings_of_network

SLICE = 0.008          # seconds of training per timer tick
FRAME = 1.0 / 60.0     # at most one published frame per screen refresh
MAP_SIZE = 100


class NetInfo(NamedTuple):
    """The network's shape: what a view needs besides the numbers of a Snapshot."""
    sizes: tuple
    activations: tuple
    loss: str
    reduction: str
    bias: bool


class Frame(NamedTuple):
    snapshot: object        # engine.stepper.Snapshot
    maps: tuple             # L arrays (units, n, n): each layer's activations on the grid
    extent: tuple           # (x_min, x_max, y_min, y_max) of the maps
    info: NetInfo
    curve: object           # history.LossCurve
    scores: tuple           # (train_loss, train_accuracy, test_loss, test_accuracy); None if unknown
    train: object           # engine.datasets.Dataset
    test: object            # Dataset or None


def check_fits(net, data):
    """ValueError unless ``net`` takes the data's inputs and gives its targets."""
    if (net.sizes[0], net.sizes[-1]) != (data.n_inputs, data.n_targets):
        raise ValueError(f"the network has {net.sizes[0]} inputs and {net.sizes[-1]} outputs; "
                         f"the data has {data.n_inputs} and {data.n_targets}")


class Session(QObject):
    frameReady = Signal(object)
    settingsChanged = Signal(object)
    playingChanged = Signal(bool)
    message = Signal(str)

    def __init__(self, settings: Settings | None = None, network: Network | None = None, parent=None):
        super().__init__(parent)
        self._settings = settings or default_settings()
        if network is not None:
            self._settings = settings_of_network(network, self._settings)
        self.history = LossHistory()
        self.speed = None                      # epochs per second; None: as fast as possible
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._slice)
        self._last_publish, self._stale = 0.0, False
        self._maps_key = self._scores_key = None
        self._version = 0   # bumped by every change of the parameters other than an update
        self._load_data()
        if network is not None:
            check_fits(network, self.train_set)
        self._build(network)

    # read-only views of the engine objects, for tests and the window's status line
    @property
    def trainer(self) -> Trainer:
        return self._trainer

    @property
    def stepper(self) -> Stepper:
        return self._stepper

    @property
    def snapshot(self):
        return self._stepper.snapshot

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    # building
    def _load_data(self):
        self.train_set, self.test_set = build_data(self._settings.data)
        self.extent = extent_of(self.train_set, self.test_set)

    def _build(self, network=None):
        s = self._settings
        if network is None:
            n = s.net
            sizes = n.sizes(self.train_set.n_inputs, self.train_set.n_targets)
            names = [*n.activations, n.output_activation]
            network = Network(sizes, names, n.loss, n.reduction, n.bias,
                              initial_weights(sizes, names, n.seed))
        t = s.train
        self._trainer = Trainer(network, self.train_set.x, self.train_set.t, t.eta, t.batch_size,
                                t.optimizer, s.net.seed)
        self._stepper = Stepper(self._trainer)
        self._version += 1
        self.info = NetInfo(tuple(network.sizes), tuple(network.activations), network.loss,
                            network.reduction, network.bias)
        self.history.clear()
        self._record()

    def apply_settings(self, settings: Settings, network: Network | None = None) -> bool:
        """Use new settings; the network restarts (keeping its shape) unless only eta changed."""
        old, self._settings = self._settings, settings
        self.pause()
        try:
            if settings.data != old.data:
                self._load_data()
            if (settings.data, settings.net) == (old.data, old.net) and network is None \
                    and replace(settings.train, eta=old.train.eta) == old.train:
                self._trainer.eta = settings.train.eta
            else:
                self._build(network)
        except ValueError as e:  # e.g. bce with a tanh output: keep what we had
            self._settings = old
            self._load_data()
            self.message.emit(str(e))
        self.settingsChanged.emit(self._settings)
        self.publish()
        return self._settings is settings

    def open_network(self, path):
        """Load a network file (engine.files); raises NetworkFileError or ValueError, changing nothing."""
        net = files.load_network(path)
        try:
            check_fits(net, self.train_set)
        except ValueError as e:
            raise ValueError(f"{path}: {e}") from None
        self.apply_settings(settings_of_network(net, self._settings), network=net)

    def save_network(self, path):
        files.save_network(path, self._trainer.net)

    def reset(self):
        """The very same start: the initial weights, epoch 0, the seed's shuffles."""
        self.pause()
        self._trainer.reset()
        self._stepper.discard()
        self._version += 1
        self.history.clear()
        self._record()
        self.publish()

    def randomize(self, seed: int | None = None):
        seed = random.randrange(1, 100_000) if seed is None else seed
        net = replace(self._settings.net, seed=seed)
        self.apply_settings(replace(self._settings, net=net))

    def set_parameter(self, target, value: float):
        """Set one weight ``("edge", l, j, i)`` or bias ``("bias", l, j)``; restarts the iteration."""
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        self.pause()
        net = self._trainer.net
        arrays = net.weights if target[0] == "edge" else net.biases
        l, index = target[1], tuple(target[2:])
        changed = arrays[l].copy()  # a new array: the trainer takes it up (Trainer._ensure_bound)
        changed[index] = value
        arrays[l] = changed
        self._version += 1
        self._stepper.discard()
        self.publish()

    # stepping
    def step(self):
        """Run exactly one phase of the current iteration."""
        self._run(self._stepper.step)

    def finish_iteration(self):
        self._run(self._stepper.finish_iteration)

    def _run(self, action):
        self.pause()
        if self._stale:
            self._stepper.discard()
            self._stale = False
        try:
            snap = action()
        except Diverged as e:
            self.message.emit(str(e))
            return
        if snap.phase == UPDATE:
            self._record()
        self.publish()

    def train(self, epochs: int):
        """Train ``epochs`` whole epochs at once (for --screenshot and tests)."""
        self.pause()
        try:
            for _ in range(epochs):
                self._trainer.train_epoch()
                self._record()
        except Diverged as e:
            self.message.emit(str(e))
        self._stale = self._stale or epochs > 0
        self.publish()

    # animation
    def play(self):
        if self.playing:
            return
        self._t0, self._epoch0 = time.perf_counter(), self._trainer.epoch
        self._timer.start(0 if self.speed is None else 15)
        self.playingChanged.emit(True)

    def pause(self):
        if not self.playing:
            return
        self._timer.stop()
        self.playingChanged.emit(False)
        self.publish()

    def toggle_play(self):
        self.pause() if self.playing else self.play()

    def set_speed(self, epochs_per_second):
        self.speed = epochs_per_second
        if self.playing:
            self.pause()
            self.play()

    def _slice(self):
        start = time.perf_counter()
        target = None if self.speed is None else self._epoch0 + int(self.speed * (start - self._t0)) + 1
        trained = False
        try:
            while time.perf_counter() - start < SLICE and (target is None or self._trainer.epoch < target):
                epoch = self._trainer.epoch
                self._trainer.train_batch(with_loss=False)
                trained = self._stale = True
                if self._trainer.epoch != epoch:
                    self._record()
        except Diverged as e:
            self.pause()
            self.message.emit(str(e))
            return
        if trained and time.perf_counter() - self._last_publish >= FRAME:
            self.publish()

    # publishing
    def _record(self):
        """Keep the loss of the epoch just finished if the history wants it."""
        epoch = self._trainer.epoch
        if self.history.wants(epoch):
            self.history.record(epoch, *self._losses())

    def _losses(self):
        scores = self._current_scores()
        return scores[0], (math.nan if scores[2] is None else scores[2])

    def _params_key(self):
        """Changes whenever the parameters may have: an update (steps) or anything else (version)."""
        return self._version, self._trainer.steps

    def _current_scores(self):
        if self._scores_key != self._params_key():
            net = self._trainer.net
            scores = evaluate(net, self.train_set.x, self.train_set.t)
            if self.test_set is not None:
                scores += evaluate(net, self.test_set.x, self.test_set.t)
            self._scores_key, self._scores = self._params_key(), (scores + (None, None))[:4]
        return self._scores

    def _current_maps(self):
        if self._maps_key != self._params_key():
            with np.errstate(all="ignore"):  # near a divergence the plane's far corners overflow
                maps = grid.maps(self._trainer.net, self.extent, MAP_SIZE)
            for m in maps:
                m.setflags(write=False)
            self._maps_key, self._maps = self._params_key(), tuple(maps)
        return self._maps

    def publish(self):
        """Emit the current frame. While training, show the forward pass of the next batch."""
        if self._stale:
            self._stepper.discard()
            self._stepper.step()
            self._stale = False
        epoch = self._trainer.epoch
        if self.history.last_epoch != epoch:
            self.history.show_latest(epoch, *self._losses())
        self._last_publish = time.perf_counter()
        self.frameReady.emit(Frame(self._stepper.snapshot, self._current_maps(), self.extent,
                                   self.info, self.history.curve(), self._current_scores(),
                                   self.train_set, self.test_set))

