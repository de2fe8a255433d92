"""Every benchmark in one run: one table of ratios measured side by side (the engine, the
command, PyTorch, hostile session files), then the window's figures (frame, animated training
and its set speed and frame rate, launch, stalls) and the scaling plot (docs/scaling.png).
Benchmarks print; they never fail anything.

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
from table import render, rows_in  # noqa: E402


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
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a coarser plot")
    parser.add_argument("--no-window", action="store_true",
                        help="skip bench_window.py, bench_launch.py and bench_stall.py")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling plot")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 7
    print(header())
    rows = bench_engine.rows()
    rows += bench_train.rows(repeat)
    rows += bench_torch.rows(args.torch_python, max(3, repeat - 2))
    rows += bench_files.rows(max(3, repeat - 2))
    details = []
    if not args.no_window:
        for name, extra in (("bench_window.py", []), ("bench_launch.py", ["3" if args.quick else "7"]),
                            ("bench_stall.py", ["3" if args.quick else "6"])):
            more, lines = rows_in(script_lines(name, *extra))
            rows += more
            details += [f"\n{name}:"] + ["  " + line for line in lines]
    print(render(rows))
    print("\n".join(details))
    if not args.no_scaling:
        print("\nbench_scaling.py (ms per epoch):")
        extra = ["--quick"] if args.quick else []
        print("\n".join("  " + line for line in script_lines("bench_scaling.py", *extra)))


if __name__ == "__main__":
    main()
