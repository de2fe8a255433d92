"""How long a hostile 5 MB session file takes to be refused, beside a valid file of that size.

The hostile files are those of tests/test_sessions.py (``hostile_5mb``: deep brackets, endless
digits, one long string, too many layers, a bad last target), which checks that each is refused
with the right words; here only the time is measured. Baseline, in the same run: loading a
valid 5 MB session file (the least a reader pays to read that much). Target: the slowest
refusal under 1 s.

    .venv/bin/python tests/benchmarks/bench_files.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from table import Row, best_of, render, seconds

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the hostile files
from engine.sessions import SessionFileError, load_session  # noqa: E402
from test_sessions import HOSTILE_KINDS, _big_valid_text, hostile_5mb  # noqa: E402


def refusal(path):
    """A function that reads ``path`` once and insists that it is refused."""
    def run():
        try:
            load_session(path)
        except SessionFileError:
            return
        raise AssertionError(f"{path} was not refused")
    return run


def times(repeat=5) -> tuple[dict, float]:
    """Best time to refuse each kind of hostile file, and to load the valid one."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        refused = {}
        for kind in HOSTILE_KINDS:
            path, _ = hostile_5mb(folder, kind)
            refused[kind] = best_of(refusal(path), repeat)
        valid = folder / "valid.json"
        valid.write_text(_big_valid_text(folder))
        loaded = best_of(lambda: load_session(valid), repeat)
    return refused, loaded


def rows(repeat=5, refused=None, loaded=None):
    if refused is None:
        refused, loaded = times(repeat)
    worst = max(refused, key=refused.get)
    return [Row(f"refusing a hostile 5 MB session file (slowest: {worst})", refused[worst],
                loaded, "loading a valid 5 MB session file", ("under", 1.0))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    refused, loaded = times(args.repeat)
    print(f"best of {args.repeat}:")
    for kind, t in refused.items():
        print(f"  {kind:16s} refused in {seconds(t)}")
    print(f"  {'valid file':16s} loaded in {seconds(loaded)}")
    print(render(rows(refused=refused, loaded=loaded)))


if __name__ == "__main__":
    main()
