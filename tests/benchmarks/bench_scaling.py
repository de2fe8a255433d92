"""Epoch time against the number of points and against layer width, drawn to docs/scaling.png.

- points: the spiral with 100 to 100,000 training points, [2, 8, 8, 1] tanh;
- width: [2, w, w, 1] tanh for w = 2 to 256, the spiral with 250 training points;
each with mini-batches of 10 and with the full batch (eta 0.03, sigmoid + BCE output).
Both axes are logarithmic: a slope of 1 is time proportional to the quantity.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_scaling.py [--quick]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from engine import datasets  # noqa: E402
from engine.network import Network  # noqa: E402
from engine.threads import limit_blas_threads  # noqa: E402
from engine.training import Trainer  # noqa: E402

POINTS = [100, 300, 1000, 3000, 10000, 30000, 100000]
WIDTHS = [2, 4, 8, 16, 32, 64, 128, 256]
BATCHES = {"batch 10": 10, "full batch": 0}


def epoch_time(n_points, width, batch_size, budget=0.2) -> float:
    """Seconds per epoch: the best of three runs of about ``budget`` seconds each."""
    data = datasets.builtin("spiral", n=n_points, noise=0.1, seed=0)
    net = Network.create([2, width, width, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)
    trainer = Trainer(net, data.x, data.t, eta=0.03, batch_size=batch_size, seed=0)
    start = time.perf_counter()
    trainer.train_epochs(1)
    epochs = max(1, int(budget / max(time.perf_counter() - start, 1e-6)))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        trainer.train_epochs(epochs)
        best = min(best, (time.perf_counter() - start) / epochs)
    return best


def measure(quick=False):
    points, widths = (POINTS[::2], WIDTHS[::2]) if quick else (POINTS, WIDTHS)
    by_points = {name: [epoch_time(n, 8, k) for n in points] for name, k in BATCHES.items()}
    by_width = {name: [epoch_time(250, w, k) for w in widths] for name, k in BATCHES.items()}
    return (points, by_points), (widths, by_width)


def steps(lo, hi):
    """1, 2, 5 times the powers of ten from just below ``lo`` to just above ``hi``."""
    decades = range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1)
    values = [m * 10.0 ** d for d in decades for m in (1, 2, 5)]
    return [v for v in values if lo / 2.5 <= v <= hi * 2.5]


def plot(panels, path):
    """Two log-log panels, exported with pyqtgraph's ImageExporter."""
    import pyqtgraph as pg
    import pyqtgraph.exporters
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 (the exporter needs one)
    pg.setConfigOptions(background="w", foreground="k", antialias=True)
    layout = pg.GraphicsLayoutWidget()
    layout.resize(1100, 450)
    titles = [("points in the training set", "epoch time vs points, [2,8,8,1]"),
              ("hidden layer width w", "epoch time vs width, [2,w,w,1], 250 points")]
    colours = {"batch 10": (31, 119, 180), "full batch": (214, 39, 40)}
    for (xs, series), (x_label, title) in zip(panels, titles):
        plot = layout.addPlot(title=title)
        plot.setLogMode(x=True, y=True)
        plot.showGrid(x=True, y=True, alpha=0.3)
        plot.setLabel("bottom", x_label)
        plot.setLabel("left", "milliseconds per epoch")
        plot.getAxis("left").enableAutoSIPrefix(False)
        # In log mode tick values are log10 of the data: name the measured x values, and
        # 1-2-5 steps of milliseconds.
        plot.getAxis("bottom").setTicks([[(np.log10(x), f"{x:,}") for x in xs], []])
        ms = [y * 1e3 for ys in series.values() for y in ys]
        y_ticks = [(np.log10(v), f"{v:g}") for v in steps(min(ms), max(ms))]
        plot.getAxis("left").setTicks([y_ticks, []])
        plot.getViewBox().setDefaultPadding(0.06)
        plot.addLegend(offset=(10, 10))
        for name, ys in series.items():
            plot.plot(xs, [y * 1e3 for y in ys], name=name, pen=pg.mkPen(colours[name], width=2),
                      symbol="o", symbolSize=6, symbolBrush=colours[name])
    layout.show()
    app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    exporter = pg.exporters.ImageExporter(layout.scene())
    exporter.parameters()["width"] = 1100
    exporter.export(str(path))
    layout.close()


def report(panels):
    for (xs, series), name in zip(panels, ("points", "width")):
        print(f"{name:>8} " + " ".join(f"{x:>9}" for x in xs))
        for label, ys in series.items():
            print(f"{label:>10} " + " ".join(f"{y * 1e3:7.3f}ms" for y in ys))


def main(argv=None):
    limit_blas_threads()  # as the window and the backprop command do
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "scaling.png")
    parser.add_argument("--quick", action="store_true", help="every other point, for a quick look")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    np.seterr(all="ignore")
    panels = measure(args.quick)
    report(panels)
    plot(panels, args.out)
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
