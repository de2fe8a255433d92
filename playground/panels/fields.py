"""Number fields that say why they refuse a keystroke.

A Qt spin box silently drops a key that would make its text invalid (a letter, a number out
of range). These show the allowed range in a tooltip under the field instead, and their own
tooltip ends with the range too.
"""
from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QToolTip


class _SaysRange:
    def range_text(self) -> str:
        low, high = self.minimum(), self.maximum()
        if isinstance(self, QDoubleSpinBox):
            low, high = f"{low:g}", f"{high:g}"
        special = self.specialValueText()
        return f"a number from {low} to {high}" + (f" ({low} shows as '{special}')" if special else "")

    def setToolTip(self, text: str):
        super().setToolTip(f"{text}. Allowed: {self.range_text()}")

    def validate(self, text, pos):
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid and self.hasFocus():
            self.refused = text
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()),
                              f"Type {self.range_text()}", self)
        return result


class SpinBox(_SaysRange, QSpinBox):
    refused = None  # the last text refused, for tests and for the curious


class DoubleSpinBox(_SaysRange, QDoubleSpinBox):
    refused = None
