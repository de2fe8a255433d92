"""The gradient-size strip: each layer's ||dL/dW^(l)|| per epoch, recorded by the run with
the loss and drawn on a log axis under the loss plot."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from playground.session.face import Session
from playground.session.run import Run
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings
from playground.window.main_window import MainWindow


def last_frame(run):
    return [p for kind, p in run.take_events() if kind == "frame"][-1]


def test_each_epoch_records_the_norm_of_each_layers_gradient():
    run = Run(Settings(net=NetSettings(hidden=(3, 2), activations=("sigmoid", "tanh"))))
    for epoch in range(3):  # XOR is one batch: each iteration is an epoch
        run.finish_iteration()
        snap, frame = run.snapshot, last_frame(run)
        assert snap.phase == "update"
        g = frame.gradients
        assert list(g.epochs) == list(range(1, epoch + 2))
        expected = [np.linalg.norm(w) for w in snap.grad_w]
        assert g.norms[-1] == pytest.approx(expected, rel=1e-12)
        assert g.norms[-1] != pytest.approx([np.linalg.norm(b) for b in snap.grad_b])  # control


def test_the_curve_ends_at_the_epoch_shown_after_an_undo():
    run = Run()
    run.train(5)
    assert len(last_frame(run).gradients.epochs) == 5
    run.step()
    run.undo()
    run.undo()  # back to the frame of epoch 5's training, then before it
    frame = last_frame(run)
    assert frame.gradients.epochs[-1] <= run.trainer.epoch


def spread(activation):
    """log10 of the last layer's gradient size over the first layer's, after some training."""
    net = NetSettings(hidden=(6,) * 5, activations=(activation,) * 5)
    s = Settings(DataSettings(name="moons"), net,
                 TrainSettings(eta=0.1, batch_size=10))
    run = Run(s)
    run.train(20)
    norms = last_frame(run).gradients.norms
    return float(np.median(np.log10(norms[:, -1] / norms[:, 0])))


def test_a_deep_sigmoid_net_shows_a_vanishing_gradient_a_tanh_net_does_not():
    assert spread("sigmoid") > 2  # the first layer's gradient is 100 times smaller
    assert spread("tanh") < 1


def test_the_strip_draws_each_layers_norms_on_a_log_axis(qtbot):
    w = MainWindow(Session(Settings(net=NetSettings(hidden=(4, 4), activations=("sigmoid",) * 2))))
    qtbot.addWidget(w)
    w.session.train(12)
    g = w.session.run.epochs.gradients.curve(w.session.trainer.epoch, 3)
    drawn = w.gradient_plot.curve_data()
    assert len(drawn) == 3
    for l, (x, y) in enumerate(drawn):
        assert list(x) == list(g.epochs)
        assert np.allclose(y, g.norms[:, l])
    assert w.gradient_plot.getAxis("left").logMode  # on a log axis
    w.session.apply_settings(Settings(net=NetSettings(hidden=(4,), activations=("tanh",))))
    assert len(w.gradient_plot.curve_data()) == 2
    assert all(x is None or len(x) == 0 for x, _ in w.gradient_plot.curve_data())  # a new net: empty


def test_a_growing_curve_drawn_a_moment_ago_is_drawn_again_by_the_timer(qtbot):
    w = MainWindow(Session())
    qtbot.addWidget(w)
    strip = w.gradient_plot
    w.session.train(5)
    w.session.train(5)  # within the throttle: waits for the timer
    line = strip.lines[0]
    assert strip.waiting is not None and (line.xData is None or len(line.xData) < 10)
    qtbot.waitUntil(lambda: line.xData is not None and len(line.xData) == 10)
    assert strip.waiting is None


def test_a_picture_shows_the_curve_the_timer_would_draw_later(qtbot):
    w = MainWindow(Session())
    qtbot.addWidget(w)
    w.session.train(5)
    w.session.train(5)  # within the throttle: waiting
    line = w.gradient_plot.lines[0]
    assert w.gradient_plot.waiting is not None
    w.settle()  # what --screenshot does before the picture
    assert w.gradient_plot.waiting is None and len(line.xData) == 10
