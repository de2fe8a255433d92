"""``backprop train`` against PyTorch (CPU, float64, one thread) on XOR [2, 4, 1].

torch is never a dependency of this project: give an interpreter that has it. Without one
the comparison is skipped (and says so). Both commands run alternately; each reports the
seconds of its training loop too, so the table has the whole process and the loop alone.

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch==2.13.0 numpy
    .venv/bin/python tests/benchmarks/bench_torch.py --torch-python /tmp/torchvenv/bin/python
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench_train import HERE, ROOT, commands
from table import Row, render


def has_torch(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import torch"], capture_output=True).returncode == 0
    except OSError:
        return False


def timed(cmd, loop_seconds):
    """Run ``cmd``; ``(whole-process seconds, training-loop seconds from its output)``."""
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return time.perf_counter() - start, loop_seconds(out)


def rows(torch_python: str, repeat=5, epochs=20000, condition="quiet"):
    if not has_torch(torch_python):
        print(f"PyTorch comparison skipped: torch is not importable from {torch_python}")
        return []
    ours_cmd = commands(epochs)["backprop train"]
    torch_cmd = [torch_python, str(HERE / "torch_xor.py"), str(epochs)]
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(timed(ours_cmd, lambda out: json.loads(out)["seconds"]))
        theirs.append(timed(torch_cmd, lambda out: float(out.split()[1])))
    (whole, loop), (their_whole, their_loop) = [list(zip(*runs)) for runs in (ours, theirs)]
    what = f"backprop train, XOR [2,4,1], {epochs} epochs"
    return [Row.of(what, whole, their_whole, "PyTorch 2 CPU float64, whole process",
                   ("faster", 8), condition),
            Row.of(what + " (loop only)", loop, their_loop, "PyTorch, training loop only", None,
                   condition)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torch-python", default=sys.executable)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20000)
    args = parser.parse_args(argv)
    found = rows(args.torch_python, args.repeat, args.epochs)
    if found:
        print(f"median of {args.repeat} alternated runs")
        print(render(found))


if __name__ == "__main__":
    main()
