"""Memory over a long run (by hand; prints figures, fails nothing).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_memory.py [EPOCHS] [--no-tracemalloc]

The window is open (offscreen) on XOR and plays at full speed as it does after "max speed"
and Play: the Session's player trains in time slices between which the event loop runs
(app.processEvents here) and frames are drawn. Every tenth of the run it prints the epoch,
the Python heap now and at its peak (tracemalloc), the process's peak resident size
(getrusage ru_maxrss), and the sizes of what grows with training if anything does: the
loss history, the points the loss plot holds, and the undo timeline. Default 1,000,000 epochs.
"""
import os
import resource
import sys
import time
import tracemalloc

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from playground.window.main_window import MainWindow


def mb(n_bytes):
    return f"{n_bytes / 2**20:7.1f} MB"


def max_rss():
    """Peak resident size of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def row(window, start, traced):
    s = window.session
    now, peak = tracemalloc.get_traced_memory() if traced else (0, 0)
    x = window.loss_plot.train_curve.getData()[0]
    plot = 0 if x is None else len(x)
    timeline = getattr(s, "timeline", None)
    steps = f"{len(timeline):6d} ({mb(timeline.nbytes()).strip()})" if timeline is not None else "     -"
    print(f"{s.trainer.epoch:9d} {time.perf_counter() - start:7.1f} s "
          f"{mb(now) if traced else '      -   '} {mb(peak) if traced else '      -   '} "
          f"{mb(max_rss())} {len(s.history):8d} {plot:8d}  {steps}", flush=True)


def main(argv):
    epochs = int(next((a for a in argv if a.isdigit()), 1_000_000))
    traced = "--no-tracemalloc" not in argv
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1400, 800)
    window.show()
    app.processEvents()
    s = window.session
    if traced:
        tracemalloc.start()
    print(f"XOR, network {s.trainer.net.sizes}, {epochs:,} epochs at full speed, window open")
    print("    epoch    time   heap now  heap peak   max RSS  history plotpts  undo points")
    start = time.perf_counter()
    row(window, start, traced)
    s.set_speed(None)   # "max speed", as the speed box offers
    s.play()
    marks = [epochs * k // 10 for k in range(1, 11)]
    while marks:
        app.processEvents()
        if s.trainer.epoch >= marks[0]:
            row(window, start, traced)
            while marks and s.trainer.epoch >= marks[0]:
                marks.pop(0)
        if not s.playing:
            print("stopped:", window.statusBar().currentMessage())
            break
    s.pause()
    app.processEvents()
    row(window, start, traced)
    window.close()


if __name__ == "__main__":
    main(sys.argv[1:])
