"""The inspector: the selected node, weight or bias, its computation with the numbers filled in.

``show_snapshot(snapshot, selection, sample, net=None)`` redraws from an engine Snapshot;
``net`` (an engine Network, or anything with ``activations``, ``loss``, ``reduction`` and
``bias``) is used only for those names, and is remembered (``set_network`` sets it alone).
Selections: None, ``("node", l, j)`` with l indexing z and delta, ``("edge", l, j, i)`` for
``weights[l][j, i]``, ``("bias", l, j)``, and ``("input", i)`` (the graph's input units).
The lines come from ``inspector_text.explain``; the part computed by the phase just run is
highlighted. Large type, for a projector.
"""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTextBrowser, QVBoxLayout, QWidget

from .inspector_text import explain

CSS = """
p { margin-top: 3px; margin-bottom: 3px; }
.title { font-weight: bold; }
.math { font-family: 'DejaVu Serif', 'Cambria Math', 'Times New Roman', serif; }
.current { background-color: #fff1b8; }
.note { color: #555555; font-size: small; }
.section { color: #2c5d8f; font-weight: bold; font-size: small; margin-top: 10px; }
.pending { color: #8a8a8a; font-style: italic; }
"""


class Inspector(QWidget):
    def __init__(self, parent=None, digits: int = 3, points: int = 16):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.net, self.snapshot, self.selection, self.sample = None, None, None, 0
        self.seed = None  # the seed of the preset open, which the notes cite (set_preset)
        self._lines, self.shown, self._stale, self._html = [], True, False, None
        self.browser = QTextBrowser(objectName="inspectorText")
        self.browser.document().setDefaultStyleSheet(CSS)
        self.points = points
        self.set_zoom(1.0)
        self.digit_spin = QSpinBox(objectName="inspectorDigits", minimum=0, maximum=12)
        self.digit_spin.setToolTip("Decimals shown")
        self.digit_spin.setValue(digits)
        self.digit_spin.valueChanged.connect(self._redraw)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(QLabel("Digits"))
        top.addWidget(self.digit_spin)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.browser, 1)
        self._redraw()

    @property
    def digits(self) -> int:
        return self.digit_spin.value()

    @digits.setter
    def digits(self, value: int):
        self.digit_spin.setValue(int(value))  # redraws through valueChanged

    def set_zoom(self, factor: float):
        """Type ``factor`` times the inspector's own size (a projector wants 1.5 or more)."""
        font = self.browser.font()
        font.setPointSizeF(self.points * factor)
        self.browser.setFont(font)

    def set_network(self, net):
        self.net = net
        self._redraw()

    def show_snapshot(self, snapshot, selection, sample=0, net=None):
        if net is not None:
            self.net = net
        self.snapshot, self.selection, self.sample = snapshot, selection, sample
        self._redraw()

    def set_preset(self, preset):
        """The preset open (a frame's ``preset``: name and seed) or None."""
        seed = None if preset is None else preset.seed
        if seed != self.seed:
            self.seed = seed
            self._redraw()

    def set_shown(self, shown: bool):
        """Whether the view is in sight (a dock's tab behind another is not): out of sight it
        skips redrawing, and catches up when shown (or asked for its text)."""
        self.shown = shown
        if shown and self._stale:
            self._redraw()

    def lines(self):
        """The lines shown now (``inspector_text.Line``: key, formula, numbers, current)."""
        self._catch_up()
        return list(self._lines)

    def plain_text(self) -> str:
        self._catch_up()
        return self.browser.toPlainText()

    def _catch_up(self):
        if self._stale:
            self._redraw(force=True)

    def _redraw(self, *_, force=False):
        self._stale = not (self.shown or force)
        if self._stale:
            return
        ready = self.snapshot is not None and self.net is not None
        self._lines = explain(self.snapshot if ready else None, self.selection, self.sample,
                              self.net, self.digits, self.seed)
        html = "".join(_paragraph(line) for line in self._lines)
        if html != self._html:  # while playing, most frames change nothing here
            self._html = html
            self.browser.setHtml(html)


def _paragraph(line) -> str:
    classes = {"title": "title", "section": "section", "note": "note",
               "pending": "pending math"}.get(line.key, "math")
    if line.current:
        classes += " current"
    numbers = f" {line.numbers}" if line.numbers else ""
    return f'<p class="{classes}">{line.formula}{numbers}</p>'


def main():
    """Preview on the XOR preset, after the first hidden delta phase; a .png name saves a picture."""
    from .preview import app, run, xor_snapshot

    app()
    p, snap = xor_snapshot(3)
    view = Inspector()
    view.resize(900, 560)
    view.show_snapshot(snap, ("node", 0, 1), 2, p.net)
    run(view)


if __name__ == "__main__":
    main()
