"""Animated training: play, pause, speed, the live loss plot, divergence, and the bounded history."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from playground.session.loss_history import LossHistory
from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.settings import NetSettings, Settings, TrainSettings
from helpers import Clock


def play_until(qtbot, window, condition):
    """Play (a click), wait until ``condition()`` holds, pause (a click)."""
    button = window.findChild(QPushButton, "playButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.session.playing
    qtbot.waitUntil(condition)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not window.session.playing


@pytest.fixture
def clock(monkeypatch):
    c = Clock(tick=1e-6)  # never quite still: a slice that ignored the speed would still end
    monkeypatch.setattr(time, "perf_counter", c)
    return c


def drawn_train_curve(plot):
    """The training curve as drawn while playing: the body, then the tail's newer points."""
    (x, y), (tx, ty) = plot.train_curve.getData(), plot.tails[0].getData()
    x, y = (np.array([]), np.array([])) if x is None else (x, y)
    if tx is not None:
        newer = tx > (x[-1] if len(x) else -1)
        x, y = np.concatenate([x, tx[newer]]), np.concatenate([y, ty[newer]])
    return x, y


def test_playing_trains_and_the_loss_plot_shows_every_epoch(qtbot, window):
    play_until(qtbot, window, lambda: window.session.trainer.epoch > 50)
    epochs = window.session.trainer.epoch
    assert epochs > 50
    x, y = drawn_train_curve(window.loss_plot)
    assert x[0] == 0 and x[-1] == epochs
    assert np.all(np.diff(x) > 0)
    if epochs < window.session.history.capacity:
        assert np.array_equal(x, np.arange(epochs + 1))
    assert y[-1] < y[0], "the loss fell on XOR"
    assert str(epochs) in window.findChild(QLabel, "epochLabel").text()


def test_the_numbers_do_not_depend_on_the_speed(qtbot, window):
    play_until(qtbot, window, lambda: window.session.trainer.epoch >= 30)
    played = window.session.trainer
    other = Session()  # the same default settings, trained in one go
    other.train(played.epoch)
    for w_played, w_other in zip(played.net.params(), other.trainer.net.params()):
        assert np.array_equal(w_played, w_other)
    other.deleteLater()


def test_a_set_speed_is_kept(qtbot, window, clock):
    window.findChild(type(window.training.speed), "speedCombo").setCurrentIndex(2)  # 10 epochs/s
    s, start, button = window.session, clock.now, window.findChild(QPushButton, "playButton")
    for elapsed in (0.0, 0.5, 2.0):  # the clock hardly moves between these
        if elapsed == 0.0:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        clock.now = start + elapsed
        qtbot.waitUntil(lambda: s.trainer.epoch >= max(1, 10 * elapsed))  # the ticks train
        for _ in range(5):  # more ticks at the same time: the set speed holds training back
            with qtbot.waitSignal(s.timer.timeout):
                pass
        assert max(1, 10 * elapsed) <= s.trainer.epoch <= 10 * elapsed + 2, elapsed
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not s.playing


def test_frames_are_coalesced_to_the_screen_rate(qtbot, window, clock):
    clock.tick = 0.001  # each reading of the clock: a millisecond of work
    frames, start = [], clock.now
    window.session.frameReady.connect(lambda frame: window.session.playing and frames.append(frame))
    play_until(qtbot, window, lambda: len(frames) >= 5)
    elapsed = clock.now - start
    assert window.session.trainer.epoch > 2 * len(frames), "many epochs per frame"
    assert len(frames) <= 60 * elapsed + 1, "at most one frame per screen refresh"


def test_a_divergence_pauses_and_shows_a_message(qtbot):
    net = NetSettings(hidden=(4,), activations=("linear",), output_activation="linear", loss="mse")
    w = MainWindow(Session(Settings(net=net, train=TrainSettings(eta=10.0))))
    qtbot.addWidget(w)
    w.session.play()
    qtbot.waitUntil(lambda: not w.session.playing, timeout=5000)
    assert "diverged" in w.statusBar().currentMessage()
    assert all(np.all(np.isfinite(p)) for p in w.session.trainer.net.params())
    assert w.findChild(QPushButton, "playButton").text() == "Play"


def test_reset_returns_to_the_same_start(qtbot, window):
    start = [p.copy() for p in window.session.trainer.net.params()]
    play_until(qtbot, window, lambda: window.session.trainer.epoch > 10)
    qtbot.mouseClick(window.findChild(QPushButton, "resetButton"), Qt.MouseButton.LeftButton)
    assert window.session.trainer.epoch == 0
    for p, p0 in zip(window.session.trainer.net.params(), start):
        assert np.array_equal(p, p0)
    x, _ = window.loss_plot.train_curve.getData()
    assert list(x) == [0]


def test_randomize_draws_new_weights_of_the_same_shape(qtbot, window):
    before = [p.copy() for p in window.session.trainer.net.params()]
    qtbot.mouseClick(window.findChild(QPushButton, "randomizeButton"), Qt.MouseButton.LeftButton)
    after = window.session.trainer.net.params()
    assert [p.shape for p in after] == [p.shape for p in before]
    assert not all(np.array_equal(a, b) for a, b in zip(after, before))


def test_the_loss_axis_can_be_logarithmic(qtbot, window):
    window.session.train(20)
    window.findChild(QCheckBox, "logScaleCheck").setChecked(True)
    assert window.actions_.log_scale.isChecked()
    x, y = window.loss_plot.train_curve.getData()  # the displayed data: log10 of the loss
    np.testing.assert_allclose(10 ** y, window.session.history.curve().train)
    window.actions_.log_scale.trigger()
    assert not window.findChild(QCheckBox, "logScaleCheck").isChecked()
    _, y = window.loss_plot.train_curve.getData()
    np.testing.assert_allclose(y, window.session.history.curve().train)


def test_the_history_stays_bounded_and_keeps_its_ends():
    history = LossHistory(capacity=100)
    for epoch in range(100_000):
        if history.wants(epoch):
            history.record(epoch, 1.0 / (epoch + 1))
    history.show_latest(100_000, 0.5)
    curve = history.curve()
    assert len(curve.epochs) <= 101
    assert curve.epochs[0] == 0 and curve.epochs[-1] == 100_000
    assert np.all(np.diff(curve.epochs) > 0)
    recorded = curve.epochs[:-1]
    assert np.all(np.diff(recorded) == history.stride), "evenly spaced after thinning"
    assert np.all(np.isnan(curve.test))
    assert curve.train[1] == pytest.approx(1.0 / (curve.epochs[1] + 1))
    assert not math.isnan(curve.train[-1])
