"""Launch time: from starting the process to the end of the main window's first paint (by hand).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_launch.py [RUNS] [--quiet-only | --loaded-only]

Each run starts ``python -m playground`` with BACKPROP_PLAYGROUND_FIRST_PAINT=1, which makes
the window print the wall-clock time when its first paint has been delivered, and quit; the
launch time is that minus the time just before the process was started. Preferences go to a
fresh temporary folder. Min and median of RUNS (default 5), quiet and loaded (load.py).
Target: at most 4 times the baseline, run in turn with it: the same measure for a bare PySide6
window (an empty QWidget of the same size), the least any Qt app pays to start here. Beside
it, the same bare window after ``import numpy, pyqtgraph`` (``FLOOR``): what this window's
libraries cost before any of its own code runs. Also printed: the time to import the window's
modules alone, in a fresh process (``-X importtime`` breaks it down).

Every process keeps its bytecode in a folder of its own (``PYTHONPYCACHEPREFIX``, filled by the
first runs), as a user's Python keeps the app's after its first launch (pip compiles the
libraries' when it installs them). Without it, where ``PYTHONDONTWRITEBYTECODE`` is set (as on
this project's machine), each launch compiled the app's modules from source again: about
0.08 s more, which the libraries, compiled at install, never pay.
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
from load import conditions  # noqa: E402
from table import ROUNDS, Row, row_line  # noqa: E402


BARE_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
from PySide6.QtCore import QTimer
def painted():
    print("first paint", time.time(), flush=True)
    QApplication.instance().quit()
class Window(QWidget):
    def paintEvent(self, event):
        QTimer.singleShot(0, painted)
app = QApplication(sys.argv)
w = Window()
w.resize(1400, 800)
w.show()
app.exec()
"""
PLAYGROUND = ["-m", "playground"]
BARE = ["-c", BARE_WINDOW]
# The same bare window after importing what the first frame cannot do without: NumPy (the
# engine) and pyqtgraph (the views). pyqtgraph copies every name of QtCore, QtGui and QtWidgets
# (pyqtgraph/Qt/__init__.py), which makes PySide6 create all the classes it would load lazily.
FLOOR = ["-c", "import numpy, pyqtgraph\n" + BARE_WINDOW]


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
    args = sys.argv[1:]
    runs = next((int(a) for a in args if a.isdigit()), ROUNDS)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, BACKPROP_PLAYGROUND_FIRST_PAINT="1",
                   BACKPROP_PLAYGROUND_SETTINGS=os.path.join(home, "settings.ini"),
                   BACKPROP_PLAYGROUND_DATA=os.path.join(home, "data"),
                   PYTHONPYCACHEPREFIX=os.path.join(home, "bytecode"),
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        launch(env), launch(env, BARE), launch(env, FLOOR)  # the first runs fill the disk cache
        for condition in conditions(args):
            times, bare, floor = [], [], []
            for _ in range(runs):
                times.append(launch(env))
                bare.append(launch(env, BARE))
                floor.append(launch(env, FLOOR))
            imported = statistics.median(imports(env) for _ in range(3))
            ours, base = statistics.median(times), statistics.median(bare)
            print(f"launch to the end of the first paint ({runs} runs, {condition}): median "
                  f"{ours:.3f} s, best {min(times):.3f} s; importing the main window "
                  f"{imported:.3f} s; a bare PySide6 window {base:.3f} s ({ours / base:.2f}x)")
            print(row_line(Row.of("launch to the end of the first paint", times, bare,
                                  "a bare PySide6 window, the same measure", ("at most", 4.0),
                                  condition)))
            print(row_line(Row.of("launch to the end of the first paint", times, floor,
                                  "the bare window after importing numpy and pyqtgraph", None,
                                  condition)))
            print(row_line(Row.of("a bare window after importing numpy and pyqtgraph", floor,
                                  bare, "a bare PySide6 window, the same measure", None,
                                  condition)))


if __name__ == "__main__":
    main()
