"""Labels whose text changes every frame without laying the window out again.

A QLabel whose text changes asks its parents to lay themselves out again, up to the main
window with its toolbars and docks: that costs more than painting the label. A label of a
fixed width and height does not ask (Qt skips it), so ``SteadyLabel`` keeps a fixed size, as
wide as its ``sample`` text or the widest text it has shown, and recomputes it when the font
changes (zoom). ``Caption`` is a paragraph of rich text wrapped to its width; its height
changes only when the number of lines does (a new width, a new font, a much longer text).
Both set their text only when it changed, and fill their background, so that a new text
repaints them alone, not the widgets behind them.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MARGIN = 6  # pixels beside the text


class SteadyLabel(QLabel):
    def __init__(self, text: str = "", sample: str = "", parent=None, **kwargs):
        super().__init__(parent, **kwargs)
        self.setAutoFillBackground(True)
        self.sample, self._room = sample, 0
        self.setText(text)
        self._fit()

    def setText(self, text: str):
        if text == self.text():
            return
        if self.fontMetrics().horizontalAdvance(text) + MARGIN > self._room:
            self.sample = text if len(text) > len(self.sample) else self.sample
            super().setText(text)
            self._fit()
        else:
            super().setText(text)

    def _fit(self):
        metrics = self.fontMetrics()
        self._room = max(metrics.horizontalAdvance(t) for t in (self.sample, self.text())) + MARGIN
        self.setFixedSize(self._room, metrics.height() + 4)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


class Caption(QWidget):
    """Rich text wrapped to the width, at least ``lines`` lines high."""

    def __init__(self, lines: int = 2, parent=None):
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.lines, self._text = lines, ""
        self.document = QTextDocument(self)
        self.document.setDocumentMargin(0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()

    def text(self) -> str:
        return self._text

    def setText(self, text: str):
        if text != self._text:
            self._text = text
            self.document.setHtml(text)
            self._fit_height()
            self.update()

    def _fit(self):
        self.document.setDefaultFont(self.font())
        self._fit_height()

    def _fit_height(self):
        self.document.setTextWidth(max(self.width(), 50))
        least = self.lines * self.fontMetrics().lineSpacing()
        height = int(max(self.document.size().height(), least)) + 2
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)  # lays the view out again: only when the lines change

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_height()

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.document.setHtml(self._text)
            self._fit()

    def paintEvent(self, event):
        self.document.setTextWidth(self.width())
        p = QPainter(self)
        p.setClipRect(QRectF(self.rect()))
        self.document.drawContents(p, QRectF(self.rect()))
        p.end()

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(50, self.height())
