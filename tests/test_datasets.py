"""Datasets: the classic XOR, the generators, splitting and CSV files."""
import os

import numpy as np
import pytest

from engine import datasets
from engine.datasets import DataError, Dataset, builtin, load, load_csv, save_csv, split

GENERATORS = ["xor-cloud", "circle", "gaussians", "spiral", "moons", "linear"]
ALL = GENERATORS + ["sine"]


def test_xor_is_the_classic_four_points():
    d = datasets.xor()
    assert d.x.tolist() == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    assert d.t.tolist() == [[0.0], [1.0], [1.0], [0.0]]
    assert d.x.dtype == np.float64 and d.t.dtype == np.float64
    assert d.kind == "classification" and d.name == "xor"


def test_builtin_xor_ignores_generator_arguments():
    d = builtin("xor", n=50, noise=0.5, seed=9)
    assert d.x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert d.t.ravel().tolist() == [0, 1, 1, 0]


def test_registry_names_and_descriptions():
    assert set(datasets.BUILTIN) == {"xor", "xor-cloud", "circle", "gaussians", "spiral",
                                     "moons", "linear", "sine", "plane", "multi-gaussian",
                                     "spiral3", "blobs3", "blobs4"}
    for entry in datasets.BUILTIN.values():
        assert isinstance(entry.description, str) and entry.description
        assert "\n" not in entry.description


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError) as info:
        builtin("spirals")
    for name in ("xor", "circle", "moons", "sine"):
        assert name in str(info.value)


@pytest.mark.parametrize("name", ALL)
def test_shapes_and_range(name):
    d = builtin(name, n=150)
    assert d.x.shape == (150, 2) and d.t.shape == (150, 1)
    assert d.x.dtype == np.float64 and d.t.dtype == np.float64
    assert np.all(np.abs(d.x) < 1.6)  # roughly the unit square, noise included
    assert np.mean(np.abs(d.x) <= 1.0) > 0.9


@pytest.mark.parametrize("name", ALL)
def test_same_seed_same_points_other_seed_other_points(name):
    a, b, c = builtin(name, seed=3), builtin(name, seed=3), builtin(name, seed=4)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.t, b.t)
    assert not np.array_equal(a.x, c.x)


@pytest.mark.parametrize("name", GENERATORS)
def test_two_balanced_classes(name):
    d = builtin(name, n=201)
    assert d.kind == "classification"
    assert set(np.unique(d.t)) == {0.0, 1.0}
    assert 90 <= np.sum(d.t == 1) <= 111


def test_sine_is_regression_in_unit_interval():
    d = builtin("sine", n=300)
    assert d.kind == "regression"
    assert np.all((d.t >= 0) & (d.t <= 1))
    assert len(np.unique(d.t)) > 100
    clean = builtin("sine", n=300, noise=0.0)
    # Without noise the target depends on x alone: equal inputs would give equal targets,
    # and the target follows sin(pi x1) + sin(pi x2) monotonically.
    s = np.sin(np.pi * clean.x).sum(axis=1)
    order = np.argsort(s)
    assert np.all(np.diff(clean.t[order, 0]) >= 0)


def test_noise_free_circle_is_separable_by_radius():
    d = builtin("circle", n=400, noise=0.0)
    r = np.hypot(d.x[:, 0], d.x[:, 1])
    inner, outer = r[d.t[:, 0] == 1], r[d.t[:, 0] == 0]
    assert inner.max() < outer.min()
    assert outer.max() <= 1.0 + 1e-12


def test_noise_free_xor_cloud_label_is_sign_disagreement():
    d = builtin("xor-cloud", n=300, noise=0.0)
    assert np.array_equal(d.t[:, 0] == 1, d.x[:, 0] * d.x[:, 1] < 0)


def test_noise_free_linear_is_separable_by_a_line():
    d = builtin("linear", n=300, noise=0.0)
    assert np.array_equal(d.t[:, 0] == 1, d.x.sum(axis=1) > 0)


def same_arm_fraction(d):
    """How often a point's nearest neighbour has its class, away from the centre where the arms meet."""
    far = np.hypot(*d.x.T) > 0.3
    x, t = d.x[far], d.t[far, 0]
    dist = np.linalg.norm(x[:, None] - x[None], axis=2)
    np.fill_diagonal(dist, np.inf)
    return np.mean(t[dist.argmin(axis=1)] == t)


def test_spiral_arms_do_not_overlap_without_noise():
    d = builtin("spiral", n=400, noise=0.0)
    assert same_arm_fraction(d) > 0.95
    assert set(np.unique(d.t)) == {0.0, 1.0}


def test_spiral_arms_stay_apart_at_the_default_noise():
    # Mostly on the same arm: a spiral that can be learnt (without the noise scale, 0.81).
    assert same_arm_fraction(builtin("spiral", n=400, noise=0.1)) > 0.85


def test_noise_moves_points():
    clean, noisy = builtin("moons", noise=0.0), builtin("moons", noise=0.2)
    assert np.array_equal(clean.t, noisy.t)
    assert 0.1 < np.std(noisy.x - clean.x) < 0.3


@pytest.mark.parametrize("bad", [dict(n=1), dict(n=2.5), dict(noise=-0.1), dict(noise=np.nan)])
def test_bad_generator_arguments(bad):
    with pytest.raises(ValueError):
        builtin("circle", **bad)


def test_dataset_is_read_only_and_validated():
    d = builtin("circle")
    with pytest.raises(ValueError):
        d.x[0, 0] = 5.0
    with pytest.raises(AttributeError):
        d.name = "other"
    with pytest.raises(ValueError):
        Dataset("bad", np.zeros((3, 2)), np.zeros((4, 1)))
    with pytest.raises(ValueError):
        Dataset("bad", [[0.0, np.inf]], [[1.0]])
    with pytest.raises(ValueError):
        Dataset("bad", [[0.0, 1.0]], [[1.0]], kind="clustering")


def test_split_is_deterministic_disjoint_and_complete():
    d = builtin("moons", n=100)
    train, test = split(d, 0.25, seed=5)
    again_train, again_test = split(d, 0.25, seed=5)
    assert np.array_equal(train.x, again_train.x) and np.array_equal(test.x, again_test.x)
    assert len(train) == 75 and len(test) == 25
    rows = [tuple(r) for r in np.hstack([d.x, d.t])]
    train_rows = [tuple(r) for r in np.hstack([train.x, train.t])]
    test_rows = [tuple(r) for r in np.hstack([test.x, test.t])]
    assert not set(train_rows) & set(test_rows)
    assert sorted(train_rows + test_rows) == sorted(rows)
    other_train, _ = split(d, 0.25, seed=6)
    assert not np.array_equal(train.x, other_train.x)
    assert train.kind == test.kind == "classification"


def test_split_rejects_a_bad_fraction():
    with pytest.raises(ValueError):
        split(datasets.xor(), 1.5, seed=0)


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_csv_with_and_without_header(tmp_path):
    body = "0,0,0\n0,1,1\n1,0,1\n1,1,0\n"
    plain = load_csv(write(tmp_path, body, "a.csv"), 2, 1)
    headed = load_csv(write(tmp_path, "x1,x2,target\n" + body + "\n\n", "b.csv"), 2, 1)
    for d in (plain, headed):
        assert d.x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
        assert d.t.ravel().tolist() == [0, 1, 1, 0]
        assert d.kind == "classification"


def test_csv_regression_and_spaces(tmp_path):
    d = load_csv(write(tmp_path, " 0.5 , -1e-3, 0.25\n2,3,1\n"), 2, 1)
    assert d.x.tolist() == [[0.5, -0.001], [2.0, 3.0]]
    assert d.t.ravel().tolist() == [0.25, 1.0]
    assert d.kind == "regression"


def test_csv_columns_follow_the_counts(tmp_path):
    d = load_csv(write(tmp_path, "1,2,3,4,5\n6,7,8,9,10\n"), 3, 2)
    assert d.x.tolist() == [[1, 2, 3], [6, 7, 8]]
    assert d.t.tolist() == [[4, 5], [9, 10]]


@pytest.mark.parametrize("name", ALL)
def test_csv_round_trip_is_exact(tmp_path, name):
    d = builtin(name, n=60, seed=11)
    path = tmp_path / f"{name}.csv"
    save_csv(path, d)
    assert path.read_text().splitlines()[0] == "x1,x2,t1"
    back = load_csv(path, 2, 1)
    assert back.x.tobytes() == d.x.tobytes() and back.t.tobytes() == d.t.tobytes()
    assert back.kind == d.kind


CSV_ERRORS = {
    "wrong column count": ("x1,x2,t\n0,0,0\n0,1\n1,1,0\n", ["line 3", "expected 3 columns",
                                                            "found 2"]),
    "a word": ("0,0,0\n0,one,1\n", ["line 2", "'one'", "not a number"]),
    "nan": ("0,0,0\n1,1,0\n0,1,nan\n", ["line 3", "not a finite number"]),
    "inf": ("0,0,0\n-inf,1,0\n", ["line 2", "not a finite number"]),
    "empty field": ("0,0,0\n0,,1\n", ["line 2", "not a number"]),
    "empty file": ("", ["no data rows"]),
    "header only": ("x1,x2,t\n\n", ["no data rows"]),
    "second header": ("x1,x2,t\nx1,x2,t\n0,0,0\n", ["line 2", "not a number"]),
}


@pytest.mark.parametrize("case", CSV_ERRORS)
def test_csv_errors_name_file_and_line(tmp_path, case):
    text, parts = CSV_ERRORS[case]
    path = write(tmp_path, text, "broken.csv")
    with pytest.raises(DataError) as info:
        load_csv(path, 2, 1)
    message = str(info.value)
    assert "broken.csv" in message
    for part in parts:
        assert part in message


def test_csv_missing_file(tmp_path):
    with pytest.raises(DataError, match="absent.csv"):
        load_csv(tmp_path / "absent.csv", 2, 1)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


def test_load_prefers_builtin_names_then_files(tmp_path):
    assert load("xor").x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert np.array_equal(load("spiral", seed=2, n=40).x, builtin("spiral", n=40, seed=2).x)
    path = write(tmp_path, "1,2,0\n")
    assert load(str(path)).x.tolist() == [[1, 2]]


def test_load_unknown_name_mentions_builtins(tmp_path):
    with pytest.raises(DataError) as info:
        load(os.path.join(str(tmp_path), "nothing-here"))
    assert "nothing-here" in str(info.value) and "spiral" in str(info.value)


def test_load_builtin_with_wrong_widths():
    with pytest.raises(DataError, match="xor"):
        load("xor", n_inputs=3)
