"""Sessions in the window: save and open (exact round trip), refused files, the command line,
autosave and the crash marker, recent files, geometry, divergence and refused typed values."""
import json
import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from dataclasses import replace
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from engine.sessions import load_session
from playground.session import session_file
from playground.window import preferences
from playground.window.autosave import AUTOSAVE, MARKER
from playground.window.main_window import MainWindow
from playground.session.settings import default_settings


pytestmark = pytest.mark.usefixtures("private_home")  # conftest.py


@pytest.fixture
def new_window(qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))

    def make():
        w = MainWindow()
        qtbot.addWidget(w)
        w.warnings = warnings
        return w
    return make


def moons_window(make):
    """A session with every kind of state: a test split, mini-batches, momentum, history."""
    w = make()
    s = w.session
    settings = default_settings("moons")
    settings = replace(settings, data=replace(settings.data, n=60, noise=0.2, seed=4),
                       train=replace(settings.train, optimizer="momentum", batch_size=7, eta=0.07))
    settings = replace(settings, net=replace(settings.net, seed=11))
    assert s.apply_settings(settings)
    s.train(9)
    s.finish_iteration()
    s.step()
    s.step()  # forward and output delta of the next iteration
    w.log_check.setChecked(True)
    return w


def params(session):
    return [p.copy() for p in session.trainer.net.params()]


def test_a_session_round_trips_exactly_and_trains_on_the_same(new_window, tmp_path):
    a = moons_window(new_window)
    path = tmp_path / "s.json"
    assert a.files.save_to(path)
    b = new_window()
    assert b.files.open_path(path)
    sa, sb = a.session, b.session
    assert sb.settings == sa.settings
    assert all(np.array_equal(x, y) for x, y in zip(params(sa), params(sb)))
    assert all(np.array_equal(x, y) for x, y in zip(sa.trainer.initial.params(), sb.trainer.initial.params()))
    assert (sb.trainer.epoch, sb.trainer.steps, sb.trainer.position) == \
        (sa.trainer.epoch, sa.trainer.steps, sa.trainer.position)
    assert np.array_equal(sb.train_set.x, sa.train_set.x) and np.array_equal(sb.test_set.t, sa.test_set.t)
    assert (sb.snapshot.phase, sb.snapshot.layer) == (sa.snapshot.phase, sa.snapshot.layer)
    assert np.array_equal(sb.snapshot.delta[-1], sa.snapshot.delta[-1])
    ca, cb = sa.history.curve(), sb.history.curve()
    assert np.array_equal(ca.epochs, cb.epochs) and np.array_equal(ca.train, cb.train)
    assert b.log_check.isChecked() and b.data_panel.dataset.currentText() == "moons"
    sa.train(3)
    sb.train(3)
    assert all(np.array_equal(x, y) for x, y in zip(params(sa), params(sb)))
    assert a.warnings == []


def test_points_drawn_by_hand_are_saved_as_they_are(new_window, tmp_path):
    from playground.session import data_edits
    a = new_window()
    assert a.session.edit_points(0.3, 0.7, data_edits.ADD_0)
    a.files.save_to(tmp_path / "s.json")
    b = new_window()
    assert b.files.open_path(tmp_path / "s.json")
    assert b.session.train_set.name == "xor (edited)" and len(b.session.train_set) == 5
    assert np.array_equal(b.session.train_set.x, a.session.train_set.x)


def corrupt_files(tmp_path, good):
    text = good.read_text()
    d = json.loads(text)
    files = {"truncated": text[:len(text) // 2], "empty": "", "not json": "hello",
             "binary": b"\x00\xff\xfe" * 100,
             "version": json.dumps(dict(d, version=99)),
             "format": json.dumps(dict(d, format="something else")),
             "nan weight": text.replace(str(d["network"]["weights"][0][0][0]), "NaN", 1),
             "deep": "[" * 100000 + "]" * 100000,
             "huge int": text.replace('"steps": ', '"steps": 1' + "0" * 5000 + "+", 1),
             "three inputs": json.dumps(dict(d, data=dict(d["data"], inputs=[[0, 0, 0]] * 4))),
             "eta zero": json.dumps(dict(d, training=dict(d["training"], eta=0)))}
    out = []
    for name, content in files.items():
        path = tmp_path / f"{name}.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        out.append(path)
    return out


def test_bad_files_are_refused_with_a_message_and_change_nothing(new_window, tmp_path):
    w = moons_window(new_window)
    good = tmp_path / "good.json"
    w.files.save_to(good)
    s = w.session
    trainer, settings, snap, weights = s.trainer, s.settings, s.snapshot, params(s)
    for path in corrupt_files(tmp_path, good):
        before = len(w.warnings)
        assert not w.files.open_path(path), path
        assert len(w.warnings) == before + 1 and str(path) in w.warnings[-1], path
        assert "\n" not in w.warnings[-1]
        assert s.trainer is trainer and s.settings is settings and s.snapshot is snap
        assert all(np.array_equal(x, y) for x, y in zip(weights, params(s)))


def test_saving_is_atomic_and_a_failed_save_keeps_the_old_file(new_window, tmp_path, monkeypatch):
    w = new_window()
    path = tmp_path / "s.json"
    w.files.save_to(path)
    old = path.read_bytes()
    monkeypatch.setattr(session_file, "window_settings", lambda run: {"zoom": float("nan")})
    assert not w.files.save_to(path)
    assert "cannot save" in w.warnings[-1] and path.read_bytes() == old
    assert sorted(os.listdir(tmp_path)) == ["data", "s.json", "settings.ini"] or \
        sorted(os.listdir(tmp_path)) == ["s.json", "settings.ini"]  # no temporary left behind


def test_the_dialogs_save_and_open_and_remember_recent_files(new_window, tmp_path, monkeypatch):
    a = new_window()
    a.session.train(5)
    path = str(tmp_path / "chosen.json")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *x, **k: (path, ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *x, **k: (path, ""))
    a.files.save_action.trigger()
    assert load_session(path).trainer.epoch == 5
    b = new_window()
    b.files.open_action.trigger()
    assert b.session.trainer.epoch == 5
    assert preferences.recent_files() == [path]
    c = new_window()
    recent = c.files.recent_menu.actions()
    assert len(recent) == 1 and "chosen.json" in recent[0].text()
    recent[0].trigger()
    assert c.session.trainer.epoch == 5
    os.unlink(path)
    c.files.recent_menu.actions()[0].trigger()  # the menu was made anew on opening
    assert preferences.recent_files() == [] and "no longer there" in c.warnings[-1]


def test_a_network_file_opens_through_the_same_path(new_window, tmp_path):
    a = new_window()
    a.session.train(4)
    a.session.save_network(tmp_path / "n.json")
    b = new_window()
    assert b.files.open_path(tmp_path / "n.json")
    assert all(np.array_equal(x, y) for x, y in zip(params(a.session), params(b.session)))


def run_app(*args, env=None):
    script = "import sys; from playground.app import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True,
                          text=True, env=env or dict(os.environ), timeout=120)


def test_the_command_line_opens_a_session_or_says_why_not(new_window, tmp_path):
    w = new_window()
    w.session.train(3)
    w.files.save_to(tmp_path / "s.json")
    done = run_app(tmp_path / "s.json", "--screenshot", tmp_path / "shot.png")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "shot.png").stat().st_size > 0
    (tmp_path / "bad.json").write_text('{"format": "backprop-playground.session", "version": 7}')
    done = run_app(tmp_path / "bad.json", "--screenshot", tmp_path / "bad.png")
    assert done.returncode == 2 and not (tmp_path / "bad.png").exists()
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.json" in lines[0] and "version 7" in lines[0]


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_autosave_writes_while_changed_and_a_crash_offers_it_back(new_window):
    folder = preferences.data_folder()
    a = new_window()
    a.files.start_autosave(ask=lambda text: pytest.fail("nothing to restore yet"))
    assert os.path.exists(os.path.join(folder, MARKER))
    a.session.train(6)
    assert a.files.autosaver.tick()
    assert not a.files.autosaver.tick()  # nothing changed since
    assert load_session(os.path.join(folder, AUTOSAVE)).trainer.epoch == 6
    a.session.train(2)
    # a crash: the marker stays, and names a process that is gone
    with open(os.path.join(folder, MARKER), "w") as f:
        json.dump({"pid": dead_pid()}, f)
    asked = []
    b = new_window()
    b.files.start_autosave(ask=lambda text: asked.append(text) or True)
    assert len(asked) == 1 and b.session.trainer.epoch == 6
    assert preferences.recent_files() == []  # the autosave is not a recent file
    b.close()
    assert not os.path.exists(os.path.join(folder, MARKER))
    c = new_window()
    c.files.start_autosave(ask=lambda text: pytest.fail("a clean close asks nothing"))
    assert c.session.trainer.epoch == 0


def test_the_autosave_interval_is_asked_kept_and_applied(new_window, monkeypatch):
    a = new_window()
    a.files.start_autosave(ask=lambda text: False)
    assert a.files.autosaver.timer.interval() == 60_000
    asked = []
    monkeypatch.setattr(QInputDialog, "getInt",
                        lambda *args: asked.append(args[3:]) or (15, True))
    a.files.autosave_action.trigger()
    assert asked == [(60, 5, 3600)]  # the current value and the allowed range
    assert a.files.autosaver.timer.interval() == 15_000 and preferences.autosave_seconds() == 15
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args: (999, False))  # cancelled
    a.files.autosave_action.trigger()
    assert preferences.autosave_seconds() == 15
    a.close()
    b = new_window()
    b.files.start_autosave(ask=lambda text: False)
    assert b.files.autosaver.timer.interval() == 15_000


def test_declining_the_restore_keeps_the_fresh_session(new_window):
    folder = preferences.data_folder()
    a = new_window()
    a.session.train(5)
    session_file.save(a.session.run, os.path.join(folder, AUTOSAVE))
    with open(os.path.join(folder, MARKER), "w") as f:
        json.dump({"pid": dead_pid()}, f)
    b = new_window()
    b.files.start_autosave(ask=lambda text: False)
    assert b.session.trainer.epoch == 0


def test_geometry_is_kept_in_the_temporary_settings(new_window, tmp_path):
    a = new_window()
    a.files.start_autosave(ask=lambda text: False)
    a.resize(640, 480)  # within the offscreen screen (800 x 600): restoring keeps it on screen
    a.close()
    assert (tmp_path / "settings.ini").exists()
    b = new_window()
    b.resize(1200, 700)
    assert preferences.restore_geometry(b)
    assert (b.width(), b.height()) == (640, 480)


def test_divergence_pauses_restores_a_finite_state_and_saves_no_nan(new_window, qtbot, tmp_path):
    w = new_window()
    s = w.session
    settings = default_settings("sine")
    settings = replace(settings, net=replace(settings.net, output_activation="linear", loss="mse"),
                       train=replace(settings.train, eta=10.0))
    assert s.apply_settings(settings)
    s.play()
    qtbot.waitUntil(lambda: not s.playing, timeout=10000)
    message = w.statusBar().currentMessage()
    assert "diverged at epoch" in message and "learning rate 10" in message
    assert all(np.isfinite(p).all() for p in s.trainer.net.params())
    assert all(v is None or np.isfinite(v) for v in s.run.epochs.scores())
    curve = s.history.curve()
    assert np.isfinite(curve.train).all() and np.isfinite(curve.test).all()
    assert w.files.save_to(tmp_path / "d.json")
    assert "NaN" not in (tmp_path / "d.json").read_text()


def test_out_of_range_typed_values_are_refused(new_window, monkeypatch):
    w = new_window()
    s = w.session
    before = params(s)
    for text in ["1e308", "-1e7", "nan", "inf"]:
        monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, t=text, **k: (t, True))
        w.network_view.edit(("edge", 0, 0, 0))
        assert all(np.array_equal(x, y) for x, y in zip(before, params(s))), text
    assert "refused" in w.statusBar().currentMessage() or w.warnings
    eta = w.training.eta
    eta.lineEdit().selectAll()
    QTest.keyClicks(eta, "abc")
    QTest.keyClick(eta, Qt.Key.Key_Return)
    eta.lineEdit().clear()
    eta.clearFocus()
    assert s.trainer.eta == 0.5 and s.settings.train.eta == 0.5


def test_the_title_names_the_session_file_and_marks_changes(new_window, tmp_path, qtbot):
    w = new_window()
    w.show()
    assert w.windowTitle() == "Backprop Playground"
    path = str(tmp_path / "lesson.json")
    assert w.files.save_to(path)
    assert w.windowTitle().startswith("lesson.json[*]") and not w.isWindowModified()
    w.session.step()
    assert w.isWindowModified()
    network = str(tmp_path / "net.json")
    w.session.save_network(network)
    assert w.files.open_path(network)  # a network file is not the session: no name
    assert w.windowTitle() == "Backprop Playground" and w.windowFilePath() == ""
    assert w.files.open_path(path)
    QApplication.processEvents()  # events still to come after the opening change nothing
    assert w.windowFilePath() == path and not w.isWindowModified()
