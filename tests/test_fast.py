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
