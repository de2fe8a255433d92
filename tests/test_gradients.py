"""Backprop against central finite differences, in float64, over every parameter.

Each case draws a random shape from a fixed seed (1 to 3 hidden layers, widths 1-5, batch 1-6)
for every combination of hidden activation, loss/output, reduction and bias on/off. A failure
names the parameter (``weights[l]`` or ``biases[l]``) and prints mine (backprop) vs reference
(finite differences). The negative controls show the check fails when the gradient is wrong.
"""
import itertools

import numpy as np
import pytest

from engine import activations, backprop, gradcheck
from engine.network import Network
from helpers import central_differences

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
OUTPUTS = [("bce", "sigmoid"), ("mse", "sigmoid"), ("mse", "tanh"), ("mse", "linear")]
REDUCTIONS = ["sum", "mean"]
SHAPE_SEEDS = [0, 1, 2]
TOL = 1e-6


def param_names(net):
    names = [f"weights[{l}]" for l in range(net.n_layers)]
    return names + ([f"biases[{l}]" for l in range(net.n_layers)] if net.biases else [])


def random_case(hidden, loss, output, reduction, bias, seed):
    """A random network and batch; ReLU pre-activations are kept away from the kink at 0."""
    rng = np.random.default_rng([seed, HIDDEN.index(hidden), OUTPUTS.index((loss, output))])
    while True:
        depth = int(rng.integers(1, 4))
        sizes = [int(n) for n in rng.integers(1, 6, size=depth + 2)]
        n = int(rng.integers(1, 7))
        net = Network.create(sizes, hidden, output, loss, reduction, bias, seed=int(rng.integers(2**31)))
        if bias:
            net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
        x = rng.normal(size=(n, sizes[0]))
        t = rng.integers(0, 2, size=(n, sizes[-1])).astype(float)
        zs, _ = backprop.forward(net, x)
        # The derivative of ReLU is undefined at 0; a z within reach of the step h is not a fair test.
        if hidden != "relu" or min(np.abs(z).min() for z in zs[:-1]) > 1e-3:
            return net, x, t


def assert_grads_close(net, mine, reference, tol=TOL):
    """Relative error per entry, with gradcheck's floor; the message names the layer."""
    for name, p, g, r in zip(param_names(net), net.params(), mine, reference):
        assert g.shape == p.shape, f"{name}: gradient shape {g.shape} != parameter shape {p.shape}"
        err = np.abs(g - r) / np.maximum(np.abs(g) + np.abs(r), gradcheck.FLOOR)
        assert err.max() < tol, (f"{name}: max relative error {err.max():.3g}\n"
                                 f"mine (backprop):\n{g}\nreference (finite differences):\n{r}")


CASES = list(itertools.product(HIDDEN, OUTPUTS, REDUCTIONS, [True, False], SHAPE_SEEDS))


@pytest.mark.parametrize("hidden, out, reduction, bias, seed", CASES,
                         ids=[f"{h}-{o[0]}_{o[1]}-{r}-{'bias' if b else 'nobias'}-s{s}"
                              for h, o, r, b, s in CASES])
def test_backprop_matches_central_differences(hidden, out, reduction, bias, seed):
    loss, output = out
    net, x, t = random_case(hidden, loss, output, reduction, bias, seed)
    before = [p.copy() for p in net.params()]
    mine = gradcheck.analytic_gradients(net, x, t)
    reference = gradcheck.numerical_gradients(net, x, t)
    assert len(mine) == len(net.params()) == (2 if bias else 1) * net.n_layers
    assert_grads_close(net, mine, reference)
    assert gradcheck.check(net, x, t) < TOL
    # Probing must not move the network it was given.
    assert all(np.array_equal(p, q) for p, q in zip(before, net.params()))


def reference_loss(weights, biases, x, t):
    """Tanh hidden layers, sigmoid output, mean BCE, written out here from the formulas."""
    a = x
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = a @ w.T + b
        a = 1.0 / (1.0 + np.exp(-z)) if l == len(weights) - 1 else np.tanh(z)
    per_sample = -np.sum(t * np.log(a) + (1 - t) * np.log(1 - a), axis=1)
    return per_sample.mean()


def test_backprop_matches_a_hand_written_difference_loop():
    rng = np.random.default_rng(42)
    net = Network.create([3, 4, 2, 2], "tanh", "sigmoid", "bce", "mean", True, seed=5)
    net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    x, t = rng.normal(size=(5, 3)), rng.integers(0, 2, size=(5, 2)).astype(float)
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    # the arrays are shared with the lists above, perturbed in place
    reference = central_differences(weights + biases, lambda: reference_loss(weights, biases, x, t))
    loss, grads_w, grads_b = backprop.backprop(net, x, t)
    assert loss == pytest.approx(reference_loss(weights, biases, x, t), rel=1e-12)
    assert_grads_close(net, grads_w + grads_b, reference)


def control_case():
    """Sigmoid hidden layers under squared error, so sigma' is used at every layer."""
    rng = np.random.default_rng(7)
    net = Network.create([3, 4, 3, 2], "sigmoid", "sigmoid", "mse", "sum", True, seed=11)
    net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    return net, rng.normal(size=(4, 3)), rng.integers(0, 2, size=(4, 2)).astype(float)


def test_control_a_wrong_sigmoid_derivative_is_caught(monkeypatch):
    net, x, t = control_case()
    assert gradcheck.check(net, x, t) < TOL
    sigmoid = activations.sigmoid

    def wrong(z, *_):  # s (1 + s) where s (1 - s) belongs
        s = sigmoid(z)
        return s * (1.0 + s)

    monkeypatch.setitem(activations.ACTIVATIONS, "sigmoid", (sigmoid, wrong))
    assert gradcheck.check(net, x, t) > 1e-3


def test_control_a_sign_flipped_hidden_delta_is_caught(monkeypatch):
    net, x, t = control_case()
    right = backprop.hidden_delta
    monkeypatch.setattr(backprop, "hidden_delta", lambda *args: -right(*args))
    assert gradcheck.check(net, x, t) > 1e-3


def test_control_b_one_sign_flipped_analytic_entry_fails():
    net, x, t = control_case()
    grads = [g.copy() for g in gradcheck.analytic_gradients(net, x, t)]
    assert gradcheck.check(net, x, t, analytic=grads) < TOL
    l = int(np.argmax([np.abs(g).max() for g in grads]))
    i = np.unravel_index(np.abs(grads[l]).argmax(), grads[l].shape)
    grads[l][i] = -grads[l][i]
    # |g - (-g)| / (|g| + |g|) = 1 for the flipped entry.
    assert gradcheck.check(net, x, t, analytic=grads) > 0.5


def test_control_c_coarse_step_gives_a_visibly_larger_error():
    net, x, t = control_case()
    fine, coarse = gradcheck.check(net, x, t, h=1e-5), gradcheck.check(net, x, t, h=1.0)
    assert coarse > 1e-3
    assert coarse > 1e3 * fine, f"coarse {coarse:.3g} vs fine {fine:.3g}"
