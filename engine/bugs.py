"""Teaching bugs: backprop with one classic mistake switched on, for the gradient check to catch.

``buggy_gradients(net, x, t, bug)`` returns gradients in the order of ``net.params()``
(weights, then biases), like ``gradcheck.analytic_gradients``, so its result can be passed to
``gradcheck.check(..., analytic=...)`` and ``gradcheck.relative_errors``. The pass is built from
``engine.backprop``'s own functions with one step changed; ``bug`` None (or "none") is the
correct backprop. Rows are samples, as everywhere in the engine.
"""
from __future__ import annotations

from . import backprop
from .network import Network

BUGS = {
    "hidden_delta_sign": "Hidden delta: sign of the f'(z) term flipped",
    "missing_activation_derivative": "Hidden delta: f'(z) left out",
    "output_delta_sign": "Output delta: t − a instead of a − t",
}


def check_bug(bug) -> str | None:
    """The bug's name, None for no bug; ValueError for a name that is not in ``BUGS``."""
    if bug in (None, "none"):
        return None
    if bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r} (choose from none, {', '.join(BUGS)})")
    return bug


def _linear_hidden(net):
    """The same weights with linear hidden layers: their f'(z) is 1, so it drops out."""
    names = ["linear"] * (net.n_layers - 1) + [net.activations[-1]]
    return Network(net.sizes, names, net.loss, net.reduction, net.bias, net.weights, net.biases)


def _hidden_delta(net, l, delta_next, z, a, bug):
    if bug == "missing_activation_derivative":
        return backprop.hidden_delta(_linear_hidden(net), l, delta_next, z, a)
    delta = backprop.hidden_delta(net, l, delta_next, z, a)
    # Flipping the sign of the f'(z) factor flips the whole product.
    return -delta if bug == "hidden_delta_sign" else delta


def buggy_gradients(net, x, t, bug=None):
    """Gradients of the reduced loss with ``bug`` switched on, in the order of ``net.params()``."""
    bug = check_bug(bug)
    zs, acts = backprop.forward(net, x)
    L = net.n_layers
    deltas = [None] * L
    deltas[-1] = backprop.output_delta(net, zs[-1], acts[-1], t)
    if bug == "output_delta_sign":
        deltas[-1] = -deltas[-1]
    for l in range(L - 2, -1, -1):
        deltas[l] = _hidden_delta(net, l, deltas[l + 1], zs[l], acts[l + 1], bug)
    grads = [backprop.gradients(net, deltas[l], acts[l]) for l in range(L)]
    grads_w = [g for g, _ in grads]
    grads_b = [b for _, b in grads] if net.biases is not None else []
    return grads_w + grads_b
