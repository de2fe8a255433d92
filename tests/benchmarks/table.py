"""One row per comparison, measured side by side in the same run, and the table that prints them.

A ``Row`` holds the engine's time and its baseline's (seconds), and a target of one kind:
``("at most", x)`` for the ratio engine / baseline, ``("faster", k)`` for baseline / engine
at least k, ``("under", seconds)`` for the engine's own time; None for no target.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass


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
        met = {"at most": self.ratio <= value, "faster": self.baseline / self.ours >= value,
               "under": self.ours <= value}[kind]
        return "met" if met else "MISSED"

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        kind, value = self.target
        return {"at most": f"<= {value:.2f}x", "faster": f"{value:g}x faster",
                "under": f"<= {seconds(value)}"}[kind]


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
    head = f"{'what':<56} {'engine':>10} {'baseline':>10} {'ratio':>6} {'speed-up':>8}  " \
           f"{'target':<13} {'':<6}  baseline"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.what:<56} {seconds(r.ours):>10} {seconds(r.baseline):>10} "
                     f"{r.ratio:5.2f}x {r.baseline / r.ours:7.2f}x  {r.target_text():<13} "
                     f"{r.verdict():<6}  {r.baseline_name}")
    return "\n".join(lines)
