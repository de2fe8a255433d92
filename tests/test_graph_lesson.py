"""What the network graph shows, read back through ``NetworkView.drawn()`` (DESIGN.md section 7)
and compared with the engine's Snapshot behind the window: the values of every unit, the
scales they are coloured on, the edges' widths and the update's change marks.
"""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox, QWidget

from playground.window.main_window import MainWindow
from playground.session.face import Session
from playground.session.settings import NetSettings, Settings, TrainSettings
from playground.views.graph_scales import CLAMP, edge_width

PHASES = ["forward", "output_delta", "hidden_delta", "hidden_delta", "update"]


@pytest.fixture
def window(qtbot):
    net = NetSettings(hidden=(3, 2), activations=("sigmoid", "tanh"), seed=3)
    w = MainWindow(Session(Settings(net=net, train=TrainSettings(eta=0.5))))
    qtbot.addWidget(w)
    return w


def step(window):
    window.findChild(QPushButton, "stepButton").click()


def drawn(window) -> dict:
    return window.findChild(QWidget, "networkView").drawn()


def show_sample(window, number):
    window.findChild(QSpinBox, "sampleSpin").setValue(number)


def blueness(color: str) -> int:
    """Blue minus red: rises from the orange end of the scale through white to the blue end."""
    c = QColor(color)
    return c.blue() - c.red()


def shown_values(snap, sample):
    """Per column what the units must show: x, then a (forward) or delta (later), or None."""
    rows = snap.a[1:] if snap.phase in (None, "forward") else snap.delta
    return [snap.x[sample]] + [None if r is None else r[sample] for r in rows]


def test_drawn_agrees_with_the_snapshot_in_every_phase_and_sample(window):
    for phase in PHASES:
        step(window)
        for sample in range(4):
            show_sample(window, sample + 1)
            d, snap = drawn(window), window.session.snapshot
            assert d["phase"] == phase
            assert d["unit_quantity"] == ("activation" if phase == "forward" else "delta")
            expected = shown_values(snap, sample)
            for u in d["units"]:
                values = expected[u["layer"]]
                if u["layer"] == 0:
                    assert u["state"] == "input" and u["value"] == values[u["index"] - 1]
                elif values is None:
                    assert u["state"] == "pending" and u["value"] is None
                else:
                    assert u["state"] == "value" and u["value"] == values[u["index"] - 1]
            assert len(d["units"]) == sum(snap.weights[0].shape[1:]) + sum(w.shape[0] for w in snap.weights)


def test_edges_and_biases_are_the_seeds_w_ji_with_widths_growing_with_w(window):
    step(window)
    d, snap = drawn(window), window.session.snapshot
    assert len(d["edges"]) == sum(w.size for w in snap.weights)
    for e in d["edges"]:  # W_ji^(l) of the seeds is weights[l - 1][j - 1, i - 1]
        assert e["weight"] == snap.weights[e["layer"] - 1][e["to"] - 1, e["from"] - 1]
    by_size = sorted(d["edges"], key=lambda e: abs(e["weight"]))
    widths = [e["width"] for e in by_size]
    assert all(a < b for a, b in zip(widths, widths[1:]))  # no two weights here are equal
    colors = {e["weight"] > 0: e["color"] for e in d["edges"]}
    assert len(colors) == 2 and blueness(colors[True]) > 0 > blueness(colors[False])
    assert [b["value"] for b in d["biases"]] == list(np.concatenate(snap.biases))
    assert [e["old_width"] for e in d["edges"]] == [None] * len(d["edges"])
    assert [(l["layer"], l["title"].split("\n")[-1]) for l in d["layers"]] == \
        [(0, "Input"), (1, "sigmoid"), (2, "tanh"), (3, "sigmoid")]


def test_width_is_continuous_and_strictly_increasing_below_the_clamp():
    w = np.sort(np.random.default_rng(0).uniform(0, CLAMP, 2000))
    width = edge_width(w)
    assert np.all(np.diff(width) > 0)
    assert np.all(edge_width(-w) == width)  # the sign is the colour's business
    assert np.all(edge_width([CLAMP, 2 * CLAMP, 100.0]) == edge_width(CLAMP))
    near = edge_width(w + 1e-9) - width  # continuous: a tiny change makes a tiny difference
    assert np.all(np.abs(near) < 1e-3)


def test_colours_follow_the_values_on_each_scale(window):
    for _ in range(3):  # output delta, then the last hidden layer's
        step(window)
    d = drawn(window)
    scales = {s["layer"]: s for s in d["scales"]}
    for layer in (2, 3):
        units = sorted((u for u in d["units"] if u["layer"] == layer), key=lambda u: u["value"])
        s = scales[layer]
        assert s["lo"] == -s["hi"] and s["mode"] == "per layer"
        assert all(abs(u["value"]) <= s["hi"] for u in units)
        shades = [blueness(u["color"]) for u in units]
        assert shades == sorted(shades) and (shades[0] < 0 or shades[-1] > 0)


def test_scales_stay_put_across_samples_and_phases_of_an_iteration(window):
    for iteration in range(3):
        seen = {}
        for phase in PHASES:
            step(window)
            snap = window.session.snapshot
            for sample in range(4):
                show_sample(window, sample + 1)
                for s in drawn(window)["scales"]:
                    if s["mode"] not in ("pending", "activation", "input"):
                        bound = seen.setdefault(s["layer"], (s["lo"], s["hi"]))
                        assert (s["lo"], s["hi"]) == bound, (iteration, phase, sample)
        for layer, (lo, hi) in seen.items():  # every delta of the batch fits, with room to spare
            biggest = np.abs(snap.delta[layer - 1]).max()
            assert biggest <= hi <= 2.5 * biggest


def test_a_hidden_delta_a_fifth_of_the_outputs_is_clearly_coloured(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    for _ in range(3):  # the default XOR network: forward, output delta, hidden delta
        step(w)
    snap, d = w.session.snapshot, drawn(w)
    output = np.abs(snap.delta[-1]).max()
    hidden = [u for u in d["units"] if u["layer"] == 1]
    strongest = max(hidden, key=lambda u: abs(u["value"]))
    assert abs(strongest["value"]) < 0.5 * output  # small beside the output's delta ...
    c = QColor(strongest["color"])
    assert 255 * 3 - (c.red() + c.green() + c.blue()) > 150  # ... yet far from white


def test_activations_use_their_own_range(window, qtbot):
    step(window)
    scales = {s["layer"]: (s["lo"], s["hi"]) for s in drawn(window)["scales"]}
    assert scales[1] == (0.0, 1.0) and scales[2] == (-1.0, 1.0) and scales[3] == (0.0, 1.0)
    window.findChild(QComboBox, "activationCombo1").setCurrentText("relu")
    step(window)
    d, snap = drawn(window), window.session.snapshot
    lo, hi = d["scales"][1]["lo"], d["scales"][1]["hi"]
    assert lo == 0.0 and snap.a[1].max() <= hi <= 2.5 * snap.a[1].max()


def test_change_marks_only_in_the_update_and_growing_with_the_change(window):
    for phase in PHASES:
        step(window)
        d, snap = drawn(window), window.session.snapshot
        marks = [e["change_width"] for e in d["edges"]]
        if phase != "update":
            assert marks == [None] * len(marks)
            continue
        for e in d["edges"]:
            old = snap.old_weights[e["layer"] - 1][e["to"] - 1, e["from"] - 1]
            assert e["old_width"] == pytest.approx(float(edge_width(old)))
            e["dw"] = abs(e["weight"] - old)
        for layer in (1, 2, 3):
            edges = sorted((e for e in d["edges"] if e["layer"] == layer), key=lambda e: e["dw"])
            widths = [e["change_width"] for e in edges]
            assert widths == sorted(widths) and widths[-1] >= 3.0


def test_the_glow_marks_the_weights_the_delta_travels_back_through(window):
    view = window.findChild(QWidget, "networkView")
    lay = view.lay
    for phase in PHASES:
        step(window)
        snap = window.session.snapshot
        xs, _ = view.glow.getData()
        if phase == "hidden_delta":  # delta of layer l (engine index) comes back over W^(l+1)
            used = lay.edge_l == snap.layer + 1
            assert view.glow.isVisible() and sorted(xs[0::2]) == sorted(lay.x0[used])
        else:
            assert not view.glow.isVisible()


def delta_bounds(window) -> dict:
    return {s["layer"]: s["hi"] for s in drawn(window)["scales"] if s["layer"] > 0}


def test_the_scale_menu_offers_per_layer_shared_and_locked(window, monkeypatch):
    for _ in range(4):  # every delta of the iteration known
        step(window)
    snap, view = window.session.snapshot, window.network_view
    per_layer = delta_bounds(window)
    action = {name: window.findChild(QAction, name)
              for name in ("scalePerLayer", "scaleShared", "scaleLocked")}
    action["scaleShared"].trigger()  # every layer on the output delta's scale
    assert delta_bounds(window) == {layer: per_layer[3] for layer in (1, 2, 3)}
    assert {s["mode"] for s in drawn(window)["scales"][1:]} == {"shared"}
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getDouble", lambda *a, **k: (0.25, True))
    action["scaleLocked"].trigger()
    assert delta_bounds(window) == {1: 0.25, 2: 0.25, 3: 0.25} and view.scale_mode == "locked"
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getDouble", lambda *a, **k: (9.0, False))
    action["scaleShared"].trigger()
    action["scaleLocked"].trigger()  # cancelled: stays shared
    assert view.scale_mode == "shared" and action["scaleShared"].isChecked()
    view.set_scale_mode("per layer")
    assert delta_bounds(window) == per_layer and action["scalePerLayer"].isChecked()
    assert np.abs(snap.delta[0]).max() < 0.5 * per_layer[3]  # the hidden deltas are smaller ...
    assert per_layer[1] < per_layer[3]  # ... and have a scale of their own


def test_the_legend_says_which_scale_changed_since_the_last_iteration(window):
    legend, finish = window.network_view.legend, window.findChild(QPushButton, "finishButton")
    before, changes = None, 0
    for _ in range(60):
        finish.click()
        now = delta_bounds(window)
        changed = before is not None and now != before
        assert ("was" in legend.ranges) == changed and legend.notes == changed
        changes += changed
        before = now
    assert changes > 0


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1400, 800)])
def test_every_part_of_the_legend_fits_its_row(qtbot, size):
    from PySide6.QtWidgets import QApplication
    from window_helpers import make_window

    w = make_window(qtbot)
    w.resize(*size)
    for _ in range(5):  # through the Update: the longest texts
        step(w)
    QApplication.processEvents()
    legend = w.network_view.legend
    widths = legend.widths()
    places = legend.places(widths)
    assert all(x + width <= legend.width() for (_, x), width in zip(places, widths))
    assert legend.height() == (places[-1][0] + 1) * legend.row_height() == legend.rows * legend.row_height()
    for mark in ("sign of w", "ghost", "change", "glow", "biases", "pending", "own scale"):
        assert mark in legend.toolTip()


def number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def test_numbers_on_the_graph_show_values_weights_and_gradients(window):
    view = window.network_view
    window.findChild(QAction, "numbersAction").trigger()
    assert view.show_numbers
    view.set_digits(4)
    for phase in PHASES[:3]:  # forward, output delta, the last hidden layer's delta
        step(window)
        snap, d = window.session.snapshot, drawn(window)
        shown = [number(t) for _, _, t in view.numbers.shown()]
        units = [u["value"] for u in d["units"] if u["value"] is not None]
        assert shown[:len(units)] == pytest.approx(units, abs=5e-5)
        edges = shown[len(units):]
        if phase == "forward":
            expected = np.concatenate([w.ravel() for w in snap.weights])
        else:  # the gradients computed so far, in place of the weights
            expected = np.concatenate([g.ravel() for g in snap.grad_w if g is not None])
        assert edges == pytest.approx(expected, abs=5e-5)
    window.findChild(QAction, "numbersAction").trigger()
    assert view.numbers.shown() == [] and not view.numbers.isVisible()


def test_a_dead_relu_unit_is_crossed_out_and_its_tooltip_says_why(qtbot):
    net = NetSettings(hidden=(3,), activations=("relu",), seed=3)
    w = MainWindow(Session(Settings(net=net, train=TrainSettings(eta=0.5))))
    qtbot.addWidget(w)
    view = w.network_view
    for target in [("edge", 0, 1, 0), ("edge", 0, 1, 1), ("bias", 0, 1)]:  # unit 2: z <= -1
        view.editRequested.emit(target, -1.0)
    step(w)
    a = w.session.snapshot.a[1]
    assert np.all(a[:, 1] == 0) and not np.all(a[:, 0] == 0)
    xs, ys = view.dead_marks.getData()
    dead = np.flatnonzero(np.all(a == 0, axis=0))  # unit 2, and any other the seed made dead
    x, y, _ = view.lay.dot()
    first = view.lay.first(1)
    assert view.dead_marks.isVisible() and 1 in dead and 0 not in dead
    assert sorted(zip(xs, ys)) == sorted(zip(x[first + dead], y[first + dead]))
    assert "dead" in view.tooltip_for(("node", 0, 1)) and "dead" not in view.tooltip_for(("node", 0, 0))
    for _ in range(3):  # its delta is 0, and so are its weights' gradients
        step(w)
    snap = w.session.snapshot
    assert np.all(snap.delta[0][:, 1] == 0) and np.all(snap.grad_w[0][1] == 0)


def test_the_inputs_scale_does_not_follow_each_mini_batch(qtbot):
    from playground.session.settings import default_settings

    s = default_settings("spiral")
    w = MainWindow(Session(Settings(s.data, NetSettings(hidden=(4,), activations=("tanh",)),
                                    TrainSettings(eta=0.1, batch_size=5))))
    qtbot.addWidget(w)
    bounds, biggest = [], []
    for _ in range(40):  # eight iterations of five phases, a new batch each
        step(w)
        bounds.append(drawn(w)["scales"][0]["hi"])
        biggest.append(np.abs(w.session.snapshot.x).max())
    assert bounds == sorted(bounds)  # it may widen, never narrow
    assert all(b >= m for b, m in zip(bounds, np.maximum.accumulate(biggest)))
    assert len({round(m, 1) for m in biggest}) > 1  # the batches did differ


def test_a_nice_ceiling_near_the_largest_float_stays_finite():
    from playground.views.graph_scales import nice_ceiling
    from playground.views.loss_plot import STEPS
    for v in (1.7e308, np.finfo(float).max, 9.9e307):
        top = nice_ceiling(v, STEPS)
        assert np.isfinite(top) and top >= v
    assert nice_ceiling(0.3) == 0.5 and nice_ceiling(7.0) == 10.0


def test_the_gradient_strip_labels_only_decades_however_short_it_is(qtbot):
    from PySide6.QtGui import QImage, QPainter
    from playground.views.gradient_plot import GradientPlot
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.resize(220, 90)  # a strip on a 768-pixel-high screen
    plot.show()
    qtbot.waitExposed(plot)
    plot.disableAutoRange()
    plot.setRange(xRange=(0, 10), yRange=(-2.1, -0.9), padding=0)  # a decade: labels piled up
    qtbot.waitUntil(lambda: plot.getAxis("left").range == [-2.1, -0.9])
    axis = plot.getAxis("left")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        texts = [text for _, _, text in axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()
    assert texts and not any("·" in text for text in texts), texts  # no k·10ⁿ minor labels


def test_a_symmetric_log_scale_shows_a_delta_a_hundredth_of_the_largest(window):
    from playground.views.graph_scales import positions
    for _ in range(4):  # every delta of the iteration known
        step(window)
    per_layer = delta_bounds(window)
    window.findChild(QAction, "scaleSymmetricLog").trigger()
    assert delta_bounds(window) == {layer: per_layer[3] for layer in (1, 2, 3)}, "one scale"
    assert {s["mode"] for s in drawn(window)["scales"][1:]} == {"symmetric log"}
    m = per_layer[3]
    values = np.array([-m, -m / 100, 0.0, m / 1000, m / 100, m / 10, m])
    placed, lo, hi = positions(values, -m, m, "symmetric log")
    linear, _, _ = positions(values, -m, m, "shared")
    assert (lo, hi) == (-placed[-1], placed[-1]) and np.all(np.diff(placed) > 0)  # monotone
    assert placed[4] / hi > 0.3 and linear[4] / m == pytest.approx(0.01)  # visible, not white
    assert placed[2] == 0 and placed[0] == -placed[-1]  # symmetric
    units = {(u["layer"], u["index"]): u for u in drawn(window)["units"]}
    snap = window.session.snapshot
    for j, d in enumerate(snap.delta[0][0]):  # hidden layer 1, sample 1: coloured by its sign
        colour = units[(1, j + 1)]["color"]
        assert colour != "#ffffff" and colour == palette_colour(d, m)


def palette_colour(value, m):
    from playground.views import palette
    from playground.views.graph_scales import positions
    k = palette.index(*positions(np.array([value]), -m, m, "symmetric log"))[0]
    return palette.BRUSHES[k].color().name()
