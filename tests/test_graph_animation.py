"""The animated phases of the network graph, read through ``drawn()`` and its ``animation``
field. No test waits for time: each sets the animation's current time itself."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QSpinBox

from playground.session.face import Session
from playground.session.settings import NetSettings, Settings
from playground.window.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    net = NetSettings(hidden=(3, 2), activations=("sigmoid", "tanh"), seed=3)
    w = MainWindow(Session(Settings(net=net)))
    qtbot.addWidget(w)
    w.resize(1400, 800)
    w.show()
    qtbot.waitExposed(w)
    w.findChild(QSpinBox, "sampleSpin").setValue(4)  # x = (1, 1): every input carries a signal
    return w


def step(window):
    window.findChild(QPushButton, "stepButton").click()


def at(window, fraction):
    """Put the running animation at ``fraction`` of its length."""
    anim = window.network_view.animation.anim
    anim.setCurrentTime(int(round(fraction * anim.duration())))
    return window.network_view.drawn()


def test_the_delta_flows_back_along_w_with_strength_w_kj_delta_k(window):
    for _ in range(3):  # forward, output delta, then layer 2's delta (the tanh layer)
        step(window)
    snap, d = window.session.snapshot, at(window, 0.5)
    assert d["phase"] == "hidden_delta" and d["animation"]["phase"] == "hidden_delta"
    assert 0 < d["animation"]["progress"] < 1
    w, delta = snap.weights[snap.layer + 1], snap.delta[snap.layer + 1][3]
    carried = np.abs(w * delta[:, None])
    flow = {(f["layer"], f["to"], f["from"]): f["strength"] for f in d["animation"]["flow"]}
    assert set(flow) == {(snap.layer + 2, k + 1, j + 1) for k in range(w.shape[0])
                         for j in range(w.shape[1]) if carried[k, j] > 0}
    for (_, k, j), s in flow.items():
        assert s == pytest.approx(carried[k - 1, j - 1] / carried.max())
    # the layer the delta flows into is still fading in; the output's delta is shown whole
    faded = [u for u in d["units"] if u["layer"] == snap.layer + 1]
    done = at(window, 1.0)
    assert done["animation"] is None
    whole = [u for u in done["units"] if u["layer"] == snap.layer + 1]
    assert [u["color"] for u in faded] != [u["color"] for u in whole]
    assert [u["value"] for u in faded] == [u["value"] for u in whole]


def test_the_forward_pass_is_a_wave_from_the_inputs(window):
    step(window)
    early = at(window, 0.2)
    states = {u["layer"]: u["state"] for u in early["units"]}
    assert states == {0: "input", 1: "pending", 2: "pending", 3: "pending"}
    reach = [f for f in early["animation"]["flow"] if f["layer"] == 1]
    assert reach and max(f["strength"] for f in reach) == pytest.approx(1.0)
    later = at(window, 0.8)
    assert {u["layer"]: u["state"] for u in later["units"]}[2] == "value"
    assert {u["layer"]: u["state"] for u in later["units"]}[3] == "pending"
    done = at(window, 1.0)
    assert {u["state"] for u in done["units"] if u["layer"] > 0} == {"value"}


def test_the_update_eases_every_edge_from_its_old_to_its_new_width(window):
    for _ in range(5):  # forward, output delta, two hidden deltas, then the update
        step(window)
    first = window.network_view.drawn()["edges"][0]
    assert first["width"] == first["old_width"]  # the easing starts at the old widths
    mid = at(window, 0.5)["edges"]
    end = at(window, 1.0)["edges"]
    changed = [(m, e) for m, e in zip(mid, end) if abs(e["width"] - e["old_width"]) > 1e-3]
    assert changed
    for m, e in changed:
        lo, hi = sorted((e["old_width"], e["width"]))
        assert lo < m["width"] < hi


def test_a_click_or_the_next_step_finishes_an_animation_at_once(window, qtbot):
    view = window.network_view
    step(window)
    assert view.drawn()["animation"] is not None
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert view.drawn()["animation"] is None
    assert {u["state"] for u in view.drawn()["units"] if u["layer"] > 0} == {"value"}
    step(window)
    at(window, 0.3)
    step(window)  # the output delta's animation ends, the hidden delta's begins
    assert view.drawn()["animation"]["phase"] == "hidden_delta"


def test_the_length_is_a_view_setting_and_zero_turns_it_off(window):
    window.findChild(QAction, "animation300").trigger()
    assert window.session.view.animation_ms == 300
    step(window)
    assert window.network_view.animation.anim.duration() == 300
    window.findChild(QAction, "animation0").trigger()
    assert window.session.view.animation_ms == 0
    step(window)
    assert window.network_view.drawn()["animation"] is None


def test_fast_play_and_a_hidden_graph_never_animate_slow_play_does(window):
    view = window.network_view
    step(window)
    view.animation.finish()
    view.set_animation(speed=300, playing=True)
    window.session.train(1)
    assert view.drawn()["animation"] is None
    view.set_animation(speed=1, playing=True)
    window.session.train(1)
    assert view.drawn()["animation"]["phase"] == "forward"
    view.animation.finish()
    view.set_animation(playing=False)
    window.hide()
    step(window)
    assert view.drawn()["animation"] is None


def test_a_session_file_keeps_the_animations_length(tmp_path):
    from playground.session import session_file
    from playground.session.run import Run
    run = Run()
    run.set_view(animation_ms=800)
    run.save_session(tmp_path / "s.json")
    other = Run()
    assert other.view.animation_ms != 800
    assert other.install(session_file.load(tmp_path / "s.json"))
    assert other.view.animation_ms == 800


def test_the_graph_follows_play_and_speed_and_its_menu_the_setting(window):
    view = window.network_view
    assert window.findChild(QAction, "animation500").isChecked()  # the default
    window.session.set_speed(1)
    window.session.play()
    assert view.animation.playing and view.animation.speed == 1
    window.session.pause()
    assert not view.animation.playing
    window.session.set_view(animation_ms=800)
    assert window.findChild(QAction, "animation800").isChecked()
    assert not window.findChild(QAction, "animation500").isChecked()
