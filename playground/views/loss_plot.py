"""The loss per epoch, train and test, from the session's bounded LossHistory.

The curve holds at most a few thousand points however long training runs (the history thins
itself out). The y axis can be logarithmic; the title shows the values under the mouse. The
axes grow in round steps, so they are repainted from a cache on most frames. The title is a
plain text item in the plot's title row, in the widget's font (it follows the zoom), cut
short with "…" when the plot is narrow: a new text never lays the plot out again.

While training plays, the curve is appended to, not set anew: each series is a long ``body``
(the PlotDataItem the legend, the exports and the tests read) that is set again only once
``TAIL`` new points have come (or when the history thins itself out), and a short tail item
that draws the newest points from the body's end. A frame at rest puts every point in the body.
While playing, the bodies are drawn from a pixmap (an item cache) on the frames where only the
tails and the title change (most frames, with a long tail): a body of a few thousand points in
a 2-pixel pen costs about 0.7 ms a paint. This module is a little over 250 lines: the plot's
parts (title, legend row, axis name, body and tail) only work together.

The series: ``train_curve`` and ``test_curve`` are the losses the status line shows (with
L1/L2 regularisation, totals: data + λ·penalty); with a penalty, ``data_curve`` draws the
training set's data loss too. The legend sits in a row of its own above the plot, never over
a curve; the axis names the loss (cross-entropy or squared error).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem

from ..session.frame import LOSS_TITLES
from . import palette
from .loss_legend import LegendStrip

STEPS = (1, 1.5, 2, 3, 4, 5, 6, 8, 10)
TAIL = 256  # newest points drawn by the tail before they join the body
CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
DATA_PEN = pg.mkPen("#7b3294", width=1.5, dash=[1, 2])  # purple, dotted: under the total


class LossPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.setObjectName("lossPlot")
        self.setToolTip("Loss per epoch: the training set (solid) and the test set (dashed); "
                        "with L1/L2 regularisation these are totals, data loss + λ·penalty, "
                        "and the training set's data loss is drawn dotted")
        self.setLabel("bottom", "epoch")
        self.setLabel("left", "loss")
        self.showGrid(x=True, y=True, alpha=0.2)
        self.train_curve = self.plot(pen=pg.mkPen(palette.BLUE, width=2))
        self.test_curve = self.plot(pen=pg.mkPen(palette.ORANGE, width=2, dash=[4, 3]))
        self.data_curve = self.plot(pen=DATA_PEN)
        self.bodies = (self.train_curve, self.test_curve, self.data_curve)
        self.tails = tuple(pg.PlotDataItem(pen=body.opts["pen"]) for body in self.bodies)
        for tail in self.tails:  # in the view box only: not in the legend or the exports
            self.getPlotItem().vb.addItem(tail)
        self.loss_name = None  # the loss the axis names (NetInfo.loss)
        self.getPlotItem().vb.sigResized.connect(self._fit_axis_label)
        for curve in self.bodies:
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
        self._body, self._y_max = 0, np.nan  # points in the body; the highest loss drawn
        for name in ("bottom", "left"):  # repainted from a pixmap until the range changes
            self.getAxis(name).setCacheMode(CACHE)
            self.getAxis(name).enableAutoSIPrefix(False)  # plain numbers, no "(x0.001)"
        self.curve, self.log, self._range, self.title_text = None, False, None, ""
        label = self.getPlotItem().titleLabel
        self.title = QGraphicsSimpleTextItem(label)
        self.title.setBrush(QColor("#333333"))
        label.geometryChanged.connect(self._place_title)
        self._add_legend()  # fits the title too
        self.scene().sigMouseMoved.connect(self._hover)

    def _add_legend(self):
        """The legend in a row of its own between the title and the plot (the top axis's
        row, unused), anchored at its right: it never covers a curve."""
        item = self.getPlotItem()
        item.layout.removeItem(item.getAxis("top"))  # hidden, and never shown here
        self.legend = LegendStrip()
        item.layout.addItem(self.legend, 1, 1)
        self.regularized = None
        self._name_series(False)

    def _name_series(self, regularized: bool):
        """The legend's entries: totals and the data loss with a penalty, else train and test."""
        if regularized == self.regularized:
            return
        self.regularized = regularized
        names = (("train total", "test total", "train data") if regularized else ("train", "test"))
        self.legend.set_entries((name, curve.opts["pen"]) for curve, name in zip(self.bodies, names))
        self._fit_title()

    def _fit_title(self):
        """The title row: one line of the widget's font (the zoom changes it)."""
        item = self.getPlotItem()
        height = QFontMetricsF(self.font()).height() + 6
        item.titleLabel.setVisible(True)
        item.titleLabel.setMaximumHeight(height)
        item.layout.setRowFixedHeight(0, height)
        self.title.setFont(self.font())
        self._place_title()
        self.legend.set_font(self.font())  # "train", "test" grow too
        item.layout.setRowFixedHeight(1, self.legend.maximumHeight())

    def _fit_axis_label(self):
        """The loss's name on the axis where the plot is tall enough for it, else "loss" (a
        short plot in large type cut "cross-entropy" to "oss-entrop"); the tooltip names it."""
        name = LOSS_TITLES.get(self.loss_name, "loss")
        axis = self.getPlotItem().getAxis("left")
        # The label is centred on the axis and may run past it, but not past the widget.
        half = QFontMetricsF(axis.label.font()).horizontalAdvance(name) / 2
        centre = axis.sceneBoundingRect().center().y()
        fits = half + 2 <= min(centre, self.height() - centre)
        text = name if fits else "loss"
        if axis.labelText != text:
            self.setLabel("left", text)
            axis.setToolTip(f"The {name} per epoch")

    def _place_title(self):
        label, metrics = self.getPlotItem().titleLabel, QFontMetricsF(self.font())
        width = label.rect().width()
        text = metrics.elidedText(self.title_text, Qt.TextElideMode.ElideRight, max(width - 4, 0))
        if text != self.title.text():
            self.title.setText(text)
        self.title.setPos(max((width - metrics.horizontalAdvance(text)) / 2, 0), 3)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_title()
            self._fit_axis_label()

    def set_log(self, on: bool):
        self.log, self._range = bool(on), None
        self.setLogMode(y=self.log)
        for tail in self.tails:
            tail.setLogMode(False, self.log)
        if self.log:
            self.enableAutoRange(axis="y")
        self._follow()

    def show_frame(self, frame):
        self._cache_bodies(frame.playing)
        if frame.info.loss != self.loss_name:
            self.loss_name = frame.info.loss
            self._fit_axis_label()
        c = frame.curve
        self._name_series(c.regularized)
        if c is self.curve or (self.curve is not None and _same(c, self.curve)):
            return  # most frames of a long epoch: the same points
        grown = frame.playing and self._extends(c) and len(c.epochs) - self._body <= TAIL
        self.curve = c
        if grown:
            self._set_tail(c)
        else:
            self._set_body(c, len(c.epochs) - 1 if frame.playing else len(c.epochs))
        self._title(len(c.epochs) - 1)
        self._follow()

    def _cache_bodies(self, playing: bool):
        """Not at rest: no gain there, and a PNG export at 2x would differ in a few pixels."""
        mode = CACHE if playing else QGraphicsItem.CacheMode.NoCache
        if self.train_curve.curve.cacheMode() != mode:
            for body in self.bodies:
                body.curve.setCacheMode(mode)

    def _extends(self, c) -> bool:
        """Whether ``c`` holds the body's points and more (no thinning since)."""
        b, old = self._body, self.curve
        return (old is not None and 0 < b <= len(c.epochs) and c.epochs[b - 1] == old.epochs[b - 1]
                and c.train[b - 1] == old.train[b - 1])

    def _set_body(self, c, n):
        """All of ``c``'s first ``n`` points in the body, the rest in the tail."""
        self._body = n
        for body, y in zip(self.bodies, _series(c)):
            if body is self.train_curve or np.isfinite(y).any():
                body.setData(c.epochs[:n], y[:n])
            else:
                _clear(body)
        self._y_max = _highest(c.train, c.test)
        self._set_tail(c)

    def _set_tail(self, c):
        start = max(self._body - 1, 0)  # from the body's last point: no gap between them
        for tail, y in zip(self.tails, _series(c)):
            if len(c.epochs) > self._body and np.isfinite(y[start:]).any():
                tail.setData(c.epochs[start:], y[start:])
            else:
                _clear(tail)
        self._y_max = np.fmax(self._y_max, _highest(c.train[start:], c.test[start:]))

    def _follow(self):
        """Span every epoch so far and the highest loss, in round steps: the axes change rarely."""
        c = self.curve
        if c is None or not len(c.epochs):
            return
        x_max = palette.nice_ceiling(max(10.0, float(c.epochs[-1])), STEPS)
        y_max = palette.nice_ceiling(float(self._y_max) if np.isfinite(self._y_max) else 1.0, STEPS)
        if (x_max, y_max) != self._range:
            self._range = (x_max, y_max)
            self.setXRange(0, x_max, padding=0.02)
            if not self.log:
                self.setYRange(0, y_max, padding=0.02)
            settle(self)

    def _hover(self, scene_pos):
        if self.curve is None or not len(self.curve.epochs):
            return
        if not self.getPlotItem().vb.sceneBoundingRect().contains(scene_pos):
            self._title(len(self.curve.epochs) - 1)
            return
        x = self.getPlotItem().vb.mapSceneToView(scene_pos).x()
        k = int(np.clip(np.searchsorted(self.curve.epochs, x), 0, len(self.curve.epochs) - 1))
        if k > 0 and abs(self.curve.epochs[k - 1] - x) < abs(self.curve.epochs[k] - x):
            k -= 1
        self._title(k)

    def _title(self, k):
        text = ""
        if k >= 0:
            c = self.curve
            penalty = c.penalty is not None and np.isfinite(c.penalty[k])
            g = ".3g" if penalty else ".4g"  # one number more: fewer digits, the same width
            text = f"epoch {int(c.epochs[k])}: train {c.train[k]:{g}}"
            if penalty:
                text += f" (data {c.data[k]:{g}})"
            if np.isfinite(c.test[k]):
                text += f", test {c.test[k]:{g}}"
        if text != self.title_text:
            self.title_text = text
            self._place_title()


def settle(plot):
    """The view box takes its new range now, not in its paint, which would then come twice."""
    plot.getPlotItem().vb.prepareForPaint()


def _clear(item):
    """Empty ``item`` unless it is (no points: xData None): no setData a frame for nothing."""
    if item.xData is not None:
        item.setData([], [])


def _series(c) -> tuple:
    """The curve's series in the order of ``bodies``: train, test, the training data loss."""
    return c.train, c.test, c.data


def _highest(*series) -> float:
    """The highest finite value of the series (NaN if none)."""
    values = np.concatenate(series)
    values = values[np.isfinite(values)]
    return float(values.max()) if len(values) else float("nan")


def _same(a, b) -> bool:
    """Whether two loss curves hold the same points (compared cheaply: new points are added
    at the end, and a thinning drops points, which changes the length)."""
    return (len(a.epochs) == len(b.epochs) and
            (not len(a.epochs) or (a.epochs[-1], a.train[-1]) == (b.epochs[-1], b.train[-1])))
