"""Training end to end: XOR is learnt, saturation stays finite, runs are reproducible,
mini-batches cover each epoch, optimizers descend, and the divergence guard changes nothing.
"""
import numpy as np
import pytest

from engine import backprop
from engine.network import Network
from engine.training import Diverged, Trainer, evaluate

X_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
T_XOR = np.array([[0.0], [1.0], [1.0], [0.0]])


def xor_net(seed=0):
    return Network.create([2, 4, 1], "sigmoid", "sigmoid", "bce", "mean", True, seed=seed)


def params_of(trainer):
    return [p.copy() for p in trainer.net.params()]


def assert_same(mine, reference, what):
    assert len(mine) == len(reference), what
    for l, (p, q) in enumerate(zip(mine, reference)):
        assert np.array_equal(p, q), f"{what}, array {l}: mine\n{p}\nvs reference\n{q}"


def test_xor_is_learnt_to_full_accuracy():
    trainer = Trainer(xor_net(seed=0), X_XOR, T_XOR, eta=0.5)
    for _ in range(5000):
        trainer.train_batch()
    loss, accuracy = evaluate(trainer.net, X_XOR, T_XOR)
    assert accuracy == 1.0
    assert loss < 0.05
    assert trainer.epoch == trainer.steps == 5000


@pytest.mark.parametrize("z_out, target", [(60.0, 0.0), (-60.0, 1.0)])
def test_saturated_output_gives_the_exact_loss_and_finite_gradients(z_out, target):
    # Zero output weights and bias z_out: the output pre-activation is exactly z_out.
    net = Network([2, 3, 1], ["sigmoid", "sigmoid"], "bce", "sum", True,
                  [[[0.5, -0.5], [1.0, 2.0], [-1.0, 0.3]], [[0.0, 0.0, 0.0]]],
                  [[0.1, 0.2, 0.3], [z_out]])
    x, t = np.array([[0.4, -0.7]]), np.array([[target]])
    zs, _ = backprop.forward(net, x)
    assert zs[-1][0, 0] == z_out
    loss, grads_w, grads_b = backprop.backprop(net, x, t)
    # -log(1 - sigma(60)) = 60 + log(1 + e^-60): 60 to far better than 1e-9.
    assert loss == pytest.approx(60.0, abs=1e-9)
    for g in grads_w + grads_b:
        assert np.all(np.isfinite(g)), g
    # delta = a - t is -+1 to rounding, so the output bias gradient is about +-1.
    assert grads_b[1][0] == pytest.approx(1.0 if target == 0.0 else -1.0, abs=1e-12)


def run(trainer, steps):
    losses = [trainer.train_batch() for _ in range(steps)]
    return losses, params_of(trainer)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_reset_reproduces_a_run_bit_for_bit(optimizer):
    x = np.random.default_rng(5).normal(size=(7, 2))
    t = (x[:, :1] * x[:, 1:] > 0).astype(float)
    trainer = Trainer(xor_net(seed=3), x, t, eta=0.3, batch_size=3, optimizer=optimizer, seed=9)
    start = params_of(trainer)
    losses, end = run(trainer, 20)
    trainer.reset()
    assert trainer.epoch == 0 and trainer.steps == 0
    assert_same(params_of(trainer), start, "after reset")
    losses_again, end_again = run(trainer, 20)
    assert losses_again == losses
    assert_same(end_again, end, "second run")


def test_same_seed_same_weights_different_seed_different():
    a, b, c = xor_net(seed=1), xor_net(seed=1), xor_net(seed=2)
    assert_same(a.params(), b.params(), "seed 1 twice")
    assert not any(np.array_equal(p, q) for p, q in zip(a.weights, c.weights))


def epoch_batches(trainer):
    """Index arrays of every batch of the current epoch, training through it."""
    epoch, batches = trainer.epoch, []
    while trainer.epoch == epoch:
        idx = trainer.batch_indices().copy()
        x, t = trainer.batch()
        assert np.array_equal(x, trainer.x[idx]) and np.array_equal(t, trainer.t[idx]), \
            f"batch() does not hold the samples {idx} that batch_indices() names"
        batches.append(idx)
        trainer.train_batch()
    return batches


@pytest.mark.parametrize("batch_size", [1, 3, 4, 10, 0])
def test_every_sample_is_visited_exactly_once_per_epoch(batch_size):
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(10, 2)), rng.integers(0, 2, size=(10, 1)).astype(float)
    trainer = Trainer(xor_net(), x, t, eta=0.1, batch_size=batch_size, seed=4)
    orders = []
    for epoch in range(4):
        batches = epoch_batches(trainer)
        size = batch_size if 0 < batch_size < 10 else 10
        assert [len(b) for b in batches] == [size] * (10 // size) + ([10 % size] if 10 % size else [])
        seen = np.concatenate(batches)
        assert sorted(seen.tolist()) == list(range(10)), f"epoch {epoch}: {seen}"
        orders.append(seen.tolist())
        assert trainer.epoch == epoch + 1
    if 0 < batch_size < 10:
        assert len({tuple(o) for o in orders}) > 1, "each epoch should draw a fresh order"


def test_the_trainer_seed_sets_the_shuffles():
    x, t = np.arange(20.0).reshape(10, 2), np.zeros((10, 1))
    orders = [np.concatenate(epoch_batches(Trainer(xor_net(), x, t, batch_size=2, seed=s))).tolist()
              for s in (1, 1, 2)]
    assert orders[0] == orders[1] != orders[2]


@pytest.mark.parametrize("optimizer, eta", [("momentum", 0.1), ("adam", 0.05)])
def test_momentum_and_adam_reduce_the_xor_loss(optimizer, eta):
    trainer = Trainer(xor_net(seed=0), X_XOR, T_XOR, eta=eta, optimizer=optimizer)
    before, _ = evaluate(trainer.net, X_XOR, T_XOR)
    for _ in range(1000):
        trainer.train_batch()
    after, _ = evaluate(trainer.net, X_XOR, T_XOR)
    assert after < 0.5 * before, f"{optimizer}: loss {before:.4f} -> {after:.4f}"


def diverging_trainer():
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))
    net = Network.create([2, 3, 1], "linear", "linear", "mse", "mean", True, seed=1)
    return Trainer(net, x, t, eta=1e3)


def train_until_diverged(trainer, max_steps=20):
    """Returns the step that raised and what the trainer held just before it."""
    for step in range(max_steps):
        before = (params_of(trainer), trainer.steps, trainer.epoch)
        try:
            trainer.train_batch()
        except Diverged:
            return step, before
    pytest.fail(f"eta 1e3 on a linear network should diverge within {max_steps} steps")


def test_divergence_raises_and_changes_nothing():
    trainer = diverging_trainer()
    # Only the guard here: numpy's overflow warnings on the way are the next test's subject.
    with np.errstate(all="ignore"):
        step, (params, steps, epoch) = train_until_diverged(trainer)
    assert step >= 1, "the first steps are finite; the guard should not fire at once"
    assert_same(params_of(trainer), params, "parameters after Diverged")
    assert all(np.all(np.isfinite(p)) for p in trainer.net.params())
    assert (trainer.steps, trainer.epoch) == (steps, epoch)


def test_divergence_is_reported_as_diverged_under_the_default_warning_settings():
    # pytest turns warnings into errors here (pyproject.toml), so an overflow warning raised on
    # the way to the guard would replace Diverged; the guard is the engine's report.
    trainer = diverging_trainer()
    step, (params, _, _) = train_until_diverged(trainer)
    assert_same(params_of(trainer), params, "parameters after Diverged")


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_state_and_restore_return_to_the_same_future(optimizer):
    rng = np.random.default_rng(1)
    x, t = rng.normal(size=(7, 2)), rng.integers(0, 2, size=(7, 1)).astype(float)
    trainer = Trainer(xor_net(seed=2), x, t, eta=0.2, batch_size=3, optimizer=optimizer, seed=6)
    run(trainer, 5)
    saved = trainer.state()
    at_save = (trainer.epoch, trainer.steps, trainer.batch_indices().tolist())
    future = run(trainer, 9)  # crosses epoch boundaries, so the shuffles must be restored too
    trainer.restore(saved)
    assert (trainer.epoch, trainer.steps, trainer.batch_indices().tolist()) == at_save
    x_batch, _ = trainer.batch()
    assert np.array_equal(x_batch, x[at_save[2]])
    losses, end = run(trainer, 9)
    assert losses == future[0]
    assert_same(end, future[1], "after restore")


@pytest.mark.parametrize("batch_size", [0, 3])
def test_fast_epochs_give_the_same_numbers_as_single_batches(batch_size):
    rng = np.random.default_rng(2)
    x, t = rng.normal(size=(7, 2)), rng.integers(0, 2, size=(7, 1)).astype(float)
    fast = Trainer(xor_net(seed=1), x, t, eta=0.3, batch_size=batch_size, seed=3)
    slow = Trainer(xor_net(seed=1), x, t, eta=0.3, batch_size=batch_size, seed=3)
    fast.train_epochs(6)
    while slow.epoch < 6:
        slow.train_batch()
    assert (fast.epoch, fast.steps) == (slow.epoch, slow.steps)
    assert_same(params_of(fast), params_of(slow), "train_epochs vs train_batch")


@pytest.mark.parametrize("batch_size", [0, 5])
def test_buffered_steps_give_the_bits_of_the_plain_formulas(batch_size):
    """The trainer writes its step into buffers; the seeds' formulas, each a new array
    (``backprop.backprop`` then ``W - eta dL/dW``), must give the very same bits."""
    rng = np.random.default_rng(4)
    x, t = rng.normal(size=(23, 2)), rng.integers(0, 2, size=(23, 1)).astype(float)
    net = Network.create([2, 6, 5, 1], "tanh", "sigmoid", "bce", "mean", True, seed=2)
    trainer, plain = Trainer(net, x, t, eta=0.2, batch_size=batch_size, seed=1), net.copy()
    for _ in range(12):
        xb, tb = trainer.batch()
        loss, grads_w, grads_b = backprop.backprop(plain, xb, tb)
        plain.weights = backprop.update(plain.weights, grads_w, 0.2)
        plain.biases = backprop.update(plain.biases, grads_b, 0.2)
        assert trainer.train_batch() == loss
    assert_same(params_of(trainer), plain.params(), "buffered trainer vs plain formulas")
    assert not np.array_equal(trainer.flat, trainer.state().params * 0), "it did train"


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_step_allocates_no_parameter_sized_array(optimizer):
    import tracemalloc
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(40, 2)), rng.integers(0, 2, size=(40, 1)).astype(float)
    net = Network.create([2, 256, 256, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)
    trainer = Trainer(net, x, t, eta=0.01, batch_size=10, optimizer=optimizer, seed=0)
    trainer.train_batch(with_loss=False)  # the optimizer's state exists from here on
    size = trainer.flat.nbytes
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        trainer.train_batch(with_loss=False)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    # SGD keeps no state: nothing parameter-sized at all. Momentum and Adam make their new
    # state (kept for undo) and the temporaries of their formulas, never the step or the sum.
    allowed = {"sgd": 0.5, "momentum": 2.5, "adam": 6.5}[optimizer]
    assert peak < allowed * size, f"{peak} bytes at the peak of a step, parameters {size}"
