"""The gradient check the window shows: backprop (with a teaching bug, or none) against
central finite differences, at the current parameters on the current batch, judged once by the
engine (``engine.gradcheck``: pass, kink or fail per parameter). No Qt here."""
from __future__ import annotations

from engine import bugs, gradcheck
from engine.gradcheck import FAIL, KINK, PASS, Check

__all__ = ["BUGS", "FAIL", "KINK", "PASS", "Check", "gradient_check"]
BUGS = bugs.BUGS  # the teaching bugs by name, with their descriptions


def gradient_check(net, snapshot, bug=None) -> Check:
    net = net.copy()
    analytic = bugs.buggy_gradients(net, snapshot.x, snapshot.t, bug)
    return gradcheck.check_gradients(net, snapshot.x, snapshot.t, analytic, bugs.check_bug(bug))
