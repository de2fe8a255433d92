"""Big data sets while playing: the loss of an epoch is evaluated in chunks (engine.evaluation.Evaluation)
within the player's ticks, and recorded once complete; the chunks add up to the engine's
``evaluate`` on the whole set."""
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
    session.play()  # the timer does not fire here: the test drives the steps itself
    try:
        session.trainer.train_epoch(with_loss=False)
        session.run.epochs.epoch_done()
        assert session.run.epochs.job is not None and session.history.last_epoch == 0, "not yet recorded"
        state = session.trainer.net.copy()
        session.run.epochs.advance_job(deadline=None)
    finally:
        session.pause()
    curve = session.history.curve()
    assert session.run.epochs.job is None and 1 in curve.epochs
    recorded = curve.train[list(curve.epochs).index(1)]
    assert recorded == pytest.approx(evaluate(state, big.x, big.t)[0], rel=1e-12)
