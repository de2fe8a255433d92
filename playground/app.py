"""``backprop-playground [FILE.json] [--dataset NAME] [--screenshot FILE.png [--train-epochs N]]``.

Opens the window on XOR and a small sigmoid network (or on NAME with a few tanh layers), or on
FILE.json: a network file or a whole session file, told apart by its "format". ``--screenshot`` renders the window offscreen, trains N epochs,
writes the PNG and exits 0. A bad file or argument: one line on stderr and exit code 2.
With the environment variable ``BACKPROP_PLAYGROUND_FIRST_PAINT`` set, the window prints
``first paint <time.time()>`` when its first paint has ended and quits (for bench_launch.py).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace

# What engine/threads.py reads as the user's own choice of BLAS threads (the window side does
# not import the engine).
BLAS_SETTINGS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS", "BLIS_NUM_THREADS")


def load_numpy_with_one_blas_thread():
    """The run limits the BLAS to one thread (engine/threads.py), once NumPy is loaded. Told
    before, OpenBLAS starts no pool of worker threads that would only idle: 30 to 60 ms of the
    launch. The variable goes again at once, so nothing inherits it and the run's limit is set
    as before; a user's own setting, or a NumPy loaded already, is left alone."""
    if "numpy" in sys.modules or any(os.environ.get(name) for name in BLAS_SETTINGS):
        return
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import numpy  # noqa: F401
    finally:
        del os.environ["OPENBLAS_NUM_THREADS"]


load_numpy_with_one_blas_thread()  # before the session's modules load NumPy

from .session import session_file  # noqa: E402
from .session.settings import (DATASET_NAMES, ETA_RANGE, MAX_BATCH, MAX_HIDDEN_LAYERS,  # noqa: E402
                               MAX_UNITS, default_settings)
from .window import preferences  # noqa: E402
from .window.preferences import APPLICATION, ORGANIZATION  # noqa: E402

PROG = "backprop-playground"
SIZE = (1400, 800)
FIRST_PAINT = "BACKPROP_PLAYGROUND_FIRST_PAINT"


def parse(argv):
    p = argparse.ArgumentParser(prog=PROG, description="Watch backpropagation, one phase per click.")
    p.add_argument("network", nargs="?", metavar="FILE.json",
                   help="open this network or session file")
    p.add_argument("--dataset", metavar="NAME", help="the training data: a built-in name ("
                   f"{', '.join(DATASET_NAMES)}; default xor) or a CSV file (2 inputs, 1 target)")
    p.add_argument("--layers", help="hidden layer sizes, e.g. 8,8,6 (ignored with NET.json)")
    p.add_argument("--activation", help="activation of the hidden layers, e.g. tanh")
    p.add_argument("--lr", type=float, help="learning rate eta")
    p.add_argument("--batch-size", type=int, help="samples per iteration (0: all)")
    p.add_argument("--optimizer", choices=["sgd", "momentum", "adam"])
    p.add_argument("--seed", type=int, help="seed of the initial weights and the shuffles")
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window offscreen to FILE.png and exit")
    p.add_argument("--train-epochs", type=int, default=0, metavar="N",
                   help="with --screenshot: train N epochs before the picture")
    return p.parse_args(argv)


def parse_layers(text: str) -> tuple:
    """``"8,8,6"`` -> (8, 8, 6); ValueError naming the limits otherwise."""
    try:
        hidden = tuple(int(n) for n in text.split(",") if n.strip())
    except ValueError:
        hidden = None
    if hidden is None or len(hidden) > MAX_HIDDEN_LAYERS or not all(1 <= n <= MAX_UNITS for n in hidden):
        raise ValueError(f"--layers {text}: expected up to {MAX_HIDDEN_LAYERS} hidden layer sizes "
                         f"of 1 to {MAX_UNITS} units, such as 8,8,6")
    return hidden


def check_range(option, value, low, high):
    """ValueError naming ``option``, its value and the range, if ``value`` is outside it."""
    if value is not None and not low <= value <= high:
        raise ValueError(f"{option} {value:g}: expected a number from {low:g} to {high:g}")


def settings_from(args):
    builtin = args.dataset if args.dataset in DATASET_NAMES or args.dataset is None else "circle"
    s = default_settings(builtin or "xor")  # a CSV file starts as the harder sets do
    net, train = s.net, s.train
    if args.layers:
        hidden = parse_layers(args.layers)
        net = net.with_hidden(hidden, (net.activations[:1] or ("tanh",)) * len(hidden))
    if args.activation:
        net = net.with_hidden(net.hidden, (args.activation,) * len(net.hidden))
    if args.seed is not None:
        net = replace(net, seed=args.seed)
    check_range("--lr", args.lr, *ETA_RANGE)  # what the window's boxes can show
    check_range("--batch-size", args.batch_size, 0, MAX_BATCH)
    for name, value in (("eta", args.lr), ("batch_size", args.batch_size), ("optimizer", args.optimizer)):
        if value is not None:
            train = replace(train, **{name: value})
    return replace(s, net=net, train=train)


def fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def open_files(args):
    """``(settings, network, saved, data)`` from the arguments: a network file's Network, a
    session file's contents, a CSV file's points (None where not asked for). ValueError (a
    NetworkFileError, SessionFileError or DataError) names the file and the problem."""
    settings, saved = settings_from(args), None
    network = data = None
    if args.network:
        opened = session_file.read(args.network)
        saved, network = (opened, None) if isinstance(opened, session_file.Loaded) else (None, opened)
    if args.dataset is not None and args.dataset not in DATASET_NAMES:
        data = session_file.read_points(args.dataset)
    return settings, network, saved, data


def session_of(argv):
    """The Session that a command line (a list of strings) asks for; ValueError otherwise.
    ``MainWindow(["--dataset", "points.csv", "--layers", "8,8"])`` opens on it."""
    from .session.face import Session
    settings, network, saved, data = open_files(parse(argv))
    session = Session(settings, network)
    if saved is not None and not session.install(saved):
        raise ValueError(f"{argv[0]}: refused")
    if data is not None and not session.use_imported(data):
        raise ValueError(f"{data.name}: the network does not fit these points")
    return session


def main(argv=None) -> int:
    args = parse(argv)
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        settings, network, saved, data = open_files(args)
    except ValueError as e:  # NetworkFileError, SessionFileError, DataError are ValueErrors
        return fail(str(e))
    from PySide6.QtWidgets import QApplication
    from .session.face import Session
    from .window.main_window import MainWindow
    app = QApplication.instance() or QApplication([PROG])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    try:
        session = Session(settings, network)
    except ValueError as e:
        return fail(f"{args.network or 'settings'}: {e}")
    window = MainWindow(session)
    window.resize(*SIZE)
    if saved is not None and not session.install(saved):
        return fail(f"{args.network}: {window.statusBar().currentMessage()}")
    if data is not None and not session.use_imported(data):
        return fail(f"{args.dataset}: {window.statusBar().currentMessage()}")
    if args.screenshot:
        window.show()
        return screenshot(app, window, args.screenshot, args.train_epochs)
    fit_screen(window)
    preferences.restore_geometry(window)
    window.docks.restore_zoom()
    if os.environ.get(FIRST_PAINT):
        return first_paint(app, window)
    # Autosave (which first offers the autosave if the last run crashed) waits for the first
    # frame: it reads folders and writes a file, and the window need not wait for that.
    watch = after_first_paint(window, window.files.start_autosave)  # noqa: F841 (kept alive)
    window.show()
    return app.exec()


def fit_screen(window):
    """No larger than the screen's free area (a projector's 1280 x 720, say)."""
    room = window.screen().availableGeometry()
    window.resize(min(SIZE[0], room.width()), min(SIZE[1], room.height()))


def after_first_paint(window, then):
    """Call ``then()`` once the window's first paint has been delivered (the event loop is back),
    at the latest; the watch is a child of the window."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if obj is window and event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, then)
            return False

    watch = Watch(window)
    window.installEventFilter(watch)
    return watch


def first_paint(app, window) -> int:
    """Show the window, print the wall-clock time at the end of its first paint and quit: the
    launch as ``main`` makes it up to there (bench_launch.py)."""
    def painted():
        print(f"first paint {time.time():.6f}", flush=True)
        app.quit()

    watch = after_first_paint(window, painted)  # noqa: F841 (kept alive)
    window.show()
    return app.exec()


def screenshot(app, window, path, epochs) -> int:
    window.session.train(max(epochs, 0))
    app.processEvents()
    window.settle()
    if not window.grab().save(path):
        return fail(f"{path}: cannot write the picture")
    window.close()
    return 0
