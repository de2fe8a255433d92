"""The gradient check the window shows: backprop (with a teaching bug, or none) against
central finite differences, at the current parameters on the current batch, judged once by the
engine (``engine.gradcheck``: pass, kink or fail per parameter). No Qt here.

``gradient_check`` runs it at once; ``CheckJob`` runs the very same steps
(``engine.gradcheck.check_steps``) a slice at a time in the run's ticks, so that a big
network's check never holds the window, shows its progress and can be cancelled. A job works on
a copy of the network and on the snapshot's own (read-only) batch: dropping it changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from engine import bugs, gradcheck
from engine.gradcheck import FAIL, KINK, PASS, Check

from .play_clock import now

__all__ = ["BUGS", "FAIL", "KINK", "PASS", "Check", "CheckJob", "CheckProgress",
           "gradient_check"]
BUGS = bugs.BUGS  # the teaching bugs by name, with their descriptions


def gradient_check(net, snapshot, bug=None) -> Check:
    net = net.copy()
    analytic = bugs.buggy_gradients(net, snapshot.x, snapshot.t, bug)
    return gradcheck.check_gradients(net, snapshot.x, snapshot.t, analytic, bugs.check_bug(bug))


def check_steps(net, snapshot, bug=None):
    """``gradient_check`` as a generator: yields ``(done, total)`` after each pass over the
    batch, returns the Check."""
    net = net.copy()
    analytic = bugs.buggy_gradients(net, snapshot.x, snapshot.t, bug)
    yield 0, sum(p.size for p in net.params())
    return (yield from gradcheck.check_steps(net, snapshot.x, snapshot.t, analytic,
                                             bugs.check_bug(bug)))


@dataclass(frozen=True)
class CheckProgress:
    """What the window shows of a check in slices: ``done`` of ``total`` parameters, the
    ``snapshot`` it checks and the ``bug`` planted; ``result`` (a Check) once it is complete."""
    done: int
    total: int
    snapshot: object
    bug: str | None
    result: Check | None = None

    @property
    def percent(self) -> int:
        return 100 * self.done // max(self.total, 1)


class CheckJob:
    """A check under way: ``advance(deadline)`` runs steps until the deadline (at least one)
    and says whether the check is complete; ``progress`` is what to show."""

    def __init__(self, net, snapshot, bug=None):
        self.steps = check_steps(net, snapshot, bug)
        total = sum(p.size for p in net.params())
        self.progress = CheckProgress(0, total, snapshot, bug)

    def advance(self, deadline: float) -> bool:
        done = self.progress.done
        try:
            while True:
                done, _ = next(self.steps)
                if now() >= deadline:
                    break
        except StopIteration as end:
            self.progress = CheckProgress(self.progress.total, self.progress.total,
                                          self.progress.snapshot, self.progress.bug, end.value)
            return True
        self.progress = CheckProgress(done, self.progress.total, self.progress.snapshot,
                                      self.progress.bug)
        return False
