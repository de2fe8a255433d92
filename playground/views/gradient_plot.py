"""The gradient-size strip: each layer's ||dL/dW^(l)|| per epoch on a log axis, from the
frame's ``gradients`` (session/gradient_sizes.py, the norm of the last batch of each epoch).

In a deep sigmoid network the lines of the first layers sit decades below the last one's
(the vanishing gradient); with ReLU or tanh they stay close. One line per layer, from light
(layer 1) to dark (layer L), as the title says. A frame with the same points as the
last one (most frames of a long epoch) changes nothing; zeros and infinities are left out.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from .graph_text import SUP

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
        self.showGrid(x=True, y=True, alpha=0.2)
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.hideButtons()
        for name in ("bottom", "left"):
            self.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.lines, self.shown = [], None

    def show_frame(self, frame):
        c = frame.gradients
        if c is None:
            return
        key = (len(c.epochs), c.norms.shape[1], float(c.epochs[-1]) if len(c.epochs) else None)
        if key == self.shown:
            return
        self.shown = key
        layers = c.norms.shape[1]
        if len(self.lines) != layers:
            self._make_lines(layers)
        for l, line in enumerate(self.lines):
            norms = c.norms[:, l]
            keep = np.isfinite(norms) & (norms > 0)  # a log axis has no 0 (nor inf)
            line.setData(c.epochs[keep], norms[keep])
        if len(c.epochs):
            self.enableAutoRange()
        else:  # before the first update: plain decades, not the log axis's odd empty ticks
            self.setRange(xRange=(0, 10), yRange=(-4, 0), padding=0)

    def _make_lines(self, layers):
        for line in self.lines:
            self.removeItem(line)
        self.lines = [self.plot(pen=pg.mkPen(shade(l, layers), width=2))
                      for l in range(1, layers + 1)]
        last = f"({layers})".translate(SUP)
        self.setTitle(f"W⁽¹⁾ light … W{last} dark", size="8pt",
                      color="#333333")
        for line in self.lines:
            line.setClipToView(True)
            line.setDownsampling(auto=True, method="peak")

    def curve_data(self) -> list:
        """Per layer the (epochs, norms) given to the line (before the log axis): for tests."""
        return [(line.xData, line.yData) for line in self.lines]
