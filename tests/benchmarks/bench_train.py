"""Whole-process speed of ``backprop train`` against a bare NumPy loop doing the same work.

Runs both commands alternately (the machine is shared and noisy, so a ratio measured side by
side means more than a time) and prints the median of each and their ratio.

    .venv/bin/python tests/benchmarks/bench_train.py [--repeat 7] [--epochs 20000]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def wall(cmd) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def commands(epochs: int) -> dict:
    py = sys.executable
    return {
        "bare NumPy loop": [py, str(HERE / "bare_xor.py"), str(epochs)],
        "backprop train": [py, "-m", "engine", "train", "--data", "xor", "--layers", "2,4,1",
                           "--lr", "0.5", "--epochs", str(epochs), "--json"],
    }


def measure(cmds: dict, repeat: int) -> dict:
    times = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            times[name].append(wall(cmd))
    return {name: statistics.median(ts) for name, ts in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--epochs", type=int, default=20000)
    args = parser.parse_args(argv)
    medians = measure(commands(args.epochs), args.repeat)
    base = medians["bare NumPy loop"]
    print(f"XOR [2,4,1], {args.epochs} epochs, median of {args.repeat} whole-process runs")
    for name, seconds in medians.items():
        print(f"  {name:<18} {seconds:7.3f} s   {seconds / base:5.2f}x the bare loop")


if __name__ == "__main__":
    main()
