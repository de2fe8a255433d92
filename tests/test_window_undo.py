"""Stepping back in the real window: undo and redo return to every recorded point exactly
(weights, every snapshot array, the optimizer's state and the shuffles, bit for bit); a new
learning rate after an undo continues as a new branch; reset, a new network or new data clear
the timeline; the slider scrubs; playing records one point per drawn frame; memory is bounded."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
import random
import tracemalloc
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider

from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.settings import DataSettings, NetSettings, Settings, TrainSettings
from playground.session.timeline import CAPACITY, Timeline
from helpers import same_snapshot, same_tuple
from window_helpers import make_window


def state_now(session):
    """The live engine state: the stepper's snapshot and the trainer's own state."""
    snap, state = session.snapshot, session.trainer.state()
    assert same_tuple(snap.weights, session.trainer.net.weights)
    return dataclasses.replace(snap, state=state)


XOR = Settings()
MOONS = Settings(DataSettings(name="moons", n=40, seed=3),
                 NetSettings(hidden=(4, 3), activations=("tanh", "tanh")),
                 TrainSettings(eta=0.3, batch_size=7, optimizer="momentum"))
ADAM = replace(MOONS, train=TrainSettings(eta=0.05, batch_size=11, optimizer="adam"))


def act(window, qtbot, choice, rng):
    s = window.session
    if choice == "step":
        qtbot.mouseClick(window.training.step, Qt.MouseButton.LeftButton)
    elif choice == "finish":
        qtbot.mouseClick(window.training.finish, Qt.MouseButton.LeftButton)
    else:
        s.train(rng.randint(1, 3))


@pytest.mark.parametrize("settings", [XOR, MOONS, ADAM], ids=["xor-sgd", "moons-momentum",
                                                              "moons-adam"])
@pytest.mark.parametrize("seed", [0, 1])
def test_undo_and_redo_return_exactly_to_every_point(qtbot, settings, seed):
    window = make_window(qtbot, settings)
    s, a, rng = window.session, window.docks.actions, random.Random(seed)
    points = [state_now(s)]
    for _ in range(30):
        act(window, qtbot, rng.choice(["step", "step", "step", "finish", "train"]), rng)
        points.append(state_now(s))
    assert len(s.timeline) == len(points)
    for k in range(len(points) - 2, -1, -1):
        a.undo.trigger()
        assert same_snapshot(state_now(s), points[k]), k
    assert not a.undo.isEnabled() and s.timeline.index == 0
    for k in range(1, len(points)):
        a.redo.trigger()
        assert same_snapshot(state_now(s), points[k]), k
    assert not a.redo.isEnabled()


def test_the_same_steps_after_an_undo_give_the_same_numbers(qtbot):
    window = make_window(qtbot, MOONS)
    s, rng = window.session, random.Random(5)
    choices = [rng.choice(["step", "finish", "train"]) for _ in range(12)]
    counts = [rng.randint(1, 3) for _ in choices]
    points = []
    for choice, n in zip(choices, counts):
        act(window, qtbot, choice, random.Random(n))
        points.append(state_now(s))
    for _ in range(6):
        window.docks.actions.undo.trigger()
    for choice, n, point in zip(choices[6:], counts[6:], points[6:]):
        act(window, qtbot, choice, random.Random(n))  # a new branch that happens to agree
        assert same_snapshot(state_now(s), point)
    assert not s.timeline.can_redo()


def test_a_new_learning_rate_after_an_undo_continues_as_a_new_branch(qtbot):
    window = make_window(qtbot, XOR)
    s, a = window.session, window.docks.actions
    for _ in range(8):
        s.step()  # two iterations of a 2-3-1 network: 4 phases each
    for _ in range(4):
        a.undo.trigger()  # back to the end of the first update
    kept, where = len(s.timeline), s.timeline.index
    assert s.snapshot.phase == "update"
    window.training.eta.setValue(0.125)
    assert (len(s.timeline), s.timeline.index) == (kept, where) and a.redo.isEnabled()
    before = [w.copy() for w in s.trainer.net.weights]
    s.finish_iteration()
    snap = s.snapshot
    assert not a.redo.isEnabled() and len(s.timeline) == where + 2
    assert snap.eta == 0.125
    for w0, w1, g in zip(before, snap.weights, snap.grad_w):
        np.testing.assert_array_equal(w1, w0 - 0.125 * g)


def test_reset_a_new_network_and_new_data_clear_the_timeline(qtbot):
    window = make_window(qtbot, XOR)
    s = window.session
    for change in (lambda: qtbot.mouseClick(window.training.reset, Qt.MouseButton.LeftButton),
                   lambda: s.apply_settings(replace(s.settings, net=replace(s.settings.net,
                                                                            hidden=(4,)))),
                   lambda: window.data_panel.dataset.setCurrentText("circle")):
        for _ in range(5):
            s.step()
        assert len(s.timeline) == 6
        change()
        assert len(s.timeline) == 1 and not window.docks.actions.undo.isEnabled()
    assert s.settings.data.name == "circle" and s.trainer.net.sizes == [2, 4, 1]


def test_the_slider_and_the_keyboard_move_through_the_timeline(qtbot):
    window = make_window(qtbot, XOR)
    s = window.session
    points = [state_now(s)]
    for _ in range(6):
        qtbot.keyClick(window, Qt.Key.Key_Space)  # keyboard-only stepping
        points.append(state_now(s))
    slider = window.findChild(QSlider, "timelineSlider")
    assert (slider.maximum(), slider.value()) == (6, 6)
    slider.setValue(2)
    assert same_snapshot(state_now(s), points[2]) and s.timeline.index == 2
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert same_snapshot(state_now(s), points[1]) and slider.value() == 1
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert same_snapshot(state_now(s), points[3]) and slider.value() == 3
    assert "1,000" in slider.toolTip() and "1,000" in window.docks.actions.undo.toolTip()


def test_playing_records_one_point_per_drawn_frame(qtbot):
    window = make_window(qtbot, XOR)
    s = window.session
    frames = []
    s.frameReady.connect(frames.append)
    s.set_speed(None)
    start_points, start_epoch = len(s.timeline), s.trainer.epoch
    s.play()
    qtbot.waitUntil(lambda: len(frames) >= 3 and s.trainer.epoch - start_epoch > 100)
    s.pause()
    added = len(s.timeline) - start_points
    assert 0 < added <= len(frames)
    assert s.trainer.epoch - start_epoch > 5 * added  # many epochs per point: not one per epoch
    window.docks.actions.undo.trigger()
    assert same_snapshot(s.snapshot, s.timeline.snapshots.at(-2))


def snapshot_bytes(n, N, n0, nL, units, params):
    """The bound per snapshot stated in engine/snapshot_history.py, in float64."""
    return 8 * (n * (2 * n0 + nL + 1 + 3 * units) + N + 6 * params)


# By default a timeline of a tenth of the window's capacity; the window's own behind -m slow.
@pytest.mark.parametrize("capacity", [CAPACITY // 10, pytest.param(CAPACITY, marks=pytest.mark.slow)])
def test_a_long_run_keeps_the_timeline_within_its_stated_bound(qtbot, capacity):
    window = MainWindow(Session(MOONS))  # not shown: the views' drawing is not measured
    qtbot.addWidget(window)
    s = window.session
    if capacity != CAPACITY:
        s.run.timeline = Timeline(capacity, capacity // 2)
    # moons 40 points, 20 % held out: N = 32, batches of n = 7, 2-4-3-1: U = 8, P = 31
    per_point = snapshot_bytes(7, 32, 2, 1, 8, (8 + 12 + 3) + (4 + 3 + 1))
    tracemalloc.start()
    try:
        for _ in range(capacity + capacity // 5):
            s.step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert capacity // 2 < len(s.timeline) <= capacity  # thinned at least once
    assert s.timeline.nbytes() <= capacity * per_point
    # everything the run allocated, Python objects included (about 3 KB a point, as stated)
    assert peak < capacity * (per_point + 3000) + 2_000_000
    where = s.timeline.index
    window.docks.actions.undo.trigger()
    assert s.timeline.index == where - 1
