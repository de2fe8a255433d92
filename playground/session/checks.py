"""The gradient check the window shows: backprop (with a teaching bug, or none) against
central finite differences, at the current parameters on the current batch. No Qt here."""
from __future__ import annotations

from typing import NamedTuple

from engine import bugs, gradcheck

BUGS = bugs.BUGS  # the teaching bugs by name, with their descriptions


class GradCheck(NamedTuple):
    """Per parameter array (``Network.params()`` order): backprop's gradient (with ``bug``, a
    name from BUGS, or None), central finite differences, their relative error."""
    analytic: list
    numerical: list
    errors: list
    bug: str | None


def gradient_check(net, snapshot, bug=None) -> GradCheck:
    net = net.copy()
    analytic = bugs.buggy_gradients(net, snapshot.x, snapshot.t, bug)
    numerical = gradcheck.numerical_gradients(net, snapshot.x, snapshot.t)
    return GradCheck(analytic, numerical, gradcheck.relative_errors(analytic, numerical),
                     bugs.check_bug(bug))
