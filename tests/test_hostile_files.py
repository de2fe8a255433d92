"""Hostile and odd files for the engine: bounded reads, limits checked before work, saves that
respect links and full disks (issue 15). A case that could hang runs in a subprocess with a
generous timeout; the test asserts its exit code and its one line, never a duration."""
import errno
import json
import os
import stat
import subprocess
import sys

import numpy as np
import pytest

from engine import bounded_read, cli, limits, saving
from engine.csv_reader import DataError, read_table
from engine.files import NetworkFileError, SaveError, load_network, save_network
from engine.network import Network
from engine.sessions import SessionFileError, load_session, save_session
from engine.training import Trainer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NET = {"format": "backprop-playground.network", "version": 1, "layers": [2, 1],
       "activations": ["sigmoid"], "loss": "bce", "reduction": "mean", "bias": False,
       "weights": [[[0.5, -0.5]]]}


def backprop(*argv, timeout=120):
    """``backprop ARGV`` in a fresh interpreter: (exit code, stderr lines)."""
    done = subprocess.run([sys.executable, "-m", "engine", *map(str, argv)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return done.returncode, done.stderr.splitlines()


def one_line(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err
    return code, err[0]


# Bounded reads

@pytest.mark.parametrize("depth", [900, 990])
def test_a_network_nested_deep_is_refused_with_a_short_message(tmp_path, depth):
    # json.loads accepts 900 levels; the message then quoted them all (or, with a deeper
    # stack, json.dumps of the message ended in a RecursionError)
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(dict(NET, format="X")).replace('"X"', "[" * depth + "]" * depth))
    with pytest.raises(NetworkFileError, match="nested too deeply") as info:
        load_network(path)
    assert str(info.value).startswith(f"{path}: ") and len(str(info.value)) < 300


def test_a_session_nested_988_deep_is_refused_with_a_message(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": ' + "[" * 988 + "]" * 988 + "}")
    with pytest.raises(SessionFileError, match="nested too deeply"):
        load_session(path)


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"a": "[[[[{{{{" * 100, "b": ["\\\"[[[", [1]]})
    assert bounded_read.json_depth(text) == 3
    assert bounded_read.json_depth("3") == 0


@pytest.mark.parametrize("reader", [load_network, load_session,
                                    lambda p: read_table(p)])
def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch, reader):
    path = tmp_path / "huge"
    with open(path, "wb") as f:  # sparse: no disk used
        f.truncate(limits.SESSION_BYTES + 1)
    monkeypatch.setattr(bounded_read.os, "read", lambda *a: pytest.fail("read a byte"))
    with pytest.raises(ValueError, match="larger than") as info:
        reader(path)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize("what", ["fifo", "folder"])
@pytest.mark.parametrize("reader", [load_network, load_session, lambda p: read_table(p)])
def test_only_regular_files_are_read(tmp_path, what, reader):
    path = tmp_path / what
    os.mkfifo(path) if what == "fifo" else path.mkdir()
    with pytest.raises(ValueError, match="cannot read") as info:
        reader(path)  # a FIFO with no writer: open() would wait forever if it blocked
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_and_a_fifo_end_the_command_with_one_line(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    net = tmp_path / "net.json"
    net.write_text(json.dumps(NET))
    for argv in (["trace", "/dev/zero", "--data", "xor"], ["trace", fifo, "--data", "xor"],
                 ["train", "--data", "/dev/zero", "--layers", "2,1", "--epochs", "1"],
                 ["train", "--data", fifo, "--layers", "2,1", "--epochs", "1"],
                 ["gradcheck", net, "--data", "/dev/zero"]):
        code, err = backprop(*argv)
        assert code == 2 and len(err) == 1 and "not a regular file" in err[0], (argv, err)


# Limits checked before work

def test_a_network_file_with_a_million_units_is_refused_by_its_sizes(tmp_path):
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(dict(NET, layers=[2, 10**6, 1], activations=["tanh", "sigmoid"],
                                    weights=[])))
    with pytest.raises(NetworkFileError, match=f"at most {limits.MAX_UNITS} units"):
        load_network(path)


@pytest.mark.parametrize("option, value, words", [
    ("--layers", "2,5000,1", f"at most {limits.MAX_UNITS} units"),
    ("--layers", ",".join(["2"] * 40), f"at most {limits.MAX_LAYERS} layers"),
    ("--layers", "2,1000,1000,1", f"at most {limits.MAX_PARAMETERS} weights"),
    ("--batch-size", str(2**31), f"<= {limits.MAX_BATCH}"),
    ("--lr", "1e308", "<= 1e+06"),
])
def test_train_options_beyond_the_limits_end_with_one_line(capsys, option, value, words):
    code, err = one_line(capsys, "train", "--data", "xor", "--epochs", "0", option, value)
    assert code == 2 and option in err and words in err


def test_trace_digits_are_bounded(capsys, tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(NET))
    code, err = one_line(capsys, "trace", path, "--data", "xor", "--digits", "1000000000")
    assert code == 2 and "--digits" in err and f"<= {limits.MAX_DIGITS}" in err
    assert cli.main(["trace", str(path), "--data", "xor", "--digits", "17"]) == 0


def test_the_error_line_is_cut_short(capsys):
    code, err = one_line(capsys, "train", "--data", "xor", "--seed", "9" * 5_000_000)
    assert code == 2 and "--seed" in err and len(err) < cli.MAX_LINE + 40


def test_a_csv_with_too_many_columns_stops_at_its_first_line(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["1"] * 20_000) + "\n" + ",".join(["1"] * 3) + "\n")
    with pytest.raises(DataError, match=f"line 1: 20000 columns; at most {limits.MAX_COLUMNS}"):
        read_table(path)


def test_csv_rows_are_capped_while_reading(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("x,y,t\n" + "1,2,0\n" * 11)
    assert len(read_table(path, max_rows=11).rows) == 11
    with pytest.raises(DataError, match="more than 10 rows"):
        read_table(path, max_rows=10)


def test_a_csv_with_cr_line_endings_reads(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"x,y,t\r1,2,0\r3,4,1\r")
    assert [fields for _, fields in read_table(path).rows] == [["1", "2", "0"], ["3", "4", "1"]]


def test_typed_numbers_are_checked_before_any_big_integer_work():
    code = ("from engine.limits import parse_number\n"
            "try:\n    parse_number('1e100000000')\n"
            "except ValueError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "refused" in done.stdout
    assert limits.parse_number("1/4") == 0.25 and limits.parse_number("\u22122e-3") == -0.002
    for text in ("1_000", "inf", "nan", "1/0", "9" * 100):
        with pytest.raises(ValueError):
            limits.parse_number(text)


# Saves that respect links and full disks

def _net():
    return Network([2, 1], ["sigmoid"], "bce", "mean", False, [np.array([[0.5, -0.5]])])


def test_saving_through_a_link_keeps_the_link_and_writes_its_target(tmp_path):
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    link.symlink_to(target)
    save_network(link, _net())
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_network(target).weights[0].tolist() == [[0.5, -0.5]]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


def test_a_fifo_or_a_folder_is_not_replaced_by_a_save(tmp_path):
    fifo, folder = tmp_path / "pipe", tmp_path / "folder"
    os.mkfifo(fifo)
    folder.mkdir()
    for path in (fifo, folder):
        with pytest.raises(SaveError, match="cannot save") as info:
            save_network(path, _net())
        assert str(info.value).startswith(f"{path}: ")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and folder.is_dir()


@pytest.mark.parametrize("fault, where", [(errno.ENOSPC, "fsync"), (errno.EACCES, "replace")])
def test_a_failed_save_keeps_the_old_file_and_says_so(tmp_path, monkeypatch, fault, where):
    path = tmp_path / "net.json"
    path.write_text("the old file")

    def fail(*args):
        raise OSError(fault, os.strerror(fault))
    monkeypatch.setattr(saving.os, where, fail)
    with pytest.raises(SaveError) as info:
        save_network(path, _net())
    message = str(info.value)
    assert message.startswith(f"{path}: cannot save ({os.strerror(fault)})")
    assert "the old file is unchanged" in message and info.value.errno == fault
    assert path.read_text() == "the old file" and os.listdir(tmp_path) == ["net.json"]


def test_a_session_save_on_a_full_disk_names_the_file(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    monkeypatch.setattr(saving.os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    x = np.array([[0.0, 1.0]])
    with pytest.raises(OSError, match="nothing was written") as info:
        save_session(path, Trainer(_net(), x, np.array([[1.0]]), 0.5))
    assert str(path) in str(info.value) and not path.exists()


def test_a_session_with_an_eta_the_command_line_refuses_is_refused_too(tmp_path):
    path = tmp_path / "s.json"
    save_session(path, Trainer(_net(), np.array([[0.0, 1.0]]), np.array([[1.0]]), 0.5))
    d = json.loads(path.read_text())
    d["training"]["eta"] = limits.MAX_ETA * 10
    path.write_text(json.dumps(d))
    with pytest.raises(SessionFileError, match=r"training.eta should be a number > 0 and <= 1e\+06"):
        load_session(path)
