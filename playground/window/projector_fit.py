"""Fitting a projector: a narrow screen (1024 or 1280 pixels) in large type (zoom up to 2).

``ProjectorFit(window)`` is called by ``Docks.fit`` on every resize and zoom. When the data
panel, the graph's least width, a decision plot of ``PLOT_MIN`` pixels and the docks would not
fit side by side, the data panel moves into a "Data" tab beside the inspector (and back when
there is room), and in the largest type the network's controls into a "Network" tab; the
docked views may shrink to about a quarter of the width; the dock tabs show whole titles
(scroll arrows, never "Insp…"). A new zoom keeps the window's size once the layout settles
(``keep_size``). A click on a unit, edge or bias in the graph brings the Inspector to the
front, whichever tab was in front before.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QTabBar

PLOT_MIN = 200   # the decision plot's least width (and height), in pixels
MARGINS = 40     # splitter handles, dock separators and the central margins
SHORT_ZOOM = 1.75  # from this zoom on, a narrow window also tabs the network's controls
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


class ProjectorFit(QObject):
    def __init__(self, window, docks):
        super().__init__(window)
        self.window, self.docks = window, docks
        self.data_scroll = window.splitter.widget(0)
        self.net_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.data_dock = QDockWidget("Data", window, objectName="dataDock")
        self.net_dock = QDockWidget("Network", window, objectName="networkDock")
        for dock in (self.data_dock, self.net_dock):
            dock.hide()
        self.narrow = self.short = False
        window.installEventFilter(self)  # new dock tab bars get whole titles
        window.network_view.graphics.scene().sigMouseClicked.connect(self._clicked)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.ChildAdded and isinstance(event.child(), QTabBar):
            whole_titles(event.child())
        return False

    def _clicked(self, event):
        """After the graph's own click: a selection brings the Inspector to the front."""
        if event.button() == Qt.MouseButton.LeftButton and self.window.selection is not None:
            self.docks.inspector_dock.show()
            self.docks.inspector_dock.raise_()

    def dock_width(self, zoom: float, dock_width: int) -> int:
        return min(int(dock_width * zoom), self.window.width() * 27 // 100)

    def place_data(self, dock_width: int, zoom: float):
        """The data panel in the splitter when everything fits in a row, else in a tab; in
        type this large (``SHORT_ZOOM``), the network's controls too, so that the graph keeps
        its height on a 720 or 768 pixel screen."""
        w = self.window
        size = w.size()  # a move may add a dock beside the others for a moment: keep the size
        # from sizes that do not depend on where the panels are, so that a move never undoes itself
        middle = max(w.network_panel.minimumSizeHint().width(),
                     w.network_view.minimumSizeHint().width())
        room = w.width() - dock_width - MARGINS - middle - self.data_scroll.minimumWidth()
        narrow = room < PLOT_MIN
        if narrow != self.narrow:
            self.narrow = narrow
            self._move(self.data_scroll, self.data_dock, narrow,
                       lambda: w.splitter.insertWidget(0, self.data_scroll))
            self.data_scroll.show()
        short = narrow and zoom >= SHORT_ZOOM
        if short != self.short:
            self.short = short
            column = w.network_view.parentWidget().layout()
            if short:  # a scroll area: the dock stays as narrow as the others
                self.net_scroll.setWidget(w.network_panel)
            else:
                self.net_scroll.takeWidget()
            self._move(self.net_scroll, self.net_dock, short,
                       lambda: column.insertWidget(0, w.network_panel))
            w.network_panel.show()
        self.tabs()
        if w.size() != size:
            w.layout().activate()
            w.resize(size)

    def _move(self, widget, dock, into_dock: bool, put_back):
        """``widget`` into ``dock`` (a tab beside the inspector), or back where it was."""
        w = self.window
        if into_dock:
            dock.setWidget(widget)
            w.addDockWidget(RIGHT, dock)
            w.tabifyDockWidget(self.docks.inspector_dock, dock)
            dock.show()
            self.docks.inspector_dock.raise_()
        else:
            dock.setWidget(None)
            w.removeDockWidget(dock)
            put_back()

    def keep_size(self, size, tries=8):
        """Back to ``size`` once the layout has settled (a few rounds of events): new type
        may widen the window for a moment, before the panels move into tabs."""
        self.window.layout().activate()
        self.window.resize(size)
        if self.window.size() != size and tries:
            QTimer.singleShot(0, lambda: self.keep_size(size, tries - 1))

    def tabs(self):
        for bar in self.window.findChildren(QTabBar):
            if bar.parent() is self.window:
                whole_titles(bar)


def whole_titles(bar: QTabBar):
    bar.setElideMode(Qt.TextElideMode.ElideNone)
    bar.setUsesScrollButtons(True)
    bar.setExpanding(False)
