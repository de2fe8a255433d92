"""SnapshotHistory: undo and redo return to exact earlier points; memory stays within the stated bound."""
import tracemalloc

import numpy as np
import pytest

from engine import presets
from engine.datasets import builtin
from engine.snapshot_history import SnapshotHistory
from engine.network import Network
from engine.stepper import Stepper
from engine.training import Trainer
from helpers import same, same_snapshot, same_tuple


def xor_stepper():
    p = presets.load("xor")
    return Stepper(Trainer(p.net, p.data.x, p.data.t, eta=p.eta))


def minibatch_stepper():
    """Mini-batches with momentum: the shuffles and the optimizer state must come back too."""
    d = builtin("moons", n=30, seed=3)
    net = Network.create([2, 4, 3, 1], activation="tanh", seed=5)
    return Stepper(Trainer(net, d.x, d.t, eta=0.3, batch_size=7, optimizer="momentum", seed=9))


def record(stepper, history, n):
    """Take ``n`` steps, pushing each; return the snapshots the stepper gave."""
    taken = []
    for _ in range(n):
        taken.append(stepper.step())
        history.push(taken[-1])
    return taken


@pytest.mark.parametrize("make", [xor_stepper, minibatch_stepper])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_undo_restores_the_exact_state(make, seed):
    rng = np.random.default_rng(seed)
    stepper, history = make(), SnapshotHistory()
    start = history.push(stepper.snapshot)
    taken = [start] + record(stepper, history, int(rng.integers(20, 60)))
    back = int(rng.integers(1, len(taken)))
    for _ in range(back):
        snap = history.undo()
    target = taken[-1 - back]
    assert same_snapshot(snap, target)
    stepper.restore(snap)
    net = stepper.trainer.net
    assert all(same(w, v) for w, v in zip(net.weights, target.weights))
    assert same_tuple(net.biases, target.biases)
    # Continuing from the restored point gives the very same snapshots as the first time.
    for original in taken[len(taken) - back:]:
        assert same_snapshot(stepper.step(), original)


@pytest.mark.parametrize("make", [xor_stepper, minibatch_stepper])
def test_redo_replays_identically(make):
    stepper, history = make(), SnapshotHistory()
    history.push(stepper.snapshot)
    taken = record(stepper, history, 45)
    for _ in range(30):
        history.undo()
    replayed = [history.redo() for _ in range(30)]
    assert history.redo() is None
    assert all(same_snapshot(s, r) for s, r in zip(replayed, taken[-30:]))
    stepper.restore(replayed[-1])
    fresh = make()
    for _ in range(45):
        fresh.step()
    for _ in range(10):
        assert same_snapshot(stepper.step(), fresh.step())


def test_push_after_undo_starts_a_new_branch():
    stepper, history = xor_stepper(), SnapshotHistory()
    history.push(stepper.snapshot)
    record(stepper, history, 10)
    for _ in range(4):
        history.undo()
    assert history.can_redo() and history.index == 6
    stepper.restore(history.current)
    stepper.trainer.eta = 0.1
    history.push(stepper.step())
    assert len(history) == 8 and not history.can_redo() and history.redo() is None
    assert history.current.eta == 0.1


def test_ends_and_seek():
    stepper, history = xor_stepper(), SnapshotHistory()
    assert history.undo() is None and history.redo() is None and history.current is None
    history.push(stepper.snapshot)
    taken = record(stepper, history, 5)
    assert same_snapshot(history.at(3), taken[2]) and history.index == 5
    assert same_snapshot(history.seek(1), taken[0]) and history.index == 1
    assert history.undo() is not None and history.undo() is None


def snapshot_bytes(sizes, n, n_train):
    """The docstring's bound for one snapshot, 8 (n (2 n_0 + n_L + 1 + 3 U) + N + 6 P)."""
    units = sum(sizes[1:])
    params = sum(m * k + m for k, m in zip(sizes, sizes[1:]))
    return 8 * (n * (2 * sizes[0] + sizes[-1] + 1 + 3 * units) + n_train + 6 * params)


def serial(snapshot):
    """The push number of an XOR snapshot: four phases an iteration, ``steps`` updates done."""
    phase = {None: 0, "forward": 1, "output_delta": 2, "hidden_delta": 3, "update": 0}
    return 4 * snapshot.steps + phase[snapshot.phase]


# The same run at a tenth of the scale by default; the full size behind -m slow.
@pytest.mark.parametrize("pushes, capacity, recent", [
    (2_000, 100, 50), pytest.param(20_000, 1000, 500, marks=pytest.mark.slow)])
def test_a_long_run_stays_within_the_stated_bound(pushes, capacity, recent):
    stepper, history = xor_stepper(), SnapshotHistory(capacity=capacity, recent=recent)
    stepper.trainer.eta = 0.5
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    history.push(stepper.snapshot)
    for _ in range(pushes):
        history.push(stepper.step())
        assert len(history) <= capacity
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    bound = capacity * snapshot_bytes([2, 2, 1], 4, 4)
    assert bound == capacity * 944  # the example worked out in the docstring
    assert history.nbytes() <= bound
    assert held <= bound + capacity * 3 * 1024  # "Python objects add about 3 KB per snapshot"
    order = [serial(history.at(k)) for k in range(len(history))]
    assert order[0] == 0 and order[-1] == pushes
    assert order[-recent:] == list(range(pushes - recent + 1, pushes + 1))  # the newest all kept
    gaps = np.diff(order)
    assert np.all(gaps[:-1] >= gaps[1:])  # the older, the sparser
    assert gaps.max() >= 16


def test_unchanged_arrays_are_shared_between_snapshots():
    stepper, history = xor_stepper(), SnapshotHistory()
    first = history.push(stepper.step())   # forward
    second = history.push(stepper.step())  # output delta: z and a did not change
    assert all(p is q for p, q in zip(first.z, second.z))
    assert second.x is first.x and second.weights[0] is first.weights[0]
    assert not second.delta[-1].flags.writeable
