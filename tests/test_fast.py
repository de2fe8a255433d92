"""engine/fast.py: each speed trick gives the plain NumPy result (bit for bit where it claims
to), and what it caches cannot be changed by a caller."""
import numpy as np
import pytest

from engine import fast


def test_dot_is_the_matrix_product():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(10, 8)), rng.normal(size=(8, 3))
    assert np.array_equal(fast.dot(a, b), np.dot(a, b))
    out = np.full((10, 3), np.nan)
    assert fast.dot(a, b, out=out) is out and np.array_equal(out, np.dot(a, b))


@pytest.mark.parametrize("n", [1, 4, 10, 33])
def test_sum_rows_sums_over_samples(n):
    rng = np.random.default_rng(n)
    delta = rng.normal(size=(n, 5))
    by_loop = [sum(delta[i, j] for i in range(n)) for j in range(5)]
    np.testing.assert_allclose(fast.sum_rows(delta), by_loop, rtol=1e-13, atol=1e-15)
    out = np.full(5, np.nan)
    assert fast.sum_rows(delta, out=out) is out
    assert float(fast.sum_rows(delta[:, 0])) == pytest.approx(sum(delta[:, 0]), rel=1e-13)


def test_a_sum_of_a_vector_with_inf_or_nan_is_not_finite():
    v = np.arange(6.0)
    assert np.isfinite(fast.sum_rows(v))
    for bad in (np.inf, -np.inf, np.nan):
        w = v.copy()
        w[3] = bad
        assert not np.isfinite(fast.sum_rows(w))


def test_cached_ones_are_read_only_and_the_cache_stays_small():
    ones = fast.ones(7)
    assert ones.tolist() == [1.0] * 7 and fast.ones(7) is ones
    with pytest.raises(ValueError):
        ones[0] = 2.0
    for n in range(100, 100 + 3 * fast._MAX_ONES):
        assert len(fast.ones(n)) == n
    assert len(fast._ONES) <= fast._MAX_ONES


def test_constants_are_read_only_0d_and_change_no_bit():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(10, 8))
    s = fast.constant(1 / 3)
    assert s.ndim == 0 and not s.flags.writeable
    assert np.array_equal(a * s, a * (1 / 3)) and np.array_equal(fast.ONE - a, 1.0 - a)
    assert np.array_equal(a * fast.HALF, a * 0.5)


def test_views_share_the_flat_vector():
    flat = np.arange(11.0)
    w, b = fast.views(flat, [(3, 3), (2,)])
    assert w.shape == (3, 3) and b.tolist() == [9.0, 10.0]
    flat *= 2.0  # the trainer's one product of the whole vector reaches every view
    assert w[2, 2] == 16.0 and b.tolist() == [18.0, 20.0]


# ---- fast.Pass: the trainer's fused pass, bit for bit against the plain one ------------------

from engine import backprop  # noqa: E402
from engine.network import Network  # noqa: E402
from engine.stepper import Stepper  # noqa: E402
from engine.training import Diverged, Trainer  # noqa: E402

HIDDEN = [["tanh", "tanh"], ["sigmoid", "sigmoid"], ["relu", "linear"], ["tanh", "relu"],
          ["sigmoid", "tanh"]]


def random_net(hidden, n_out=1, bias=True, seed=0, scale=1.0):
    net = Network([2, 6, 4, n_out], hidden + ["sigmoid"], "bce", "mean", bias)
    rng = np.random.default_rng(seed)
    net.weights = [rng.normal(0.0, scale, w.shape) for w in net.weights]
    if bias:
        net.biases = [rng.normal(0.0, scale, b.shape) for b in net.biases]
    return net


def plain_sums(net, x, t):
    """The gradient sums of backprop.backward_steps (before the factor s), layer by layer."""
    zs, acts = backprop.forward(net, x)
    steps = backprop.backward_steps(net, zs, acts, t, scaled=False)
    sums = {l: (gw, gb) for l, _, gw, gb in steps}
    return [sums[l][0] for l in range(len(zs))], [sums[l][1] for l in range(len(zs))]


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("n_out", [1, 3])
@pytest.mark.parametrize("scale", [1.0, 60.0])  # 60: |z| in the hundreds, the exact tails
def test_the_fused_pass_gives_the_plain_sums_bit_for_bit(hidden, bias, n_out, scale):
    net = random_net(hidden, n_out, bias, seed=len(hidden[0]) + n_out, scale=scale)
    assert fast.fusable(net)
    rng = np.random.default_rng(3)
    x, t = rng.normal(size=(7, 2)), rng.random(size=(7, n_out))
    t[0] = 1.0  # targets at 0, 1 and in between
    t[1] = 0.0
    grads_w = [np.full(w.shape, np.nan) for w in net.weights]
    grads_b = [np.full(b.shape, np.nan) for b in net.biases] if bias else None
    pass_ = fast.Pass(net, 7, grads_w, grads_b)
    want_w, want_b = plain_sums(net, x, t)
    for one_minus_t in (None, 1.0 - t):
        for _ in range(2):  # the buffers hold nothing over from one call to the next
            pass_(x, t, one_minus_t)
            for l in range(3):
                assert grads_w[l].tobytes() == want_w[l].tobytes(), f"grad_w[{l}]"
                if bias:
                    assert grads_b[l].tobytes() == want_b[l].tobytes(), f"grad_b[{l}]"


def test_the_fused_pass_reads_the_weights_of_the_moment():
    net = random_net(["tanh", "tanh"])
    x, t = np.ones((3, 2)), np.ones((3, 1))
    grads_w, grads_b = [np.empty_like(w) for w in net.weights], [np.empty_like(b) for b in net.biases]
    pass_ = fast.Pass(net, 3, grads_w, grads_b)
    net.weights[1][...] *= 2.0  # in place, as the trainer's update writes them
    net.biases[0][...] += 1.0
    pass_(x, t)
    want_w, want_b = plain_sums(net, x, t)
    assert all(np.array_equal(g, w) for g, w in zip(grads_w + grads_b, want_w + want_b))


def test_what_the_fused_pass_does_not_cover_takes_the_plain_pass():
    covered = random_net(["tanh", "tanh"])
    assert fast.fusable(covered)
    for change in (dict(loss="mse"), dict(features=("x1", "x2")), dict(activations=["tanh"] * 3)):
        net = random_net(["tanh", "tanh"])
        for name, value in change.items():
            setattr(net, name, value)
        assert not fast.fusable(net), change


def trainers(net, x, t, **kw):
    """Two trainers on the same start: one may take fast.Pass, the other never does."""
    fused, plain = Trainer(net, x, t, **kw), Trainer(net, x, t, **kw)
    plain._sums_for = lambda k: plain._plain_sums
    return fused, plain


def assert_same_state(a, b, what):
    assert a.flat.tobytes() == b.flat.tobytes(), what
    assert (a.epoch, a.position, a.steps) == (b.epoch, b.position, b.steps), what
    assert np.array_equal(a.order, b.order), what


@pytest.mark.parametrize("batch_size", [0, 1, 4, 10])  # 10: a smaller last batch of 3
@pytest.mark.parametrize("kw", [dict(), dict(optimizer="momentum"), dict(reg=("l2", 0.01))])
@pytest.mark.parametrize("hidden", [["tanh", "tanh"], ["sigmoid", "relu"]])
def test_fused_epochs_give_the_plain_trainer_bit_for_bit(batch_size, kw, hidden):
    net = random_net(hidden, seed=4)
    if "reg" in kw:
        net.regularization, net.reg_rate = kw.pop("reg")
    rng = np.random.default_rng(5)
    x, t = rng.normal(size=(23, 2)), rng.integers(0, 2, size=(23, 1)).astype(float)
    fused, plain = trainers(net, x, t, eta=0.3, batch_size=batch_size, seed=1, **kw)
    fused.train_batch(with_loss=False)  # into the middle of an epoch first
    plain.train_batch(with_loss=False)
    for i in range(3):
        fused.train_epochs(2)
        plain.train_epochs(2)
        assert_same_state(fused, plain, f"round {i}")
    assert fused._passes, "the fused pass was not taken"


@pytest.mark.parametrize("batch_size", [0, 4])
@pytest.mark.parametrize("kw", [dict(), dict(reg=("l1", 0.01)), dict(reduction="sum")])
@pytest.mark.parametrize("scale", [1.0, 60.0])  # 60: |z| in the hundreds, the exact tails
def test_a_batch_loss_from_the_fused_pass_is_the_plain_one_bit_for_bit(batch_size, kw, scale):
    net = random_net(["tanh", "sigmoid"], seed=10, scale=scale)
    if "reg" in kw:
        net.regularization, net.reg_rate = kw.pop("reg")
    net.reduction = kw.pop("reduction", net.reduction)
    rng = np.random.default_rng(11)
    x, t = rng.normal(size=(10, 2)), rng.integers(0, 2, size=(10, 1)).astype(float)
    fused, plain = trainers(net, x, t, eta=0.3, batch_size=batch_size, seed=1)
    for i in range(7):  # through a smaller last batch, and the loss is not stale
        losses = [trainer.train_batch(with_loss=True) for trainer in (fused, plain)]
        assert np.float64(losses[0]).tobytes() == np.float64(losses[1]).tobytes(), f"batch {i}"
        assert_same_state(fused, plain, f"batch {i}")
    assert fused._passes and not plain._passes, "the fused pass was not taken"


def test_fused_epochs_give_the_stepper_bit_for_bit():
    net = random_net(["tanh", "tanh"], seed=6)
    rng = np.random.default_rng(7)
    x, t = rng.normal(size=(20, 2)), rng.integers(0, 2, size=(20, 1)).astype(float)
    fused = Trainer(net, x, t, eta=0.5, batch_size=5, seed=2)
    stepper = Stepper(Trainer(net, x, t, eta=0.5, batch_size=5, seed=2))
    fused.train_epochs(3)
    while stepper.trainer.epoch < 3:
        stepper.step()
    assert fused.flat.tobytes() == stepper.trainer.flat.tobytes()
    assert fused._passes


def test_a_diverging_fused_epoch_stops_where_the_plain_one_does():
    net = random_net(["linear", "linear"], seed=8)  # linear layers let the steps grow
    rng = np.random.default_rng(9)
    x, t = rng.normal(size=(30, 2)) * 10, rng.integers(0, 2, size=(30, 1)).astype(float)
    fused, plain = trainers(net, x, t, eta=100.0, batch_size=4, seed=3)
    errors = []
    for trainer in (fused, plain):
        with pytest.raises(Diverged) as caught:
            trainer.train_epochs(5)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert_same_state(fused, plain, "after the diverged step")
    assert fused.steps > 0 and fused.position > 0  # it stopped in the middle of an epoch
    assert np.isfinite(fused.flat).all() and fused._passes
