"""Every benchmark in one run: one table of ratios measured side by side (the engine, the
command, PyTorch, hostile session files), then the window's figures (frame, animated training
and its set speed and frame rate, launch, stalls) and the scaling plot (docs/scaling.png).
Every row is measured twice: quiet, and loaded (two CPU-bound processes that the benchmark
starts and stops itself, load.py), each as the min and median of at least 5 rounds beside
its baseline from the same rounds. Benchmarks print; they never fail anything.

    .venv/bin/python tests/benchmarks/run_all.py [--torch-python /tmp/torchvenv/bin/python]
                                                 [--quick] [--no-window] [--no-scaling]
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_engine  # noqa: E402
import bench_files  # noqa: E402
import bench_torch  # noqa: E402
import bench_train  # noqa: E402
from load import conditions  # noqa: E402
from table import ROUNDS, render, rows_in  # noqa: E402


def header() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=bench_train.ROOT).stdout.strip() or "?"
    return (f"commit {commit}, Python {platform.python_version()}, NumPy {np.__version__}, "
            f"{os.cpu_count()} CPUs, {platform.machine()}")


def script_lines(name, *args) -> list[str]:
    """Run a benchmark script as its own process and return what it printed."""
    path = HERE / name
    if not path.exists():
        return [f"({name} not found: skipped)"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                          cwd=bench_train.ROOT, env=env)
    lines = done.stdout.rstrip().splitlines()
    if done.returncode != 0:
        lines += [f"({name} stopped with exit code {done.returncode})"]
        lines += done.stderr.rstrip().splitlines()[-3:]
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torch-python", default=sys.executable,
                        help="an interpreter with torch, for the PyTorch row (skipped without)")
    parser.add_argument("--quick", action="store_true",
                        help="3 rounds instead of 5, a coarser plot (not for the README)")
    parser.add_argument("--no-window", action="store_true",
                        help="skip bench_window.py, bench_launch.py and bench_stall.py")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling plot")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else ROUNDS
    print(header())
    rows = []
    for condition in conditions():  # in-process engine rows; the programs load themselves
        rows += bench_engine.rows(condition)
        rows += bench_train.rows(rounds, condition=condition)
        rows += bench_torch.rows(args.torch_python, rounds, condition=condition)
    rows += bench_files.rows(rounds)  # quiet only: a refusal's time, not the machine's load
    details = []
    if not args.no_window:
        for name in ("bench_window.py", "bench_launch.py", "bench_stall.py"):
            more, lines = rows_in(script_lines(name, str(rounds)))
            rows += more
            details += [f"\n{name}:"] + ["  " + line for line in lines]
    order = {}
    for row in rows:  # each comparison's quiet and loaded rows side by side
        order.setdefault(row.what, len(order))
    print(render(sorted(rows, key=lambda r: order[r.what])))
    print("\n".join(details))
    if not args.no_scaling:
        print("\nbench_scaling.py (ms per epoch):")
        extra = ["--quick"] if args.quick else []
        print("\n".join("  " + line for line in script_lines("bench_scaling.py", *extra)))


if __name__ == "__main__":
    main()
