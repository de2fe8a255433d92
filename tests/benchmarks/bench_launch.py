"""Launch time: from starting the process to the first paint of the main window (by hand).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_launch.py [RUNS]

Each run starts ``python -m playground`` with BACKPROP_PLAYGROUND_FIRST_PAINT=1, which makes
the window print the wall-clock time of its first paint and quit; the launch time is that
minus the time just before the process was started. Preferences go to a fresh temporary
folder. Median and best of RUNS (default 7). Target: at most 1.0 s. The baseline, run in
turn with it: the same measure for a bare PySide6 window (an empty QWidget of the same size),
the least any Qt app pays to start here. Also printed: the time to import the window's modules
alone, in a fresh process (``-X importtime`` breaks it down).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import Row, row_line  # noqa: E402


BARE_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
class Window(QWidget):
    def paintEvent(self, event):
        print("first paint", time.time(), flush=True)
        QApplication.instance().quit()
app = QApplication(sys.argv)
w = Window()
w.resize(1400, 800)
w.show()
app.exec()
"""
PLAYGROUND = ["-m", "playground"]
BARE = ["-c", BARE_WINDOW]


def launch(env, args=PLAYGROUND) -> float:
    start = time.time()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)
    lines = [l for l in done.stdout.splitlines() if l.startswith("first paint ")]
    if not lines:
        raise RuntimeError(f"no first paint reported: {done.stderr.strip()[-300:]}")
    return float(lines[0].split()[-1]) - start


def imports(env) -> float:
    code = "import time; t = time.perf_counter(); import playground.window.main_window; " \
           "print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60)
    return float(done.stdout.strip().splitlines()[-1])


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, BACKPROP_PLAYGROUND_FIRST_PAINT="1",
                   BACKPROP_PLAYGROUND_SETTINGS=os.path.join(home, "settings.ini"),
                   BACKPROP_PLAYGROUND_DATA=os.path.join(home, "data"),
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        launch(env), launch(env, BARE)  # the first runs fill the disk cache
        times, bare = [], []
        for _ in range(runs):
            times.append(launch(env))
            bare.append(launch(env, BARE))
        imported = statistics.median(imports(env) for _ in range(3))
    ours, base = statistics.median(times), statistics.median(bare)
    print(f"launch to the first painted window (python -m playground, {runs} runs; "
          f"target <= 1.0 s):")
    print(f"  median {ours:.3f} s   best {min(times):.3f} s")
    print(f"  of which importing playground.main_window: {imported:.3f} s")
    print(f"  a bare PySide6 window: median {base:.3f} s   ratio {ours / base:.2f}x")
    print(row_line(Row("launch to the first painted window", ours, base,
                       "a bare PySide6 window, the same measure", ("under", 1.0))))


if __name__ == "__main__":
    main()
