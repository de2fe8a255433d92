"""Big data sets, playing or at rest: the loss of an epoch is evaluated in chunks
(engine.evaluation.Evaluation) within the run's ticks, and recorded once complete; the chunks
add up to the engine's ``evaluate`` on the whole set. No intent evaluates a big set at once."""
import time

import numpy as np
import pytest

from engine.datasets import Dataset
from engine.evaluation import Evaluation
from engine.network import Network
from engine.training import evaluate
from playground.session.measures import ScoresJob, costly
from playground.session.face import Session
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings


def data(n, seed=0, regression=False):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 2))
    t = (x[:, :1] * x[:, 1:] > 0).astype(float)
    return Dataset("big", x, t + 0.25 * regression, "regression" if regression else "classification")


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("regression", [False, True])
def test_chunks_add_up_to_the_whole(reduction, regression):
    loss = "mse" if regression else "bce"
    net = Network.create([2, 6, 5, 1], "tanh", "sigmoid", loss, reduction, seed=3)
    d = data(1003, regression=regression)
    whole = evaluate(net, d.x, d.t)
    e = Evaluation(net, d.x, d.t)
    e.chunk = 100  # eleven chunks, the last one short
    assert e.advance()
    chunked = e.result()
    assert chunked[0] == pytest.approx(whole[0], rel=1e-12)
    assert (chunked[1] is None) == (whole[1] is None) == regression
    if not regression:
        assert chunked[1] == pytest.approx(whole[1], rel=1e-12)
    assert net.reduction == reduction, "the network given is not changed"


def test_an_evaluation_stops_at_its_deadline_and_resumes():
    net = Network.create([2, 4, 1], "tanh", "sigmoid", "bce", "mean", seed=0)
    d = data(1000)
    e = Evaluation(net, d.x, d.t)
    e.chunk = 256
    assert not e.advance(deadline=float("-inf"))  # long past: one chunk, then stop
    assert e.row == 256
    assert e.advance(deadline=None) and e.done
    assert e.result()[0] == pytest.approx(evaluate(net, d.x, d.t)[0], rel=1e-12)


def test_a_job_scores_train_and_test_like_the_engine():
    net = Network.create([2, 4, 1], "tanh", "sigmoid", "bce", "mean", seed=1)
    train, test = data(700, seed=1), data(300, seed=2)
    job = ScoresJob(net, train, test)
    assert job.advance()
    expected = evaluate(net, train.x, train.t) + evaluate(net, test.x, test.t)
    assert job.scores() == pytest.approx(expected, rel=1e-12)


def test_while_playing_an_epoch_of_big_data_is_recorded_when_its_evaluation_is_done(qtbot):
    settings = Settings(DataSettings(), NetSettings(hidden=(8, 8), activations=("tanh",) * 2),
                        TrainSettings(eta=0.05, batch_size=500))
    session = Session(settings)
    big = data(30_000)
    assert session.use_data(big, session.trainer.net.copy())
    assert costly(session.trainer.net, session.train_set)
    session.run.epochs.advance_jobs(deadline=None)  # epoch 0's, queued by use_data
    session.play()  # the timer does not fire here: the test drives the steps itself
    try:
        session.trainer.train_epoch(with_loss=False)
        session.run.epochs.epoch_done()
        assert session.run.epochs.pending and session.history.last_epoch == 0, "not yet recorded"
        state = session.trainer.net.copy()
        session.run.epochs.advance_jobs(deadline=None)
    finally:
        session.pause()
    curve = session.history.curve()
    assert not session.run.epochs.pending and 1 in curve.epochs
    recorded = curve.train[list(curve.epochs).index(1)]
    assert recorded == pytest.approx(evaluate(state, big.x, big.t)[0], rel=1e-12)


def big_run():
    from playground.session.run import Run
    settings = Settings(DataSettings(), NetSettings(hidden=(16, 16), activations=("tanh",) * 2),
                        TrainSettings(eta=0.05, batch_size=10))
    run = Run(settings)
    big = data(100_000)
    return run, big


def frames(run):
    return [payload for kind, payload in run.take_events() if kind == "frame"]


def test_taking_up_a_big_set_returns_before_its_evaluation_and_ticks_complete_it():
    run, big = big_run()
    run.take_events()
    assert run.use_data(big, run.trainer.net.copy())
    shown = frames(run)[-1]
    assert shown.computing and run.busy and not run.playing
    assert not any(job.parts[0].done for job in run.epochs.jobs), "nothing evaluated yet"
    while run.busy:
        run.tick()
    last = frames(run)[-1]
    expected = evaluate(run.trainer.net, big.x, big.t)
    assert not last.computing
    assert last.scores[:2] == pytest.approx(expected, rel=1e-12)
    assert 0 in last.curve.epochs


def test_pausing_on_a_big_set_shows_the_latest_scores_and_computes_the_current_ones():
    run, big = big_run()
    run.use_data(big, run.trainer.net.copy())
    while run.busy:
        run.tick()
    before = run.measures.latest()
    run.play()
    for _ in range(20):
        run.trainer.train_batch(with_loss=False)
    run.take_events()
    run.pause()
    shown = frames(run)[-1]
    assert shown.computing and shown.scores == before, "the latest known, not computed at once"
    while run.busy:
        run.tick()
    last = frames(run)[-1]
    assert not last.computing
    assert last.scores[:2] == pytest.approx(evaluate(run.trainer.net, big.x, big.t), rel=1e-12)
    assert last.scores != before


def test_the_window_says_computing_and_its_timer_completes_the_scores(qtbot):
    from PySide6.QtWidgets import QLabel
    from playground.window.main_window import MainWindow
    settings = Settings(DataSettings(), NetSettings(hidden=(16, 16), activations=("tanh",) * 2),
                        TrainSettings(eta=0.05, batch_size=10))
    window = MainWindow(Session(settings))
    qtbot.addWidget(window)
    label = window.findChild(QLabel, "scoresLabel")
    big = data(100_000)
    assert window.session.use_data(big, window.session.trainer.net.copy())
    assert "computing" in label.text() and window.session.timer.isActive()
    qtbot.waitUntil(lambda: "computing" not in label.text(), timeout=60_000)
    assert not window.session.timer.isActive()
    loss = evaluate(window.session.trainer.net, big.x, big.t)[0]
    assert f"train loss {loss:.4g}" in label.text()


def test_a_big_set_is_drawn_as_an_even_sample(qtbot):
    from playground.views.boundary_view import MAX_DRAWN
    from playground.window.main_window import MainWindow
    window = MainWindow(Session())
    qtbot.addWidget(window)
    big = data(100_000)
    assert window.session.use_data(big, None)
    shown = window.boundary_view.train_points.data
    assert MAX_DRAWN // 2 <= len(shown) <= MAX_DRAWN
    xs = np.column_stack([shown["x"], shown["y"]])
    step = len(big.x) // len(shown)
    assert np.array_equal(xs[:10], big.x[::step][:10]), "every k-th point, from the first"
    note = window.boundary_view.note
    assert note.isVisible() and note.textItem.toPlainText() == f"showing {len(shown):,} of 100,000 points"
    small = data(300)
    assert window.session.use_data(small, None)
    assert len(window.boundary_view.train_points.data) == 300 and not note.isVisible()


def test_a_tick_of_play_never_trains_a_long_epoch_at_once():
    run, big = big_run()
    run.use_data(big, run.trainer.net.copy())
    run.set_speed(None)
    run.play()
    for _ in range(5):
        run.tick()
    assert run.trainer.epoch == 0 and run.trainer.position > 0, "cut between batches"
