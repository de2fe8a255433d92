"""Animated training: the Trainer runs in slices of about 8 ms on a QTimer.

Between slices the event loop runs, so the window never freezes. A slice calls the very
``Trainer.train_batch`` that stepping ends in, so the numbers do not depend on the speed.
``speed`` is in epochs per second; None trains as fast as the machine goes. The slice looks
at the clock after every batch, so a long epoch (100,000 points in batches of 10) is cut
between batches. The session is told after every epoch (to record the loss) and publishes at
most one frame per screen refresh. On a big data set the session evaluates an epoch's loss in
pieces (Session.job): each tick gives it up to ``EVALUATE`` seconds after the training.
A frame that takes longer than ``HEAVY`` to publish (a big network) gets a tick of its own,
so that no tick keeps the event loop much longer than the slowest of the two.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from engine.training import Diverged

from .settings import DEFAULT_SPEED

SLICE = 0.008          # seconds of training per timer tick
EVALUATE = 0.006       # seconds per tick for a pending evaluation (big data sets only)
HEAVY = 0.005          # seconds of publishing above which a frame is a tick of its own
FRAME = 1.0 / 60.0     # at most one published frame per screen refresh


class Player(QObject):
    def __init__(self, session):
        super().__init__(session)
        self.session, self.speed = session, DEFAULT_SPEED
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._slice)
        self.last_frame, self.publish_cost, self.unshown = 0.0, 0.0, False

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def start(self):
        self._t0, self._epoch0 = time.perf_counter(), self.session.trainer.epoch
        self.timer.start(0 if self.speed is None else 15)

    def stop(self):
        self.timer.stop()

    def _target(self, now):
        """The epoch to reach by ``now`` at the chosen speed (None: no limit)."""
        if self.speed is None:
            return None
        return self._epoch0 + int(self.speed * (now - self._t0)) + 1

    def _slice(self):
        session, trainer = self.session, self.session.trainer
        start = time.perf_counter()
        if self.unshown and self.publish_cost > HEAVY and start - self.last_frame >= FRAME:
            self._publish()
            return
        target, trained = self._target(start), False
        try:
            while time.perf_counter() - start < SLICE and (target is None or trainer.epoch < target):
                epoch = trainer.epoch
                trainer.train_batch(with_loss=False)
                trained = session.stale = True
                if trainer.epoch != epoch:
                    session.epoch_done()
            if session.job is not None:
                session.advance_job(time.perf_counter() + EVALUATE)
        except Diverged as e:
            session.diverged(e)
            return
        self.unshown = self.unshown or trained
        if self.unshown and self.publish_cost <= HEAVY and time.perf_counter() - self.last_frame >= FRAME:
            self._publish()

    def _publish(self):
        start = time.perf_counter()
        self.session.publish()
        self.last_frame = time.perf_counter()
        self.publish_cost, self.unshown = self.last_frame - start, False
