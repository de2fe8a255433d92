"""The command line and its files under fuzzing: network, session and CSV files mutated at
random (seeded: a failure names its seed and case, and replays) go through ``backprop trace``,
``train`` and ``gradcheck`` in this process (``engine.cli.main``). Every run ends with exit
code 0, 1 or 2 and at most one line on stderr, never a traceback; the session reader refuses
with a SessionFileError. A short run by default; ``-m slow`` runs a long one."""
import random
import re

import numpy as np
import pytest

from engine import cli, datasets, files
from engine.network import Network
from engine.sessions import SessionFileError, load_session, save_session
from engine.training import Trainer

HOSTILE = ["1e308", "-1e308", "1e999", "NaN", "Infinity", "-Infinity", "-0", "0", "1_000",
           "3.", ".5", "1" * 60, "-1", "1024", "1025", "99999999999", "true", "null", '"x"',
           "[]", "{}", "[" * 80 + "]" * 80, "\u0663", "\u00a0", '"' + "a" * 3000 + '"',
           '"relu"', '"linear"', '"sum"', '"mse"', "2.5e-320", "0x10"]
NOISE = ',"[]{}:\n\r\t \\-.e0123456789abc\x00\u2212'
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")


def base_files(folder):
    """A network file, a session file and a CSV file that all work together."""
    net = Network.create([2, 3, 1], "tanh", "sigmoid", "bce", "mean", True, seed=3)
    files.save_network(folder / "net.json", net)
    data = datasets.builtin("xor")
    trainer = Trainer(net, data.x, data.t, eta=0.5, batch_size=2, optimizer="momentum")
    trainer.train_batch()
    save_session(folder / "session.json", trainer, loss_history={"epochs": [1], "train": [0.7]})
    rows = "\n".join(",".join(repr(float(v)) for v in np.r_[x, t]) for x, t in zip(data.x, data.t))
    (folder / "data.csv").write_text("x1,x2,t\n" + rows + "\n")
    return {name: (folder / name).read_text() for name in ("net.json", "session.json", "data.csv")}


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        kind, n = rng.randrange(6), len(text)
        i, j = sorted(rng.randrange(n + 1) for _ in range(2))
        if kind == 0:  # a number becomes something hostile
            numbers = list(NUMBER.finditer(text))
            if numbers:
                m = rng.choice(numbers)
                text = text[:m.start()] + rng.choice(HOSTILE) + text[m.end():]
        elif kind == 1:
            text = text[:i] + text[j:]  # a span deleted
        elif kind == 2:
            text = text[:j] + text[i:j] * rng.randint(1, 50) + text[j:]  # a span repeated
        elif kind == 3:
            text = text[:i] + "".join(rng.choice(NOISE) for _ in range(rng.randint(1, 8))) + text[i:]
        elif kind == 4:
            text = text[:i]  # cut short, as by a full disk
        else:
            lines = text.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


def commands(paths, rng):
    """One command line over the files (some of them mutated)."""
    net = rng.choice([paths["net.json"], paths["session.json"]])
    data = rng.choice([paths["data.csv"], "xor"])
    return rng.choice([
        ["trace", net, "--data", data] + rng.choice([[], ["--json"], ["--digits", "17"]]),
        ["train", "--init", net, "--data", data, "--epochs", str(rng.randint(0, 5)),
         "--batch-size", str(rng.randint(0, 3)), "--lr", rng.choice(["0.5", "1e6", "10"])]
        + rng.choice([[], ["--json"]]),
        ["gradcheck", net, "--data", data],
    ])


def one_case(folder, originals, seed, case, capsys):
    rng = random.Random(f"{seed}-{case}")
    paths = {}
    for name, text in originals.items():
        path = folder / f"{case}-{name}"
        path.write_text(mutate(text, rng) if rng.random() < 0.6 else text, encoding="utf-8",
                        errors="surrogatepass")
        paths[name] = str(path)
    argv = commands(paths, rng)
    try:
        code = cli.main(argv)
    except BaseException as e:  # noqa: B036 - what escapes is the failure
        pytest.fail(f"seed {seed} case {case}: {argv} raised {type(e).__name__}: {e}"[:600])
    err = capsys.readouterr().err
    assert code in (0, 1, 2), (seed, case, argv, code)
    assert len(err.splitlines()) <= 1 and "Traceback" not in err, (seed, case, argv, err[:600])
    try:
        load_session(paths["session.json"])
    except SessionFileError:
        pass


def fuzz(tmp_path, capsys, seed, cases):
    originals = base_files(tmp_path)
    for case in range(cases):
        one_case(tmp_path, originals, seed, case, capsys)


@pytest.mark.parametrize("seed", [1, 2])
def test_fuzzed_files_end_cleanly(tmp_path, capsys, seed):
    fuzz(tmp_path, capsys, seed, 150)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(10, 15))
def test_fuzzed_files_end_cleanly_long(tmp_path, capsys, seed):
    fuzz(tmp_path, capsys, seed, 3000)
