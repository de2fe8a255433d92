"""The loss of every epoch the history keeps, and the way back after a divergence.

``Epochs`` belongs to a run (run.py) and reads its trainer, data and measures. It records the
loss at the end of every epoch the bounded ``LossHistory`` wants; that state is the
``checkpoint`` a divergence goes back to. With a big data set (``measures.costly``) the losses
of an epoch are computed while playing in the run's time slices (``job``, a ScoresJob), and
frames show the latest scores known. A loss that is not finite is a divergence
(divergence.py): no NaN reaches a view or a file.
"""
from __future__ import annotations

import math

from .divergence import clean, finite, go_back, loss_diverged
from .gradient_sizes import GradientSizes
from .loss_history import LossHistory
from .measures import ScoresJob, costly
from .timeline import losses_until


class Epochs:
    def __init__(self, run):
        self.run = run
        self.history = LossHistory()
        self.gradients = GradientSizes()  # each layer's gradient norm, on the epochs kept
        self.checkpoint = None  # TrainerState of the last recorded epoch with finite losses
        self.job = None         # ScoresJob of an epoch still being evaluated (big data, playing)

    def clear(self):
        self.history.clear()
        self.gradients.clear()
        self.checkpoint = self.job = None

    def until(self, epoch: int) -> LossHistory:
        """The loss curve up to ``epoch`` (the run stepped back to it)."""
        return losses_until(self.history, epoch)

    def scores(self):
        r = self.run
        return r.measures.scores(r.key(), r.trainer.net, r.train_set, r.test_set)

    def _losses(self):
        scores = self.scores()
        return scores[0], (math.nan if scores[2] is None else scores[2])

    def big(self) -> bool:
        """Playing on data too big to evaluate within a frame."""
        return self.run.playing and costly(self.run.trainer.net, self.run.train_set)

    def epoch_done(self, strict: bool = True):
        """Record the loss of the epoch just finished, if the history keeps that epoch. A loss
        that is not finite there is a divergence (``strict``: raised, as the engine's guard
        only sees the parameters)."""
        trainer = self.run.trainer
        if not self.history.wants(trainer.epoch):
            return
        if strict:  # an update made this epoch's last gradient (not an edit or a reset)
            self.gradients.record(trainer)
        if self.big():  # evaluated in the run's slices; one epoch at a time
            if self.job is None:
                r = self.run
                self.job = ScoresJob(trainer.net, r.train_set, r.test_set, trainer.epoch,
                                     trainer.state())
            return
        if finite(self.scores()):
            self.history.record(trainer.epoch, *self._losses())
            self.checkpoint = trainer.state()
        elif strict:
            raise loss_diverged(trainer.epoch, trainer.eta)

    def advance_job(self, deadline):
        """Evaluate the pending epoch until ``deadline`` (perf_counter); record it when done.
        Diverged if its loss is not finite."""
        job = self.job
        if job is None or not job.advance(deadline):
            return
        self.job = None
        scores = job.scores()
        if not finite(scores):
            raise loss_diverged(job.epoch, self.run.trainer.eta)
        train, _, test, _ = scores
        self.history.record(job.epoch, train, math.nan if test is None else test)
        self.checkpoint = job.state

    def recover(self) -> bool:
        """After a divergence: True if the trainer's state had to be changed (it overflows: back
        to the checkpoint, or to the start)."""
        self.job = None
        trainer = self.run.trainer
        if clean(trainer, self.scores()):
            return False
        if go_back(trainer, self.checkpoint, self.scores):
            self.history.clear()
            self.checkpoint = None
        return True

    def frame_scores(self) -> tuple:
        """The scores a frame shows; the current epoch joins the curve if it is finite."""
        if self.big():
            return self.run.measures.latest()
        epoch = self.run.trainer.epoch
        if self.history.last_epoch != epoch and finite(self.scores()):
            self.history.show_latest(epoch, *self._losses())
        return self.scores()
