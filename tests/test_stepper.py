"""The phase stepper: the order of phases, what each snapshot holds, read-only snapshots, and
bit-for-bit agreement with the fast trainer.

The network is [2, 3, 3, 1] with biases (L = 3 weight layers, 0-based indices 0..2): an
iteration is forward, output_delta at layer 2, hidden_delta at 1 then 0, update.
"""
import dataclasses

import numpy as np
import pytest

from engine import backprop, gradcheck, stepper
from engine.network import Network
from engine.stepper import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE, Stepper
from engine.training import Diverged, Trainer

ETA = 0.5
PHASES = [(FORWARD, None), (OUTPUT_DELTA, 2), (HIDDEN_DELTA, 1), (HIDDEN_DELTA, 0), (UPDATE, None)]
DONE = [set(), {2}, {1, 2}, {0, 1, 2}, {0, 1, 2}]  # layers whose delta and gradients exist


def data(n=5):
    rng = np.random.default_rng(3)
    return rng.normal(size=(n, 2)), rng.integers(0, 2, size=(n, 1)).astype(float)


def make_net(hidden="sigmoid", output="sigmoid", loss="bce"):
    net = Network.create([2, 3, 3, 1], hidden, output, loss, "mean", True, seed=8)
    net.biases = [np.random.default_rng(l).normal(0.0, 0.5, size=b.shape) for l, b in enumerate(net.biases)]
    return net


def copies(arrays):
    return [np.array(a, copy=True) for a in arrays]


def assert_same(mine, reference, what):
    for l, (p, q) in enumerate(zip(mine, reference)):
        assert np.array_equal(p, q), f"{what}[{l}]: mine\n{p}\nvs reference\n{q}"


def assert_computed(snap, done):
    """Layers in ``done`` hold arrays; every other layer holds None, never zeros."""
    for l in range(3):
        for name in ("delta", "grad_w", "grad_b"):
            value = getattr(snap, name)[l]
            if l in done:
                assert isinstance(value, np.ndarray), f"{snap.phase}: {name}[{l}] should be computed"
            else:
                assert value is None, f"{snap.phase}: {name}[{l}] should be None, got {value}"


def test_each_phase_in_turn():
    x, t = data()
    trainer = Trainer(make_net(), x, t, eta=ETA)
    w0, b0 = copies(trainer.net.weights), copies(trainer.net.biases)
    s = Stepper(trainer)
    snap = s.snapshot
    assert (snap.phase, snap.layer, snap.next_phase, snap.next_layer) == (None, None, FORWARD, None)
    assert snap.z == (None,) * 3 and snap.a[1:] == (None,) * 3 and snap.loss is None
    assert np.array_equal(snap.a[0], x)
    assert_computed(snap, set())
    for k, ((phase, layer), done) in enumerate(zip(PHASES, DONE)):
        snap = s.step()
        assert (snap.phase, snap.layer) == (phase, layer), f"step {k + 1}"
        assert (snap.next_phase, snap.next_layer) == (PHASES + PHASES[:1])[k + 1]
        assert all(isinstance(v, np.ndarray) for v in snap.z + snap.a)
        assert_computed(snap, done)
        if phase != UPDATE:
            assert_same(snap.weights, w0, f"{phase}: weights")
            assert_same(trainer.net.weights, w0, f"{phase}: network weights")
            assert snap.old_weights is None and trainer.steps == 0
    # The update: W <- W - eta dL/dW, exactly (plain gradient descent).
    assert_same(snap.old_weights, w0, "old_weights")
    assert_same(snap.old_biases, b0, "old_biases")
    assert_same(snap.weights, [w - ETA * g for w, g in zip(w0, snap.grad_w)], "updated weights")
    assert_same(snap.biases, [b - ETA * g for b, g in zip(b0, snap.grad_b)], "updated biases")
    assert_same(trainer.net.weights, snap.weights, "network after update")
    assert trainer.steps == 1


def test_snapshot_values_are_the_backprop_values():
    x, t = data()
    net = make_net()
    s = Stepper(Trainer(net, x, t, eta=ETA))
    snaps = [s.step() for _ in PHASES]
    zs, acts = backprop.forward(net, x)
    assert snaps[0].loss == backprop.loss(net, zs[-1], acts[-1], t)
    np.testing.assert_allclose(snaps[1].delta[2], acts[-1] - t, rtol=1e-12, err_msg="delta^L = a - t")
    reference = gradcheck.numerical_gradients(net, x, t)
    mine = list(snaps[3].grad_w) + list(snaps[3].grad_b)
    for l, (g, r) in enumerate(zip(mine, reference)):
        np.testing.assert_allclose(g, r, rtol=1e-6, atol=1e-9, err_msg=f"parameter {l}: stepper vs differences")


def test_a_new_iteration_starts_with_nothing_computed():
    x, t = data()
    s = Stepper(Trainer(make_net(), x, t, eta=ETA))
    s.finish_iteration()
    snap = s.step()
    assert snap.phase == FORWARD and snap.old_weights is None
    assert_computed(snap, set())


def test_snapshots_are_read_only_and_do_not_change_later():
    x, t = data()
    s = Stepper(Trainer(make_net(), x, t, eta=ETA))
    first = s.step()
    held = copies(first.weights)
    last = s.finish_iteration()
    arrays = [last.x, last.t, last.samples, *last.z, *last.a, *last.delta, *last.grad_w,
              *last.grad_b, *last.weights, *last.biases, *last.old_weights, *last.old_biases]
    for i, arr in enumerate(arrays):
        with pytest.raises(ValueError):
            arr[...] = 0.0
        assert not arr.flags.writeable, f"array {i}"
    with pytest.raises(dataclasses.FrozenInstanceError):
        last.phase = FORWARD
    assert_same(first.weights, held, "a snapshot taken before the update")
    assert not np.array_equal(first.weights[0], last.weights[0])


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("batch_size", [0, 2, 1])
def test_phases_give_the_trainer_numbers_bit_for_bit(batch_size, optimizer):
    x, t = data()
    eta = 0.05 if optimizer == "adam" else ETA
    fast = Trainer(make_net(), x, t, eta=eta, batch_size=batch_size, optimizer=optimizer, seed=2)
    slow = Trainer(make_net(), x, t, eta=eta, batch_size=batch_size, optimizer=optimizer, seed=2)
    s = Stepper(slow)
    for i in range(7):
        loss = fast.train_batch()
        snaps = [s.step() for _ in PHASES]
        assert [sn.phase for sn in snaps] == [p for p, _ in PHASES]
        assert snaps[-1].loss == loss, f"iteration {i}"
        idx = snaps[0].samples.astype(int)  # (their dtype has a test of its own below)
        assert np.array_equal(snaps[0].x, x[idx]), f"iteration {i}: x vs samples"
        assert_same(slow.net.weights, fast.net.weights, f"iteration {i}: weights")
        assert_same(slow.net.biases, fast.net.biases, f"iteration {i}: biases")
        assert (slow.epoch, slow.steps) == (fast.epoch, fast.steps)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_restoring_any_snapshot_replays_the_same_future(optimizer):
    x, t = data()
    s = Stepper(Trainer(make_net(), x, t, eta=0.05, batch_size=2, optimizer=optimizer, seed=4))
    snaps = [s.step() for _ in range(4 * len(PHASES))]  # crosses an epoch boundary (5 samples)
    for k in range(0, len(snaps) - 1, 3):
        s.restore(snaps[k])
        assert s.snapshot is snaps[k]
        for j in range(k + 1, len(snaps)):
            again, first = s.step(), snaps[j]
            where = f"restored at step {k}, step {j}"
            assert (again.phase, again.layer, again.loss) == (first.phase, first.layer, first.loss), where
            assert_same(again.weights, first.weights, f"{where}: weights")
            assert_same([d for d in again.delta if d is not None],
                        [d for d in first.delta if d is not None], f"{where}: delta")


def test_snapshot_samples_are_integer_indices_into_the_training_set():
    x, t = data()
    snap = Stepper(Trainer(make_net(), x, t, eta=ETA, batch_size=2, seed=1)).step()
    assert snap.samples.dtype.kind in "iu", f"samples {snap.samples} have dtype {snap.samples.dtype}"
    assert np.array_equal(snap.x, x[snap.samples]) and np.array_equal(snap.t, t[snap.samples])


def test_diverged_update_changes_nothing():
    x, t = data(8)
    trainer = Trainer(make_net("linear", "linear", "mse"), x, t * 10.0, eta=1e3)
    s = Stepper(trainer)
    for _ in range(30 * len(PHASES)):
        before, weights, biases = s.snapshot, copies(trainer.net.weights), copies(trainer.net.biases)
        try:
            s.step()
        except Diverged:
            break
    else:
        pytest.fail("eta 1e3 on a linear network should diverge within 30 iterations")
    assert (before.phase, before.layer, before.next_phase) == (HIDDEN_DELTA, 0, UPDATE)
    assert s.snapshot is before
    assert_same(trainer.net.weights, weights, "weights after Diverged")
    assert_same(trainer.net.biases, biases, "biases after Diverged")
    assert trainer.steps == before.steps
    assert s.next() == (UPDATE, None)


def test_phase_titles_name_every_phase():
    assert [stepper.PHASE_TITLES[p] for p, _ in PHASES] == [
        "Forward", "Output delta", "Hidden delta", "Hidden delta", "Update"]


def test_going_back_within_an_iteration_recomputes_the_same_deltas_and_gradients():
    # The delta phases take their steps from one backward pass; a restore to an earlier phase
    # of the same iteration must start a new pass, not go on with the old one.
    x, t = data()
    s = Stepper(Trainer(make_net(), x, t, eta=ETA, batch_size=0))
    snaps = [s.step() for _ in PHASES[:-1]]  # up to the last hidden delta
    for k in (0, 1, 2):
        s.restore(snaps[k])
        for j in range(k + 1, len(snaps)):
            again, first = s.step(), snaps[j]
            assert (again.phase, again.layer) == (first.phase, first.layer)
            l = first.layer
            assert_same([again.delta[l], again.grad_w[l], again.grad_b[l]],
                        [first.delta[l], first.grad_w[l], first.grad_b[l]], f"from {k}, layer {l}")


def test_snapshots_are_built_from_named_fields_only():
    snap = Stepper(Trainer(make_net(), *data(), eta=ETA)).snapshot
    values = [getattr(snap, f.name) for f in dataclasses.fields(snap)]
    with pytest.raises(TypeError):
        stepper.Snapshot(*values)
    again = stepper.Snapshot(**{f.name: v for f, v in zip(dataclasses.fields(snap), values)})
    assert again.title == "Ready" and again.state is snap.state
