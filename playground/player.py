"""Animated training: the Trainer runs in slices of about 8 ms on a QTimer.

Between slices the event loop runs, so the window never freezes. A slice calls the very
``Trainer.train_batch`` that stepping ends in, so the numbers do not depend on the speed.
``speed`` is in epochs per second; None trains as fast as the machine goes. The session is
told after every epoch (to record the loss) and publishes at most one frame per screen refresh.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from engine.training import Diverged

from .settings import DEFAULT_SPEED

SLICE = 0.008          # seconds of training per timer tick
FRAME = 1.0 / 60.0     # at most one published frame per screen refresh


class Player(QObject):
    def __init__(self, session):
        super().__init__(session)
        self.session, self.speed = session, DEFAULT_SPEED
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._slice)
        self.last_frame = 0.0

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
        target, trained = self._target(start), False
        try:
            while time.perf_counter() - start < SLICE and (target is None or trainer.epoch < target):
                epoch = trainer.epoch
                trainer.train_batch(with_loss=False)
                trained = session.stale = True
                if trainer.epoch != epoch:
                    session.epoch_done()
        except Diverged as e:
            session.diverged(e)
            return
        if trained and time.perf_counter() - self.last_frame >= FRAME:
            session.publish()
            self.last_frame = time.perf_counter()
