"""The divergence guard sees every non-finite loss: in the middle of an epoch (a batch whose
update keeps the weights finite but overflows the loss), while playing, and in the command
line's full-batch fast training. No frame carries inf or NaN as a score."""
import math
import time

import pytest

from playground.session.run import Run
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings
from helpers import Clock, run


def linear_settings(dataset="gaussians", eta=7.0, batch=50):
    """The issue's smallest case: [2, 2, 2, 2, 1], all linear, squared error summed."""
    net = NetSettings(hidden=(2, 2, 2), activations=("linear",) * 3,
                      output_activation="linear", loss="mse", reduction="sum")
    return Settings(DataSettings(name=dataset), net, TrainSettings(eta=eta, batch_size=batch))


def frames_and_messages(run):
    events = run.take_events()
    return ([e for kind, e in events if kind == "frame"],
            [e for kind, e in events if kind == "message"])


def shown_finite(frame):
    return all(math.isfinite(v) for v in frame.scores[::2] if v is not None)


def test_finish_never_shows_an_infinite_loss_in_the_middle_of_an_epoch():
    run = Run(linear_settings())
    messages = []
    for _ in range(6):
        run.finish_iteration()
        frames, said = frames_and_messages(run)
        messages += said
        assert frames and all(shown_finite(f) for f in frames)
    assert any("diverged" in m for m in messages)
    assert run.trainer.position < run.trainer.n_samples  # back to a state that shows


@pytest.mark.parametrize("batch, speed", [(50, None), (50, 1), (0, None), (10, 2)])
def test_play_pauses_on_an_overflowing_loss_and_never_shows_it(monkeypatch, batch, speed):
    monkeypatch.setattr(time, "perf_counter", Clock(tick=1e-4))
    run = Run(linear_settings("gaussians", eta=7.0, batch=batch))
    run.set_speed(speed)
    run.play()
    frames, messages = [], []
    for _ in range(2000):
        if not run.playing:
            break
        run.tick()
        f, m = frames_and_messages(run)
        frames += f
        messages += m
    assert not run.playing
    assert any("diverged" in m for m in messages)
    assert frames and all(shown_finite(f) for f in frames)


LINEAR = ["--layers", "2,2,2,2,1", "--activation", "linear", "--output-activation", "linear",
          "--loss", "mse", "--reduction", "sum", "--epochs", "3"]


@pytest.mark.parametrize("json", [[], ["--json"]])
def test_full_batch_fast_training_whose_loss_overflows_exits_1(capsys, tmp_path, json):
    """The weights stay finite (lr 10, the whole set as one batch), the loss does not."""
    saved = tmp_path / "net.json"
    code, out, err = run(capsys, "train", "--data", "gaussians", *LINEAR, "--lr", "10",
                         "--save", str(saved), *json)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "diverged" in err and "Infinity" not in err
    assert not saved.exists()


def test_a_finite_run_of_the_same_network_still_exits_0(capsys):
    code, out, err = run(capsys, "train", "--data", "gaussians", *LINEAR, "--lr", "1e-4", "--json")
    assert code == 0 and err == "" and '"loss": null' not in out


def test_the_window_never_labels_an_infinite_loss_after_finish(qtbot):
    """The issue's case in the window: Finish (the action) until it diverges."""
    from PySide6.QtWidgets import QLabel
    from playground.session.face import Session
    from playground.window.main_window import MainWindow

    w = MainWindow(Session(linear_settings()))
    qtbot.addWidget(w)
    label, shown = w.findChild(QLabel, "scoresLabel"), []
    for _ in range(5):
        w.training.finish.click()
        shown.append(label.text())
    assert all("inf" not in text and "nan" not in text for text in shown), shown
    assert "diverged" in w.statusBar().currentMessage()


def test_a_big_set_evaluated_in_slices_never_shows_an_infinite_loss():
    """A big set's scores are computed in the run's ticks, not at once: the guard is there too."""
    from engine.network import Network
    from test_big_data import data

    run = Run(linear_settings("xor"))
    net = Network.create([2, 8, 8, 1], "linear", "linear", "mse", "sum", True, seed=0)
    assert run.use_data(data(100_000), net)
    frames, messages = [], []
    for _ in range(4):
        run.finish_iteration()
        while run.busy:
            run.tick()
        f, m = frames_and_messages(run)
        frames, messages = frames + f, messages + m
    assert run.epochs.big() and any("diverged" in m for m in messages)
    assert all(shown_finite(f) for f in frames), [f.scores for f in frames]
