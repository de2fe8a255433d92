"""Long work in the window shows progress and can be stopped: a gradient check too big to run
at once runs in the session's ticks (checks.CheckJob over engine.gradcheck.check_steps), the
event loop keeps answering between its slices, Cancel or Esc stops it and changes nothing, and
its result is the one-shot check's, bit for bit. Esc pauses training that plays."""
import numpy as np
from PySide6.QtCore import Qt, QTimer

from engine import gradcheck
from playground.session.checks import gradient_check
from playground.session.run import Run
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings
from helpers import same
from window_helpers import make_window

# Too big to check at once (samples x parameters above check_control.AUTO_LIMIT), small enough
# to finish in a test: 177 parameters on 320 points.
MEDIUM = Settings(DataSettings(name="spiral", n=400), NetSettings(hidden=(8, 8, 8),
                  activations=("tanh",) * 3), TrainSettings(eta=0.1, batch_size=0))
# The window's widest: [2, 64 x 6, 1], 21,249 parameters, a check of many minutes.
BIG = Settings(DataSettings(name="spiral", n=200), NetSettings(hidden=(64,) * 6,
               activations=("tanh",) * 6), TrainSettings(eta=0.1, batch_size=10))


def same_check(a, b):
    return all(same(x, y) for name in ("analytic", "numerical", "bounds", "errors")
               for x, y in zip(getattr(a, name), getattr(b, name), strict=True)) \
        and all(np.array_equal(x, y) for x, y in zip(a.verdicts, b.verdicts)) \
        and a.kinks == b.kinks and a.bug == b.bug


def table_texts(view):
    t = view.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


# The session side, without a window

def test_a_check_in_slices_equals_the_check_at_once_bit_for_bit():
    run = Run(MEDIUM)
    run.step()
    params = [p.copy() for p in run.trainer.net.params()]
    run.start_check("missing_activation_derivative")
    ticks = 0
    while run.check_job is not None:
        run.tick()
        ticks += 1
    events = [p for kind, p in run.take_events() if kind == "check"]
    assert ticks > 1 and events[-1].result is not None  # it took more than one slice
    done = [p.done for p in events]
    assert done == sorted(done) and done[-1] == events[-1].total
    at_once = gradient_check(run.trainer.net, run.snapshot, "missing_activation_derivative")
    assert same_check(events[-1].result, at_once)
    assert events[-1].result.verdict == "fail"  # the planted bug is caught in slices too
    engine_check = gradcheck.check_gradients(run.trainer.net, run.snapshot.x, run.snapshot.t)
    run.start_check()
    while run.check_job is not None:
        run.tick()
    last = [p for kind, p in run.take_events() if kind == "check"][-1]
    assert same_check(last.result, engine_check)
    now = run.trainer.net.params()
    assert all(same(a, b) for a, b in zip(params, now))  # the check moved nothing


def test_cancel_and_play_drop_the_check_and_nothing_else():
    run = Run(BIG)
    run.step()
    before = [p.copy() for p in run.trainer.net.params()], run.snapshot
    run.start_check()
    while run.check_job.progress.done == 0:  # after the big network's full maps
        run.tick()
    assert run.busy
    run.cancel_check()
    assert run.check_job is None and not run.busy
    assert ("check", None) in run.take_events()
    assert all(same(a, b) for a, b in zip(before[0], run.trainer.net.params()))
    assert run.snapshot is before[1]
    run.start_check()
    run.play()  # the ticks go to training
    assert run.check_job is None and ("check", None) in run.take_events()
    run.pause()


# The window

def test_the_window_answers_during_a_big_check_and_esc_cancels_it(qtbot):
    window = make_window(qtbot, BIG)
    s, view = window.session, window.docks.check_view
    beats = []  # (parameters done) each time a zero-delay timer gets the event loop
    timer = QTimer(window)
    timer.timeout.connect(lambda: beats.append(s.check_job.progress.done if s.check_job else None))
    timer.start(0)
    weights = [p.copy() for p in s.trainer.net.params()]
    window.docks.run_check()
    assert s.check_job is not None and window.docks.result is None  # not at once
    qtbot.waitUntil(lambda: len({b for b in beats if b}) >= 3, timeout=60000)
    timer.stop()
    assert view.progress.isVisible() and view.cancel_button.isVisible()
    assert 0 < view.progress.value() < view.progress.maximum() == sum(p.size for p in weights)
    assert "%" in window.docks.status.text() and "Esc" in window.docks.status.text()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert s.check_job is None and not view.progress.isVisible()
    assert window.docks.result is None and not s.run.busy
    assert all(same(a, b) for a, b in zip(weights, s.trainer.net.params()))


def test_cancel_leaves_the_weights_and_the_result_shown_unchanged(qtbot):
    window = make_window(qtbot, MEDIUM)
    s, docks, view = window.session, window.docks, window.docks.check_view
    docks.run_check()
    qtbot.waitUntil(lambda: docks.result is not None, timeout=60000)
    assert same_check(docks.result, gradient_check(s.trainer.net, s.snapshot))  # bit for bit
    shown = docks.result, table_texts(view), view.summary.text(), docks.status.text()
    weights, snapshot = [p.copy() for p in s.trainer.net.params()], s.snapshot
    under_way = lambda p: p is not None and p.result is None and p.done > 0
    with qtbot.waitSignal(s.checkChanged, check_params_cb=under_way, timeout=60000):
        view.set_bug("output_delta_sign")  # a new check starts...
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)  # ...and is cancelled
    assert s.check_job is None and not view.progress.isVisible()
    assert (docks.result, table_texts(view), view.summary.text(), docks.status.text()) == shown
    assert all(same(a, b) for a, b in zip(weights, s.trainer.net.params()))
    assert s.snapshot is snapshot


def test_esc_pauses_training_that_plays(qtbot):
    window = make_window(qtbot, BIG)
    s = window.session
    s.play()
    qtbot.waitUntil(lambda: s.trainer.steps > 0, timeout=30000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not s.playing


# Finish on a heavy batch: a phase per tick

HEAVY = Settings(DataSettings(name="spiral", n=400), NetSettings(hidden=(64,) * 6,
                 activations=("tanh",) * 6), TrainSettings(eta=0.1, batch_size=0))


def test_a_heavy_finish_runs_a_phase_per_tick_to_the_same_bits():
    run, at_once = Run(HEAVY), Run(HEAVY)
    at_once.stepper.finish_iteration()  # the engine's one call
    run.take_events()
    run.finish_iteration()
    assert run.finishing and run.trainer.steps == 0  # nothing done at once
    ticks = 0
    while run.finishing:
        run.tick()
        ticks += 1
    phases = 2 + run.trainer.net.n_layers
    assert ticks == phases and run.trainer.steps == 1
    assert all(same(a, b) for a, b in zip(run.trainer.net.params(), at_once.trainer.net.params()))
    texts = [p for kind, p in run.take_events() if kind == "message"]
    assert any("%" in t for t in texts) and texts[-1] == "Iteration finished"


def test_pause_stops_a_heavy_finish_after_the_phase_under_way():
    run = Run(HEAVY)
    weights = [p.copy() for p in run.trainer.net.params()]
    run.finish_iteration()
    run.tick()
    run.tick()
    run.pause()
    assert not run.finishing
    assert run.snapshot.phase == "output_delta" and run.trainer.steps == 0
    assert all(same(a, b) for a, b in zip(weights, run.trainer.net.params()))
    frames = [p for kind, p in run.take_events() if kind == "frame"]
    assert frames[-1].snapshot is run.snapshot  # the frame shows where it stopped


def test_the_window_answers_during_a_heavy_finish_and_esc_stops_it(qtbot):
    window = make_window(qtbot, HEAVY)
    s = window.session
    phases = []  # the phase shown each time a zero-delay timer gets the event loop
    timer = QTimer(window)
    timer.timeout.connect(lambda: phases.append(s.snapshot.phase))
    timer.start(0)
    window.training.finish.click()
    assert s.finishing
    qtbot.waitUntil(lambda: len(set(phases)) >= 3, timeout=60000)  # forward, output δ, ...
    timer.stop()
    assert "Finishing the iteration" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not s.finishing and s.trainer.steps == 0
    assert window.network_view.frame.snapshot is s.snapshot


def test_play_stops_a_heavy_finish_and_plays_on_from_there():
    run = Run(HEAVY)
    run.finish_iteration()
    run.tick()
    run.play()
    assert run.playing and not run.finishing
    run.take_events()
    run.play()  # again: it goes on playing, nothing is published
    assert run.playing and run.take_events() == []
    run.pause()


def test_after_an_intent_a_timer_already_due_comes_before_the_next_slice_at_rest(qtbot):
    from playground.session.face import Session
    net = NetSettings(hidden=(64,) * 10, activations=("tanh",) * 10)
    s = Session(Settings(net=net))
    s.publish()  # a big network's full maps: computed in the timer's slices
    assert s.run.busy and s.timer.isActive()
    order, tick = [], s.run.tick
    s.run.tick = lambda: (order.append("slice"), tick())
    other = QTimer(singleShot=True, interval=0, timeout=lambda: order.append("other"))
    other.start()  # due before the intent ends
    s.set_view(show_test=False)
    assert s.run.busy
    qtbot.waitUntil(lambda: "other" in order)
    assert order[0] == "other", order
    qtbot.waitUntil(lambda: not s.run.busy)  # and the work goes on
