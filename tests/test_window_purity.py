"""The window draws the engine's numbers; it never computes the math itself.

Two checks. Statically, no playground module calls an exponential, tanh or logarithm (which
modules may import the engine at all: test_layers.py).
Dynamically, while the real window steps, trains, redraws and shows tooltips, every call of
the engine's math functions comes from inside the engine (the Stepper, the Trainer, the grid)
or from the session side, which asks the engine for what a frame carries (measures.slopes:
f'(z) through ``activations.derivative``), never from the window side (views, panels, window).
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
MATH_CALLS = {"exp", "expm1", "tanh", "log", "log1p", "logaddexp", "sigmoid", "softplus"}


def sources(*folders):
    return [p for folder in folders for p in sorted((ROOT / folder).glob("*.py"))]


@pytest.mark.parametrize("path", sources(".", "session", "window", "views", "panels", "dialogs"),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_playground_module_calls_activation_or_loss_math(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            assert name not in MATH_CALLS, f"{path.name}:{node.lineno} calls {name}"


def test_the_static_check_has_teeth(tmp_path, monkeypatch):
    """The check above, run on files planted in a stand-in for playground/: it fails on a module
    that breaks its rule and passes on one that keeps it (imports: test_layers.py)."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "views").mkdir()
    bad, good = tmp_path / "views" / "bad_view.py", tmp_path / "views" / "good_view.py"
    bad.write_text("import numpy as np\ny = np.tanh(2.0)\n")
    good.write_text("import numpy as np\ny = np.sqrt(2.0)\n")
    assert sources("views", "panels") == [bad, good]  # found where the real views are looked for
    with pytest.raises(AssertionError, match="bad_view.py:2 calls tanh"):
        test_no_playground_module_calls_activation_or_loss_math(bad)
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
    from playground.window.main_window import MainWindow
    from playground.session.settings import NetSettings, Settings
    net = NetSettings(hidden=(3, 2), activations=("tanh", "sigmoid"))
    from playground.session.face import Session
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
    outside = {(name, module) for name, module in callers
               if not module.startswith(("engine", "playground.session"))}
    assert not outside, f"math called from the window side: {outside}"
    assert ("derivative", "playground.session.measures") in callers  # the frame's f'(z)


def test_the_call_check_has_teeth(callers):
    from engine.network import Network
    import numpy as np
    net = Network.create([2, 2, 1])
    engine.backprop.forward(net, np.zeros((1, 2)))
    assert ("forward", __name__) in callers
