"""The problem type follows the data, on the session side (Run, no Qt): the output layer and
the loss are set up when the dataset changes, the user can still change them, and choosing a
set offers its suggested network and learning rule instead of silently keeping the old one."""
from dataclasses import replace

import numpy as np
import pytest

from engine.datasets import Dataset
from playground.session import problems
from playground.session.run import Run
from playground.session.settings import default_settings


def choose(run, name, **data):
    return run.apply_settings(replace(run.settings, data=replace(run.settings.data, name=name,
                                                                   **data)))


def last(run, kind):
    return [value for k, value in run.take_events() if k == kind][-1]


@pytest.mark.parametrize("name, output, loss, k", [
    ("spiral3", "softmax", "ce", 3), ("blobs4", "softmax", "ce", 4),
    ("sine", "linear", "mse", 1), ("plane", "linear", "mse", 1),
    ("multi-gaussian", "linear", "mse", 1), ("circle", "sigmoid", "bce", 1)])
def test_choosing_a_set_sets_up_its_output_and_loss(name, output, loss, k):
    run = Run()
    assert choose(run, name)
    net = run.trainer.net
    assert (net.activations[-1], net.loss, net.sizes[-1]) == (output, loss, k)
    assert (run.settings.net.output_activation, run.settings.net.loss) == (output, loss)


def test_the_suggested_settings_are_offered_not_forced():
    run = Run()
    run.take_events()
    choose(run, "spiral")
    assert run.trainer.net.sizes == [2, 3, 1]  # nothing taken yet
    message = last(run, "message")
    assert "8-8-8" in message and "0.1" in message and "batch 10" in message
    assert run.use_suggestion()
    s = run.settings
    assert (s.net.hidden, s.net.activations, s.train.eta, s.train.batch_size) == (
        (8, 8, 8), ("tanh",) * 3, 0.1, 10)
    assert run.trainer.net.sizes == [2, 8, 8, 8, 1] and run.suggestion is None
    assert not run.use_suggestion()  # taken once


def test_spiral_with_its_suggestion_beats_the_old_network():
    """The issue's case: the 2-3-1 sigmoid net kept for spiral scored 64%; the suggestion
    learns the set."""
    kept, run = Run(), Run()
    choose(kept, "spiral")
    choose(run, "spiral")
    run.use_suggestion()
    kept.train(1000)
    run.train(1000)
    assert last(run, "frame").scores[1] >= 0.9
    assert last(kept, "frame").scores[1] < 0.8


def test_a_softmax_run_learns_the_three_arm_spiral():
    run = Run()
    choose(run, "spiral3")
    run.use_suggestion()
    run.train(300)
    frame = last(run, "frame")
    assert frame.info.activations[-1] == "softmax" and frame.info.sizes[-1] == 3
    assert frame.scores[1] >= 0.9
    assert frame.maps[-1].shape[0] == 3  # a map per class


def test_plane_regression_reaches_a_small_loss():
    run = Run()
    choose(run, "plane")
    run.use_suggestion()
    run.train(100)
    loss, accuracy = last(run, "frame").scores[:2]
    assert accuracy is None and loss < 0.01  # the targets' noise alone leaves 0.005


def test_the_user_can_still_change_the_output_and_the_loss():
    run = Run()
    choose(run, "spiral3")
    net = replace(run.settings.net, output_activation="sigmoid", loss="mse")
    assert run.apply_settings(replace(run.settings, net=net))
    assert (run.trainer.net.activations[-1], run.trainer.net.loss) == ("sigmoid", "mse")
    # Other points of the same set keep the user's choice.
    assert choose(run, "spiral3", noise=0.2)
    assert run.trainer.net.loss == "mse"


def test_the_start_of_a_regression_set_is_linear_with_squared_error():
    s = default_settings("sine")
    assert (s.net.output_activation, s.net.loss) == ("linear", "mse")
    assert default_settings("xor") == type(s)()  # the seeds' start is unchanged
    assert Run(default_settings("blobs3")).trainer.net.activations[-1] == "softmax"


def test_imported_points_with_k_one_hot_columns_get_a_softmax():
    run = Run()
    rng = np.random.default_rng(0)
    t = np.eye(3)[rng.integers(0, 3, 30)]
    assert run.use_imported(Dataset("three.csv", rng.normal(size=(30, 2)), t))
    assert (run.trainer.net.activations[-1], run.trainer.net.loss) == ("softmax", "ce")


def test_imported_regression_targets_outside_0_1_replace_a_bce_network():
    run = Run()  # 2-3-1 with a sigmoid output under bce: its shape fits one target
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 2))
    assert run.use_imported(Dataset("heights.csv", x, 3.0 * x[:, :1], "regression"))
    assert (run.trainer.net.activations[-1], run.trainer.net.loss) == ("linear", "mse")


def test_problem_of_reads_the_targets():
    eye = np.eye(3)
    assert problems.problem_of(Dataset("a", np.zeros((3, 2)), eye)) == problems.CLASSES
    assert problems.problem_of(Dataset("b", np.zeros((3, 2)), eye[:, :1])) == problems.BINARY
    two_labels = np.array([[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])  # not one-hot: two sigmoids
    assert problems.problem_of(Dataset("c", np.zeros((3, 2)), two_labels)) == problems.BINARY


def test_a_session_file_keeps_softmax_penalty_and_features(tmp_path):
    from playground.session import session_file

    run = Run()
    choose(run, "spiral3")
    net = replace(run.settings.net, regularization="l2", reg_rate=0.002,
                  features=("x1", "x2", "sin(x1)"))
    assert run.apply_settings(replace(run.settings, net=net))
    run.train(3)
    run.save_session(tmp_path / "s.json")
    other = Run()
    assert other.install(session_file.load(tmp_path / "s.json"))
    got = other.trainer.net
    assert (got.activations[-1], got.loss, got.regularization, got.reg_rate, got.features) == (
        "softmax", "ce", "l2", 0.002, ("x1", "x2", "sin(x1)"))
    assert all(np.array_equal(a, b) for a, b in zip(got.params(), run.trainer.net.params()))
    assert other.settings.net == run.settings.net
