"""Whole-process speed of ``backprop train`` against a bare NumPy loop doing the same work.

Runs both commands alternately (the machine is shared and noisy, so a ratio measured side by
side means more than a time) and prints the median of each and their ratio.

    .venv/bin/python tests/benchmarks/bench_train.py [--repeat 7] [--epochs 20000]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from load import conditions
from table import ROUNDS, Row, alternate, render

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def wall(cmd):
    """A function that runs ``cmd`` once and returns its wall-clock seconds."""
    def run() -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        return time.perf_counter() - start
    return run


def commands(epochs: int, python=sys.executable) -> dict:
    return {
        "bare NumPy loop": [python, str(HERE / "bare_xor.py"), str(epochs)],
        "backprop train": [python, "-m", "engine", "train", "--data", "xor", "--layers", "2,4,1",
                           "--lr", "0.5", "--epochs", str(epochs), "--json"],
    }


def rows(repeat=7, epochs=20000, condition="quiet"):
    times = alternate({name: wall(cmd) for name, cmd in commands(epochs).items()},
                      max(repeat, ROUNDS))
    return [Row.of(f"backprop train, XOR [2,4,1], {epochs} epochs", times["backprop train"],
                   times["bare NumPy loop"], "bare NumPy loop, whole process", ("at most", 1.1),
                   condition)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=20000)
    args = parser.parse_args(argv)
    print(f"whole-process runs, {args.repeat} alternated, quiet and loaded")
    print(render([row for c in conditions() for row in rows(args.repeat, args.epochs, c)]))


if __name__ == "__main__":
    main()
