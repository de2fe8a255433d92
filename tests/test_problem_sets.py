"""The k-class sets (one-hot targets) and the regression sets beyond sine, and what they teach:
a softmax net learns the three-arm spiral, a linear output fits the plane (the command line)."""
import json

import numpy as np
import pytest

from engine import datasets
from helpers import run

K_CLASSES = {"spiral3": 3, "blobs3": 3, "blobs4": 4}
REGRESSION = ["sine", "plane", "multi-gaussian"]


@pytest.mark.parametrize("name, k", K_CLASSES.items())
def test_k_class_sets_have_balanced_one_hot_targets(name, k):
    d = datasets.builtin(name, n=201, seed=4)
    assert d.kind == "classification" and d.n_inputs == 2 and d.n_targets == k
    assert set(np.unique(d.t)) == {0.0, 1.0} and np.all(d.t.sum(axis=1) == 1.0)
    counts = d.t.sum(axis=0)
    assert counts.max() - counts.min() <= 1 and counts.sum() == 201
    assert np.abs(d.x).max() < 1.6
    again, other = datasets.builtin(name, n=201, seed=4), datasets.builtin(name, n=201, seed=5)
    assert np.array_equal(again.x, d.x) and not np.array_equal(other.x, d.x)


def test_noise_free_spiral3_arms_are_apart():
    d = datasets.builtin("spiral3", n=300, noise=0.0)
    outer = np.linalg.norm(d.x, axis=1) > 0.2  # the arms meet at the centre
    x, labels = d.x[outer], d.t[outer].argmax(axis=1)
    gaps = np.linalg.norm(x[:, None] - x[None], axis=2)
    other = labels[:, None] != labels[None]
    assert gaps[other].min() > 0.05  # no point of one arm lies on another arm


def test_noise_free_blobs_are_nearest_to_their_own_centre():
    d = datasets.builtin("blobs4", n=400, noise=0.0)
    labels = d.t.argmax(axis=1)
    centres = np.array([d.x[labels == c].mean(axis=0) for c in range(4)])
    nearest = np.linalg.norm(d.x[:, None] - centres[None], axis=2).argmin(axis=1)
    assert np.mean(nearest == labels) > 0.9


def test_plane_without_noise_is_the_plane():
    d = datasets.builtin("plane", n=100, noise=0.0)
    assert d.kind == "regression"
    assert np.allclose(d.t[:, 0], 0.5 + 0.25 * (d.x[:, 0] + d.x[:, 1]), rtol=0, atol=1e-15)


def test_multi_gaussian_has_bumps_up_and_down():
    d = datasets.builtin("multi-gaussian", n=2000, noise=0.0)
    assert d.kind == "regression"
    near = lambda cx, cy: np.linalg.norm(d.x - [cx, cy], axis=1) < 0.1  # noqa: E731
    assert d.t[near(-0.8, 0.5), 0].min() > 0.8      # an upward bump
    assert d.t[near(0.0, 0.5), 0].max() < 0.2       # a downward one beside it


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_targets_are_one_column_in_the_unit_interval(name):
    d = datasets.builtin(name, n=300, noise=0.3, seed=1)
    assert d.kind == "regression" and d.n_targets == 1
    assert d.t.min() >= 0.0 and d.t.max() <= 1.0 and d.t.std() > 0.05


def test_backprop_datasets_lists_the_new_sets(capsys):
    code, out, _ = run(capsys, "datasets")
    names = [line.split()[0] for line in out.splitlines()]
    assert code == 0
    assert {"spiral3", "blobs3", "blobs4", "plane", "multi-gaussian", "sine"} <= set(names)


def test_a_softmax_net_learns_the_three_arm_spiral(capsys):
    code, out, _ = run(capsys, "train", "--data", "spiral3", "--layers", "2,8,8,8,3",
                       "--activation", "tanh", "--output-activation", "softmax", "--loss", "ce",
                       "--lr", "0.1", "--batch-size", "10", "--epochs", "300", "--json")
    assert code == 0
    assert json.loads(out)["accuracy"] >= 0.9


def test_a_linear_output_fits_the_plane(capsys):
    code, out, _ = run(capsys, "train", "--data", "plane", "--layers", "2,1",
                       "--output-activation", "linear", "--loss", "mse", "--lr", "0.1",
                       "--batch-size", "10", "--epochs", "100", "--json")
    report = json.loads(out)
    assert code == 0 and report["accuracy"] is None
    # Noise of sd 0.1 on the targets leaves 1/2 0.1^2 = 0.005 a sample at best.
    assert report["loss"] < 0.006
