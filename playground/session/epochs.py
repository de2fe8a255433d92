"""The loss of every epoch the history keeps, and the way back after a divergence.

``Epochs`` belongs to a run (run.py) and reads its trainer, data and measures. It records the
loss at the end of every epoch the bounded ``LossHistory`` wants; that state is the
``checkpoint`` a divergence goes back to. A big data set (``measures.costly``) is never
evaluated at once, playing or at rest: its evaluations wait in ``jobs`` (ScoresJobs, oldest
first: an epoch to record, or the state a frame at rest shows), which the run advances in its
time slices (``advance_jobs``); frames show the latest scores known and that they are being
computed (``pending``). While playing, a frame's scores are those of its epoch's start:
they are computed once an epoch, not once a frame; and with the whole set as the batch and no
test set, the loss of an epoch is the one the next training pass computes before its update
(the same forward pass on the same points, so the same bits), taken from there (``awaiting``,
``training_loss``) instead of a second forward pass. A loss that is not finite is a divergence (divergence.py): no NaN
reaches a view or a file. That holds for the scores a frame shows too, in the middle of an epoch:
scores of a state reached by training (``unchecked``: steps since the last state known to
show) that are not finite raise the divergence there (``frame_scores``, big sets' jobs).
Each point keeps the L1/L2 penalty of the weights it was scored with (``penalty_of``), so
the loss plot can draw the data loss beside the total.
"""
from __future__ import annotations

import math

from engine import regularization

from .divergence import clean, finite, go_back, loss_diverged
from .gradient_sizes import GradientSizes
from .loss_history import LossHistory
from .measures import SYNC_WORK, ScoresJob
from .timeline import losses_until

MAX_JOBS = 2  # the one being computed and the newest waiting: epochs between are skipped


def penalty_of(net) -> float:
    """The penalty ``λ·Ω(W)`` in the network's loss; NaN without one (no data loss to tell
    apart from the total)."""
    if net.regularization is None or net.reg_rate == 0:
        return math.nan
    return regularization.penalty(net)


class Epochs:
    def __init__(self, run):
        self.run = run
        self.history = LossHistory()
        self.gradients = GradientSizes()  # each layer's gradient norm, on the epochs kept
        self.checkpoint = None  # TrainerState of the last recorded epoch with finite losses
        self.jobs = []          # ScoresJobs of a big data set still being evaluated
        self._scored_epoch = None  # the epoch whose start the latest scores are of (playing)
        self.awaiting = None    # (epoch, TrainerState, penalty) whose loss the next pass gives
        self._checked_steps = None  # the trainer's steps when its scores were last seen finite

    def clear(self):
        self.history.clear()
        self.gradients.clear()
        self.checkpoint = None
        self.forget()

    def forget(self):
        """Drop what waits for the current parameters: they changed other than by training."""
        self.jobs, self.awaiting = [], None
        self._checked_steps = self.run.trainer.steps  # not trained: nothing diverged here

    @property
    def unchecked(self) -> bool:
        """Training moved the parameters since their scores were last seen finite."""
        return self.run.trainer.steps != self._checked_steps

    def _diverged_here(self):
        trainer = self.run.trainer  # mid-epoch, the epoch under way (1-based) is epoch + 1
        return loss_diverged(trainer.epoch + (trainer.position > 0), trainer.eta)

    def until(self, epoch: int) -> LossHistory:
        """The loss curve up to ``epoch`` (the run stepped back to it)."""
        return losses_until(self.history, epoch)

    def scores(self):
        r = self.run
        return r.measures.scores(r.key(), r.trainer.net, r.train_set, r.test_set)

    def big(self) -> bool:
        """Data too big to evaluate within a frame (``costly``, from the trainer's sizes: this
        is asked once an epoch)."""
        trainer = self.run.trainer
        return len(trainer.x) * trainer.flat.size > SYNC_WORK

    @property
    def pending(self) -> bool:
        """Scores are being computed (big data only)."""
        return bool(self.jobs)

    def _queue(self, epoch=None, strict=False):
        r, trainer = self.run, self.run.trainer
        job = ScoresJob(trainer.net, r.train_set, r.test_set, epoch,
                        None if epoch is None else trainer.state(), r.key(), strict)
        job.penalty = penalty_of(trainer.net)
        if len(self.jobs) >= MAX_JOBS and not self.jobs[-1].started:
            self.jobs[-1] = job
        else:
            self.jobs.append(job)

    def epoch_done(self, strict: bool = True):
        """Record the loss of the epoch just finished, if the history keeps that epoch. A loss
        that is not finite there is a divergence (``strict``: raised, as the engine's guard
        only sees the parameters)."""
        trainer = self.run.trainer
        if not self.history.wants(trainer.epoch):
            return
        if strict:  # an update made this epoch's last gradient (not an edit or a reset)
            self.gradients.record(trainer)
        if self.big():  # evaluated in the run's slices
            self._queue(trainer.epoch, strict)
            return
        if self.run.playing and trainer.full_batch and self.run.test_set is None:
            self.awaiting = (trainer.epoch, trainer.state(), penalty_of(trainer.net))
            return
        scores = self.scores()  # once: a second call would only find them again by the key
        if finite(scores):
            self._scored_epoch = trainer.epoch
            self.history.record(trainer.epoch, scores[0],
                                math.nan if scores[2] is None else scores[2],
                                penalty_of(trainer.net))
            self.checkpoint = trainer.state()
        elif strict:
            raise loss_diverged(trainer.epoch, trainer.eta)

    def training_loss(self, loss: float):
        """The loss the training pass just computed before its update: ``awaiting``'s."""
        (epoch, state, penalty), self.awaiting = self.awaiting, None
        self.history.record(epoch, loss, math.nan, penalty)
        self.checkpoint = state

    def settle(self):
        """Playing stops: record the epoch still awaiting its loss, from its own state."""
        if self.awaiting is not None and self.run.trainer.steps == self.awaiting[1].steps:
            scores = self.scores()
            if finite(scores):
                self.training_loss(scores[0])
        self.awaiting = None

    def advance_jobs(self, deadline) -> bool:
        """Evaluate the waiting jobs until ``deadline`` (perf_counter); record each when done.
        True if one was done. Diverged if its loss is not finite."""
        done = False
        while self.jobs and self.jobs[0].advance(deadline):
            job = self.jobs.pop(0)
            done = True
            scores = job.scores()
            if job.strict and not finite(scores):
                raise (self._diverged_here() if job.epoch is None
                       else loss_diverged(job.epoch, self.run.trainer.eta))
            self.run.measures.store(job.key, scores)
            if job.epoch is not None and finite(scores):
                train, _, test, _ = scores
                self.history.record(job.epoch, train, math.nan if test is None else test,
                                    job.penalty)
                self.checkpoint = job.state
        return done

    def recover(self) -> bool:
        """After a divergence: True if the trainer's state had to be changed (it overflows: back
        to the checkpoint, or to the start). This evaluates the whole set at once, big or not:
        only a divergence gets here."""
        self.forget()
        trainer = self.run.trainer
        if clean(trainer, self.scores()):
            return False
        if go_back(trainer, self.checkpoint, self.scores):
            self.history.clear()
            self.checkpoint = None
        self._checked_steps = trainer.steps  # clean, or the start: shown as it is
        return True

    def frame_scores(self) -> tuple:
        """The scores a frame shows; the current epoch joins the curve if it is finite. With
        big data, the latest known; at rest the current state's are queued if unknown. Scores
        of a trained state that are not finite raise ``Diverged``."""
        r = self.run
        if self.big():
            key = r.key()
            if r.measures.knows(key):
                self._show_latest(r.measures.latest())
            elif not r.playing and all(job.key != key for job in self.jobs):
                self._queue(strict=self.unchecked)
            return r.measures.latest()
        if r.playing and self._scored_epoch == r.trainer.epoch:
            return r.measures.latest()  # scores are per epoch: the same until it ends
        scores = self.scores()
        if finite(scores):
            self._checked_steps = r.trainer.steps
            self._show_latest(scores)
        elif self.unchecked:
            raise self._diverged_here()
        self._scored_epoch = r.trainer.epoch
        return scores

    def _show_latest(self, scores):
        epoch = self.run.trainer.epoch
        if self.history.last_epoch != epoch and finite(scores):
            self.history.show_latest(epoch, scores[0], math.nan if scores[2] is None else scores[2],
                                     penalty_of(self.run.trainer.net))
