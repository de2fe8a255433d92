"""Speed of the window (run by hand; prints figures, fails nothing).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_window.py

1. A full frame for the network [2, 8, 8, 8, 8, 8, 8, 1] on the spiral, 100 x 100 boundary
   and a map per neuron, in a 1400 x 800 window: session emit (forward snapshot, maps, scores)
   + every view's redraw + a forced repaint of the whole window (grab). Median of 50 frames,
   each after one training iteration so that every map really changes. Target: under 8 ms.
   Also: emit + redraw + repaint of only the widgets a frame changes (what the event loop does).
2. Training while animating on XOR at full speed: epochs per second and frames per second
   over a few seconds of the real event loop. Targets: >= 2,000 epochs/s at >= 30 fps.
"""
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from playground.main_window import MainWindow
from playground.session import Session
from playground.settings import NetSettings, Settings, TrainSettings, default_settings


def ms(seconds):
    return f"{1000 * seconds:6.2f} ms"


def bench_frame(app, frames=50):
    s = default_settings("spiral")
    net = NetSettings(hidden=(8,) * 6, activations=("tanh",) * 6)
    window = MainWindow(Session(Settings(s.data, net, TrainSettings(eta=0.03, batch_size=10))))
    window.resize(1400, 800)
    window.show()
    app.processEvents()
    session = window.session
    changed = (window.training, window.network_view, window.boundary_view, window.loss_plot,
               window.statusBar())
    parts = {"emit + redraw": [], "repaint (grab)": [], "frame": [], "changed views only": []}
    for _ in range(frames + 5):
        session.trainer.train_batch()
        session.stale = True  # as after a training slice: the next frame shows a fresh forward
        t0 = time.perf_counter()
        session.publish()
        t1 = time.perf_counter()
        window.grab()
        t2 = time.perf_counter()
        session.trainer.train_batch()
        session.stale = True
        t3 = time.perf_counter()
        session.publish()
        for widget in changed:  # what Qt repaints in the event loop: the widgets that changed
            widget.grab()
        t4 = time.perf_counter()
        for key, value in zip(parts, (t1 - t0, t2 - t1, t2 - t0, t4 - t3)):
            parts[key].append(value)
    print(f"frame, {window.session.trainer.net.sizes}, 100 x 100 maps, 1400 x 800 window "
          f"(median of {frames}):")
    for key, values in parts.items():
        print(f"  {key:20s} {ms(statistics.median(values[5:]))}")
    window.close()


def bench_throughput(app, seconds=3.0):
    window = MainWindow()
    window.resize(1400, 800)
    window.show()
    app.processEvents()
    frames = []
    window.session.frameReady.connect(lambda f: frames.append(time.perf_counter()))
    window.session.set_speed(None)
    start_epoch = window.session.trainer.epoch
    window.session.play()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
    window.session.pause()
    elapsed = time.perf_counter() - t0
    epochs = window.session.trainer.epoch - start_epoch
    print(f"animated training on XOR {window.session.trainer.net.sizes}, {elapsed:.1f} s:")
    print(f"  {epochs / elapsed:8.0f} epochs/s   {len(frames) / elapsed:5.1f} frames/s")
    window.close()


def main():
    app = QApplication.instance() or QApplication(sys.argv)
    bench_frame(app)
    bench_throughput(app)


if __name__ == "__main__":
    main()
