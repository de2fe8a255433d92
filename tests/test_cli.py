"""The `backprop` command: the documented outputs, exit codes and one-line errors."""
import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from engine import activations, cli, commands, report
from engine.files import load_network
from engine.network import Network
from engine.training import Trainer
from helpers import run, write

DESIGN_NET = {
    "format": "backprop-playground.network", "version": 1, "layers": [2, 2, 1],
    "activations": ["sigmoid", "sigmoid"], "loss": "bce", "reduction": "mean", "bias": True,
    "weights": [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45]]],
    "biases": [[0.35, 0.35], [0.60]],
}
DEEP_NET = {  # two hidden layers, no biases, squared error, sum reduction
    "format": "backprop-playground.network", "version": 1, "layers": [2, 3, 2, 1],
    "activations": ["tanh", "sigmoid", "linear"], "loss": "mse", "reduction": "sum",
    "bias": False,
    "weights": [[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [[0.7, -0.8, 0.9], [0.2, 0.1, -0.3]],
                [[0.5, -0.4]]],
}
XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_T = np.array([[0], [1], [1], [0]], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("spec", [DESIGN_NET, DEEP_NET], ids=["design", "deep-no-bias"])
def test_trace_json_schema_and_update(tmp_path, capsys, spec):
    net = write(tmp_path / "net.json", spec)
    code, out, err = run(capsys, "trace", net, "--data", "xor", "--lr", "0.25", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {"loss", "layers", "weights", "biases"}
    assert isinstance(result["loss"], float)
    sizes = spec["layers"]
    assert len(result["layers"]) == len(sizes) - 1
    for l, layer in enumerate(result["layers"]):
        assert set(layer) == {"z", "a", "delta", "grad_weights", "grad_biases"}
        for key in ("z", "a", "delta"):
            assert np.shape(layer[key]) == (4, sizes[l + 1])
        assert np.shape(layer["grad_weights"]) == (sizes[l + 1], sizes[l])
        before = np.array(spec["weights"][l])
        after = np.array(result["weights"][l])
        assert np.allclose(after, before - 0.25 * np.array(layer["grad_weights"]), atol=1e-15)
        if spec["bias"]:
            assert np.shape(layer["grad_biases"]) == (sizes[l + 1],)
            after_b = np.array(result["biases"][l])
            assert np.allclose(after_b, np.array(spec["biases"][l]) - 0.25 * np.array(layer["grad_biases"]))
        else:
            assert layer["grad_biases"] is None
    if not spec["bias"]:
        assert result["biases"] is None


def test_trace_json_numbers_match_a_hand_written_forward_pass(tmp_path, capsys):
    net = write(tmp_path / "net.json", DESIGN_NET)
    _, out, _ = run(capsys, "trace", net, "--data", "xor", "--json")
    result = json.loads(out)
    W1, b1 = np.array(DESIGN_NET["weights"][0]), np.array(DESIGN_NET["biases"][0])
    W2, b2 = np.array(DESIGN_NET["weights"][1]), np.array(DESIGN_NET["biases"][1])
    z1 = XOR_X @ W1.T + b1
    a2 = sigmoid(sigmoid(z1) @ W2.T + b2)
    bce = -np.mean(XOR_T * np.log(a2) + (1 - XOR_T) * np.log(1 - a2))
    assert np.allclose(result["layers"][0]["z"], z1)
    assert np.allclose(result["layers"][1]["a"], a2)
    assert np.allclose(result["layers"][1]["delta"], a2 - XOR_T)  # per sample, no 1/n
    assert result["loss"] == pytest.approx(bce, rel=1e-12)


def test_trace_table_names_every_phase_and_layer(tmp_path, capsys):
    net = write(tmp_path / "net.json", DEEP_NET)
    code, out, _ = run(capsys, "trace", net, "--data", "xor")
    assert code == 0
    for title in ("Forward", "Output delta", "Hidden delta (layer 2)", "Hidden delta (layer 1)",
                  "Update", "Layer 3 (output)", "before", "after"):
        assert title in out
    assert out.index("Hidden delta (layer 2)") < out.index("Hidden delta (layer 1)")


def test_trace_table_uses_the_requested_significant_digits(tmp_path, capsys):
    net = write(tmp_path / "net.json", DESIGN_NET)
    # Sample 1 is x = (0, 0), so the first hidden layer's z is its bias, 0.35.
    _, out, _ = run(capsys, "trace", net, "--data", "xor")
    assert "0.3500" in out and "0.35000" not in out
    _, out, _ = run(capsys, "trace", net, "--data", "xor", "--digits", "6")
    assert "0.350000" in out


def test_number_keeps_significant_digits():
    assert report.number(0.35) == "0.3500"
    assert report.number(-0.0) == "0.000"
    assert report.number(1.5e-5, 3) == "1.50e-05"
    assert report.number(2.0, 2) == "2.0"


def test_table_columns_line_up():
    table = report.Table("T", "unit", ("1", "2"), ("w1", "w2"), np.array([[1.0, -250.5], [0.001, 3]]))
    lines = report.format_table(table).splitlines()[1:]
    assert len({len(line) for line in lines}) == 1


def test_gradcheck_passes_on_a_good_network(tmp_path, capsys):
    net = write(tmp_path / "net.json", DEEP_NET)
    code, out, _ = run(capsys, "gradcheck", net, "--data", "xor")
    assert code == 0
    assert "W1" in out and "W3" in out and "b1" not in out


def test_gradcheck_fails_on_a_wrong_derivative(tmp_path, capsys, monkeypatch):
    value, derivative = activations.ACTIVATIONS["sigmoid"]
    monkeypatch.setitem(activations.ACTIVATIONS, "sigmoid", (value, lambda z, a: 2 * derivative(z, a)))
    net = write(tmp_path / "net.json", DESIGN_NET)
    code, out, _ = run(capsys, "gradcheck", net, "--data", "xor")
    assert code == 1
    assert "verdict: fail" in out


def test_train_json_learns_xor(tmp_path, capsys):
    code, out, err = run(capsys, "train", "--data", "xor", "--layers", "2,4,1", "--lr", "0.5",
                         "--epochs", "5000", "--seed", "1", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {"epochs", "loss", "accuracy", "seconds"} <= set(result)
    assert result["epochs"] == 5000
    assert result["accuracy"] == 1.0
    assert result["loss"] < 0.1


def test_train_accuracy_is_null_for_regression(tmp_path, capsys):
    data = write(tmp_path / "ramp.csv", "x,t\n0,0.1\n0.5,0.3\n1,0.7\n")
    code, out, _ = run(capsys, "train", "--data", data, "--layers", "1,3,1", "--epochs", "50",
                       "--batch-size", "2", "--optimizer", "adam", "--json")
    assert code == 0
    assert json.loads(out)["accuracy"] is None


def test_train_save_then_init(tmp_path, capsys):
    saved = tmp_path / "trained.json"
    code, out, _ = run(capsys, "train", "--data", "xor", "--layers", "2,3,1", "--epochs", "200",
                       "--save", saved)
    assert code == 0 and "saved" in out
    net = load_network(saved)
    assert net.sizes == [2, 3, 1]
    code, out, _ = run(capsys, "train", "--data", "xor", "--init", saved, "--epochs", "0", "--json")
    assert code == 0 and json.loads(out)["epochs"] == 0


def test_divergence_exits_1_and_saves_nothing(tmp_path, capsys):
    saved = tmp_path / "never.json"
    code, out, err = run(capsys, "train", "--data", "xor", "--layers", "2,3,1",
                         "--output-activation", "linear", "--loss", "mse", "--lr", "1e6",
                         "--epochs", "1000", "--save", saved)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "epoch" in err and "Traceback" not in err
    assert not saved.exists()


def test_progress_redraws_at_most_ten_times_a_second(monkeypatch):
    clock = iter([0.0, 0.01, 0.02, 0.15, 0.16])
    monkeypatch.setattr(commands.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    progress = commands.Progress(100, stream)  # reads the clock once: 0.0
    for done in (10, 20, 30, 40):  # at 0.01, 0.02, 0.15 (redraw), 0.16
        progress.update(done, lambda: 0.5)
    assert stream.getvalue().count("\r") == 1 and "30/100" in stream.getvalue()


def test_training_looks_at_the_clock_only_between_chunks_of_epochs():
    trainer = Trainer(Network.create([2, 2, 1]), XOR_X, XOR_T)
    calls = []

    class Recorder:
        def update(self, done, loss):
            calls.append(done)

    commands.run(trainer, 1000, Recorder())
    assert trainer.epoch == 1000
    assert calls == [256, 512, 768, 1000]


def test_mini_batches_take_several_steps_per_epoch(capsys):
    code, out, _ = run(capsys, "train", "--data", "xor", "--layers", "2,2,1", "--epochs", "7",
                       "--batch-size", "3", "--optimizer", "momentum", "--json")
    assert code == 0
    assert (json.loads(out)["epochs"], json.loads(out)["steps"]) == (7, 14)


def test_datasets_lists_the_builtins(capsys):
    code, out, _ = run(capsys, "datasets")
    assert code == 0
    assert out.splitlines()[0].split()[0] == "xor"
    assert "spiral" in out


BAD_CSV = "x1,x2,t\n0,0,0\n0,zero,1\n"


def write_error_files(tmp):
    write(tmp / "good.json", DESIGN_NET)
    write(tmp / "broken.json", json.dumps(DESIGN_NET)[:-20])
    write(tmp / "other.json", {**DESIGN_NET, "format": "something-else"})
    write(tmp / "future.json", {**DESIGN_NET, "version": 99})
    write(tmp / "shapes.json", {**DESIGN_NET, "layers": [3, 2, 1]})
    write(tmp / "softmax.json", {**DESIGN_NET, "activations": ["softmax", "sigmoid"]})
    write(tmp / "bad.csv", BAD_CSV)
    write(tmp / "wide.csv", "1,2,3,4\n5,6,7,8\n")


# (arguments, with {tmp} for the folder of write_error_files; text the one line must contain)
ERRORS = {
    "missing file": ("trace {tmp}/missing.json --data xor", "missing.json"),
    "malformed json": ("trace {tmp}/broken.json --data xor", "broken.json"),
    "wrong format": ("gradcheck {tmp}/other.json --data xor", "other.json"),
    "wrong version": ("trace {tmp}/future.json --data xor", "future.json"),
    "shape mismatch": ("trace {tmp}/shapes.json --data xor", "shapes.json"),
    "unknown activation in file": ("trace {tmp}/softmax.json --data xor", "softmax.json"),
    "bad csv line": ("trace {tmp}/good.json --data {tmp}/bad.csv", "bad.csv"),
    "csv columns disagree": ("gradcheck {tmp}/good.json --data {tmp}/wide.csv", "wide.csv"),
    "unknown dataset": ("trace {tmp}/good.json --data nosuchset", "nosuchset"),
    "missing csv": ("train --data {tmp}/gone.csv --layers 2,1", "gone.csv"),
    "unknown activation option": ("train --data xor --layers 2,2,1 --activation softmax",
                                  "softmax"),
    "bad layers": ("train --data xor --layers 2,x,1", "2,x,1"),
    "negative epochs": ("train --data xor --layers 2,1 --epochs -3", "-3"),
    "zero learning rate": ("trace {tmp}/good.json --data xor --lr 0", "--lr"),
    "no layers": ("train --data xor", "--layers"),
    "init disagrees": ("train --data xor --init {tmp}/good.json --layers 2,3,1", "good.json"),
    "init has biases": ("train --data xor --init {tmp}/good.json --no-bias", "good.json"),
    "bce needs sigmoid": ("train --data xor --layers 2,1 --output-activation tanh", "sigmoid"),
    "save to missing folder": ("train --data xor --layers 2,1 --epochs 1 "
                               "--save {tmp}/no/such/dir.json", "dir.json"),
    "unknown option": ("trace {tmp}/good.json --data xor --colour", "--colour"),
    "no command": ("", "backprop"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_errors_exit_2_with_one_line(tmp_path, capsys, case):
    write_error_files(tmp_path)
    args, needle = ERRORS[case]
    code, out, err = run(capsys, *args.format(tmp=tmp_path).split())
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and err.endswith("\n")
    assert "Traceback" not in err
    assert needle in err


def test_bad_csv_error_names_the_line(tmp_path, capsys):
    good = write(tmp_path / "good.json", DESIGN_NET)
    bad_csv = write(tmp_path / "bad.csv", BAD_CSV)
    _, _, err = run(capsys, "trace", good, "--data", bad_csv)
    assert "line 3" in err


def run_module(*argv, cwd):
    env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(cli.__file__))}
    return subprocess.run([sys.executable, "-m", "engine", *argv], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=60)


def test_python_m_engine_runs_and_fails_cleanly(tmp_path):
    net = write(tmp_path / "net.json", DESIGN_NET)
    done = run_module("trace", net, "--data", "xor", "--json", cwd=tmp_path)
    assert done.returncode == 0 and "grad_weights" in json.loads(done.stdout)["layers"][0]
    done = run_module("trace", str(tmp_path / "absent.json"), "--data", "xor", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "absent.json" in done.stderr
    assert "Traceback" not in done.stderr
