"""The window draws the engine's numbers; it never computes the math itself.

Two checks. Statically, no view or panel imports the engine's math modules (the window's own
views take only phase names from engine.stepper), and no playground module calls an
exponential, tanh or logarithm.
Dynamically, while the real window steps, trains, redraws and shows tooltips, every call of
the engine's math functions comes from inside the engine (the Stepper, the Trainer, the grid),
never directly from playground code.
"""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ast
import pathlib
import sys

import pytest

import engine.activations
import engine.backprop
import engine.losses

ROOT = pathlib.Path(__file__).resolve().parents[1] / "playground"
MATH_MODULES = {"engine.backprop", "engine.activations", "engine.losses"}
# The window's own views draw from Frames alone: at most the phase names of engine.stepper.
FRAME_VIEWS = ["views/network_view.py", "views/graph_interaction.py", "views/graph_layout.py",
               "views/graph_text.py", "views/legend.py", "views/palette.py",
               "views/boundary_view.py", "views/loss_plot.py", "panels/data_panel.py",
               "panels/network_panel.py", "panels/training_panel.py"]
MATH_CALLS = {"exp", "expm1", "tanh", "log", "log1p", "logaddexp", "sigmoid", "softplus"}


def sources(*folders):
    return [p for folder in folders for p in sorted((ROOT / folder).glob("*.py"))]


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("path", sources("views", "panels"), ids=lambda p: p.name)
def test_views_and_panels_import_no_engine_math(path):
    tree = ast.parse(path.read_text())
    engine_imports = {m for m in imported_modules(tree) if m == "engine" or m.startswith("engine.")}
    assert not engine_imports & MATH_MODULES, f"{path.name} imports {engine_imports & MATH_MODULES}"


@pytest.mark.parametrize("name", FRAME_VIEWS)
def test_the_window_views_need_nothing_of_the_engine_but_phase_names(name):
    tree = ast.parse((ROOT / name).read_text())
    engine_imports = {m for m in imported_modules(tree) if m == "engine" or m.startswith("engine.")}
    assert engine_imports <= {"engine.stepper"}, f"{name} imports {engine_imports}"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "engine.stepper":
            assert all(alias.name.isupper() for alias in node.names), "constants only"


@pytest.mark.parametrize("path", sources(".", "views", "panels"), ids=lambda p: p.name)
def test_no_playground_module_calls_activation_or_loss_math(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            assert name not in MATH_CALLS, f"{path.name}:{node.lineno} calls {name}"


def test_the_static_check_has_teeth(tmp_path, monkeypatch):
    """The three checks above, run on files planted in a stand-in for playground/: each fails on
    a view that breaks its rule and passes on one that keeps it."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "views").mkdir()
    bad, good = tmp_path / "views" / "bad_view.py", tmp_path / "views" / "good_view.py"
    bad.write_text("import numpy as np\nfrom engine.backprop import forward\n"
                   "from engine.stepper import Stepper\ny = np.tanh(2.0)\n")
    good.write_text("import numpy as np\nfrom engine.stepper import FORWARD\ny = np.sqrt(2.0)\n")
    assert sources("views", "panels") == [bad, good]  # found where the real views are looked for
    with pytest.raises(AssertionError, match=r"bad_view\.py imports {'engine\.backprop'}"):
        test_views_and_panels_import_no_engine_math(bad)
    with pytest.raises(AssertionError, match="imports"):
        test_the_window_views_need_nothing_of_the_engine_but_phase_names("views/bad_view.py")
    bad.write_text("from engine.stepper import Stepper\n")
    with pytest.raises(AssertionError, match="constants only"):
        test_the_window_views_need_nothing_of_the_engine_but_phase_names("views/bad_view.py")
    bad.write_text("import numpy as np\ny = np.tanh(2.0)\n")
    with pytest.raises(AssertionError, match="bad_view.py:2 calls tanh"):
        test_no_playground_module_calls_activation_or_loss_math(bad)
    test_views_and_panels_import_no_engine_math(good)
    test_the_window_views_need_nothing_of_the_engine_but_phase_names("views/good_view.py")
    test_no_playground_module_calls_activation_or_loss_math(good)


@pytest.fixture
def callers(monkeypatch):
    """Wrap the engine's math functions; record the module that called each one."""
    seen = []

    def wrap(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            seen.append((name, sys._getframe(1).f_globals.get("__name__", "?")))
            return original(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    for name in ("forward", "forward_layer", "loss", "output_delta", "hidden_delta",
                 "gradients", "backward", "backprop", "update"):
        if hasattr(engine.backprop, name):
            wrap(engine.backprop, name)
    for name in ("value", "derivative"):
        wrap(engine.activations, name)
    for name in ("per_sample", "reduce", "output_delta"):
        if hasattr(engine.losses, name):
            wrap(engine.losses, name)
    return seen


def test_the_window_leaves_all_math_to_the_engine(qtbot, callers):
    from playground.main_window import MainWindow
    from playground.settings import NetSettings, Settings
    net = NetSettings(hidden=(3, 2), activations=("tanh", "sigmoid"))
    from playground.session import Session
    window = MainWindow(Session(Settings(net=net)))
    qtbot.addWidget(window)
    view = window.network_view
    for _ in range(6):
        window.session.step()
        view.tooltip_for(("node", 1, 0))
        view.tooltip_for(("edge", 0, 1, 1))
        view.set_sample(2)
    frames = []
    window.session.frameReady.connect(frames.append)
    window.session.play()
    qtbot.waitUntil(lambda: len(frames) >= 2)  # trained and redrawn while playing
    window.session.pause()
    window.grab()
    names = {name for name, _ in callers}
    assert {"forward", "output_delta", "hidden_delta", "gradients"} <= names
    outside = {(name, module) for name, module in callers if not module.startswith("engine")}
    assert not outside, f"math called from outside the engine: {outside}"


def test_the_call_check_has_teeth(callers):
    from engine.network import Network
    import numpy as np
    net = Network.create([2, 2, 1])
    engine.backprop.forward(net, np.zeros((1, 2)))
    assert ("forward", __name__) in callers
