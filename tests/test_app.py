"""The ``backprop-playground`` command, run in a subprocess as a user would run it."""
import json
import os
import struct
import subprocess
import sys

import pytest

SCRIPT = "import sys; from playground.app import main; sys.exit(main(sys.argv[1:]))"


def run(*args, platform=None, timeout=120):
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # --screenshot must choose offscreen by itself
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    return subprocess.run([sys.executable, "-c", SCRIPT, *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout)


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshot_writes_a_png_after_training(tmp_path):
    shot = tmp_path / "s.png"
    done = run("--screenshot", shot, "--dataset", "spiral", "--train-epochs", "5")
    assert done.returncode == 0, done.stderr
    assert png_size(shot) == (1400, 800)


def test_python_m_playground_takes_the_same_options(tmp_path):
    shot = tmp_path / "xor.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "playground", "--screenshot", str(shot)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert png_size(shot)[0] > 0


@pytest.mark.parametrize("content", ['{"format": "something else"}', "{not json", ""])
def test_a_bad_network_file_exits_2_with_one_line(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    done = run(bad, "--screenshot", tmp_path / "never.png")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.json" in lines[0]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "never.png").exists()


def test_a_missing_network_file_exits_2(tmp_path):
    done = run(tmp_path / "nowhere.json")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_a_network_that_does_not_fit_the_data_exits_2(tmp_path):
    net = {"format": "backprop-playground.network", "version": 1, "layers": [3, 1],
           "activations": ["sigmoid"], "loss": "bce", "reduction": "mean", "bias": False,
           "weights": [[[0.1, 0.2, 0.3]]]}
    path = tmp_path / "three.json"
    path.write_text(json.dumps(net))
    done = run(path, "--screenshot", tmp_path / "never.png")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "3 inputs" in done.stderr


def test_a_good_network_file_opens(tmp_path):
    net = {"format": "backprop-playground.network", "version": 1, "layers": [2, 2, 1],
           "activations": ["sigmoid", "sigmoid"], "loss": "bce", "reduction": "mean",
           "bias": True, "weights": [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45]]],
           "biases": [[0.35, 0.35], [0.6]]}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(net))
    shot = tmp_path / "net.png"
    done = run(path, "--screenshot", shot)
    assert done.returncode == 0, done.stderr
    assert png_size(shot) == (1400, 800)


@pytest.mark.parametrize("layers", ["a,b", "9", "4,4,4,4,4,4,4", "0"])
def test_bad_layer_sizes_exit_2_with_one_line(tmp_path, layers):
    done = run("--layers", layers, "--screenshot", tmp_path / "never.png")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--layers" in done.stderr


def test_options_choose_the_network_and_training():
    script = ("import sys; from playground.app import parse, settings_from; "
              "s = settings_from(parse(sys.argv[1:])); "
              "print(s.net.hidden, s.net.activations, s.train.eta, s.train.batch_size, s.net.seed)")
    done = subprocess.run([sys.executable, "-c", script, "--dataset", "moons", "--layers", "5,3",
                           "--activation", "relu", "--lr", "0.25", "--batch-size", "16", "--seed", "7"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[0] == "(5, 3) ('relu', 'relu') 0.25 16 7"


def test_a_first_run_opens_no_larger_than_the_screen(window):
    from playground.app import SIZE, fit_screen

    room = window.screen().availableGeometry()
    assert room.width() < SIZE[0]  # the offscreen screen is narrower than the usual size
    fit_screen(window)
    assert window.size().toTuple() == (room.width(), min(room.height(), SIZE[1]))


def test_the_window_starts_autosave_once_its_first_frame_is_painted(qapp, private_home,
                                                                    monkeypatch):
    """main() shows the window and leaves autosave (folders read, a file written, perhaps a
    question) until the first paint has been delivered: the launch measured by
    tests/benchmarks/bench_launch.py is the launch a user gets."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from playground.app import main
    from playground.window.file_menu import FileMenu
    from playground.window.main_window import MainWindow

    monkeypatch.delenv("BACKPROP_PLAYGROUND_FIRST_PAINT", raising=False)
    seen = []

    class Paints(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and isinstance(obj, MainWindow):
                seen.append("paint")
            return False

    spy = Paints()
    qapp.installEventFilter(spy)
    real = FileMenu.start_autosave

    def start_autosave(self, ask=None):
        real(self, ask=lambda text: pytest.fail(f"nothing to restore: {text}"))
        seen.append("autosave" if self.autosaver is not None else "no autosave")
        self.window.close()
        QTimer.singleShot(0, qapp.quit)  # also if this ran before the event loop started

    monkeypatch.setattr(FileMenu, "start_autosave", start_autosave)
    try:
        assert main([]) == 0
    finally:
        qapp.removeEventFilter(spy)
    assert "autosave" in seen and seen.index("autosave") > seen.index("paint"), seen
