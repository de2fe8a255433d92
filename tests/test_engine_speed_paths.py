"""The engine's fast paths against plain references: gradient sums, the flat gradient vector,
whole epochs against single batches, the float32 decision maps, the 0-d constants.

References are written here with explicit NumPy (loops over samples, 1 / (1 + exp(-z))), not
taken from the code under test.
"""
import numpy as np
import pytest

from engine import activations, backprop, grid
from engine.network import Network
from engine.stepper import UPDATE, Stepper
from engine.training import Diverged, Trainer

ACTS = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0), "linear": lambda z: z}


def by_hand_forward(net, x):
    """The plain forward pass, layer by layer: a = f(a W^T + b)."""
    a, acts = x, []
    for l, (W, name) in enumerate(zip(net.weights, net.activations)):
        z = a @ W.T + (net.biases[l] if net.biases is not None else 0.0)
        a = ACTS[name](z)
        acts.append(a)
    return acts


def make(sizes, hidden="tanh", output="sigmoid", loss="bce", reduction="mean", bias=True, seed=0):
    net = Network.create(sizes, hidden, output, loss, reduction, bias, seed=seed)
    if bias:
        rng = np.random.default_rng(seed + 100)
        net.biases = [rng.normal(0.0, 0.5, size=b.shape) for b in net.biases]
    return net


def data(n, n_in=2, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.integers(0, 2, size=(n, 1)).astype(float)


# ---- gradient sums and the factor s ---------------------------------------------------------

@pytest.mark.parametrize("bias", [True, False])
def test_gradient_sums_are_the_sums_over_samples(bias):
    rng = np.random.default_rng(4)
    delta, a_prev = rng.normal(size=(7, 3)), rng.normal(size=(7, 5))
    grad_w, grad_b = backprop.gradient_sums(delta, a_prev, bias)
    loop_w = sum(np.outer(delta[i], a_prev[i]) for i in range(7))
    np.testing.assert_allclose(grad_w, loop_w, rtol=1e-13, atol=1e-14)
    if bias:
        np.testing.assert_allclose(grad_b, [sum(delta[i, j] for i in range(7)) for j in range(3)],
                                   rtol=1e-13, atol=1e-14)
    else:
        assert grad_b is None


def test_gradient_sums_write_into_out():
    rng = np.random.default_rng(5)
    delta, a_prev = rng.normal(size=(4, 2)), rng.normal(size=(4, 3))
    out = (np.full((2, 3), np.nan), np.full(2, np.nan))
    grad_w, grad_b = backprop.gradient_sums(delta, a_prev, True, out)
    assert grad_w is out[0] and grad_b is out[1]
    np.testing.assert_allclose(out[0], delta.T @ a_prev, rtol=1e-13)
    np.testing.assert_allclose(out[1], delta.sum(axis=0), rtol=1e-13)


@pytest.mark.parametrize("reduction, s", [("mean", 1 / 6), ("sum", 1.0)])
def test_gradients_are_s_times_the_sums(reduction, s):
    net = make([2, 3, 1], reduction=reduction)
    rng = np.random.default_rng(6)
    delta, a_prev = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    grad_w, grad_b = backprop.gradients(net, delta, a_prev)
    by_hand = s * sum(np.outer(d, a) for d, a in zip(delta, a_prev))
    np.testing.assert_allclose(grad_w, by_hand, rtol=1e-13)
    np.testing.assert_allclose(grad_b, s * delta.sum(axis=0), rtol=1e-13)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("hidden, output, loss", [("tanh", "sigmoid", "bce"),
                                                  ("relu", "linear", "mse"),
                                                  ("sigmoid", "sigmoid", "mse")])
def test_backward_into_a_flat_vector_gives_the_layer_by_layer_numbers_bit_for_bit(
        reduction, bias, hidden, output, loss):
    net = make([2, 4, 3, 1], hidden, output, loss, reduction, bias)
    x, t = data(9)
    zs, acts = backprop.forward(net, x)
    _, ref_w, ref_b = backprop.backward(net, zs, acts, t)
    shapes = [p.shape for p in net.params()]
    flat = np.full(sum(int(np.prod(s)) for s in shapes), np.nan)
    views, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        views.append(flat[start:start + size].reshape(shape))
        start += size
    L = net.n_layers
    out = (views[:L], views[L:] if bias else None)
    for l, _, grad_w, grad_b in backprop.backward_steps(net, zs, acts, t, out, scaled=False):
        assert grad_w is views[l] and (grad_b is views[L + l] if bias else grad_b is None)
    flat *= 1.0 if reduction == "sum" else 1.0 / len(t)
    for l in range(L):
        assert np.array_equal(views[l], ref_w[l]), \
            f"grad_w[{l}]: flat\n{views[l]}\nvs layer by layer\n{ref_w[l]}"
        if bias:
            assert np.array_equal(views[L + l], ref_b[l]), f"grad_b[{l}]"


# ---- whole epochs against single batches and the stepper -------------------------------------

def params_of(trainer):
    return [p.copy() for p in trainer.net.params()]


@pytest.mark.parametrize("batch_size", [0, 1, 4, 10, 11])
@pytest.mark.parametrize("reduction, bias", [("mean", True), ("sum", False)])
def test_train_epochs_matches_train_batch_bit_for_bit(batch_size, reduction, bias):
    x, t = data(23)
    fast, slow = (Trainer(make([2, 5, 4, 1], reduction=reduction, bias=bias), x, t, 0.1, batch_size,
                          seed=7) for _ in range(2))
    fast.train_epochs(4)
    while slow.epoch < 4:
        slow.train_batch(with_loss=False)
    assert (fast.epoch, fast.steps, fast.position) == (slow.epoch, slow.steps, slow.position)
    for l, (p, q) in enumerate(zip(params_of(fast), params_of(slow))):
        assert np.array_equal(p, q), f"parameter array {l}"


def test_train_epochs_from_the_middle_of_an_epoch_finishes_that_epoch_first():
    x, t = data(20)
    fast = Trainer(make([2, 3, 1]), x, t, 0.2, batch_size=6, seed=1)
    slow = Trainer(make([2, 3, 1]), x, t, 0.2, batch_size=6, seed=1)
    for trainer in (fast, slow):
        trainer.train_batch()
        trainer.train_batch()  # position 12 of 20: two batches (6 and 2 samples) remain
    fast.train_epochs(2)
    while slow.epoch < 2:
        slow.train_batch()
    assert (fast.epoch, fast.steps, fast.position) == (2, 2 + 2 + 4, 0)
    assert (slow.epoch, slow.steps) == (fast.epoch, fast.steps)
    for p, q in zip(params_of(fast), params_of(slow)):
        assert np.array_equal(p, q)


def test_the_stepper_and_train_epochs_agree_on_the_benchmark_network():
    x, t = data(40)
    fast = Trainer(make([2, 8, 8, 1]), x, t, eta=0.03, batch_size=10, seed=0)
    slow = Trainer(make([2, 8, 8, 1]), x, t, eta=0.03, batch_size=10, seed=0)
    fast.train_epochs(3)
    stepper = Stepper(slow)
    while slow.epoch < 3:
        assert stepper.finish_iteration().phase == UPDATE
    assert slow.steps == fast.steps == 12
    for p, q in zip(params_of(fast), params_of(slow)):
        assert np.array_equal(p, q)


def test_train_epochs_stops_at_a_divergence_and_changes_nothing():
    x, t = data(8)
    trainer = Trainer(make([2, 3, 1], "linear", "linear", "mse", "sum"), x * 1e100, t, eta=1e200,
                      batch_size=4)
    before = params_of(trainer)
    with pytest.raises(Diverged):
        trainer.train_epochs(3)
    assert trainer.steps == 0 and trainer.epoch == 0
    for p, q in zip(before, params_of(trainer)):
        assert np.array_equal(p, q)


# ---- decision maps -----------------------------------------------------------------------------

@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu"])
def test_float32_maps_are_the_forward_pass_to_float32_precision(hidden):
    net = make([2, 8, 8, 1], hidden)
    extent = (-1.5, 1.5, -2.0, 2.0)
    maps = grid.maps(net, extent, 30)
    xs, ys = np.linspace(-1.5, 1.5, 30), np.linspace(-2.0, 2.0, 30)
    points = np.array([[x, y] for y in ys for x in xs])  # y-major: row i is ys[i]
    reference = by_hand_forward(net, points)
    assert [m.shape for m in maps] == [(8, 30, 30), (8, 30, 30), (1, 30, 30)]
    assert all(m.dtype == np.float32 for m in maps)
    for m, ref in zip(maps, reference):
        np.testing.assert_allclose(m, ref.T.reshape(m.shape), atol=2e-6, rtol=0)


def test_float64_maps_match_the_forward_pass_and_chunks_join_up():
    net = make([2, 300, 1], "tanh")  # wide: many chunks, the last one partial
    n = 37
    maps = grid.maps(net, (0.0, 1.0, -1.0, 0.0), n, dtype=np.float64)
    points = np.array([[x, y] for y in np.linspace(-1.0, 0.0, n) for x in np.linspace(0.0, 1.0, n)])
    for m, ref in zip(maps, by_hand_forward(net, points)):
        assert m.dtype == np.float64
        np.testing.assert_allclose(m, ref.T.reshape(m.shape), rtol=1e-12, atol=1e-13)


def test_maps_of_one_call_are_not_changed_by_the_next():
    net = make([2, 4, 1])
    first = [m.copy() for m in grid.maps(net, (-1, 1, -1, 1), 20)]
    kept = grid.maps(net, (-1, 1, -1, 1), 20)
    net.weights[0] += 1.0
    grid.maps(net, (-1, 1, -1, 1), 20)
    assert all(np.array_equal(a, b) for a, b in zip(first, kept))


def test_maps_need_two_inputs():
    with pytest.raises(ValueError, match="2 inputs"):
        grid.maps(make([3, 2, 1]), (-1, 1, -1, 1), 10)


# ---- activations -------------------------------------------------------------------------------

def test_sigmoid_keeps_float32_and_matches_the_textbook_formula():
    z = np.linspace(-30, 30, 121)
    # Both sides of the sigmoid are exact to a few ulps relatively (tests/test_exact_tails.py).
    np.testing.assert_allclose(activations.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12, atol=1e-16)
    assert activations.sigmoid(z.astype(np.float32)).dtype == np.float32
    assert activations.sigmoid(np.array([-1000.0, 1000.0])).tolist() == [0.0, 1.0]


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_derivatives_match_central_differences(name):
    z = np.linspace(-3, 3, 25)
    f, f_prime = activations.ACTIVATIONS[name]
    h = 1e-6
    central = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(f_prime(z, f(z)), central, rtol=1e-7, atol=1e-9)


def test_forward_takes_a_list_of_rows_as_it_takes_an_array():
    net = make([2, 3, 1])
    x, _ = data(4)
    from_list = backprop.forward(net, x.tolist())[1]
    for a, expected in zip(from_list[1:], by_hand_forward(net, x)):
        np.testing.assert_allclose(a, expected, rtol=1e-12)
