"""Teaching bugs: backprop with one classic mistake switched on, for the gradient check to catch.

``buggy_gradients(net, x, t, bug)`` returns gradients in the order of ``net.params()``
(weights, then biases), like ``gradcheck.analytic_gradients``, so its result can be passed to
``gradcheck.check(..., analytic=...)`` and ``gradcheck.relative_errors``. A bug is a replacement
for one rule of ``backprop.backward_steps`` (the output delta or the hidden delta), plugged into
that same pass; ``bug`` None (or "none") is the correct backprop. Rows are samples.
"""
from __future__ import annotations

from . import backprop
from .fast import dot

BUGS = {
    "hidden_delta_sign": "Hidden delta: sign of the f'(z) term flipped",
    "missing_activation_derivative": "Hidden delta: f'(z) left out",
    "output_delta_sign": "Output delta: t − a instead of a − t",
}


def _flipped_output_delta(net, z_out, a_out, t):
    return -backprop.output_delta(net, z_out, a_out, t)


def _flipped_hidden_delta(net, l, delta_next, z, a):
    # Flipping the sign of the f'(z) factor flips the whole product.
    return -backprop.hidden_delta(net, l, delta_next, z, a)


def _hidden_delta_without_f_prime(net, l, delta_next, z, a):
    return dot(delta_next, net.weights[l + 1])


RULES = {  # bug -> the keyword arguments of backprop.backward_steps that plant it
    "hidden_delta_sign": {"hidden_rule": _flipped_hidden_delta},
    "missing_activation_derivative": {"hidden_rule": _hidden_delta_without_f_prime},
    "output_delta_sign": {"output_rule": _flipped_output_delta},
}


def check_bug(bug) -> str | None:
    """The bug's name, None for no bug; ValueError for a name that is not in ``BUGS``."""
    if bug in (None, "none"):
        return None
    if bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r} (choose from none, {', '.join(BUGS)})")
    return bug


def buggy_gradients(net, x, t, bug=None):
    """Gradients of the reduced loss with ``bug`` switched on, in the order of ``net.params()``."""
    bug = check_bug(bug)
    zs, acts = backprop.forward(net, x)
    _, grads_w, grads_b = backprop.backward(net, zs, acts, t, **RULES.get(bug, {}))
    return grads_w + (grads_b or [])
