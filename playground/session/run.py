"""The run: the one owner of a session's state, without Qt.

It holds the network, the data, the settings (``Settings`` and ``ViewSettings``), the engine's
Trainer and Stepper, the timeline of snapshots (undo), the loss per epoch (``epochs.Epochs``:
history, checkpoint, pending evaluation) and the measures of a frame. Intents come in as method
calls; every change puts events in ``outbox``, in order, for the Qt face (face.py) to emit:
``("frame", Frame)``, ``("settings", Settings)``, ``("view", ViewSettings)``,
``("playing", bool)``, ``("message", str)``, ``("exercises", ExerciseSet or None)``,
``("check", CheckProgress or None)`` (a gradient check in slices, checks.py).
Nothing here calls out or back up.

States: ``AT_REST`` (stepping; the intents below) and ``PLAYING`` (``tick`` trains a time slice
and publishes a frame when one is due). ``play`` goes to PLAYING; ``pause``, a divergence and every
other intent go back to AT_REST first. At rest the run may still be ``busy``: a big set's
scores, a big network's full maps or a gradient check are computed in its ticks, never at once
(slices.py).
The stepper may be behind the trainer (after training): then the next frame starts the next
iteration afresh with its forward pass (``_behind``).

Over 250 lines for a reason: this is the one place that owns the state, so every intent is a
method here; each is a few lines, and the work is done by the parts it calls (opening.py,
epochs.py, slices.py, play_clock.py, timeline.py, measures.py, session_file.py, the engine).
"""
from __future__ import annotations

import math
import random
from dataclasses import replace

from engine import files, limits, losses
from engine.features import FEATURES, raw_inputs
from engine.network import Network
from engine.stepper import UPDATE, Stepper
from engine.tuning import tune_numpy
from engine.training import Diverged, Trainer

from . import (checks, data_edits, iteration, opening, presets, problems, session_file, slices,
               thumbnails)
from .data import build_data, extent_of
from .opening import check_fits, new_network
from .epochs import Epochs
from .frame import Frame, NetInfo
from .measures import Measures, heavy_maps, map_size, slopes
from .play_clock import PlayClock, now
from .settings import Settings, ViewSettings, default_settings, settings_of_network
from .timeline import Timeline

AT_REST, PLAYING = "at rest", "playing"
MAX_PARAMETER = limits.MAX_TYPED  # a typed weight or bias beyond this is refused: it would only overflow
# Samples in a batch x parameters above which Finish runs its phases one per tick (about 50 ms
# of work per phase here): the window answers between phases, and Pause or Esc stops it.
HEAVY_STEP = 5_000_000


class Run:
    def __init__(self, settings: Settings | None = None, network: Network | None = None):
        tune_numpy()  # once per process: see engine/tuning.py
        self.settings = settings or default_settings()
        if network is not None:
            self.settings = settings_of_network(network, self.settings)
        self.view, self.state, self.outbox = ViewSettings(), AT_REST, []
        self.measures, self.timeline = Measures(), Timeline()
        self.clock = PlayClock(self.view.speed)
        self.given = {}  # (train, test) by name (use_data)
        self._edits = 0   # bumped by every change of the parameters other than an update
        self.exercises = None  # the exercise set (exercises.ExerciseSet) saved with the session
        self.suggestion = None  # settings suggested for the dataset chosen (problems.py)
        self.suggestion_text = None  # what they are, in one line
        self.check_job = None  # a gradient check in slices (checks.CheckJob), or None
        self.finishing = False  # Finish under way, a phase per tick (a heavy batch)
        self.seeds = random.Random()  # Randomize's new seeds (a test seeds it to replay a run)
        self.load_data()
        if network is not None:
            check_fits(network, self.train_set)
        self.epochs = Epochs(self)
        self._build(network)

    stepper = property(lambda self: self._stepper)
    trainer = property(lambda self: self._stepper.trainer)
    snapshot = property(lambda self: self._stepper.snapshot)
    playing = property(lambda self: self.state == PLAYING)
    busy = property(lambda self: self.playing or self.epochs.pending  # wants ticks
                    or self.measures.map_job is not None or self.check_job is not None
                    or self.finishing)
    history = property(lambda self: self.epochs.history)
    thumbnails = property(lambda self: thumbnails.thumbnails())  # the picker's pictures' points

    def take_events(self) -> list:
        events, self.outbox = self.outbox, []
        return events

    # building
    def load_data(self):
        given = self.given.get(self.settings.data.name)
        self.train_set, self.test_set = given if given is not None else build_data(self.settings.data)
        self.extent = extent_of(self.train_set, self.test_set)

    def _build(self, network=None):
        s, data = self.settings, self.train_set
        network = network or new_network(s, data.n_inputs, data.n_targets)
        losses.check_targets(network.loss, data.t, data.name, data.lines)  # bce needs t in [0, 1]
        trainer = Trainer(network, data.x, data.t, s.train.eta, s.train.batch_size,
                          s.train.optimizer, s.net.seed)
        self._stepper = Stepper(trainer)
        self.info = NetInfo.of(network)
        self.cancel_check()  # a check of the old network would not fit the new one
        self._moved(clear=True)

    def _moved(self, clear=False, history=None):
        """The parameters changed other than by an update: forget what depended on them."""
        self._edits += 1
        self.epochs.forget()
        if clear:
            self.epochs.clear()
            self.timeline.clear()  # the old states no longer fit
        if history is not None:
            self.epochs.history = history
        self.epochs.epoch_done(strict=False)

    def _behind(self) -> bool:
        """The trainer has moved on (training) since the stepper's snapshot."""
        return self.trainer.steps != self.snapshot.steps

    def apply_settings(self, settings: Settings, network: Network | None = None) -> bool:
        """Use new settings; the network restarts (keeping its shape) unless only eta changed."""
        old, self.settings = self.settings, settings
        self.pause()
        try:
            if settings.data != old.data:
                self.load_data()
                if network is None and settings.data.name != old.data.name:
                    settings = self.settings = self._new_problem(settings)
            only_eta = replace(settings, train=replace(settings.train, eta=old.train.eta)) == old
            if only_eta and network is None:
                self.trainer.eta = settings.train.eta  # after an undo: a new branch from there
            else:
                if network is None and (settings.net, settings.data) == (old.net, old.data):
                    network = self.trainer.initial  # a new rule keeps the same start weights
                self._build(network)
        except ValueError as e:  # e.g. bce with a tanh output: keep what we had
            self.settings = old
            self.load_data()
            self.outbox.append(("message", str(e)))
        self.outbox.append(("settings", self.settings))
        self.publish()
        return self.settings is settings

    def _new_problem(self, settings: Settings) -> Settings:
        """Another dataset: the output layer and the loss follow its problem type, and its
        suggested settings are offered (``use_suggestion``) if they differ."""
        settings = problems.fit_output(settings, self.train_set)
        offer = problems.suggested(settings, self.train_set)
        self.suggestion = offer if offer != settings else None
        self.suggestion_text = None
        if self.suggestion is not None:
            self.suggestion_text = problems.describe(offer, self.train_set)
            self.outbox.append(("message", self.suggestion_text))
        return settings

    def set_features(self, chosen) -> bool:
        """Use the feature inputs ``chosen`` (names of engine.features.FEATURES, any order; at
        least one): the network is built again with that input layer, as for any change of
        its shape. Only x1 and x2 is the raw columns (None). False, with a message, if refused."""
        names = tuple(name for name in FEATURES if name in tuple(chosen))
        if not names or len(names) != len(set(chosen)) or raw_inputs(self.trainer.net) != 2:
            self.outbox.append(("message", "at least one input stays on; the inputs are "
                                           + ", ".join(FEATURES) + " of two raw columns"))
            return False
        net = replace(self.settings.net, features=None if names == FEATURES[:2] else names)
        return self.apply_settings(replace(self.settings, net=net))

    def toggle_feature(self, name: str) -> bool:
        """Switch the feature input ``name`` on or off (the last one on stays on)."""
        on = self.settings.net.features or FEATURES[:2]
        return self.set_features(tuple(n for n in on if n != name) if name in on
                                 else (*on, name))

    def use_suggestion(self) -> bool:
        """Take the settings suggested for the dataset (False if there are none)."""
        offer, self.suggestion, self.suggestion_text = self.suggestion, None, None
        return offer is not None and self.apply_settings(offer)

    def open_network(self, path, net=None):
        """Load a network file (or use ``net``, read from it); a ValueError changes nothing."""
        opening.open_network(self, path, net)

    def use_data(self, dataset, network: Network | None = None, train=None, test=None) -> bool:
        """Train on ``dataset`` as given (opening.use_data); False if it is refused."""
        return opening.use_data(self, dataset, network, train, test)

    def use_imported(self, data) -> bool:
        """Train on imported points; the network stays if it fits them."""
        return opening.use_imported(self, data)

    def save_network(self, path):
        files.save_network(path, self.trainer.net)

    def resume(self, state, history=None):
        """Continue from ``state`` (a TrainerState of this trainer's shape, e.g. from a
        session file), with its loss ``history`` (a LossHistory)."""
        self.pause()
        self.trainer.restore(state)
        self._stepper.discard()
        self.timeline.clear()
        self._moved(history=history or type(self.history)())
        self.publish()

    def reset(self):
        """The very same start: the initial weights, epoch 0, the seed's shuffles."""
        self.pause()
        self.trainer.reset()
        self._stepper.discard()
        self._moved(clear=True)
        self.publish()

    def randomize(self, seed: int | None = None):
        seed = self.seeds.randrange(1, 100_000) if seed is None else seed
        self.apply_settings(replace(self.settings, net=replace(self.settings.net, seed=seed)))

    def set_parameter(self, target, value: float):
        """Set one weight ``("edge", l, j, i)`` or bias ``("bias", l, j)``; restarts the iteration."""
        if not math.isfinite(value) or abs(value) > MAX_PARAMETER:
            raise ValueError(f"{value:g} is refused: a weight or bias is a number "
                             f"from {-MAX_PARAMETER:g} to {MAX_PARAMETER:g}")
        self.pause()
        net = self.trainer.net
        arrays = net.weights if target[0] == "edge" else net.biases
        changed = arrays[target[1]].copy()  # a new array: the trainer takes it up (Trainer._ensure_bound)
        changed[tuple(target[2:])] = value
        arrays[target[1]] = changed
        self._edits += 1
        self._stepper.discard()
        self.publish()

    def set_view(self, **changes):
        """Change how the session is shown (``ViewSettings`` fields), e.g. ``speed=30``."""
        view = replace(self.view, **changes)
        if view == self.view:
            return
        self.view, self.clock.speed = view, view.speed
        if self.playing:
            self.clock.start(self.trainer.epoch)
        self.outbox.append(("view", view))

    def set_speed(self, epochs_per_second):
        self.set_view(speed=epochs_per_second)

    def set_exercises(self, exercise_set):
        """Use an exercise set (exercises.ExerciseSet, or None); it is saved with the session."""
        self.exercises = exercise_set
        self.outbox.append(("exercises", exercise_set))

    def open_preset(self, name: str):
        """Open one of the seeds' presets (presets.py); returns the engine's Preset."""
        return presets.open_preset(self, name)

    def edit_points(self, x: float, y: float, action: str) -> bool:
        """A click on the decision plane adds or removes a training point (data_edits.py)."""
        return data_edits.edit(self, x, y, action)

    def save_session(self, path):
        """Write the whole session to ``path`` (session_file.py); OSError or ValueError."""
        session_file.save(self, path)

    def install(self, loaded) -> bool:
        """Make a loaded session file (session_file.load) this run's session."""
        return session_file.install(self, loaded)

    def gradient_check(self, bug=None) -> checks.Check:
        """Backprop (with a teaching ``bug``, or none) against central finite differences."""
        return checks.gradient_check(self.trainer.net, self.snapshot, bug)

    def start_check(self, bug=None):
        """The same check in the ticks, a slice at a time (a big network's): ``("check",
        CheckProgress)`` events follow its progress and bring its result; ``cancel_check``
        drops it. The state may move on meanwhile: the result is of the snapshot it names."""
        self.pause()
        self.cancel_check()
        self.check_job = checks.CheckJob(self.trainer.net, self.snapshot, bug)
        self.outbox.append(("check", self.check_job.progress))

    def cancel_check(self):
        """Stop the check under way, if any (``("check", None)``); nothing else changes."""
        if self.check_job is not None:
            self.check_job = None
            self.outbox.append(("check", None))

    def export_iteration(self, path, fmt: str):
        """Write the current iteration, whole, as tables (iteration.py); the run does not move."""
        self.pause()
        iteration.save_iteration(self, path, fmt)

    # stepping and training
    def step(self):
        """Run exactly one phase of the current iteration."""
        self._run(self._stepper.step)

    def finish_iteration(self):
        """The rest of the iteration: at once, or for a heavy batch a phase per tick
        (slices.finish_slice; ``pause`` stops it after the phase under way)."""
        tr = self.trainer
        batch = tr.n_samples if tr.full_batch else min(tr.batch_size, tr.n_samples)
        if batch * sum(p.size for p in tr.net.params()) <= HEAVY_STEP:
            self._run(self._stepper.finish_iteration)
            return
        self.pause()
        if self._behind():
            self._stepper.discard()
        self.finishing = True
        self.outbox.append(("message", "Finishing the iteration, a phase at a time "
                                       "(Esc or Pause stops it)"))

    def _run(self, action):
        self.pause()
        if self._behind():
            self._stepper.discard()
        try:
            if action().phase == UPDATE:
                self.epochs.epoch_done()
        except Diverged as e:
            self.diverged(e)
            return
        self.publish()

    def train(self, epochs: int):
        """Train ``epochs`` whole epochs at once (for --screenshot and tests)."""
        self.pause()
        try:
            for _ in range(epochs):
                self.trainer.train_epoch()
                self.epochs.epoch_done()
        except Diverged as e:
            self.diverged(e)
        self.publish()

    def play(self):
        self.cancel_check()  # the ticks go to training, and the check would be stale
        if self.finishing:
            self.pause()  # a Finish under way stops first
        if not self.playing:
            self.state = PLAYING
            self.clock.start(self.trainer.epoch)
            self.outbox.append(("playing", True))

    def pause(self):
        if self.finishing:  # stops after the phase just run: the frame shows it
            self.finishing = False
            self.outbox.append(("message", "Finish stopped; Step or Finish goes on from here"))
            self.publish()
        if self.playing:
            self.epochs.settle()
            self.state = AT_REST
            self.outbox.append(("playing", False))
            self.publish()

    def toggle_play(self):
        if self.playing or self.finishing:
            self.pause()
        else:
            self.play()

    def tick(self):
        """One time slice (slices.py): playing, train for about ``SLICE`` seconds, then a frame
        if one is due; at rest, a slice of the maps or scores still to come."""
        if not self.playing:
            slices.rest_slice(self)
            return
        start = now()
        self.clock.tick_started(start)
        try:
            slices.play_slice(self, start)
        finally:
            self.clock.tick_ended()

    def diverged(self, error: Diverged):
        """Training stopped before a non-finite step; the engine kept the last finite state.
        If even that state overflows, go back to the last recorded epoch that did not
        (``Epochs.recover``), or else to the start."""
        if self.playing:  # not pause(): nothing is published before the check
            self.epochs.awaiting = None
            self.state = AT_REST
            self.outbox.append(("playing", False))
        text = f"Paused: {error}"
        if self.epochs.recover():
            self._stepper.discard()
            self._edits += 1
            text += f"; back to epoch {self.trainer.epoch}, the last without an overflow"
        self.outbox.append(("message", text))
        self.publish()

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
        self._moved(history=self.epochs.until(snapshot.epoch))
        self.publish()

    # publishing
    def key(self):
        """Changes whenever the parameters may have: an update (steps) or anything else."""
        return self._edits, self.trainer.steps

    def publish(self):
        """Put the current frame in the outbox. After training, it shows the forward pass of
        the next batch."""
        if self._behind():
            self._stepper.discard()
            self._stepper.step()
        try:
            scores = self.epochs.frame_scores()
        except Diverged as e:  # the loss overflowed in the middle of an epoch
            self.diverged(e)
            return
        if self.view.sample >= len(self.snapshot.samples):  # a smaller batch: its last sample
            self.set_view(sample=len(self.snapshot.samples) - 1)
        # One timeline point per published frame: every phase while stepping, one per drawn
        # frame (not per epoch) while playing, so that play stays fast.
        self.timeline.record(self.snapshot)
        net = self.trainer.net
        if self.playing or not heavy_maps(net):
            self.measures.map_job = None
            maps = self.measures.maps(self.key(), net, self.extent, map_size(net, self.playing))
        else:  # coarse now, the full ones in the next ticks
            maps = self.measures.maps_soon(self.key(), net, self.extent)
        self.outbox.append(("frame", Frame(self.snapshot, maps, self.extent, self.info,
                                           self.history.curve(), scores, self.train_set,
                                           self.test_set, slopes(self.snapshot, self.info),
                                           self.epochs.gradients.curve(self.trainer.epoch,
                                                                       net.n_layers),
                                           presets.open_in(self.settings), self.epochs.pending,
                                           self.playing,
                                           self.measures.inputs(net, self.extent,
                                                                maps[-1].shape[-1]))))
