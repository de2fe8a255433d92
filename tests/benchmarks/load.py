"""Two CPU-bound processes for a benchmark to measure under, started and stopped by it.

A student's laptop in class is busy (a browser, a video call): figures measured on a quiet
machine do not hold there. ``conditions(argv)`` yields ``"quiet"`` and then ``"loaded"``
(with ``--quiet-only`` or ``--loaded-only`` one of them), and while ``"loaded"`` is measured
two processes spin on the CPU; each is ended by its own process id when it is done.
"""
from __future__ import annotations

import contextlib
import subprocess
import sys

SPIN = "while True: pass"
QUIET, LOADED = "quiet", "loaded"


@contextlib.contextmanager
def busy(n: int = 2):
    """``n`` CPU-bound processes while the block runs."""
    spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(n)]
    try:
        yield
    finally:
        for p in spinners:
            p.kill()
            p.wait()


def conditions(argv=()):
    """Yield each condition to measure, with the machine loaded for ``LOADED``."""
    wanted = [QUIET, LOADED]
    if "--quiet-only" in argv:
        wanted = [QUIET]
    if "--loaded-only" in argv:
        wanted = [LOADED]
    for condition in wanted:
        if condition == LOADED:
            with busy():
                yield condition
        else:
            yield condition
