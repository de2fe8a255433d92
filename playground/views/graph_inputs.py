"""The candidate inputs of the network graph: their names beside the input column, what the
tooltips say of them, and the names of every unit whose map the decision plot can show.

The candidates are the frame's ``Inputs`` (x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2) for
data of two raw columns): the input column has a row per candidate (graph_layout.py), those
that are off faded, smaller, below those on and without edges. A click on one switches it on
or off (the network view emits ``featureToggled(name)``); the last one on stays on. Map targets, as the network view
emits them on hover: ``("input", k)`` for candidate k, ``("node", l, j)`` for unit j of the
engine's layer l (column l + 1). Only text and text items here.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

from .graph_scales import largest
from .graph_text import SUB

# The names as TensorFlow Playground writes them.
PRETTY = {"x1": "X₁", "x2": "X₂", "x1^2": "X₁²", "x2^2": "X₂²", "x1*x2": "X₁X₂",
          "sin(x1)": "sin X₁", "sin(x2)": "sin X₂"}
ON_COLOR, OFF_COLOR = "#222222", "#aaaaaa"


def input_range(plane) -> tuple:
    """A candidate's colour scale: symmetric, to its largest |value| on the plane (x1 on XOR's
    -0.15..1.15 would be pale on a rounded -2..2), so 0 is white in every input's map."""
    m = largest(plane)
    return (-m, m) if m > 0 else (-1.0, 1.0)


def pretty(name: str) -> str:
    return PRETTY.get(name, name)


def unit_name(target, n_columns: int, names=()) -> str:
    """How the decision plot's caption names a map target: ``X₁²``, ``h₂,₃`` (hidden layer 2,
    unit 3) or ``output 2``."""
    if target[0] == "input":
        return pretty(names[target[1]]) if target[1] < len(names) else f"input {target[1] + 1}"
    _, l, j = target
    if l + 2 == n_columns:
        return f"output {j + 1}"
    return "h" + f"{l + 1},{j + 1}".translate(SUB)


def click_text(inputs, k: int) -> str:
    """What a click on candidate k does, for its tooltip."""
    name = pretty(inputs.names[k])
    if not inputs.on[k]:
        return (f"{name} is off. Click: switch it on as an input unit (the network is built "
                "again, with new weights). Hover: its map in the decision plot.")
    if sum(inputs.on) == 1:
        return f"{name} is the only input on: it stays on. Hover: its map in the decision plot."
    return (f"Click: switch {name} off (the network is built again, with new weights). "
            "Hover: its map in the decision plot.")


class CandidateLabels:
    """The candidates' names, right-aligned to the left of their maps; those off grey and in a
    smaller font that fits their compact rows (``fit``: the rows' pitch in pixels)."""

    def __init__(self, vb):
        self.vb, self.items, self.shown, self.on = vb, [], None, ()
        self.font, self.off_pixels = QFont(), None

    def show(self, lay, inputs, font):
        key = (tuple(inputs.names), tuple(inputs.on), tuple(lay.candidate_y))
        if key == self.shown:
            return
        self.shown, self.on = key, tuple(inputs.on)
        for item in self.items:
            self.vb.removeItem(item)
        self.items = []
        for name, on, y, side in zip(inputs.names, inputs.on, lay.candidate_y, lay.candidate_map):
            item = pg.TextItem(pretty(name), color=ON_COLOR if on else OFF_COLOR, anchor=(1, 0.5))
            # No item cache: one made anew as presenter mode turned the numbers on stayed blank.
            item.setPos(-side / 2 - 0.05, float(y))
            self.vb.addItem(item)
            self.items.append(item)
        self.set_font(font)

    def fit(self, off_pixels: float):
        """The off rows are ``off_pixels`` apart now: their names follow."""
        if self.off_pixels is None or abs(off_pixels - self.off_pixels) >= 0.5:
            self.off_pixels = off_pixels
            self.set_font(self.font)

    def set_font(self, font):
        self.font, small = QFont(font), QFont(font)
        # at most 80% of the font, and no taller than an off row, so neighbours never touch
        room = (self.off_pixels or 1e9) / QFontMetricsF(font).height()
        if font.pointSizeF() > 0:
            small.setPointSizeF(max(font.pointSizeF() * min(0.8, room), 4.0))
        else:  # a font set in pixels
            small.setPixelSize(max(round(font.pixelSize() * min(0.8, room)), 4))
        for item, on in zip(self.items, self.on):
            item.setFont(font if on else small)

    def texts(self) -> list:
        return [item.toPlainText() for item in self.items]
