"""engine/scoring.py: the buffered scores have the bits of the plain forward pass and loss
(``backprop.forward`` + ``backprop.loss`` + ``losses.accuracy``), for every kind of network the
app trains, and its buffers follow the network and the data set."""
import numpy as np
import pytest

from engine import backprop, losses
from engine.network import Network, initial_weights
from engine.scoring import Scorer


def plain(net, x, t):
    """The textbook path, written out here rather than through ``training.evaluate``."""
    with np.errstate(all="ignore"):
        zs, acts = backprop.forward(net, x)
        loss = backprop.loss(net, zs[-1], acts[-1], t)
    return loss, losses.accuracy(net.activations[-1], acts[-1], t)


def make(sizes, names, loss="bce", seed=0, **kw):
    w = initial_weights(sizes, names, seed=seed)
    net = Network(sizes, names, loss, weights=w, **kw)
    rng = np.random.default_rng(seed + 1)
    for b in net.biases or []:
        b[:] = rng.normal(size=b.shape)
    return net


def data(n, n_in, n_out, seed, kind):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_in)) * 2
    if kind == "binary":
        t = (rng.random((n, n_out)) > 0.5).astype(float)
    elif kind == "onehot":
        t = np.eye(n_out)[rng.integers(0, n_out, n)]
    else:  # regression, or soft targets in [0, 1]
        t = rng.random((n, n_out))
    return x, t


CASES = [  # (sizes, activations, loss, target kind, network keywords)
    ([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "bce", "binary", {}),
    ([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "bce", "soft", {}),
    ([2, 5, 3], ["sigmoid", "sigmoid"], "bce", "binary", {}),
    ([2, 6, 4, 1], ["relu", "sigmoid", "sigmoid"], "bce", "binary", {"reduction": "sum"}),
    ([2, 6, 3], ["tanh", "softmax"], "ce", "onehot", {}),
    ([2, 6, 4, 3], ["relu", "linear", "softmax"], "ce", "onehot", {"reduction": "sum"}),
    ([2, 7, 1], ["tanh", "linear"], "mse", "soft", {}),
    ([2, 7, 2], ["relu", "sigmoid"], "mse", "binary", {}),
    ([2, 4, 1], ["linear", "tanh"], "mse", "binary", {"bias": False}),
    ([5, 8, 1], ["tanh", "sigmoid"], "bce", "binary",
     {"features": ("x1", "x2", "x1^2", "x1*x2", "sin(x2)")}),
    ([2, 8, 1], ["tanh", "sigmoid"], "bce", "binary", {"regularization": "l1", "reg_rate": 0.01}),
    ([2, 8, 3], ["sigmoid", "softmax"], "ce", "onehot",
     {"regularization": "l2", "reg_rate": 0.03}),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[1]}-{c[2]}-{c[3]}-{sorted(c[4])}")
def test_the_scores_have_the_plain_passes_bits(case):
    sizes, names, loss, kind, kw = case
    net = make(sizes, names, loss, **kw)
    n_in = 2 if net.features else sizes[0]
    scorer, train = Scorer(), data(160, n_in, sizes[-1], 3, kind)
    for seed, sets in ((4, [train]), (5, [train, data(40, n_in, sizes[-1], 4, kind)]),
                       (6, [train, data(40, n_in, sizes[-1], 4, kind)]), (7, [train])):
        for w in net.weights:  # new parameters in place, as training changes them
            w += np.random.default_rng(seed).normal(size=w.shape) * 0.3
        ours = scorer(net, sets)
        theirs = sum((plain(net, x, t) for x, t in sets), ())
        assert len(ours) == 2 * len(sets)
        for mine, plains in zip(ours[::2], theirs[::2]):
            assert np.float64(mine).tobytes() == np.float64(plains).tobytes()
        assert ours[1::2] == theirs[1::2]  # None for soft targets, else the same fractions
        assert (ours[1] is None) == (kind == "soft")


def test_big_logits_keep_their_bits():
    """Saturated units and a loss near 0 and near overflow: the stable forms' branches."""
    net = make([2, 4, 1], ["sigmoid", "sigmoid"], "bce", seed=2)
    net.weights[0] *= 60.0
    net.weights[1] *= 40.0
    x, t = data(50, 2, 1, 9, "binary")
    assert Scorer()(net, [(x, t)]) == plain(net, x, t)


def test_a_scorer_follows_a_new_network_shape_and_a_new_set():
    scorer = Scorer()
    small = make([2, 3, 1], ["tanh", "sigmoid"])
    big = make([2, 9, 9, 1], ["tanh", "tanh", "sigmoid"])
    x, t = data(30, 2, 1, 1, "binary")
    assert scorer(small, [(x, t)]) == plain(small, x, t)
    assert scorer(big, [(x, t)]) == plain(big, x, t)
    x2, t2 = x.copy(), 1.0 - t  # a new set of the same shape: its own targets are used
    assert scorer(big, [(x2, t2)]) == plain(big, x2, t2)
    assert scorer(big, [(x2, t2)]) != plain(big, x, t)
    assert scorer(big, [(x2, t2), (x, t)]) == plain(big, x2, t2) + plain(big, x, t)


def test_lists_float32_and_column_major_data_score_the_same():
    net = make([2, 3, 1], ["tanh", "sigmoid"])
    x, t = data(12, 2, 1, 1, "binary")
    for args in ((x.tolist(), t), (x.astype(np.float32), t), (np.asfortranarray(x), t)):
        with np.errstate(all="ignore"):
            got = Scorer()(net, [args])
            want = plain(net, np.asarray(args[0]), args[1])
        assert got[0] == want[0] or (np.isnan(got[0]) and np.isnan(want[0]))


def test_negative_control_a_small_change_is_seen():
    """The comparisons above can fail: a weight changed by 1e-7 of itself, or one target by
    1e-7, changes the loss."""
    net = make([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"])
    x, t = data(160, 2, 1, 3, "soft")
    before = Scorer()(net, [(x, t)])[0]
    t2 = t.copy()
    t2[7, 0] += 1e-7
    assert Scorer()(net, [(x, t2)])[0] != before
    net.weights[1][2, 3] *= 1 + 1e-7
    assert Scorer()(net, [(x, t)])[0] != before
    assert Scorer()(net, [(x, t)])[0] == plain(net, x, t)[0]
