"""A small network stays large with the candidate inputs shown: those off take compact rows
below the input units, so the graph is drawn nearly as large as without them, and the column
titles get shorter rather than run into each other where the columns are close."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF

from playground.session.frame import Inputs
from playground.session.run import Run
from playground.views.graph_layout import MAP, OFF_MAP, layout
from playground.views.network_view import NetworkView

ON = (True, True, False, False, False, False, False)  # the default: x1, x2 of seven


def xor_frame():
    run = Run()
    run.publish()
    return [payload for kind, payload in run.take_events() if kind == "frame"][-1]


def test_off_candidates_sit_below_the_inputs_on_in_rows_about_half_as_far_apart():
    on = (False, True, False, False, True, False, True)
    lay = layout((3, 2, 1), on)
    rows_on, rows_off = lay.candidate_y[np.array(on)], np.sort(lay.candidate_y[~np.array(on)])
    assert np.allclose(-np.diff(rows_on), 1.0)  # the input units keep the units' pitch
    assert rows_off.max() < rows_on.min() - MAP / 2  # all the off ones below them
    pitch = np.diff(rows_off)
    assert np.all(pitch <= 0.55) and np.all(pitch > OFF_MAP)  # compact, and no maps overlap
    assert np.array_equal(lay.candidate_map, np.where(on, MAP, OFF_MAP))


def test_the_input_column_reaches_no_lower_than_it_must():
    """The on inputs stay centred as without candidates when the off rows fit beside a taller
    hidden layer; otherwise the column is centred on its own."""
    tall = layout((2, 8, 1), ON)
    assert np.allclose(tall.candidate_y[:2], layout((2, 8, 1)).y[:2])
    xor = layout((2, 3, 1), ON)
    assert xor.candidate_y.max() == pytest.approx(-xor.candidate_y.min())


@pytest.fixture
def view(qtbot):
    """A graph area of 450 x 200 pixels, as at zoom 1.5 in a 1400 x 900 window, with the
    app's font made 1.5 times larger, as that zoom makes it."""
    v = NetworkView()
    qtbot.addWidget(v)
    font = v.font()
    font.setPointSizeF(1.5 * font.pointSizeF())
    v.setFont(font)
    v.graphics.setFixedSize(450, 200)
    v.resize(700, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def pitch_pixels(view):
    """Pixels between the first hidden column's units 0 and 1."""
    lay, k = view.lay, view.lay.first(1)
    a = view.vb.mapViewToDevice(QPointF(lay.x[k], lay.y[k]))
    b = view.vb.mapViewToDevice(QPointF(lay.x[k + 1], lay.y[k + 1]))
    return abs(b.y() - a.y())


def test_the_xor_network_is_drawn_nearly_as_large_with_the_candidates_as_without(view, qtbot):
    frame = xor_frame()
    assert frame.inputs.on == ON and frame.info.sizes == (2, 3, 1)
    view.show_frame(frame._replace(inputs=Inputs()))
    bare = pitch_pixels(view)
    view.show_frame(frame)
    assert len(view.lay.candidate_y) == 7
    shown = pitch_pixels(view)
    assert bare > 20  # the view has room to draw at all
    assert shown >= 0.8 * bare, (shown, bare)


def test_column_titles_never_overlap_at_the_small_size(view, qtbot):
    frame = xor_frame()
    for width in (450, 330, 240, 120):  # at 120 not even "H1" fits: no titles at all
        view.graphics.setFixedSize(width, 200)
        qtbot.waitUntil(lambda: view.vb.width() <= width)
        view.show_frame(frame)
        view.graphics.grab()  # a paint: text items place themselves for the view's scale then
        titles = [t.textItem for t in view.titles if t.isVisible()]
        assert len(titles) in (0, 3), width
        rects = [t.sceneBoundingRect() for t in titles]
        assert all(r.width() > 0 for r in rects)
        for a, b in zip(rects, rects[1:]):
            assert not a.intersects(b), (width, [t.toPlainText() for t in titles])
    assert not titles  # the smallest


def test_a_compact_row_is_a_target_across_its_whole_height(view):
    """An off candidate's map is small; a hover or click anywhere in its row still finds it."""
    view.show_frame(xor_frame())
    lay = view.lay
    k = 4  # x1*x2, off
    pitch = abs(lay.candidate_y[k] - lay.candidate_y[k + 1])
    for dy in (0.0, 0.45 * pitch, -0.45 * pitch):  # beyond its map's edge, short of the next row
        scene = view.vb.mapViewToScene(QPointF(0.0, float(lay.candidate_y[k] + dy)))
        assert view.target_at(scene) == ("candidate", k), dy
    assert abs(0.45 * pitch) > OFF_MAP / 2  # the test reaches outside the map


def test_the_candidates_tiles_are_coloured_again_only_when_their_maps_change(qtbot, monkeypatch):
    from playground.views import map_strips, palette
    view = NetworkView()
    qtbot.addWidget(view)
    frame = xor_frame()
    view.show_frame(frame)
    n = len(frame.inputs.maps)
    assert n > 0
    first = view.maps.buffer[:n].copy()
    coloured = []
    rgba = palette.rgba
    monkeypatch.setattr(map_strips.palette, "rgba", lambda v, *a: (coloured.append(v.shape),
                                                                  rgba(v, *a))[1])
    layers = len(frame.maps)
    view.maps.draw(frame.maps, view.names, frame.inputs.maps)  # the same plane
    assert len(coloured) == layers, "only the layers' maps are coloured again"
    assert np.array_equal(view.maps.buffer[:n], first)
    view.maps.draw(frame.maps, view.names, tuple(-m for m in frame.inputs.maps))  # a new plane
    assert len(coloured) == 2 * layers + n
    assert not np.array_equal(view.maps.buffer[:n], first)


def test_edge_groups_that_stay_empty_are_not_set_again(qtbot):
    view = NetworkView()
    qtbot.addWidget(view)
    run = Run()
    run.publish()
    view.show_frame(run.take_events()[-1][1])
    drawing, sets = view.edge_drawing, {}
    groups = {"ghost": drawing.ghosts[True], "mark": drawing.marks[False], "halo": drawing.halo,
              "check": drawing.check_edges[0], "edge": drawing.edges[True]}
    for name, group in groups.items():
        original = group.setData
        group.setData = lambda *a, original=original, name=name: (
            sets.__setitem__(name, sets.get(name, 0) + 1), original(*a))
    run.play()  # frames of a playing run: no update phase, no check
    run.trainer.train_epochs(300)
    run.publish()
    view.show_frame([p for kind, p in run.take_events() if kind == "frame"][-1])
    assert sets.get("edge", 0) > 0, "the edges were not drawn again"
    assert not {k: v for k, v in sets.items() if k != "edge"}, sets
    assert all(len(groups[k].xs) == 0 for k in ("ghost", "mark", "halo", "check"))
