"""A projector's screen: 1024 x 768 and 1280 x 720 at zoom 1, 1.5 and 2. The window keeps the
screen's size, the decision plot keeps at least 200 pixels each way, no dock tab's title is
elided, the data and network controls stay reachable (in tabs when narrow) and come back when
there is room; a click on the graph brings the Inspector to the front."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtWidgets import QApplication, QTabBar

from playground.session.face import Session
from playground.session.settings import default_settings
from playground.window.main_window import MainWindow
from playground.window.projector_fit import PLOT_MIN


def make(qtbot, size):
    w = MainWindow(Session(default_settings("spiral")))
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    QApplication.processEvents()
    return w


def tab_titles(w):
    """(title, room for it, width it needs) of every dock tab."""
    out = []
    for bar in w.findChildren(QTabBar):
        if bar.parent() is w and bar.isVisible():
            for k in range(bar.count()):
                out.append((bar.tabText(k), bar.tabRect(k).width(),
                            bar.fontMetrics().horizontalAdvance(bar.tabText(k)), bar.elideMode()))
    return out


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
@pytest.mark.parametrize("zoom", [1.0, 1.5, 2.0])
def test_a_projector_screen_fits_at_every_zoom(qtbot, size, zoom):
    w = make(qtbot, size)
    w.docks.set_zoom(zoom)
    qtbot.waitUntil(lambda: w.size() == QSize(*size))  # the type grew; the window did not
    QApplication.processEvents()
    assert w.minimumSizeHint().width() <= size[0] and w.minimumSizeHint().height() <= size[1]
    b = w.boundary_view
    assert b.isVisible() and b.width() >= PLOT_MIN and b.height() >= PLOT_MIN
    titles = tab_titles(w)
    assert {"Inspector", "Matrices", "Gradient check"} <= {t[0] for t in titles}
    for title, room, needs, mode in titles:
        assert mode == Qt.TextElideMode.ElideNone and room >= needs, title
    t = w.training
    assert t.step.isVisible() and t.epoch.geometry().right() <= t.width()
    assert w.data_panel.window() is w and w.network_panel.window() is w
    assert w.network_view.width() >= 0.2 * size[0]


def test_the_panels_come_back_when_there_is_room(qtbot):
    w = make(qtbot, (1024, 768))
    w.docks.set_zoom(2.0)
    qtbot.waitUntil(lambda: w.docks.projector.short)
    assert w.findChild(type(w.docks.inspector_dock), "dataDock").isVisible()
    w.docks.set_zoom(1.0)
    w.resize(1400, 800)
    qtbot.waitUntil(lambda: not w.docks.projector.narrow)
    assert w.splitter.widget(0).widget() is w.data_panel
    assert w.network_panel.parentWidget() is w.network_view.parentWidget()
    assert w.data_panel.isVisible() and w.network_panel.isVisible()
    assert not w.findChild(type(w.docks.inspector_dock), "dataDock").isVisible()


def front(w):
    """The title of the dock tab in front, in the inspector's column."""
    for bar in w.findChildren(QTabBar):
        titles = [bar.tabText(k) for k in range(bar.count())]
        if bar.parent() is w and "Inspector" in titles:
            return bar.tabText(bar.currentIndex())
    return None


def test_clicking_the_graph_brings_the_inspector_to_the_front(qtbot):
    w = make(qtbot, (1280, 720))
    qtbot.waitExposed(w)
    w.docks.matrix_dock.raise_()
    qtbot.waitUntil(lambda: front(w) == "Matrices")
    view = w.network_view
    lay = view.lay
    k = int(np.flatnonzero(lay.edge_l == 0)[0])
    point = QPointF(lay.x0[k] + 0.3 * (lay.x1[k] - lay.x0[k]), lay.y0[k] + 0.3 * (lay.y1[k] - lay.y0[k]))
    scene_pos = view.vb.mapViewToScene(point)
    target = view.target_at(scene_pos)
    assert target is not None and target[0] == "edge"
    qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.graphics.mapFromScene(scene_pos))
    assert w.selection == target
    qtbot.waitUntil(lambda: front(w) == "Inspector")
    # a selection made from the matrix view leaves the matrix view in front
    w.docks.matrix_dock.raise_()
    qtbot.waitUntil(lambda: front(w) == "Matrices")
    view.select(("node", 0, 0))
    QApplication.processEvents()
    assert front(w) == "Matrices"


def test_the_matrices_show_one_table_at_a_time_when_narrow(qtbot):
    w = make(qtbot, (1024, 768))
    w.docks.set_zoom(1.5)
    qtbot.waitUntil(lambda: w.size() == QSize(1024, 768))
    w.session.open_preset("xor")  # a four-sample table, whole (the issue saw two rows of it)
    w.session.finish_iteration()
    m = w.docks.matrix
    w.docks.matrix_dock.raise_()
    qtbot.waitUntil(m.isVisible)
    QApplication.processEvents()
    assert m.single.isVisible()
    shown = [key for key, panel in m.panels.items() if panel.isVisible()]
    assert shown == [m.single.currentData()]
    w.network_view.select(("edge", 0, 1, 0))  # the graph's selection brings its table
    QApplication.processEvents()
    assert m.single.currentData() == "W" and m.panels["W"].isVisible()
    m.single.setCurrentIndex(m.single.findData("Z"))
    QApplication.processEvents()
    z = m.table("Z")
    assert z.model().rowCount() == len(w.session.snapshot.x) and not z.verticalScrollBar().isVisible()
    assert not z.horizontalScrollBar().isVisible()


def test_a_wide_dock_shows_every_table(qtbot):
    w = make(qtbot, (1920, 1080))
    w.session.step()
    w.docks.matrix_dock.raise_()
    qtbot.waitUntil(w.docks.matrix.isVisible)
    m = w.docks.matrix
    assert not m.single.isVisible()
    assert all(m.panels[k].isVisible() for k in ("A_in", "W", "Z", "A", "D", "dW"))
