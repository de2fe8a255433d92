"""Shared test set-up. The window's preferences (QSettings) and its application-data folder
(autosave, crash marker) go to a temporary folder, for this process and the programs it
starts, so that no test reads or writes the real home; each test has preferences of its own. ``--fuzz-actions N`` sets the length
of the window fuzz test (tests/test_fuzz_window.py) and ``--fuzz-digest PATH`` records its outcome."""
import gc
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_HOME = tempfile.mkdtemp(prefix="backprop-playground-tests-")
os.environ["BACKPROP_PLAYGROUND_SETTINGS"] = os.path.join(_HOME, "settings.ini")
os.environ["BACKPROP_PLAYGROUND_DATA"] = os.path.join(_HOME, "data")


def pytest_addoption(parser):
    parser.addoption("--fuzz-actions", type=int, default=None, metavar="N",
                     help="random user actions in the window fuzz test (default 300, with -m slow 2000)")
    parser.addoption("--fuzz-digest", default=None, metavar="PATH",
                     help="append the window fuzz test's outcome digest (SHA-256 of its action "
                          "log and final state) to PATH, one line per run")


def pytest_unconfigure(config):
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_preferences(tmp_path_factory, monkeypatch):
    """Each test starts from no preferences (a zoom or a recent file set by one stays there);
    outside the test's own tmp_path, which tests list."""
    folder = tmp_path_factory.mktemp("preferences")
    monkeypatch.setenv("BACKPROP_PLAYGROUND_SETTINGS", str(folder / "settings.ini"))


COLLECT_EVERY = 20  # tests between two collections of Python's cyclic garbage


@pytest.fixture(autouse=True)
def collect_between_tests(request):
    """Python's cyclic garbage (old windows, menus) is collected between tests, never inside
    one: a collection that starts inside PySide6's QObject::disconnect can reach a dying QMenu,
    whose destructor then waits for the lock disconnect holds (the run hung so, once in five
    runs, under load). Tests that measure memory collect before they measure."""
    gc.disable()
    yield
    gc.enable()
    _collected[0] += 1
    if _collected[0] % COLLECT_EVERY == 0:
        gc.collect()


_collected = [0]


@pytest.fixture
def private_home(tmp_path, monkeypatch):
    """Preferences and the application-data folder (autosave, crash marker) in tmp_path."""
    monkeypatch.setenv("BACKPROP_PLAYGROUND_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("BACKPROP_PLAYGROUND_DATA", str(tmp_path / "data"))


@pytest.fixture
def window(qtbot):
    """The whole default window (a module may define its own ``window`` instead)."""
    from playground.window.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    return w
