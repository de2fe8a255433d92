"""The one way through: click -> slot -> intent -> run -> frame -> views, with no call back up.

Statically (every import statement, also those inside functions): no module of the window side
(views, panels, dialogs, window, app.py) imports the engine: they get what they show from
frames and hand what they gather to the session's face. No module of the session side but its
Qt face imports Qt or the window side. Dynamically: importing the session side (face.py aside)
loads no Qt, and a Run driven by its intents alone gives its frames and events.
"""
import ast
import pathlib

import numpy as np

from helpers import import_all_code, run_python, top_level
from playground.session.run import AT_REST, PLAYING, Run
from playground.session.settings import NetSettings, Settings

ROOT = pathlib.Path(__file__).resolve().parents[1]
WINDOW_FOLDERS = ("views", "panels", "dialogs", "window")
WINDOW_FILES = ("app.py", "__init__.py", "__main__.py")
QT = ("PySide6", "pyqtgraph")
WINDOW_PACKAGES = tuple(f"playground.{f}" for f in WINDOW_FOLDERS) + ("playground.app",)


def imported(path: pathlib.Path, package: str):
    """Every module ``path`` imports, relative imports made absolute (``package``: its own)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def window_side(root: pathlib.Path):
    for folder in WINDOW_FOLDERS:
        for path in sorted((root / "playground" / folder).glob("*.py")):
            yield path, f"playground.{folder}"
    for name in WINDOW_FILES:
        if (root / "playground" / name).exists():
            yield root / "playground" / name, "playground"


def engine_imports_of_the_window_side(root) -> list:
    return [(path.name, m) for path, package in window_side(root)
            for m in imported(path, package) if m == "engine" or m.startswith("engine.")]


def window_imports_of_the_session_side(root) -> list:
    found = []
    for path in sorted((root / "playground" / "session").glob("*.py")):
        if path.name == "face.py":
            continue
        for m in imported(path, "playground.session"):
            if m.startswith(QT) or m.startswith(WINDOW_PACKAGES):
                found.append((path.name, m))
    return found


def test_no_window_module_imports_the_engine():
    assert engine_imports_of_the_window_side(ROOT) == []


def test_the_session_side_imports_neither_qt_nor_the_window():
    assert window_imports_of_the_session_side(ROOT) == []


def test_the_static_checks_have_teeth(tmp_path):
    for folder in ("playground/views", "playground/window", "playground/session"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "playground/views/bad.py").write_text(
        "def preview():\n    from engine.stepper import Stepper\n")
    (tmp_path / "playground/window/worse.py").write_text("from engine import files\n")
    (tmp_path / "playground/session/qt.py").write_text(
        "from PySide6.QtCore import QObject\nfrom ..views import bad\n")
    (tmp_path / "playground/session/face.py").write_text("from PySide6.QtCore import QObject\n")
    assert engine_imports_of_the_window_side(tmp_path) == [
        ("bad.py", "engine.stepper"), ("bad.py", "engine.stepper.Stepper"),
        ("worse.py", "engine"), ("worse.py", "engine.files")]
    assert window_imports_of_the_session_side(tmp_path) == [
        ("qt.py", "PySide6.QtCore"), ("qt.py", "PySide6.QtCore.QObject"),
        ("qt.py", "playground.views"), ("qt.py", "playground.views.bad")]


def test_importing_the_session_side_loads_no_qt():
    out = run_python(import_all_code("playground.session", skip="playground.session.face"))
    assert "playground.session.run" in out["imported"]
    loaded = top_level(out["loaded"])
    assert "engine" in loaded and not loaded & set(QT)


def kinds(events):
    return [kind for kind, _ in events]


def test_a_run_steps_and_undoes_by_intents_alone():
    run = Run()
    run.publish()
    first = run.take_events()
    assert kinds(first) == ["frame"] and first[0][1].snapshot.phase is None
    run.step()
    (kind, frame), = run.take_events()
    assert kind == "frame" and frame.snapshot.phase == "forward" and frame.snapshot is run.snapshot
    run.finish_iteration()
    frame = run.take_events()[-1][1]
    assert frame.snapshot.phase == "update" and run.trainer.steps == 1
    run.undo()  # back to the frame published before: the forward pass
    frame = run.take_events()[-1][1]
    assert frame.snapshot.phase == "forward" and run.trainer.steps == 0
    assert np.array_equal(run.trainer.net.weights[0], first[0][1].snapshot.weights[0])


def test_play_is_a_state_that_ticks_train_and_pause_leaves():
    run = Run()
    run.set_speed(None)  # no limit: every tick trains at least one batch (XOR: one epoch)
    run.play()
    assert run.state == PLAYING and run.take_events()[-1] == ("playing", True)
    for _ in range(3):
        run.tick()
    assert run.trainer.epoch >= 3
    run.take_events()
    run.pause()
    events = run.take_events()
    assert run.state == AT_REST and kinds(events) == ["playing", "frame"]
    assert events[1][1].snapshot.phase == "forward" and events[1][1].snapshot.epoch == run.trainer.epoch
    run.tick()
    assert run.take_events() == [], "at rest a tick does nothing"


def test_view_settings_live_in_the_run_and_say_when_they_change():
    run = Run()
    run.set_view(sample=2, log_scale=True)
    (kind, view), = run.take_events()
    assert kind == "view" and (view.sample, view.log_scale, view.show_test) == (2, True, True)
    run.set_view(sample=2)
    assert run.take_events() == [], "no change, no event"
    run.set_speed(None)
    assert run.view.speed is None and run.clock.speed is None


def test_a_refused_setting_keeps_the_run_and_says_why():
    run = Run()
    before = run.settings
    bad = Settings(net=NetSettings(output_activation="tanh"))  # bce needs a sigmoid output
    assert not run.apply_settings(bad)
    events = run.take_events()
    assert kinds(events) == ["message", "settings", "frame"]
    assert "sigmoid" in events[0][1] and events[1][1] == before and run.settings == before


def test_targets_outside_0_1_are_refused_for_bce_with_the_engines_message():
    from engine.datasets import Dataset
    run = Run()
    before = run.trainer.net.copy()
    points = Dataset("twos", [[0.0, 0.0], [1.0, 1.0]], [[0.0], [2.0]], "regression", (2, 3))
    # With the bce network given (without one, a regression set gets a linear output and mse).
    assert not run.use_data(points, before.copy())
    events = run.take_events()
    message = next(text for kind, text in events if kind == "message")
    assert "twos" in message and "line 3" in message and "[0, 1]" in message
    assert run.train_set.name == "xor" and run.settings.data.name == "xor"
    assert np.array_equal(run.trainer.net.weights[0], before.weights[0])
