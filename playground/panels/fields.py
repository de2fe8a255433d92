"""Number fields that say why they refuse a keystroke.

A Qt spin box silently drops a key that would make its text invalid (a letter, a number out
of range), and silently puts its last value back when editing ends on text that is not yet a
number in range (an empty field, 0.0 below a minimum of 0.1). These say so in a tooltip under
the field, with the allowed range; their own tooltip ends with the range too.
"""
from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QToolTip


class _SaysRange:
    def range_text(self) -> str:
        low, high = self.minimum(), self.maximum()
        if isinstance(self, QDoubleSpinBox):  # as typed: 0.00001, not 1e-05
            low, high = (f"{v:.{self.decimals()}f}".rstrip("0").rstrip(".") for v in (low, high))
        special = self.specialValueText()
        return f"a number from {low} to {high}" + (f" ({low} shows as '{special}')" if special else "")

    def setToolTip(self, text: str):
        super().setToolTip(f"{text}. Allowed: {self.range_text()}")

    def validate(self, text, pos):
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid and self.hasFocus():
            self._refuse(text, f"Type {self.range_text()}")
        return result

    def fixup(self, text):
        # Editing ended on text that is no number in range: Qt keeps the last value.
        if self.isVisible():
            self._refuse(text, f"Kept {self.textFromValue(self.value())}: type {self.range_text()}")
        return super().fixup(text)

    def _refuse(self, text, hint):
        self.refused = text
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), hint, self)


class SpinBox(_SaysRange, QSpinBox):
    refused = None  # the last text refused, for tests and for the curious


class DoubleSpinBox(_SaysRange, QDoubleSpinBox):
    refused = None
