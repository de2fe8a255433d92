"""Long work shows progress and can be stopped: ``backprop gradcheck`` on a big network draws
a progress bar on a terminal (stderr; nothing when stderr is not one) and Ctrl+C ends it with
exit code 130 and one line, no traceback."""
import os
import pty
import select
import signal
import subprocess
import sys

from engine import commands, files, gradcheck
from engine.network import Network
from helpers import run


def read_until(fd, wanted: bytes, seen=b"", timeout=120.0) -> bytes:
    """What the terminal ``fd`` shows until ``wanted`` appears (or it closes)."""
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"nothing more after {seen[-200:]!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_ctrl_c_stops_a_long_gradient_check_with_one_line(tmp_path):
    path = tmp_path / "big.json"
    files.save_network(path, Network.create([2, 300, 300, 1], "tanh", seed=1))  # 91,501 parameters
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "engine", "gradcheck", str(path),
                              "--data", "xor"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    try:
        seen = read_until(master, b"parameters")  # the bar: the check is under way
        assert b"/91501 parameters" in seen
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=120)
        seen = read_until(master, b"\n", seen)
    finally:
        if child.poll() is None:
            child.kill()
        os.close(master)
    assert child.returncode == 130 and out == b""
    lines = [line for line in seen.replace(b"\r", b"\n").split(b"\n") if line.strip(b" ")]
    last = lines[-1].decode()
    assert "interrupted" in last and "Traceback" not in seen.decode()
    assert all(b"parameters" in line for line in lines[:-1])  # the rest is the bar


def test_the_check_reports_each_parameter_done():
    net = Network.create([2, 3, 1], seed=0)
    seen = []
    gradcheck.check_gradients(net, [[0.0, 1.0]], [[1.0]],
                              progress=lambda done, total: seen.append((done, total)))
    total = sum(p.size for p in net.params())
    assert seen == [(k, total) for k in range(1, total + 1)]


def test_no_bar_when_stderr_is_not_a_terminal(capsys, tmp_path):
    path = tmp_path / "net.json"
    files.save_network(path, Network.create([2, 3, 1], seed=0))
    code, out, err = run(capsys, "gradcheck", path, "--data", "xor")
    assert code == 0 and err == "" and "verdict: pass" in out


def test_the_bar_counts_its_own_unit_and_leaves_out_the_loss(monkeypatch):
    import io
    clock = iter([0.0, 0.5])
    monkeypatch.setattr(commands.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    commands.Progress(40, stream, "parameters").update(20)
    assert "20/40 parameters" in stream.getvalue() and "loss" not in stream.getvalue()
