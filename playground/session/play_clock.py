"""When play trains and when it shows: the clock of animated training, without Qt.

Play trains in slices of about ``SLICE`` seconds (the face's QTimer calls ``Run.tick``), so
the window never freezes; a slice calls the very ``Trainer.train_batch`` that stepping ends in,
so the numbers do not depend on the speed. ``speed`` is in epochs per second (None: as fast as
the machine goes). A slice looks at the clock after every batch, so a long epoch (100,000 points
in batches of 10) is cut between batches. At most one frame is shown per screen refresh
(``FRAME``). On a big data set an epoch's loss is evaluated in pieces: up to ``EVALUATE``
seconds a tick after the training. A frame that takes longer than ``HEAVY`` to publish (a big
network) gets a tick of its own, so no tick keeps the event loop much longer than the slower one.

Frames adapt to their cost: the clock measures what a frame costs (``frame_cost``: publishing,
and the time from the end of that tick to the start of the next, where the views redraw and
Qt paints) and spaces frames so that training gets ``SHARE`` of the time, at no fewer than
``MIN_FPS`` frames a second and no more than one per refresh: a cheap frame comes at every
refresh, a costly one less often, and more of the engine's speed reaches the screen. A frame
so costly that ``MIN_FPS`` would leave training less than ``MIN_SHARE`` (a big network on a
busy machine) comes less often than that: training never starves. A frame is due
``frame_interval`` after the one before was due, and a slice of training ends when it is due
(``slice_end``), so frames come at the rate chosen, not a slice late. Only frames shown
while playing are measured: the pause before a ``start`` is not a frame's cost.
Between the epochs whose loss the history keeps, a slice trains whole epochs in one call of
the engine (``whole_epochs``: as many as take about ``CHUNK`` seconds), not batch by batch.
A frame adds about ``POINTS`` points to the loss history at most (``history_stride``): at
full speed, scoring every epoch of the spiral took a seventh of play's time.
"""
from __future__ import annotations

import time

SLICE = 0.008          # seconds of training per timer tick
EVALUATE = 0.006       # seconds per tick of pending work: a big set's scores, maps, a check
HEAVY = 0.005          # seconds of publishing above which a frame is a tick of its own
FRAME = 1.0 / 60.0     # at most one published frame per screen refresh
MIN_FPS = 30.0         # frames come at least this often, whatever they cost
SHARE = 0.8            # of the time between frames, what training should get
MIN_SHARE = 0.5        # what it gets at the least, even below MIN_FPS
MIN_SLICE = 0.001      # seconds (and one batch) a slice trains at the least, frame due or not
SMOOTHING = 0.1        # weight of the newest frame in the running frame cost: one slow frame (the
                       # machine busy elsewhere) hardly moves it, a lasting change does in 20
CHUNK = 0.001          # seconds of whole epochs trained in one call of the engine
POINTS = 8             # loss points a frame adds to the history at most, about



def now() -> float:
    """The clock of play, looked up at each call (tests put a stand-in for time.perf_counter)."""
    return time.perf_counter()


class PlayClock:
    def __init__(self, speed):
        self.speed = speed
        self.last_frame, self.publish_cost, self.unshown = 0.0, 0.0, False
        self.frame_cost, self._tick_end, self._framed = 0.0, None, False
        self.epoch_cost = None  # seconds per epoch of the last whole epochs trained
        self._t0, self._epoch0 = now(), 0

    def start(self, epoch: int):
        self._t0, self._epoch0 = now(), epoch
        self._tick_end, self._framed = None, False  # the time since the last tick was a pause

    @property
    def interval_ms(self) -> int:
        """How often the timer ticks: at once again when unlimited, else about 60 times a second."""
        return 0 if self.speed is None else 15

    def target(self, at: float):
        """The epoch to reach by ``at`` at the chosen speed (None: no limit)."""
        if self.speed is None:
            return None
        return self._epoch0 + int(self.speed * (at - self._t0)) + 1

    @property
    def frame_interval(self) -> float:
        """Seconds from one frame to the next: the frame's cost is 1 - SHARE of it, or as much
        as 1 - MIN_SHARE to keep MIN_FPS."""
        wanted = self.frame_cost / (1.0 - SHARE)
        slowest = max(1.0 / MIN_FPS, self.frame_cost / (1.0 - MIN_SHARE))
        return max(FRAME, min(wanted, slowest))

    def tick_started(self, at: float):
        """A tick begins: if the one before published a frame, what came between them was the
        rest of that frame (the views' redraw, Qt's paint)."""
        if self._framed and self._tick_end is not None:
            # The timer's own wait (a set speed ticks every interval_ms) is idle, not frame work.
            cost = self.publish_cost + max(0.0, at - self._tick_end - self.interval_ms / 1000)
            self.frame_cost += SMOOTHING * (cost - self.frame_cost) if self.frame_cost else cost
        self._framed = False

    def tick_ended(self):
        self._tick_end = now()

    def whole_epochs(self, stride: int, epoch: int, target) -> int:
        """How many whole epochs to train in one call from ``epoch``: up to the next multiple
        of ``stride`` (the next epoch the loss history keeps), the ``target`` and ``CHUNK``;
        0 until an epoch is known to take less than ``CHUNK`` (a long one goes batch by batch)."""
        if self.epoch_cost is None or self.epoch_cost > CHUNK:
            return 0
        n = min(stride - epoch % stride, max(1, int(CHUNK / self.epoch_cost)))
        return n if target is None else max(0, min(n, target - epoch))

    def history_stride(self) -> int:
        """The stride of the loss history at which a frame adds about ``POINTS`` points: 1
        at a set speed of a few epochs a frame; more at full speed, where a frame spans
        hundreds of epochs and the plot has fewer pixels than the points would be."""
        if self.epoch_cost is None or self.epoch_cost <= 0:
            return 1
        epochs = self.frame_interval / self.epoch_cost
        if self.speed is not None:
            epochs = min(epochs, self.speed * self.frame_interval)
        return max(1, int(epochs / POINTS))

    def trained(self, seconds: float, epochs: float):
        """``epochs`` (a fraction for a batch) took ``seconds``: the cost of an epoch."""
        self.epoch_cost = seconds / epochs

    def heavy_frame_due(self, at: float) -> bool:
        """A frame too costly to share a tick with training, and its turn has come."""
        return self.unshown and self.publish_cost > HEAVY and self._due(at)

    def light_frame_due(self, at: float) -> bool:
        return self.unshown and self.publish_cost <= HEAVY and self._due(at)

    def _due(self, at: float) -> bool:
        return at - self.last_frame >= self.frame_interval

    def slice_end(self, start: float) -> float:
        """When a slice of training that starts at ``start`` ends: after ``SLICE``, or when
        the next frame is due if that is sooner (but not before ``MIN_SLICE``)."""
        due = self.last_frame + self.frame_interval
        return min(start + SLICE, max(due, start + MIN_SLICE))

    def shown(self, started: float):
        """A frame was published, from ``started`` until now. The next is due a
        ``frame_interval`` after this one was due, if it came within an interval of that (a
        frame a batch late does not delay every later one), else after ``started``."""
        due = self.last_frame + self.frame_interval
        self.last_frame = due if 0.0 <= started - due < self.frame_interval else started
        self.publish_cost, self.unshown = now() - started, False
        self._framed = True
