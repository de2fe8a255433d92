"""A save killed half way leaves a temporary file, removed at the next start; two windows at
once each keep their own crash marker and autosave, so neither loses the other's restore."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from engine import saving
from playground.session import session_file
from playground.window import autosave, preferences
from playground.window.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("private_home")  # conftest.py

KILLED_SAVE = textwrap.dedent("""
    import os, sys
    from engine import saving
    os.fsync = lambda fd: os._exit(9)  # killed after writing, before the rename
    saving.atomic_write_text(sys.argv[1], "new " * 100_000)
""")


def killed_save(path):
    """Start saving ``path`` in another process and kill it half way: its leftovers' names."""
    before = set(os.listdir(path.parent))
    done = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(path)], timeout=60)
    assert done.returncode == 9
    return sorted(set(os.listdir(path.parent)) - before)


def test_a_killed_save_leaves_a_recognised_leftover_removed_when_old(tmp_path):
    path = tmp_path / "net.json"
    path.write_text("old")
    [left] = killed_save(path)
    assert saving.is_leftover(left) and path.read_text() == "old"
    mtime = os.stat(tmp_path / left).st_mtime
    assert saving.remove_leftovers(tmp_path, age=60, now=mtime + 1) == []  # maybe under way
    assert saving.remove_leftovers(tmp_path, age=60, now=mtime + 61) == [left]
    assert sorted(os.listdir(tmp_path)) == ["net.json"]


def test_only_our_own_temporary_names_are_removed(tmp_path):
    ours = [".net.json.ab_c12x9.tmp", ".loss.png.k2j4h5g6.png"]
    theirs = [".bashrc", "notes.tmp", ".net.json.abc.tmp", ".loss.png.k2j4h5g6.svg",
              "net.json", ".data.csv.ABCDEFGH.tmp"]
    for name in ours + theirs:
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (1.0, 1.0))  # long ago
    (tmp_path / ".x.json.abcdefgh.tmp").symlink_to(tmp_path / "net.json")  # a link: left
    os.mkdir(tmp_path / ".d.json.abcdefgh.tmp")  # a folder: left
    removed = session_file.remove_leftovers([str(tmp_path), str(tmp_path)])
    assert sorted(removed) == sorted(str(tmp_path / n) for n in ours)  # each folder once
    assert all((tmp_path / n).exists() for n in theirs)


def test_the_window_removes_leftovers_in_its_data_folder_and_beside_recent_files(qtbot, tmp_path):
    folder, elsewhere = preferences.data_folder(), tmp_path / "work"
    elsewhere.mkdir()
    preferences.add_recent(str(elsewhere / "session.json"))
    left = [os.path.join(folder, ".autosave.json.a1b2c3d4.tmp"),
            str(elsewhere / ".session.json.zz99yy88.tmp")]
    for path in left:
        with open(path, "w") as f:
            f.write("half")
        os.utime(path, (1.0, 1.0))  # long ago
    w = MainWindow()
    qtbot.addWidget(w)
    w.files.start_autosave(ask=lambda text: pytest.fail("nothing to restore"))
    assert not any(os.path.exists(p) for p in left)


def write_marker(path, pid):
    with open(path, "w") as f:
        json.dump({"pid": pid}, f)


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_two_windows_at_once_keep_each_others_crash_restore(qtbot):
    folder = preferences.data_folder()
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # stands for a window in another process
    try:
        marker, saved = autosave.slot(folder, 0)
        write_marker(marker, other.pid)
        b = MainWindow()
        qtbot.addWidget(b)
        b.files.start_autosave(ask=lambda text: pytest.fail("the other window is alive"))
        b.session.train(3)
        assert b.files.autosaver.tick()
        assert b.files.autosaver.marker != marker and b.files.autosaver.path != saved
        assert not os.path.exists(saved)  # the other window's autosave is its own
        b.close()
        assert os.path.exists(marker)  # b's clean close left the other's marker alone
    finally:
        other.communicate(b"")
    session_file.save(b.session.run, saved)  # what the other window had saved
    write_marker(marker, dead_pid())  # ... before it crashed
    asked = []
    c = MainWindow()
    qtbot.addWidget(c)
    c.files.start_autosave(ask=lambda text: asked.append(text) or True)
    assert len(asked) == 1 and c.session.trainer.epoch == 3
