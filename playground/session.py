"""The one object that owns the engine: the data, the Trainer and the Stepper.

Views never touch the engine objects. After every change ``Session`` emits a ``Frame`` (see
frame.py): the current immutable Snapshot, the maps over the input plane, the loss curve and
the data. Stepping runs one phase of the engine's Stepper; playing (player.py) runs the
Trainer in time slices. While training, frames show the forward pass of the next batch.
The loss is recorded at the end of every epoch the bounded history wants (history.py).
Every published snapshot is recorded in a bounded Timeline (undo.py) for undo, redo and the
timeline slider; ``gradient_check`` asks the engine for a check the views only show.
A divergence goes back to the last recorded epoch whose loss was finite, when the engine's
last finite step already overflows (divergence.py): no NaN reaches a view or a file.
With a big data set (frame.costly) the losses of an epoch are computed while playing in the
player's time slices (``job``, frame.ScoresJob), and frames show the latest scores known.
"""
from __future__ import annotations

import math
import random
from dataclasses import replace
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

from engine import bugs, files, gradcheck
from engine.network import Network, initial_weights
from engine.stepper import UPDATE, Stepper
from engine.training import Diverged, Trainer

from .data import build_data, extent_of
from .divergence import clean, finite, go_back, loss_diverged
from .frame import Frame, Measures, NetInfo, ScoresJob, costly, map_size
from .history import LossHistory
from .player import Player
from .settings import Settings, default_settings, settings_of_network
from .undo import Timeline, losses_until


MAX_PARAMETER = 1e6  # a typed weight or bias beyond this is refused: it would only overflow


def check_fits(net, data):
    """ValueError unless ``net`` takes the data's inputs and gives its targets."""
    if (net.sizes[0], net.sizes[-1]) != (data.n_inputs, data.n_targets):
        raise ValueError(f"the network has {net.sizes[0]} inputs and {net.sizes[-1]} outputs; "
                         f"the data has {data.n_inputs} and {data.n_targets}")


def new_network(s: Settings, n_in: int, n_out: int) -> Network:
    n = s.net
    sizes, names = n.sizes(n_in, n_out), [*n.activations, n.output_activation]
    return Network(sizes, names, n.loss, n.reduction, n.bias, initial_weights(sizes, names, n.seed))


class GradCheck(NamedTuple):
    """Per parameter array (``Network.params()`` order): backprop's gradient (with ``bug``, a
    name from engine.bugs.BUGS, or None), central finite differences, their relative error."""
    analytic: list
    numerical: list
    errors: list
    bug: str | None


class Session(QObject):
    frameReady = Signal(object)        # Frame
    settingsChanged = Signal(object)   # Settings
    playingChanged = Signal(bool)
    message = Signal(str)

    def __init__(self, settings: Settings | None = None, network: Network | None = None, parent=None):
        super().__init__(parent)
        self._settings = settings or default_settings()
        if network is not None:
            self._settings = settings_of_network(network, self._settings)
        self.history, self.measures, self.player = LossHistory(), Measures(), Player(self)
        self.timeline, self._given = Timeline(), {}  # _given: (train, test) by name (use_data)
        self.checkpoint = None  # TrainerState of the last recorded epoch with finite losses
        self.job = None  # ScoresJob of an epoch still being evaluated (big data, playing)
        self.stale = False   # the trainer moved on without the stepper (after training)
        self._version = 0    # bumped by every change of the parameters other than an update
        self._load_data()
        if network is not None:
            check_fits(network, self.train_set)
        self._build(network)

    # read-only views of the engine objects, for tests and the window's status line
    trainer = property(lambda self: self._trainer)
    stepper = property(lambda self: self._stepper)
    snapshot = property(lambda self: self._stepper.snapshot)
    settings = property(lambda self: self._settings)
    playing = property(lambda self: self.player.active)

    # building
    def _load_data(self):
        given = self._given.get(self._settings.data.name)
        self.train_set, self.test_set = given if given is not None else \
            build_data(self._settings.data)
        self.extent = extent_of(self.train_set, self.test_set)

    def _build(self, network=None):
        s, data = self._settings, self.train_set
        network = network or new_network(s, data.n_inputs, data.n_targets)
        self._trainer = Trainer(network, data.x, data.t, s.train.eta, s.train.batch_size,
                                s.train.optimizer, s.net.seed)
        self._stepper = Stepper(self._trainer)
        self.info = NetInfo.of(network)
        self._restarted()

    def _restarted(self):
        self.stale, self._version, self.checkpoint, self.job = False, self._version + 1, None, None
        self.history.clear()
        self.timeline.clear()  # the old states no longer fit
        self.epoch_done(strict=False)

    def apply_settings(self, settings: Settings, network: Network | None = None) -> bool:
        """Use new settings; the network restarts (keeping its shape) unless only eta changed."""
        old, self._settings = self._settings, settings
        self.pause()
        try:
            if settings.data != old.data:
                self._load_data()
            only_eta = replace(settings, train=replace(settings.train, eta=old.train.eta)) == old
            if only_eta and network is None:
                self._trainer.eta = settings.train.eta  # after an undo: a new branch from there
            else:
                if network is None and (settings.net, settings.data) == (old.net, old.data):
                    network = self._trainer.initial  # a new rule keeps the same start weights
                self._build(network)
        except ValueError as e:  # e.g. bce with a tanh output: keep what we had
            self._settings = old
            self._load_data()
            self.message.emit(str(e))
        self.settingsChanged.emit(self._settings)
        self.publish()
        return self._settings is settings

    def open_network(self, path):
        """Load a network file; NetworkFileError or ValueError (a ValueError too) changes nothing."""
        net = files.load_network(path)
        try:
            check_fits(net, self.train_set)
        except ValueError as e:
            raise ValueError(f"{path}: {e}") from None
        self.apply_settings(settings_of_network(net, self._settings), network=net)

    def use_data(self, dataset, network: Network | None = None, train=None, test=None) -> bool:
        """Train on ``dataset`` exactly as given (no split: ``test`` or none; shown by its
        name), with ``network`` (its weights kept) and ``train`` (TrainSettings) if given.
        False, and nothing changed, if the settings are refused."""
        previous = self._given.get(dataset.name)
        self._given[dataset.name] = (dataset, test)
        s = self._settings if network is None else settings_of_network(network, self._settings)
        s = replace(s, data=replace(s.data, name=dataset.name), train=train or s.train)
        if s.data == self._settings.data:
            self._load_data()  # the same name, other points (e.g. one more clicked)
        if self.apply_settings(s, network):
            return True
        if previous is None:
            del self._given[dataset.name]
        else:
            self._given[dataset.name] = previous
        self._load_data()
        self.publish()
        return False

    def resume(self, state, history: LossHistory | None = None):
        """Continue from ``state`` (a TrainerState of this trainer's shape, e.g. from a
        session file), with its loss ``history``."""
        self.pause()
        self._trainer.restore(state)
        self._stepper.discard()
        self.stale, self._version, self.job = False, self._version + 1, None
        self.timeline.clear()
        self.history = history or LossHistory()
        self.epoch_done(strict=False)
        self.publish()

    def save_network(self, path):
        files.save_network(path, self._trainer.net)

    def reset(self):
        """The very same start: the initial weights, epoch 0, the seed's shuffles."""
        self.pause()
        self._trainer.reset()
        self._stepper.discard()
        self._restarted()
        self.publish()

    def randomize(self, seed: int | None = None):
        seed = random.randrange(1, 100_000) if seed is None else seed
        self.apply_settings(replace(self._settings, net=replace(self._settings.net, seed=seed)))

    def set_parameter(self, target, value: float):
        """Set one weight ``("edge", l, j, i)`` or bias ``("bias", l, j)``; restarts the iteration."""
        if not math.isfinite(value) or abs(value) > MAX_PARAMETER:
            raise ValueError(f"{value:g} is refused: a weight or bias is a number "
                             f"from {-MAX_PARAMETER:g} to {MAX_PARAMETER:g}")
        self.pause()
        net = self._trainer.net
        arrays = net.weights if target[0] == "edge" else net.biases
        changed = arrays[target[1]].copy()  # a new array: the trainer takes it up (Trainer._ensure_bound)
        changed[tuple(target[2:])] = value
        arrays[target[1]] = changed
        self._version += 1
        self._stepper.discard()
        self.stale = False
        self.publish()

    # stepping and training
    def step(self):
        """Run exactly one phase of the current iteration."""
        self._run(self._stepper.step)

    def finish_iteration(self):
        self._run(self._stepper.finish_iteration)

    def _run(self, action):
        self.pause()
        if self.stale:
            self._stepper.discard()
            self.stale = False
        try:
            if action().phase == UPDATE:
                self.epoch_done()
        except Diverged as e:
            self.diverged(e)
            return
        self.publish()

    def train(self, epochs: int):
        """Train ``epochs`` whole epochs at once (for --screenshot and tests)."""
        self.pause()
        try:
            for _ in range(epochs):
                self._trainer.train_epoch()
                self.stale = True
                self.epoch_done()
        except Diverged as e:
            self.diverged(e)
        self.publish()

    def play(self):
        if not self.playing:
            self.player.start()
            self.playingChanged.emit(True)

    def pause(self):
        if self.playing:
            self.player.stop()
            self.playingChanged.emit(False)
            self.publish()

    def toggle_play(self):
        if self.playing:
            self.pause()
        else:
            self.play()

    def set_speed(self, epochs_per_second):
        """Epochs per second while playing; None: as fast as the machine goes."""
        self.player.speed = epochs_per_second
        if self.playing:
            self.player.start()

    # stepping back
    def undo(self):
        self.pause()  # first: pausing publishes, and so records, the frame shown
        self.restore(self.timeline.undo())

    def redo(self):
        self.pause()
        self.restore(self.timeline.redo())

    def seek(self, index: int):
        self.pause()
        self.restore(self.timeline.seek(index))

    def restore(self, snapshot):
        """Return exactly to a recorded snapshot (None: nothing to do)."""
        if snapshot is None:
            return
        self.pause()
        self._stepper.restore(snapshot)
        self.stale, self._version, self.job = False, self._version + 1, None
        self.history = losses_until(self.history, snapshot.epoch)
        self.epoch_done(strict=False)
        self.publish()

    def gradient_check(self, bug=None) -> GradCheck:
        """Backprop (with a teaching ``bug``, or none) against central finite differences,
        at the current parameters on the current batch."""
        net, snap = self._trainer.net.copy(), self._stepper.snapshot
        analytic = bugs.buggy_gradients(net, snap.x, snap.t, bug)
        numerical = gradcheck.numerical_gradients(net, snap.x, snap.t)
        return GradCheck(analytic, numerical, gradcheck.relative_errors(analytic, numerical),
                         bugs.check_bug(bug))

    def diverged(self, error: Diverged):
        """Training stopped before a non-finite step; the engine kept the last finite state.
        If even that state overflows (its loss, or any z, a or gradient of the next batch),
        go back to the last recorded epoch that did not, or else to the start."""
        if self.playing:
            self.player.stop()  # not pause(): nothing is published before the check
            self.playingChanged.emit(False)
        text, self.job = f"Paused: {error}", None
        if not clean(self._trainer, self._scores()):
            if go_back(self._trainer, self.checkpoint, self._scores):
                self.history.clear()
                self.checkpoint = None
            self._stepper.discard()
            self.stale, self._version = False, self._version + 1
            text += f"; back to epoch {self._trainer.epoch}, the last without an overflow"
        self.message.emit(text)
        self.publish()

    # publishing
    def _key(self):
        """Changes whenever the parameters may have: an update (steps) or anything else."""
        return self._version, self._trainer.steps

    def _scores(self):
        return self.measures.scores(self._key(), self._trainer.net, self.train_set, self.test_set)

    def _losses(self):
        scores = self._scores()
        return scores[0], (math.nan if scores[2] is None else scores[2])

    def _finite(self) -> bool:
        return finite(self._scores())

    def epoch_done(self, strict: bool = True):
        """Record the loss of the epoch just finished, if the history keeps that epoch; that
        state is the one a divergence goes back to. A loss that is not finite there is a
        divergence (``strict``: raised, as the engine's guard only sees the parameters)."""
        if not self.history.wants(self._trainer.epoch):
            return
        if self._big():  # evaluated in the player's slices; one epoch at a time
            if self.job is None:
                self.job = ScoresJob(self._trainer.net, self.train_set, self.test_set,
                                     self._trainer.epoch, self._trainer.state())
            return
        if self._finite():
            self.history.record(self._trainer.epoch, *self._losses())
            self.checkpoint = self._trainer.state()
        elif strict:
            raise loss_diverged(self._trainer.epoch, self._trainer.eta)

    def _big(self) -> bool:
        """Playing on data too big to evaluate within a frame."""
        return self.playing and costly(self._trainer.net, self.train_set)

    def advance_job(self, deadline):
        """Evaluate the pending epoch until ``deadline`` (perf_counter); record it when done.
        Diverged if its loss is not finite."""
        job = self.job
        if job is None or not job.advance(deadline):
            return
        self.job = None
        scores = job.scores()
        if not finite(scores):
            raise loss_diverged(job.epoch, self._trainer.eta)
        train, _, test, _ = scores
        self.history.record(job.epoch, train, math.nan if test is None else test)
        self.checkpoint = job.state

    def publish(self):
        """Emit the current frame. After training, it shows the forward pass of the next batch."""
        if self.stale:
            self._stepper.discard()
            self._stepper.step()
            self.stale = False
        big = self._big()
        if not big and self.history.last_epoch != self._trainer.epoch and self._finite():
            self.history.show_latest(self._trainer.epoch, *self._losses())
        # One timeline point per published frame: every phase while stepping, one per drawn
        # frame (not per epoch) while playing, so that play stays fast.
        self.timeline.record(self._stepper.snapshot)
        net = self._trainer.net
        maps = self.measures.maps(self._key(), net, self.extent, map_size(net, self.playing))
        scores = self.measures.latest() if big else self._scores()
        self.frameReady.emit(Frame(self._stepper.snapshot, maps, self.extent, self.info,
                                   self.history.curve(), scores, self.train_set, self.test_set))
