"""Does the window stay responsive with big data and a big network? (By hand; prints figures.)

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_stall.py [SECONDS]

A CSV of 100,000 points (two gaussian classes, written and read back as File > Import does)
and the network [2, 64 x 10, 1] (tanh, sigmoid output, batch 10) in a 1400 x 800 window play at
full speed for a few seconds. A QTimer beats every 5 ms and records the gaps between its
beats: the largest gap is the longest the event loop was kept busy (the longest time a click
would wait). Target: no gap over 50 ms. Also printed: epochs and batches done, frames drawn.
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
from table import Row, row_line  # noqa: E402
from engine import datasets
from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings

N_POINTS, HIDDEN, BEAT_MS = 100_000, (64,) * 10, 5


def big_csv(folder) -> str:
    rng = np.random.default_rng(0)
    t = (rng.random(N_POINTS) < 0.5).astype(float)[:, None]
    x = rng.normal(size=(N_POINTS, 2)) + 1.5 * (2 * t - 1)
    path = os.path.join(folder, "big.csv")
    datasets.save_csv(path, datasets.Dataset("big", x, t))
    return path


def play(app, window, seconds):
    """Play for ``seconds``; the beats' gaps (s) and how many frames were drawn."""
    gaps, last, frames = [], [time.perf_counter()], []

    def beat():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=BEAT_MS, timeout=beat)
    window.session.frameReady.connect(lambda f: frames.append(f))
    window.session.set_speed(None)
    timer.start()
    window.session.play()
    last[0] = t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
    window.session.pause()
    timer.stop()
    return gaps, len(frames)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        data = datasets.load_csv(big_csv(folder), 2, 1)
        read = time.perf_counter() - start
    net = NetSettings(hidden=HIDDEN, activations=("tanh",) * len(HIDDEN))
    session = Session(Settings(DataSettings(), net, TrainSettings(eta=0.05, batch_size=10)))
    window = MainWindow(session)
    window.resize(1400, 800)
    window.show()
    app.processEvents()
    start = time.perf_counter()
    session.use_data(data, session.trainer.net.copy())
    app.processEvents()
    use = time.perf_counter() - start
    trainer = session.trainer
    epoch0, steps0 = trainer.epoch, trainer.steps
    gaps, frames = play(app, window, seconds)
    gaps_ms = sorted(1000 * g for g in gaps)
    print(f"{N_POINTS:,} points, network {trainer.net.sizes[:2]} + {len(HIDDEN) - 1} x 64 + [1], "
          f"batch 10, playing {seconds:.0f} s at full speed")
    print(f"  CSV read {read:.2f} s, data taken up by the window {use:.2f} s (before playing)")
    print(f"  largest event-loop gap {gaps_ms[-1]:7.1f} ms   (target <= 50 ms)")
    print(f"  gaps: median {statistics.median(gaps_ms):.1f} ms, 99th percentile "
          f"{gaps_ms[int(0.99 * (len(gaps_ms) - 1))]:.1f} ms, {len(gaps_ms)} beats of {BEAT_MS} ms")
    print(f"  trained {trainer.epoch - epoch0} epochs + batches to {trainer.position}, "
          f"{trainer.steps - steps0} batches, {frames / seconds:.1f} frames/s")
    print(row_line(Row("playing 100k points, [2,64x10,1]: largest event-loop gap",
                       gaps_ms[-1] / 1000, statistics.median(gaps_ms) / 1000,
                       "the median gap between 5 ms timer beats", ("under", 0.05))))
    window.close()


if __name__ == "__main__":
    main()
