"""The gradient-size strip: each layer's ||dL/dW^(l)|| per epoch on a log axis, from the
frame's ``gradients`` (session/gradient_sizes.py, the norm of the last batch of each epoch).

In a deep sigmoid network the lines of the first layers sit decades below the last one's
(the vanishing gradient); with ReLU or tanh they stay close. One line per layer, from light
(layer 1) to dark (layer L), as the title says. A frame with the same points as the
last one (most frames of a long epoch) changes nothing; zeros and infinities are left out.
While the curve only grows (playing) it is drawn at most every ``THROTTLE_MS`` (a timer draws
the last one), and the axes grow in round steps (decades, 1-1.5-2-3... epochs): the strip is
an overview, and a frame spent on it is a frame less of training.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from . import palette
from .graph_text import SUP
from .loss_plot import STEPS, settle

THROTTLE_MS = 500  # while playing, at most two redraws a second: each costs a few ms of training

SHADES = ("#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", "#041a3a")


def shade(l: int, layers: int) -> QColor:
    """Layer ``l`` (1..layers): the last layer darkest."""
    return QColor(SHADES[max(len(SHADES) - 1 - (layers - l), 0)])


class GradientPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent, background="w")
        self.setObjectName("gradientPlot")
        self.setToolTip("The size of each layer's gradient, ||∂L/∂W⁽ˡ⁾|| of the last batch of "
                        "each epoch, on a log axis: lines far below the last layer's mean a "
                        "vanishing gradient (a deep sigmoid network), close lines a healthy one")
        self.setLabel("left", "|∂L/∂W|")
        self.setLogMode(y=True)
        # Decades only: in a strip this short the log axis's minor labels (0.02, 0.03...) overlap.
        self.getAxis("left").setTickSpacing(1.0, 1.0)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.hideButtons()
        for name in ("bottom", "left"):
            self.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.lines, self.shown, self.waiting, self._range = [], None, None, None
        self.timer = QTimer(self, singleShot=True, interval=THROTTLE_MS)
        self.timer.timeout.connect(self._catch_up)

    def show_frame(self, frame):
        c = frame.gradients
        if c is None:
            return
        key = (len(c.epochs), c.norms.shape[1], float(c.epochs[-1]) if len(c.epochs) else None)
        if key == self.shown:
            return
        grows = self.shown is not None and key[1] == self.shown[1] and key[0] > self.shown[0]
        if grows and self.timer.isActive():  # drawn a moment ago: the timer draws the latest
            self.waiting = c
            return
        self._draw(c, key)
        self.timer.start()

    def flush(self):
        """Draw now what waits for the timer (a picture is about to be taken)."""
        if self.waiting is not None:
            self.timer.stop()
            self._catch_up()

    def _catch_up(self):
        c, self.waiting = self.waiting, None
        if c is not None:
            self._draw(c, (len(c.epochs), c.norms.shape[1],
                           float(c.epochs[-1]) if len(c.epochs) else None))

    def _draw(self, c, key):
        self.shown = key
        layers = c.norms.shape[1]
        if len(self.lines) != layers:
            self._make_lines(layers)
        for l, line in enumerate(self.lines):
            norms = c.norms[:, l]
            keep = np.isfinite(norms) & (norms > 0)  # a log axis has no 0 (nor inf)
            line.setData(c.epochs[keep], norms[keep])
        self._follow(c)

    def _follow(self, c):
        """Every epoch so far and every norm, in round steps (decades): the axes seldom change.
        Before the first update: plain decades, not the log axis's odd empty ticks."""
        x_max, lo, hi = 10.0, -4, 0
        values = c.norms[np.isfinite(c.norms) & (c.norms > 0)]
        if len(c.epochs):
            x_max = palette.nice_ceiling(max(10.0, float(c.epochs[-1])), STEPS)
        if values.size:
            lo, hi = math.floor(np.log10(values.min())), math.ceil(np.log10(values.max()))
            hi = max(hi, lo + 1)
        if (x_max, lo, hi) != self._range:
            self._range = (x_max, lo, hi)
            self.setRange(xRange=(0, x_max), yRange=(lo, hi), padding=0.02)
            settle(self)

    def _make_lines(self, layers):
        for line in self.lines:
            self.removeItem(line)
        self.lines = [self.plot(pen=pg.mkPen(shade(l, layers), width=2))
                      for l in range(1, layers + 1)]
        last = f"({layers})".translate(SUP)
        self.setTitle(f"W⁽¹⁾ light … W{last} dark", size="8pt",
                      color="#333333")
        for line in self.lines:
            line.setDownsampling(auto=True, method="peak")

    def curve_data(self) -> list:
        """Per layer the (epochs, norms) given to the line (before the log axis): for tests."""
        self.timer.stop()
        self._catch_up()
        return [(line.xData, line.yData) for line in self.lines]
