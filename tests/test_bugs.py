"""Teaching bugs: the gradient check passes on every preset and catches each bug, in the engine
(the window's check view is tested in test_window_teaching.py)."""
import numpy as np
import pytest

from engine import gradcheck, presets
from engine.bugs import BUGS, RULES, buggy_gradients
from engine.network import Network

PRESETS = presets.load_all()


def random_net(seed):
    rng = np.random.default_rng(seed)
    net = Network.create([3, 4, 3, 2], activation="tanh", loss="mse", output_activation="linear",
                         reduction="mean", seed=seed)
    return net, rng.normal(size=(6, 3)), rng.normal(size=(6, 2))


CASES = [(p.net, p.data.x, p.data.t) for p in PRESETS] + [random_net(1)]
IDS = [p.name for p in PRESETS] + ["tanh-linear-mse"]


@pytest.mark.parametrize("net,x,t", CASES, ids=IDS)
def test_the_gradient_check_passes_without_a_bug(net, x, t):
    assert gradcheck.check(net, x, t) < 1e-6
    assert gradcheck.check(net, x, t, analytic=buggy_gradients(net, x, t, "none")) < 1e-6


@pytest.mark.parametrize("bug", sorted(BUGS))
@pytest.mark.parametrize("net,x,t", CASES, ids=IDS)
def test_the_gradient_check_catches_every_bug(net, x, t, bug):
    assert gradcheck.check(net, x, t, analytic=buggy_gradients(net, x, t, bug)) > 1e-3


@pytest.mark.parametrize("net,x,t", CASES, ids=IDS)
def test_each_bug_changes_what_it_names(net, x, t):
    right = gradcheck.analytic_gradients(net, x, t)
    L = net.n_layers
    out_layer = [L - 1] + ([2 * L - 1] if net.bias else [])  # positions of W^L and b^L
    flipped = buggy_gradients(net, x, t, "output_delta_sign")
    assert all(np.array_equal(f, -g) for f, g in zip(flipped, right))  # every delta flips
    for bug in ("hidden_delta_sign", "missing_activation_derivative"):
        wrong = buggy_gradients(net, x, t, bug)
        for k, (w, g) in enumerate(zip(wrong, right)):
            if k in out_layer:
                assert np.array_equal(w, g)  # the output layer is computed before any hidden delta
        hidden = [k for k in range(len(right)) if k not in out_layer]
        if bug == "hidden_delta_sign":
            # Each hidden layer flips the sign of the delta it gets from the layer above.
            for k in hidden:
                sign = (-1) ** (L - 1 - k % L)
                assert np.array_equal(wrong[k], sign * right[k])
        else:
            assert any(not np.allclose(wrong[k], right[k]) for k in hidden)


def test_unknown_bug_is_refused():
    p = PRESETS[0]
    with pytest.raises(ValueError, match="unknown bug"):
        buggy_gradients(p.net, p.data.x, p.data.t, "typo")


@pytest.mark.parametrize("net,x,t", CASES, ids=IDS)
def test_no_bug_gives_the_backprop_gradients_bit_for_bit(net, x, t):
    # The bugs plug into the one backward pass, so without one it is that pass exactly.
    right = gradcheck.analytic_gradients(net, x, t)
    for none in (None, "none"):
        mine = buggy_gradients(net, x, t, none)
        assert len(mine) == len(right)
        assert all(np.array_equal(m, r) for m, r in zip(mine, right))


def test_every_bug_has_a_rule_and_only_those():
    assert set(RULES) == set(BUGS)
    assert all(set(kw) <= {"output_rule", "hidden_rule"} for kw in RULES.values())
