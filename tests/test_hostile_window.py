"""The window against hostile and odd files (issue 15): every refusal is one message (a dialog or
the status bar), never a traceback, and the session is left as it was; the window's limits
agree, so it opens whatever it saves. Cases that could hang run in a subprocess with a
generous timeout, and the test asserts the exit code and the one line."""
import errno
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine import limits, saving
from engine.network import Network
from playground.dialogs import csv_import
from playground.session import session_file
from playground.window import autosave, file_menu, preferences
from playground.window.main_window import MainWindow

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


pytestmark = pytest.mark.usefixtures("private_home")  # conftest.py


@pytest.fixture
def w(qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window = MainWindow()
    qtbot.addWidget(window)
    window.warnings = warnings
    return window


def state(window):
    s = window.session
    return (s.settings, [w.copy() for w in s.trainer.net.weights], s.train_set.x.copy())


def same_state(a, b):
    return (a[0] == b[0] and all(np.array_equal(x, y) for x, y in zip(a[1], b[1]))
            and np.array_equal(a[2], b[2]))


def network_file(path, sizes, **changes):
    net = Network.create(sizes, "tanh", "sigmoid", "bce", seed=0)
    from engine.files import network_to_dict
    path.write_text(json.dumps(dict(network_to_dict(net), **changes)))
    return path


def app(*argv, timeout=120):
    """``backprop-playground ARGV`` in a fresh interpreter: (exit code, stderr lines)."""
    code = "import sys; from playground.app import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, *map(str, argv)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    return done.returncode, done.stderr.splitlines()


# Bounded reads, in the window's command line and its File > Open

@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_the_window_command_line_refuses_dev_zero_and_a_fifo(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for argv in (["/dev/zero"], [fifo], ["--dataset", "/dev/zero"], ["--dataset", fifo]):
        code, err = app(*argv, "--screenshot", tmp_path / "never.png")
        assert code == 2 and len(err) == 1 and "not a regular file" in err[0], (argv, err)


def test_file_open_of_a_fifo_a_folder_or_deep_json_is_a_message(w, tmp_path):
    fifo, folder, deep = tmp_path / "pipe.json", tmp_path / "folder", tmp_path / "deep.json"
    os.mkfifo(fifo)  # opened without blocking: no writer is needed
    folder.mkdir()
    deep.write_text('{"format": ' + "[" * 988 + "]" * 988 + "}")
    before = state(w)
    for path in (fifo, folder, deep):
        assert not w.files.open_path(str(path))
        assert w.warnings[-1].startswith(f"{path}: ") and len(w.warnings[-1]) < 300
    assert "nested too deeply" in w.warnings[-1] and len(w.warnings) == 3
    assert same_state(before, state(w))


# One set of limits: what the window opens it can save, and what it saves it opens

@pytest.mark.parametrize("sizes, words", [
    ([2] + [4] * (limits.WINDOW_HIDDEN_LAYERS + 1) + [1], "layers with weights"),
    ([2, limits.WINDOW_UNITS + 1, 1], f"at most {limits.WINDOW_UNITS} units"),
])
def test_a_network_file_beyond_what_the_window_draws_is_refused(w, tmp_path, sizes, words):
    path = network_file(tmp_path / "big.json", sizes)
    before = state(w)
    assert not w.files.open_path(str(path))
    assert words in w.warnings[-1] and same_state(before, state(w))
    with pytest.raises(ValueError, match=words):  # the Open network action too
        w.session.open_network(str(path))
    assert same_state(before, state(w))


def test_the_largest_network_the_window_opens_it_saves_and_opens_again(w, tmp_path):
    sizes = [2] + [limits.WINDOW_UNITS] * limits.WINDOW_HIDDEN_LAYERS + [1]
    assert w.files.open_path(str(network_file(tmp_path / "net.json", sizes)))
    assert w.files.save_to(str(tmp_path / "s.json"))
    assert w.files.open_path(str(tmp_path / "s.json")) and w.warnings == []
    assert w.session.trainer.net.sizes == sizes


def _session(w, tmp_path, **training):
    path = tmp_path / "s.json"
    assert w.files.save_to(str(path))
    d = json.loads(path.read_text())
    d["training"].update(training)
    path.write_text(json.dumps(d))
    return path


@pytest.mark.parametrize("training, words", [({"eta": 100.0}, "the learning rate: 100"),
                                             ({"eta": 1e-7}, "the learning rate: 1e-07"),
                                             ({"batch_size": 10**6}, "the batch size")])
def test_a_session_with_eta_or_batch_the_boxes_cannot_show_is_refused(w, tmp_path, training,
                                                                      words):
    path = _session(w, tmp_path, **training)
    before = state(w)
    assert not w.files.open_path(str(path))
    assert words in w.warnings[-1] and same_state(before, state(w))


def test_a_session_with_too_many_points_is_refused_before_it_is_built(w, tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    points = [[0.0, 0.0]] * (limits.WINDOW_POINTS + 1)
    path.write_text(json.dumps({"format": "backprop-playground.session", "version": 1,
                                "data": {"inputs": points}}))
    monkeypatch.setattr(session_file.sessions, "session_from_dict",
                        lambda *a: pytest.fail("checked field by field before the limit"))
    assert not w.files.open_path(str(path))
    assert f"at most {limits.WINDOW_POINTS} points" in w.warnings[-1]


def _csv(path, rows, columns=3):
    path.write_text("x,y,t\n" + "".join(f"{k % 7},{k % 5},{k % 2}\n" for k in range(rows))
                    if columns == 3 else ",".join(["1"] * columns) + "\n")
    return path


def test_import_refuses_too_many_points_or_columns_before_the_dialog(w, tmp_path, monkeypatch):
    # file_menu imports the dialog when an import is asked for: patched where it is defined
    monkeypatch.setattr(csv_import, "CsvImportDialog", lambda *a: pytest.fail("a dialog"))
    before = state(w)
    for path in (_csv(tmp_path / "long.csv", limits.WINDOW_POINTS + 1),
                 _csv(tmp_path / "wide.csv", 0, 20_000)):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, p=path, **k: (str(p), ""))
        w.files.import_csv()
        assert w.warnings[-1].startswith(f"{path}: ")
    assert "more than" in w.warnings[0] and f"at most {limits.WINDOW_COLUMNS}" in w.warnings[1]
    assert same_state(before, state(w))


def test_imported_points_at_the_limit_save_and_open_and_one_more_click_is_refused(
        w, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "WINDOW_POINTS", 40)  # the same rule as 100,000, quicker
    table = session_file.datasets.read_table(_csv(tmp_path / "p.csv", 40))
    data = session_file.datasets.from_table(table, [0, 1], [2])
    assert w.files.use_dataset(data)
    assert w.files.save_to(str(tmp_path / "s.json"))
    assert w.files.open_path(str(tmp_path / "s.json")) and w.warnings == []
    before = state(w)
    messages = []
    w.session.message.connect(messages.append)
    assert not w.session.edit_points(0.5, 0.5, "add1")
    assert "at most 40 points" in messages[-1] and same_state(before, state(w))


def test_the_window_command_line_refuses_eta_and_batch_beyond_its_boxes(tmp_path):
    for argv, words in ((["--lr", "100"], "--lr 100"), (["--batch-size", str(2**31)], "--batch-size")):
        code, err = app(*argv, "--screenshot", tmp_path / "never.png")
        assert code == 2 and len(err) == 1 and words in err[0], err


def test_a_typed_number_with_a_huge_exponent_is_refused_at_once():
    code = ("from playground.views.graph_text import parse_value\n"
            "try:\n    parse_value('1e100000000')\nexcept ValueError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0 and "refused" in done.stdout


# Saves and autosave on a full disk, a read-only folder, through a link

def test_a_save_on_a_full_disk_says_so_and_keeps_the_file_and_the_session(w, tmp_path,
                                                                           monkeypatch):
    path = tmp_path / "s.json"
    path.write_text("the old file")
    before = state(w)
    monkeypatch.setattr(saving.os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    assert not w.files.save_to(str(path))
    assert w.warnings[-1].startswith(f"{path}: cannot save (No space left on device)")
    assert "the old file is unchanged" in w.warnings[-1]
    assert path.read_text() == "the old file" and os.listdir(tmp_path) != []
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]
    assert same_state(before, state(w))


def test_a_session_saved_through_a_link_keeps_the_link(w, tmp_path):
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("{}")
    link.symlink_to(target)
    assert w.files.save_to(str(link))
    assert link.is_symlink() and session_file.read(str(target)).saved.trainer is not None


def test_a_read_only_data_folder_leaves_the_window_working_and_says_so_once(w, monkeypatch):
    def refuse(path, text):
        raise OSError(errno.EROFS, "Read-only file system", path)
    monkeypatch.setattr(autosave, "write_text", refuse)
    w.files.start_autosave(ask=lambda text: False)  # raised before
    assert "Autosave is off" in w.statusBar().currentMessage()
    assert not w.files.autosaver.timer.isActive()
    failures = []
    w.files.autosaver.failed.connect(failures.append)
    w.files.autosaver.save = lambda path: refuse(path, "")
    w.session.step()
    assert not w.files.autosaver.tick() and not w.files.autosaver.tick()
    assert failures == []  # already said: autosave is off


def test_autosave_failures_are_shown_once_until_it_works_again(w, tmp_path):
    w.files.start_autosave(ask=lambda text: False)
    saver, failures, ok = w.files.autosaver, [], [False]
    saver.failed.connect(failures.append)

    def save(path):
        if not ok[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
    saver.save = save
    for _ in range(3):
        w.session.step()
        assert not saver.tick()
    assert len(failures) == 1 and "No space left" in w.statusBar().currentMessage()
    ok[0] = True
    w.session.step()
    assert saver.tick() and saver.error is None


def test_a_data_folder_that_cannot_be_made_leaves_the_window_working(w, monkeypatch):
    monkeypatch.setattr(preferences, "data_folder", lambda: (_ for _ in ()).throw(
        PermissionError(errno.EACCES, "Permission denied", "/nowhere")))
    w.files.start_autosave(ask=lambda text: pytest.fail("nothing to restore"))
    assert "Autosave is off" in w.statusBar().currentMessage() and w.files.autosaver is None


def test_an_export_through_a_link_keeps_the_link_and_a_fifo_is_not_replaced(w, tmp_path):
    from playground.window import exports
    target, link, fifo = tmp_path / "loss.csv", tmp_path / "link.csv", tmp_path / "pipe.csv"
    target.write_text("old")
    link.symlink_to(target)
    os.mkfifo(fifo)
    w.session.train(2)
    exports.loss_csv(w, str(link))
    assert link.is_symlink() and target.read_text() != "old"
    with pytest.raises(OSError, match="not a regular file"):
        exports.loss_csv(w, str(fifo))
    assert os.path.exists(fifo) and not os.path.isfile(fifo)


def test_the_command_line_data_file_is_capped_while_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "WINDOW_POINTS", 30)
    assert len(session_file.read_points(_csv(tmp_path / "ok.csv", 30))) == 30
    with pytest.raises(ValueError, match="more than 30 rows"):
        session_file.read_points(_csv(tmp_path / "long.csv", 31))
