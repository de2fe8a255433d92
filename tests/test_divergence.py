"""Where the window goes back to after a divergence (playground/divergence.py), on a real
trainer: the last recorded state if it shows without an overflow, else the start."""
import math

import numpy as np

from engine import datasets
from engine.network import Network
from engine.training import Trainer
from playground.session import divergence

FINITE, OVERFLOW = (0.3, 1.0, None, None), (math.inf, 0.5, None, None)


def trainer():
    data = datasets.builtin("xor")
    net = Network.create([2, 3, 1], "tanh", "sigmoid", "bce", "mean", True, seed=0)
    return Trainer(net, data.x, data.t, eta=0.5)


def test_a_clean_checkpoint_is_restored_exactly():
    t = trainer()
    t.train_epochs(5)
    checkpoint, params = t.state(), t.flat.copy()
    t.train_epochs(7)
    assert not divergence.go_back(t, checkpoint, lambda: FINITE)
    assert t.epoch == 5 and np.array_equal(t.flat, params)


def test_without_a_checkpoint_or_with_a_bad_one_training_starts_again():
    t = trainer()
    start = t.flat.copy()
    t.train_epochs(4)
    assert divergence.go_back(t, None, lambda: FINITE)
    assert t.epoch == 0 and np.array_equal(t.flat, start)
    t.train_epochs(4)
    checkpoint = t.state()
    t.train_epochs(3)
    assert divergence.go_back(t, checkpoint, lambda: OVERFLOW)  # its losses overflow
    assert t.epoch == 0 and np.array_equal(t.flat, start)


def test_a_state_whose_next_batch_overflows_is_not_clean():
    t = trainer()
    assert divergence.clean(t, FINITE)
    t.flat[:] = 1e308  # finite parameters whose z overflow
    assert not divergence.clean(t, FINITE)
    assert not divergence.finite(OVERFLOW) and divergence.finite((0.1, None, None, None))
