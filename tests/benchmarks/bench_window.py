"""Speed of the window (run by hand; prints figures, fails nothing).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_window.py [ROUNDS] [--quiet-only | --loaded-only]

Every figure is measured quiet and then loaded (two CPU-bound processes this program starts and
stops, load.py), in ``ROUNDS`` rounds each; a row gives the min and the median of the rounds.
1. A frame while playing, for [2, 8, 8, 8, 8, 8, 8, 1] on the spiral with 100 x 100 maps in a
   1400 x 800 window: the run's publish (in its playing state, as its ticks publish), every
   view's redraw, then the event loop's repaint of what changed. A round is the median of 40
   frames, each after one training iteration so that every map really changes. Target: at
   most half of a forced repaint of the whole window (grab), measured in the same rounds.
2. Training while animating at full speed, a round of a few seconds of the real event loop:
   the time per epoch on screen against the engine alone (``Trainer.train_epochs`` with the
   same settings and data, no window), so their ratio is how much of the engine's speed
   reaches the screen (target: at least 60%, a ratio of at most 1.67); and the time per frame
   (target: at least 30 frames a second) beside a frame with no training; and the cap on
   frames: the time per frame against one refresh of a 60 Hz screen (target: at least 0.95x;
   tests/test_window_training.py checks the cap itself on a fake clock).
3. Playing XOR at the default speed (300 epochs/s): the time per epoch against the set speed's
   (target: within 10%; the test checks it on a fake clock).
Each row is printed as ``ROW {json}`` (table.py) for run_all.py.
"""
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import conditions  # noqa: E402
from table import ROUNDS, Row, row_line  # noqa: E402
from engine.training import Trainer
from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.run import AT_REST, PLAYING
from playground.session.settings import (DEFAULT_SPEED, NetSettings, Settings, TrainSettings,
                                         default_settings)

SHARE = 0.6  # of the engine's speed that should reach the screen


def ms(seconds):
    return f"{1000 * seconds:6.2f} ms"


def open_window(app, settings):
    window = MainWindow(Session(settings))
    window.resize(1400, 800)
    window.show()
    app.processEvents()
    return window


def frame_window(app):
    s = default_settings("spiral")
    net = NetSettings(hidden=(8,) * 6, activations=("tanh",) * 6)
    return open_window(app, Settings(s.data, net, TrainSettings(eta=0.03, batch_size=10)))


def frame_round(app, window, frames=40) -> tuple:
    """Median times of a frame while playing, and of a forced repaint of the whole window."""
    run = window.session.run
    run.state = PLAYING  # publish as the run's ticks do while playing; no timer runs
    times, grabs = [], []
    try:
        for k in range(frames + 5):
            window.session.trainer.train_batch()
            t0 = time.perf_counter()
            window.session.publish()
            window.session.timer.stop()  # the face starts it for a playing run: no ticks here
            app.processEvents()
            times.append(time.perf_counter() - t0)
            if k % 4 == 0:
                t1 = time.perf_counter()
                window.grab()
                grabs.append(time.perf_counter() - t1)
    finally:
        run.state = AT_REST
    return statistics.median(times[5:]), statistics.median(grabs[1:])


def bench_frame(app, window, condition, n_rounds):
    rounds = [frame_round(app, window) for _ in range(n_rounds)]
    frames, grabs = [r[0] for r in rounds], [r[1] for r in rounds]
    print(f"frame while playing, {window.session.trainer.net.sizes}, {condition}: min "
          f"{ms(min(frames))}, median {ms(statistics.median(frames))}; whole window (grab) "
          f"median {ms(statistics.median(grabs))}")
    print(row_line(Row.of("frame while playing, [2, 8 x 6, 1], maps, 1400 x 800", frames, grabs,
                          "a forced repaint of the whole window", ("at most", 0.5), condition)))


def engine_alone(trainer, seconds=0.6) -> float:
    """Seconds per epoch of a copy of ``trainer``'s work without the window."""
    alone = Trainer(trainer.initial, trainer.x, trainer.t, trainer.eta, trainer.batch_size,
                    trainer.optimizer_name, trainer.seed)
    epochs, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        alone.train_epochs(10)
        epochs += 10
    return (time.perf_counter() - t0) / epochs


def idle_frame(app, window, frames=20) -> float:
    """Median time of a frame with no training: the session's publish and the repaint."""
    times = []
    for _ in range(frames):
        t0 = time.perf_counter()
        window.session.publish()
        app.processEvents()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def play_round(app, window, seconds=2.0) -> tuple:
    """Seconds per epoch and per frame over ``seconds`` of play at the set speed."""
    frames = []
    record = lambda f: frames.append(f)  # noqa: E731
    window.session.frameReady.connect(record)
    start_epoch = window.session.trainer.epoch
    window.session.play()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
    window.session.pause()
    elapsed = time.perf_counter() - t0
    window.session.frameReady.disconnect(record)
    return elapsed / max(window.session.trainer.epoch - start_epoch, 1), elapsed / max(len(frames), 1)


def bench_play(app, window, name, condition, n_rounds):
    window.session.set_speed(None)
    per_epoch, per_frame, alone, idle = [], [], [], []
    for _ in range(n_rounds):
        window.session.reset()
        epoch, frame = play_round(app, window)
        per_epoch.append(epoch)
        per_frame.append(frame)
        alone.append(engine_alone(window.session.trainer))
        idle.append(idle_frame(app, window))
    share = statistics.median(alone) / statistics.median(per_epoch)
    print(f"playing {name}, {condition}: {1 / statistics.median(per_epoch):8.0f} epochs/s "
          f"(engine alone {1 / statistics.median(alone):8.0f}: {100 * share:.0f}% on screen) at "
          f"{1 / statistics.median(per_frame):5.1f} frames/s")
    print(row_line(Row.of(f"playing {name}: time per epoch", per_epoch, alone,
                          "the engine alone, no window", ("at most", 1 / SHARE), condition)))
    print(row_line(Row.of(f"playing {name}: time per frame", per_frame, idle,
                          "a frame with no training (nothing new)", ("under", 1 / 30), condition)))
    print(row_line(Row.of(f"playing {name}: time per frame, capped", per_frame, [1 / 60],
                          "one refresh of a 60 Hz screen (set)", ("at least", 0.95), condition)))


def bench_set_speed(app, window, condition, n_rounds, speed=DEFAULT_SPEED):
    """Playing XOR at ``speed`` epochs/s: is the speed kept? (The test checks it on a fake clock.)"""
    window.session.set_speed(speed)
    per_epoch = [play_round(app, window)[0] for _ in range(n_rounds)]
    print(f"playing XOR at a set {speed} epochs/s, {condition}: "
          f"{1 / statistics.median(per_epoch):.0f} epochs/s")
    print(row_line(Row.of(f"playing XOR at a set {speed} epochs/s: time per epoch", per_epoch,
                          [1 / speed], f"the set speed's (1/{speed} s)", ("within", 0.1), condition)))


def main():
    args = sys.argv[1:]
    n_rounds = next((int(a) for a in args if a.isdigit()), ROUNDS)
    app = QApplication.instance() or QApplication(sys.argv)
    s = default_settings("spiral")
    two_layers = NetSettings(hidden=(8, 8), activations=("tanh",) * 2)
    windows = {"frame": frame_window(app),
               "XOR [2,3,1]": open_window(app, default_settings("xor")),
               "spiral [2,8,8,1], batch 10": open_window(app, Settings(s.data, two_layers, s.train))}
    for condition in conditions(args):
        bench_frame(app, windows["frame"], condition, n_rounds)
        for name in ("XOR [2,3,1]", "spiral [2,8,8,1], batch 10"):
            bench_play(app, windows[name], name, condition, n_rounds)
        bench_set_speed(app, windows["XOR [2,3,1]"], condition, n_rounds)
    for window in windows.values():
        window.close()


if __name__ == "__main__":
    main()
