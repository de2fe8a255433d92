"""One row per comparison, measured side by side in the same run, and the table that prints them.

A ``Row`` holds our time and its baseline's (seconds), and a target of one kind:
``("at most", x)`` or ``("at least", x)`` for the ratio ours / baseline, ``("within", d)``
for that ratio within 1 ± d, ``("faster", k)`` for baseline / ours at least k,
``("under", seconds)`` for our own time; None for no target. A benchmark that runs
as a program of its own (the window's) prints its rows as ``ROW {json}`` lines (``row_line``),
which run_all.py reads back (``rows_in``) into the one table.
"""
from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass

PREFIX = "ROW "


@dataclass
class Row:
    what: str
    ours: float
    baseline: float
    baseline_name: str
    target: tuple | None = None

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
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def alternate(fns: dict, repeat: int) -> dict:
    """Median time of each function, calling them in turn ``repeat`` times (shared noise)."""
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            times[name].append(fn())
    return {name: statistics.median(ts) for name, ts in times.items()}


def render(rows) -> str:
    head = f"{'what':<62} {'ours':>10} {'baseline':>10} {'ratio':>6} {'speed-up':>8}  " \
           f"{'target':<13} {'':<6}  baseline"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.what:<62} {seconds(r.ours):>10} {seconds(r.baseline):>10} "
                     f"{r.ratio:5.2f}x {r.baseline / r.ours:7.2f}x  {r.target_text():<13} "
                     f"{r.verdict():<6}  {r.baseline_name}")
    return "\n".join(lines)
