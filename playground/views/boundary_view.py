"""The decision boundary: the network's output over the input plane, with the data on top.

The image is the last of the session's maps (output unit 1 at 100 x 100 grid points; row i is
y = ys[i]) on the shared orange-blue scale, lightened: a sigmoid output goes from 0 (orange)
to 1 (blue).
A colour key on the right (``key``, a ColorBarItem, not interactive) shows that scale with
numbers: the output activation's range (sigmoid 0..1, tanh -1..1, else from the map); for a
regression set, the targets' range, which the points use too, so a point and the plane under it
have the same colour where the network fits it.
A softmax output (k classes) is drawn instead as the winning class's colour, lightened where the
network is unsure (class_colors.py), without the key; its points take their class's colour.
Hovering a unit of the graph (``show_unit``) shows that unit's map instead, with a caption
naming it and the key on its range; ``set_discretize`` paints the class alone (no shading, no
key). Which map and which colours: boundary_maps.py.
Training points are circles coloured by their target, test points (on a toggle) squares. A set
of more than ``MAX_DRAWN`` points is drawn as an even sample of that many (every k-th point),
and a note in the corner says so ("showing 2,000 of 100,000 points"): at 8 px a dot, more could
not be told apart on a plot this size, and setting them is the part of taking up a big set that
grows with it (100,000 dots took half a second to set, 5,000 about 20 ms).
Clicks ask for points (``pointClicked(x, y, action)``, data_edits.py): left adds class 1,
shift or right adds class 0, ctrl removes the nearest point.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem

from . import boundary_maps, class_colors, palette

# The scale lightened as by 70 % opacity over the white background, but opaque (alpha 255):
# an opaque pixmap is scaled onto the screen several times faster than a translucent image.
FADED = palette.LUT.copy()
FADED[:, :3] = (0.7 * palette.LUT[:, :3] + 0.3 * 255).round()
FADED[:, 3] = 255
FADED32 = np.ascontiguousarray(FADED).view(np.uint32).ravel()
FADED_MAP = pg.ColorMap(np.linspace(0.0, 1.0, len(FADED)), FADED)
MAX_DRAWN = 2000


def drawn(x, t):
    """The points a set shows: all of them, or every k-th point of a big one."""
    step = -(-len(x) // MAX_DRAWN)
    return (x, t) if step <= 1 else (x[::step], t[::step])


def point_brushes(t, kind: str, scale=None):
    """One brush per point: its class (0 orange, 1 blue; k classes: class_colors) or its
    target value on the scale ``(lo, hi)`` (default: the targets' own range)."""
    if class_colors.is_one_hot(t):
        return class_colors.class_brushes(t)
    values = np.asarray(t)[:, 0]
    lo, hi = (0.0, 1.0) if kind == "classification" else (
        scale or (float(values.min()), float(values.max())))
    return [palette.BRUSHES[k] for k in palette.index(values, lo, hi)]


def target_range(train, test=None) -> tuple:
    """The first target's range over both sets: a regression's map and points share it."""
    ts = [train.t[:, 0]] + ([test.t[:, 0]] if test is not None else [])
    lo, hi = min(float(t.min()) for t in ts), max(float(t.max()) for t in ts)
    return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)


def problem(data) -> str:
    """"two", "k" or "regression": which clicks add points (data_edits.target_of)."""
    return "regression" if data.kind == "regression" else "k" if data.n_targets > 1 else "two"


def tooltip(kind: str) -> str:
    """What the plot shows and what a click does, for data of ``kind`` (``problem``)."""
    shows = {"two": "The network's output over the input plane (orange 0, blue 1)",
             "k": "The most likely class over the input plane (lighter: less sure)",
             "regression": "The network's output over the input plane (its value: see the key)",
             }[kind]
    clicks = {"two": "Click: add a point of class 1; Shift+click or right click: class 0; ",
              "k": "Click: add a point of the class chosen in the Data panel's \"Add\" box; ",
              "regression": "A click adds no point (a regression target is a number); "}[kind]
    return (f"{shows}, with the training points (circles) and test points (squares).\n"
            f"{clicks}Ctrl+click: remove the nearest point")


class BoundaryView(pg.PlotWidget):
    pointClicked = Signal(float, float, str)   # x1, x2, "add1", "add0" or "remove"

    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.setObjectName("boundaryView")
        self.setToolTip(tooltip("two"))
        self.setAspectLocked(True)
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.getPlotItem().setMenuEnabled(False)  # the right button adds points
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setLabel("bottom", "x1")
        self.setLabel("left", "x2")
        for name in ("bottom", "left"):  # the axes stay put: paint them from a cached pixmap
            self.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            # Room for the tick text only grows: a label half a pixel narrower than the last
            # data's no longer lays the plot out again and paints it twice.
            self.getAxis(name).setStyle(autoReduceTextSpace=False)
        self.image = QGraphicsPixmapItem()  # FADED: lighter than the points
        self.train_points = pg.ScatterPlotItem(size=8, pen=pg.mkPen("#222222", width=1))
        self.test_points = pg.ScatterPlotItem(size=8, symbol="s", pen=pg.mkPen("#222222", width=1.5))
        for item in (self.image, self.train_points, self.test_points):
            self.addItem(item)
        for item in (self.train_points, self.test_points):  # the points seldom change: a pixmap
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.show_test = True
        self._data = self._extent = self._maps = self._frame = None
        self.unit, self.discretize = None, False  # the hovered unit's map target; class only
        self._labelled = None  # (key range, caption) last shown
        self.caption = pg.TextItem("", color="#222222", fill=pg.mkBrush(255, 255, 255, 210))
        self.caption.setObjectName("boundaryCaption")
        self.caption.setParentItem(self.getPlotItem().vb)  # in the plot's pixels, top left
        self.caption.setPos(2, 2)
        self.caption.setZValue(20)
        self.caption.setVisible(False)
        self.note = pg.TextItem(color="#333333", fill=pg.mkBrush(255, 255, 255, 210), anchor=(0, 0))
        self.note.setParentItem(self.getPlotItem().vb)  # in the box's pixels: under the caption
        self.note.setPos(2, 2)
        self.note.setZValue(20)
        self.note.hide()
        self.key = pg.ColorBarItem(values=(0.0, 1.0), width=12, colorMap=FADED_MAP,
                                   interactive=False, colorMapMenu=False, pen="#444444")
        self.key.setToolTip("The colour key: the network's output at each point of the plane")
        self.key.axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.getPlotItem().layout.addItem(self.key, 2, 5)  # right of the plot, as insert_in does
        self.getPlotItem().layout.setContentsMargins(2, 8, 2, 2)  # room for the key's top number

    def _clicked(self, event):
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        mods, button = event.modifiers(), event.button()
        if button == Qt.MouseButton.LeftButton and mods & Qt.KeyboardModifier.ControlModifier:
            action = "remove"
        elif button == Qt.MouseButton.RightButton or mods & Qt.KeyboardModifier.ShiftModifier:
            action = "add0"
        elif button == Qt.MouseButton.LeftButton:
            action = "add1"
        else:
            return
        event.accept()
        self.pointClicked.emit(p.x(), p.y(), action)

    def set_show_test(self, show: bool):
        self.show_test = bool(show)
        self.test_points.setVisible(self.show_test)
        if self._data is not None:
            self._note_sample(*self._data)

    def show_frame(self, frame):
        if self._frame is None or frame.train is not self._frame.train:
            self.setToolTip(tooltip(problem(frame.train)))
        self._frame = frame
        if (frame.train, frame.test) != self._data:
            self._show_data(frame.train, frame.test)
        if frame.maps is not self._maps:
            self._maps = frame.maps
            self._paint(frame)
        if frame.extent != self._extent:
            x0, x1, y0, y1 = self._extent = frame.extent
            self.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def show_unit(self, unit):
        """Show ``unit``'s map large (("input", k) or ("node", l, j)); None: the output."""
        if unit != self.unit:
            self.unit = unit
            if self._frame is not None:
                self._paint(self._frame)

    def set_discretize(self, on: bool):
        """The class only (a view setting: ViewSettings.discretize)."""
        if bool(on) != self.discretize:
            self.discretize = bool(on)
            if self._frame is not None:
                self._paint(self._frame)

    def _paint(self, frame):
        """The picture of ``frame`` (boundary_maps.picture), its key and its caption."""
        pic = boundary_maps.picture(frame, self.unit, self.discretize, self._scale, FADED32)
        self._rgba, self.shown = pic.rgba, pic
        if (pic.key, pic.caption) != self._labelled:  # seldom: the axis and text re-render
            self._labelled = (pic.key, pic.caption)
            self._label(pic)
        n_rows, n_cols = pic.shape
        image = QImage(self._rgba.data, n_cols, n_rows, 4 * n_cols, QImage.Format.Format_RGBX8888)
        self.image.setPixmap(QPixmap.fromImage(image))  # a copy, in the screen's format
        x0, x1, y0, y1 = frame.extent  # row 0 (y0) at the bottom: the view's y goes up
        self.image.setTransform(QTransform.fromScale((x1 - x0) / n_cols, (y1 - y0) / n_rows))
        self.image.setPos(x0, y0)

    def _label(self, pic):
        """The key (its range, with its ends and middle as ticks) and the caption."""
        self.key.setVisible(pic.key is not None)
        if pic.key is not None:
            lo, hi = pic.key
            if pic.key != tuple(self.key.levels()):
                self.key.setLevels(pic.key)
            self.key.axis.setTicks([[(v, f"{v:.3g}") for v in (lo, (lo + hi) / 2, hi)]])
            self.key.setToolTip(boundary_maps.key_text(lo, hi, pic.caption))
        self.caption.setText(pic.caption)
        self.caption.setVisible(bool(pic.caption))
        self._stack_notes()

    def _show_data(self, train, test):
        self._data, self._scale = (train, test), target_range(train, test)
        self._maps = None  # a regression map's scale follows the targets: draw it again
        x, t = drawn(train.x, train.t)
        self.train_points.setData(pos=x[:, :2], brush=point_brushes(t, train.kind, self._scale))
        if test is None:
            self.test_points.setData([], [])
        else:
            x, t = drawn(test.x, test.t)
            self.test_points.setData(pos=x[:, :2], brush=point_brushes(t, test.kind, self._scale))
        self.test_points.setVisible(self.show_test)
        self._note_sample(train, test)

    def _note_sample(self, train, test):
        """Say how many points are drawn when a big set is drawn as a sample."""
        sets = [train] + ([test] if test is not None and self.show_test else [])
        total = sum(len(d.x) for d in sets)
        shown = sum(len(drawn(d.x, d.t)[0]) for d in sets)
        self.note.setText(f"showing {shown:,} of {total:,} points" if shown < total else "")
        self.note.setVisible(shown < total)
        self._stack_notes()

    def _stack_notes(self):
        """The sample note sits under the caption when both show, at the top left when alone."""
        below = self.caption.boundingRect().height() + 2 if self.caption.isVisible() else 0
        self.note.setPos(2, 2 + below)
