"""With L1/L2 regularisation the loss history keeps the penalty of every point, and the loss
plot draws the training set's data loss beside the total; the legend sits outside the curves
and the axis and the status line name the loss."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace

import numpy as np
import pytest

from engine.training import evaluate
from playground.session.run import Run
from playground.session.settings import default_settings


def regularized_run(name="circle", kind="l2", rate=0.01) -> Run:
    s = default_settings(name)
    return Run(replace(s, net=replace(s.net, regularization=kind, reg_rate=rate)))


def data_loss(net, data) -> float:
    """The loss of ``net`` on ``data`` without its penalty, from a copy without one."""
    plain = net.copy()
    plain.regularization, plain.reg_rate = None, 0.0
    return evaluate(plain, data.x, data.t)[0]


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_each_point_keeps_the_penalty_and_the_data_loss_is_the_rest(kind):
    run = regularized_run(kind=kind)
    run.train(5)
    c = run.history.curve()
    assert c.regularized and c.epochs[-1] == run.trainer.epoch == 5
    w = run.trainer.net.weights
    by_hand = 0.01 * (sum(np.abs(m).sum() for m in w) if kind == "l1"
                      else 0.5 * sum(np.square(m).sum() for m in w))
    assert c.penalty[-1] == pytest.approx(by_hand, rel=1e-12)
    assert c.data[-1] == pytest.approx(data_loss(run.trainer.net, run.train_set), rel=1e-9)
    assert c.train[-1] > c.data[-1], "the total is the data loss and a positive penalty"


def test_without_a_penalty_there_is_no_data_curve():
    run = Run(default_settings("circle"))
    run.train(3)
    c = run.history.curve()
    assert not c.regularized and np.isnan(c.penalty).all() and np.isnan(c.data).all()


def test_playing_full_batch_records_the_penalty_of_each_epoch():
    run = regularized_run("xor")  # four points, the whole set a batch: losses from training
    run.set_speed(None)
    run.play()
    for _ in range(4):
        run.tick()
    run.pause()
    c = run.history.curve()
    assert len(c.epochs) > 3 and np.isfinite(c.penalty).all()
    assert c.data[-1] == pytest.approx(data_loss(run.trainer.net, run.train_set), rel=1e-9)


def test_stepping_back_keeps_the_penalties():
    run = regularized_run()
    for _ in range(2):
        run.train(2)
        run.publish()  # a point of the timeline at epoch 2, then at 4
    before = run.history.curve()
    run.undo()
    after = run.history.curve()
    n = len(after.epochs)
    assert 0 < n < len(before.epochs), "the curve ends where the run went back to"
    assert np.isfinite(after.penalty).all() and np.array_equal(after.penalty, before.penalty[:n])


def frame_of(run):
    run.publish()
    return [payload for kind, payload in run.take_events() if kind == "frame"][-1]


def test_the_plot_draws_the_data_loss_and_names_both_curves(qtbot):
    from playground.views.loss_plot import LossPlot
    plot = LossPlot()
    qtbot.addWidget(plot)
    plain = Run(default_settings("circle"))
    plain.train(3)
    plot.show_frame(frame_of(plain))
    assert [name for name, _ in plot.legend.entries] == ["train", "test"]
    assert plot.data_curve.getData()[0] is None or not len(plot.data_curve.getData()[0])
    run = regularized_run()
    run.train(6)
    frame = frame_of(run)
    plot.show_frame(frame)
    x, y = plot.data_curve.getData()
    c = frame.curve
    np.testing.assert_array_equal(x, c.epochs)
    np.testing.assert_allclose(y, c.train - c.penalty)
    np.testing.assert_array_equal(plot.train_curve.getData()[1], c.train)
    names = [name for name, _ in plot.legend.entries]
    assert "train data" in names and "train total" in names
    assert "data" in plot.title_text


def test_the_legend_is_outside_the_curves(qtbot):
    from playground.views.loss_plot import LossPlot
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(360, 200)
    plot.show()
    run = regularized_run()
    run.train(3)
    plot.show_frame(frame_of(run))
    qtbot.waitUntil(lambda: plot.legend.rect().width() > 0)
    legend = plot.legend.sceneBoundingRect()
    box = plot.getPlotItem().vb.sceneBoundingRect()
    assert legend.height() > 0 and not legend.intersects(box)
    assert plot.legend.width_needed() <= legend.width(), "every entry fits on its line"


@pytest.mark.parametrize("name, word", [("circle", "cross-entropy"), ("blobs3", "cross-entropy"),
                                        ("plane", "squared error")])
def test_the_axis_and_the_status_line_name_the_loss(qtbot, name, word):
    from playground.session.face import Session
    from playground.window.main_window import MainWindow
    window = MainWindow(Session(default_settings(name)))
    qtbot.addWidget(window)
    assert word in window.loss_plot.getPlotItem().getAxis("left").labelText
    assert f"({word})" in window.scores.text()


def test_a_short_plot_names_its_axis_loss_rather_than_cut_the_name(qtbot):
    from playground.session.face import Session
    from playground.window.main_window import MainWindow
    window = MainWindow(Session(default_settings("circle")))
    qtbot.addWidget(window)
    plot = window.loss_plot
    axis = plot.getPlotItem().getAxis("left")
    window.show()
    plot.setFixedHeight(400)
    qtbot.waitUntil(lambda: axis.height() > 300)
    assert axis.labelText == "cross-entropy"
    plot.setFixedHeight(60)  # "cross-entropy" is wider than this axis is tall
    qtbot.waitUntil(lambda: axis.height() < 60)
    assert axis.labelText == "loss" and "cross-entropy" in axis.toolTip()
