"""Does the window keep answering with big data and a big network? (By hand; prints figures.)

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_stall.py [ROUNDS] [--quiet-only | --loaded-only]

A CSV of 100,000 points (two gaussian classes, written and read back as File > Import does)
and the network [2, 64 x 10, 1] (tanh, sigmoid output, batch 10) in a 1400 x 800 window. A
QTimer beats every 5 ms and records the gaps between its beats: the largest gap is the longest
the event loop was kept busy (the longest a click would wait). Each round, in a new window:
take up the data (until its scores are computed), play at full speed for a few seconds, pause
(until the scores are computed), close. Target for each action: no gap over 100 ms; while
playing, at least 150 batches a second (beside the engine alone on the same data). Quiet and
loaded (two CPU-bound processes this program starts and stops, load.py); min and median of
the rounds.
"""
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import conditions  # noqa: E402
from table import ROUNDS, Row, row_line  # noqa: E402
from engine import datasets
from engine.training import Trainer
from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings

N_POINTS, HIDDEN, BEAT_MS, PLAY_SECONDS = 100_000, (64,) * 10, 5, 3.0
ACTIONS = ("taking up the data", "playing", "pausing", "closing")


def big_csv(folder) -> str:
    rng = np.random.default_rng(0)
    t = (rng.random(N_POINTS) < 0.5).astype(float)[:, None]
    x = rng.normal(size=(N_POINTS, 2)) + 1.5 * (2 * t - 1)
    path = os.path.join(folder, "big.csv")
    datasets.save_csv(path, datasets.Dataset("big", x, t))
    return path


class Beats:
    """Gaps between the beats of a 5 ms timer, by action."""

    def __init__(self):
        self.gaps, self.action, self.last = {}, None, time.perf_counter()
        self.timer = QTimer(interval=BEAT_MS, timeout=self.beat)
        self.timer.start()

    def beat(self):
        now = time.perf_counter()
        self.gaps.setdefault(self.action, []).append(now - self.last)
        self.last = now

    def during(self, action, app, until):
        """Run the event loop, charging the gaps to ``action``, until ``until()``; the first
        gap after the action's own call (made before this) counts too."""
        self.action = action
        while not until():
            app.processEvents()
        app.processEvents()
        self.beat()


def one_round(app, data) -> tuple:
    net = NetSettings(hidden=HIDDEN, activations=("tanh",) * len(HIDDEN))
    session = Session(Settings(DataSettings(), net, TrainSettings(eta=0.05, batch_size=10)))
    window = MainWindow(session)
    window.resize(1400, 800)
    window.show()
    app.processEvents()
    beats = Beats()
    beats.last = time.perf_counter()
    session.use_data(data, session.trainer.net.copy())
    beats.during("taking up the data", app, lambda: not session.run.busy)
    session.set_speed(None)
    steps0 = session.trainer.steps
    session.play()
    t0 = time.perf_counter()
    beats.during("playing", app, lambda: time.perf_counter() - t0 > PLAY_SECONDS)
    per_batch = (time.perf_counter() - t0) / max(session.trainer.steps - steps0, 1)
    session.pause()
    beats.during("pausing", app, lambda: not session.run.busy)
    window.close()
    beats.during("closing", app, lambda: True)
    beats.timer.stop()
    alone = engine_alone(session.trainer)
    return {a: (max(beats.gaps[a]), statistics.median(beats.gaps[a])) for a in ACTIONS}, per_batch, alone


def engine_alone(trainer, seconds=1.0) -> float:
    """Seconds per batch of the same training without the window."""
    alone = Trainer(trainer.initial, trainer.x, trainer.t, trainer.eta, trainer.batch_size,
                    trainer.optimizer_name, trainer.seed)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        alone.train_batch(with_loss=False)
        n += 1
    return (time.perf_counter() - t0) / n


def report(condition, rounds):
    what = "100k points, [2,64x10,1]"
    for action in ACTIONS:
        largest = [r[0][action][0] for r in rounds]
        median = [r[0][action][1] for r in rounds]
        print(f"{what}, {condition}, {action}: largest gap min {1e3 * min(largest):.0f} ms, "
              f"median {1e3 * statistics.median(largest):.0f} ms")
        print(row_line(Row.of(f"{what}: largest event-loop gap, {action}", largest, median,
                              "the median gap between 5 ms beats", ("under", 0.1), condition)))
    per_batch, alone = [r[1] for r in rounds], [r[2] for r in rounds]
    print(f"{what}, {condition}, playing: {1 / statistics.median(per_batch):.0f} batches/s, the "
          f"engine alone {1 / statistics.median(alone):.0f}")
    print(row_line(Row.of(f"{what}: playing, time per batch", per_batch, alone,
                          "the engine alone, no window", ("under", 1 / 150), condition)))


def main():
    args = sys.argv[1:]
    n_rounds = next((int(a) for a in args if a.isdigit()), ROUNDS)
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        data = datasets.load_csv(big_csv(folder), 2, 1)
    for condition in conditions(args):
        report(condition, [one_round(app, data) for _ in range(n_rounds)])


if __name__ == "__main__":
    main()
