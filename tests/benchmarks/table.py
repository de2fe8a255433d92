"""One row per comparison, measured side by side in the same run, and the table that prints them.

A ``Row`` holds our time and its baseline's (seconds) over the rounds of one condition
(``"quiet"``, or ``"loaded"``: two CPU-bound processes running, load.py): the min and the
median of each, at least ``ROUNDS`` rounds. The ratio is of the medians. A target is of one
kind: ``("at most", x)`` or ``("at least", x)`` for the ratio ours / baseline, ``("within", d)``
for that ratio within 1 ± d, ``("faster", k)`` for baseline / ours at least k, ``("under",
seconds)`` for our own median; None for no target. A benchmark that runs
as a program of its own (the window's) prints its rows as ``ROW {json}`` lines (``row_line``),
which run_all.py reads back (``rows_in``) into the one table, a line per row and condition.
"""
from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass

PREFIX = "ROW "
ROUNDS = 5


@dataclass
class Row:
    what: str
    ours: float          # median
    baseline: float      # median
    baseline_name: str
    target: tuple | None = None
    ours_min: float | None = None
    baseline_min: float | None = None
    condition: str = "quiet"
    rounds: int = 1

    @classmethod
    def of(cls, what, ours: list, baseline: list, baseline_name, target=None, condition="quiet"):
        """A row from the times of every round, ours and the baseline's."""
        return cls(what, statistics.median(ours), statistics.median(baseline), baseline_name,
                   target, min(ours), min(baseline), condition, min(len(ours), len(baseline)))

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline

    def verdict(self) -> str:
        if self.target is None:
            return ""
        kind, value = self.target
        met = {"at most": self.ratio <= value, "at least": self.ratio >= value,
               "within": abs(self.ratio - 1) <= value,
               "faster": self.baseline / self.ours >= value, "under": self.ours <= value}[kind]
        return "met" if met else "MISSED"

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        kind, value = self.target
        return {"at most": f"<= {value:.2f}x", "at least": f">= {value:.2f}x",
                "within": f"1 +- {value:.2f}x", "faster": f"{value:g}x faster",
                "under": f"<= {seconds(value)}"}[kind]


def row_line(row: Row) -> str:
    return PREFIX + json.dumps(asdict(row))


def rows_in(lines) -> tuple[list, list]:
    """``(rows, other lines)`` of a benchmark program's output."""
    rows = [Row(**json.loads(l[len(PREFIX):])) for l in lines if l.startswith(PREFIX)]
    return rows, [l for l in lines if not l.startswith(PREFIX)]


def seconds(s: float) -> str:
    return f"{s:.3f} s" if s >= 0.1 else f"{s * 1e3:.3f} ms"


def best_of(fn, repeat=7, number=1) -> float:
    """The best time per call: the least disturbed by other work on a shared machine."""
    return min(times_of(fn, repeat, number))


def times_of(fn, repeat=ROUNDS, number=1) -> list:
    """The time per call of each of ``repeat`` rounds of ``number`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return times


def alternate(fns: dict, repeat: int) -> dict:
    """The times of each function, calling them in turn ``repeat`` times (shared noise)."""
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            times[name].append(fn())
    return times


def _pair(lo, mid) -> str:
    return f"{seconds(lo) if lo is not None else '-'} / {seconds(mid)}"


def render(rows) -> str:
    head = (f"{'what':<58} {'cond.':<6} {'ours min / median':>21} {'baseline min / median':>21} "
            f"{'ratio':>6}  {'target':<13} {'':<6}  baseline")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.what:<58} {r.condition:<6} {_pair(r.ours_min, r.ours):>21} "
                     f"{_pair(r.baseline_min, r.baseline):>21} {r.ratio:5.2f}x  "
                     f"{r.target_text():<13} {r.verdict():<6}  {r.baseline_name} "
                     f"({r.rounds} rounds)")
    return "\n".join(lines)
