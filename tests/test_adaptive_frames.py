"""Frames that adapt to their cost: the clock spaces frames by what they cost, scores are
computed once an epoch while playing, and the loss plot appends to its curve while playing."""
import math

import numpy as np
import pytest

from engine.training import evaluate
from playground.session import play_clock
from playground.session.frame import NetInfo
from playground.session.loss_history import LossCurve
from playground.session.play_clock import FRAME, MIN_FPS, MIN_SHARE, SHARE, PlayClock
from playground.session.run import Run
from playground.session.settings import Settings, TrainSettings, default_settings


class FakeTime:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


@pytest.fixture
def fake_now(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(play_clock, "now", fake)
    return fake


def frame_of_cost(clock, fake, publish, rest):
    """One tick that publishes for ``publish`` seconds, then ``rest`` seconds of redraw and
    paint before the next tick starts."""
    clock.tick_started(fake.t)
    started = fake.t
    fake.t += publish
    clock.shown(started)
    clock.tick_ended()
    fake.t += rest
    clock.tick_started(fake.t)


@pytest.mark.parametrize("publish, rest", [(0.001, 0.001), (0.004, 0.006), (0.005, 0.009),
                                           (0.010, 0.040)])
def test_frames_are_spaced_by_their_measured_cost(fake_now, publish, rest):
    clock = PlayClock(None)
    for _ in range(30):
        frame_of_cost(clock, fake_now, publish, rest)
    cost = publish + rest
    assert clock.frame_cost == pytest.approx(cost)
    interval = clock.frame_interval
    share = (interval - cost) / interval
    assert interval >= FRAME
    if cost / (1 - SHARE) <= 1 / MIN_FPS:  # affordable: the share wanted, at MIN_FPS or more
        assert share == pytest.approx(SHARE) or interval == pytest.approx(FRAME)
    elif cost / (1 - MIN_SHARE) <= 1 / MIN_FPS:  # MIN_FPS kept, training gets less
        assert interval == pytest.approx(1 / MIN_FPS) and share >= MIN_SHARE - 1e-9
    else:  # a frame too costly for MIN_FPS: fewer frames, training never below MIN_SHARE
        assert share == pytest.approx(MIN_SHARE)


def test_a_frame_is_not_due_before_its_interval(fake_now):
    clock = PlayClock(None)
    for _ in range(10):
        frame_of_cost(clock, fake_now, 0.004, 0.006)
    clock.unshown = True
    at = clock.last_frame + 0.5 * clock.frame_interval
    assert not clock.light_frame_due(at)
    assert clock.light_frame_due(clock.last_frame + 1.01 * clock.frame_interval)


def frame_of(run):
    return [p for kind, p in run.take_events() if kind == "frame"][-1]


def test_while_playing_scores_are_computed_once_an_epoch():
    s = default_settings("spiral")
    run = Run(Settings(s.data, s.net, TrainSettings(eta=0.03, batch_size=10)))
    run.play()
    run.trainer.train_batch(with_loss=False)
    run.publish()
    first = frame_of(run)
    at_start = first.scores
    run.trainer.train_batch(with_loss=False)  # the same epoch, other parameters
    run.publish()
    assert frame_of(run).scores is at_start, "not computed again within the epoch"
    run.pause()
    shown = frame_of(run).scores
    expected = evaluate(run.trainer.net, run.train_set.x, run.train_set.t)
    assert shown[:2] == pytest.approx(expected, rel=1e-12), "at rest: the current state's"
    assert shown[0] != at_start[0]


def curve(n):
    epochs = np.arange(n, dtype=float)
    return LossCurve(epochs, 1.0 / (1.0 + epochs), np.full(n, math.nan))


class Frame:
    def __init__(self, curve, playing):
        self.curve, self.playing = curve, playing
        self.info = NetInfo((2, 2, 1), ("sigmoid", "sigmoid"), "bce", "mean", True)


def test_the_loss_plot_appends_while_playing_and_holds_everything_at_rest(qtbot):
    from playground.views.loss_plot import TAIL, LossPlot
    plot = LossPlot()
    qtbot.addWidget(plot)
    sets = []
    original = plot.train_curve.setData
    plot.train_curve.setData = lambda *a, **k: (sets.append(1), original(*a, **k))
    frames = 3 * TAIL
    for n in range(1, frames + 1):
        plot.show_frame(Frame(curve(n), playing=True))
        body_x, _ = plot.train_curve.getData()
        tail_x, _ = plot.tails[0].getData()
        drawn = np.union1d(body_x if body_x is not None else [], tail_x if tail_x is not None else [])
        assert np.array_equal(drawn, np.arange(n)), f"frame {n}: every point drawn once"
    assert len(sets) <= frames / TAIL + 2, f"the body was set {len(sets)} times in {frames} frames"
    plot.show_frame(Frame(curve(frames + 1), playing=False))
    body_x, _ = plot.train_curve.getData()
    assert np.array_equal(body_x, np.arange(frames + 1))


def test_the_loss_plots_body_is_drawn_from_a_pixmap_while_only_its_tail_grows(qtbot, monkeypatch):
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication
    from playground.views.loss_plot import LossPlot
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 200)
    plot.show()
    qtbot.waitExposed(plot)
    painted = {"body": 0, "tail": 0}
    names = {id(plot.train_curve.curve): "body", id(plot.tails[0].curve): "tail"}
    paint = pg.PlotCurveItem.paint

    def counted(item, *args):
        if id(item) in names:
            painted[names[id(item)]] += 1
        return paint(item, *args)
    monkeypatch.setattr(pg.PlotCurveItem, "paint", counted)

    def draw():  # the view box takes its new range in the event loop, then a whole repaint
        QApplication.processEvents()
        plot.viewport().repaint()
    plot.show_frame(Frame(curve(250), playing=False))  # every point in the body; axes to 300
    draw()
    assert painted["body"] > 0, "the body was never drawn"
    plot.show_frame(Frame(curve(251), playing=True))  # the first tail
    draw()
    painted.update(body=0, tail=0)
    for n in range(252, 262):  # the axes stay: only the tail and the title change
        plot.show_frame(Frame(curve(n), playing=True))
        draw()
    assert painted["tail"] > 0, "the viewport was not drawn again"
    assert painted["body"] == 0, f"the body was drawn {painted['body']} times, not from its pixmap"
    plot.show_frame(Frame(curve(261), playing=False))  # at rest: drawn as it is (exports)
    draw()
    painted.update(body=0)
    draw()
    assert painted["body"] > 0


def test_a_series_with_no_points_is_not_set_again_each_frame(qtbot):
    from playground.views.loss_plot import LossPlot
    plot = LossPlot()
    qtbot.addWidget(plot)
    sets = {"test tail": [], "train tail": []}
    for name, item in (("test tail", plot.tails[1]), ("train tail", plot.tails[0])):
        original = item.setData
        item.setData = lambda *a, original=original, name=name, **k: (sets[name].append(a),
                                                                      original(*a, **k))
    for n in range(2, 40):  # no test set: its series is NaN throughout
        plot.show_frame(Frame(curve(n), playing=True))
    assert len(sets["train tail"]) >= 30, "the frames did not reach the tails"
    assert len(sets["test tail"]) <= 1, f"the empty test tail was set {len(sets['test tail'])} times"
    x, _ = plot.tails[1].getData()
    assert x is None or len(x) == 0


def paints_of(view, qtbot, frames):
    """How many times ``view``'s viewport is painted for each of ``frames`` (callables that
    show a frame), the event loop run until nothing more is drawn."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Count(QObject):
        n = 0

        def eventFilter(self, obj, event):
            self.n += event.type() == QEvent.Type.Paint
            return False
    count = Count()
    view.viewport().installEventFilter(count)
    out = []
    for show in frames:
        count.n = 0
        show()
        qtbot.waitUntil(lambda: count.n > 0)
        for _ in range(5):  # an update queued by the paint itself comes in the next rounds
            QApplication.processEvents()
        out.append(count.n)
    view.viewport().removeEventFilter(count)
    return out


@pytest.mark.parametrize("name", ["loss", "gradients"])
def test_a_frame_that_moves_a_plots_axes_paints_it_once(qtbot, name):
    from playground.session.gradient_sizes import GradientCurve
    from playground.views.gradient_plot import GradientPlot
    from playground.views.loss_plot import LossPlot
    plot = LossPlot() if name == "loss" else GradientPlot()
    qtbot.addWidget(plot)
    plot.resize(400, 200)
    plot.show()
    qtbot.waitExposed(plot)

    def frame(n):
        if name == "loss":
            return lambda: plot.show_frame(Frame(curve(n), playing=False))
        epochs = np.arange(n, dtype=float)
        return lambda: plot.show_frame(type("F", (), {"gradients": GradientCurve(
            epochs, np.column_stack([1.0 / (1.0 + epochs), 0.1 / (1.0 + epochs)]))}))
    # The first frame lays the plot out too; then each moves the axes (to 400, then 1000).
    assert paints_of(plot, qtbot, [frame(250), frame(400), frame(900)])[1:] == [1, 1]
    lo, hi = plot.getPlotItem().vb.viewRange()[0]
    assert hi >= 899, "the axes did not move"


def test_maps_are_coarser_while_playing_and_full_at_rest():
    run = Run(default_settings("spiral"))
    run.take_events()
    run.publish()
    at_rest = frame_of(run).maps[-1].shape[-1]
    run.play()
    run.trainer.train_batch(with_loss=False)
    run.publish()
    playing = frame_of(run).maps[-1].shape[-1]
    run.pause()
    assert playing < at_rest == frame_of(run).maps[-1].shape[-1]


def test_a_big_networks_full_maps_follow_in_ticks_at_rest():
    from engine import grid
    from playground.session.measures import MAP_SIZE, heavy_maps
    from playground.session.settings import NetSettings
    s = default_settings("spiral")
    net = NetSettings(hidden=(64,) * 10, activations=("tanh",) * 10)
    run = Run(Settings(s.data, net, s.train))
    assert heavy_maps(run.trainer.net)
    run.take_events()
    run.publish()
    assert frame_of(run).maps[-1].shape[-1] < MAP_SIZE and run.busy, "coarse at first"
    while run.busy:
        run.tick()
    maps = frame_of(run).maps
    expected = grid.maps(run.trainer.net, run.extent, MAP_SIZE)
    assert all(np.array_equal(m, e) for m, e in zip(maps, expected))


@pytest.mark.parametrize("batch_by_batch", [False, True])
@pytest.mark.parametrize("dataset", ["xor", "spiral"])
def test_playing_records_the_very_losses_of_training_at_rest(dataset, batch_by_batch, monkeypatch):
    """While playing, whole epochs go to the engine in one call and (full batch, no test set)
    an epoch's loss comes from the next training pass: each point of the curve must be the
    one that training epoch by epoch at rest, with a separate evaluation of each epoch, records.
    ``batch_by_batch``: as on a busy machine, where an epoch costs more than a chunk."""
    if batch_by_batch:
        monkeypatch.setattr(play_clock, "CHUNK", 0.0)
    settings = default_settings(dataset)
    played = Run(settings)
    played.set_speed(None)
    played.play()
    while played.trainer.epoch < 300 or len(played.history) < 40:
        played.tick()
    played.pause()
    while played.trainer.position != 0:  # a busy machine's slice may end inside an epoch
        played.finish_iteration()
    at_rest = Run(settings)
    at_rest.history.capacity = played.trainer.epoch + 2  # every epoch
    at_rest.train(played.trainer.epoch)
    a, b = played.history.curve(), at_rest.history.curve()
    assert len(a.epochs) >= 40 and len(b.epochs) == played.trainer.epoch + 1
    at = np.searchsorted(b.epochs, a.epochs)  # play keeps fewer epochs (history_stride)
    assert np.array_equal(b.epochs[at], a.epochs)
    assert np.array_equal(a.train, b.train[at])
    assert np.array_equal(a.test, b.test[at], equal_nan=True)
    for p, q in zip(played.trainer.net.params(), at_rest.trainer.net.params()):
        assert np.array_equal(p, q)


def test_a_pause_is_not_counted_as_the_cost_of_a_frame(fake_now):
    """Play, pause for a long time, play again: the time paused was no frame's redraw."""
    clock = PlayClock(None)
    for _ in range(10):
        frame_of_cost(clock, fake_now, 0.002, 0.004)
    clock.tick_ended()  # the last tick before the pause published a frame
    clock._framed = True
    clock.start(epoch=0)
    fake_now.t += 30.0  # paused
    clock.tick_started(fake_now.t)
    assert clock.frame_cost == pytest.approx(0.006)


def test_a_slice_of_training_ends_when_the_next_frame_is_due(monkeypatch):
    """The slice would train for SLICE seconds, but a frame falls due before: the tick trains
    until then and publishes, so frames come at the rate chosen, not a slice late."""
    import time
    from helpers import Clock
    fake = Clock(tick=1e-5)  # each reading of the clock: 10 microseconds of work
    monkeypatch.setattr(time, "perf_counter", fake)
    s = default_settings("spiral")
    run = Run(Settings(s.data, s.net, TrainSettings(eta=0.03, batch_size=10)))
    run.set_speed(None)
    run.play()
    clock = run.clock
    clock.frame_cost = 0.002  # a cheap frame: one per screen refresh
    clock.last_frame = fake.now - FRAME + play_clock.SLICE / 4  # due a quarter slice from now
    due = clock.last_frame + clock.frame_interval
    run.take_events()
    run.tick()
    assert any(kind == "frame" for kind, _ in run.take_events()), "the frame came in this tick"
    assert due <= clock.last_frame < due + play_clock.SLICE / 4, "published when due, not later"
    steps = run.trainer.steps
    run.tick()  # the next frame is a whole interval away: this one trains its full slice
    assert run.trainer.steps - steps > 2 * steps


def test_the_graphs_caption_stays_put_while_playing(qtbot):
    """While playing, each frame's batch holds other training points: the caption does not
    name them (a new text on every frame costs a layout), and names them again at rest."""
    from playground.session.face import Session
    from playground.window.main_window import MainWindow
    s = default_settings("spiral")
    window = MainWindow(Session(Settings(s.data, s.net, TrainSettings(eta=0.03, batch_size=10))))
    qtbot.addWidget(window)
    session, caption = window.session, window.network_view.caption
    session.run.play()
    texts, points = [], []
    for _ in range(3):
        session.trainer.train_batch(with_loss=False)
        session.publish()
        texts.append(caption.text())
        points.append(int(session.snapshot.samples[0]) + 1)
    session.pause()
    assert len(set(points)) > 1, "the batches held other points"
    assert len(set(texts)) == 1 and "Playing" in texts[0] and "training point" not in texts[0]
    assert f"(training point {int(session.snapshot.samples[0]) + 1})" in caption.text()


def test_frames_a_little_late_keep_the_rate_on_average(fake_now):
    """Each frame is published a little after it is due (the batch under way ends first):
    the next is still due an interval after the last one was due, so the rate holds."""
    clock = PlayClock(None)
    for _ in range(10):
        frame_of_cost(clock, fake_now, 0.002, 0.006)
    interval, late, shown = clock.frame_interval, 0.001, []
    for _ in range(30):
        fake_now.t = clock.last_frame + interval + late  # due, and a millisecond more
        clock.shown(fake_now.t)
        shown.append(fake_now.t)
    periods = np.diff(shown)
    assert periods.mean() == pytest.approx(interval)


def test_the_history_thins_sooner_and_keeps_the_points_it_holds():
    from playground.session.loss_history import LossHistory
    history = LossHistory(capacity=40)
    for epoch in range(20):
        history.record(epoch, 1.0 / (epoch + 1))
    history.thin_to(5)  # a power of two, as thinning gives
    assert history.stride == 8
    history.thin_to(3)
    assert history.stride == 8, "the stride never shrinks"
    assert np.array_equal(history.curve().epochs, np.arange(20)), "the start is kept"
    assert history.wants(24) and not history.wants(20) and not history.wants(25)
    for epoch in range(20, 1000):
        history.record(epoch, 1.0 / (epoch + 1))
    kept = history.curve().epochs
    assert len(kept) < 40 and kept[0] == 0
    assert np.all(kept % history.stride == 0) and np.all(np.diff(kept) == history.stride)


def test_at_full_speed_a_frame_adds_a_few_loss_points_not_one_per_epoch(monkeypatch):
    from helpers import Clock
    monkeypatch.setattr(play_clock, "now", Clock(tick=2e-5))  # each reading: 20 µs of work
    s = default_settings("spiral")
    run = Run(Settings(s.data, s.net, TrainSettings(eta=0.03, batch_size=10)))
    run.set_speed(None)
    run.play()
    run.take_events()
    points, epochs, added = len(run.history), run.trainer.epoch, []
    while len(added) < 40:
        run.tick()
        if any(kind == "frame" for kind, _ in run.take_events()):
            added.append((len(run.history) - points, run.trainer.epoch - epochs))
            points, epochs = len(run.history), run.trainer.epoch
    later = added[5:]  # once the clock knows what an epoch and a frame cost
    assert min(e for _, e in later) > 4 * play_clock.POINTS, "a frame spans many epochs here"
    assert max(p for p, _ in later) <= play_clock.POINTS + 1, later
    assert run.history.stride > 1
