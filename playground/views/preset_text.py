"""A preset's short text: how the seed's symbols map to the screen, and the seed's slips.

The text is the preset's Markdown (engine/presets.py; a few HTML sub- and superscripts), shown
as Qt rich text in large type for a projector. ``show_preset(name, text)`` replaces it;
``set_zoom(factor)`` scales the type with the window's zoom.
"""
from __future__ import annotations

import re

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

HINT = "Open one of the seeds' worked examples from the <b>Presets</b> menu (Ctrl+1 to Ctrl+4)."


class PresetText(QWidget):
    def __init__(self, parent=None, points: int = 13):
        super().__init__(parent)
        self.setObjectName("presetText")
        self.points, self.name = points, None
        self.browser = QTextBrowser(objectName="presetTextBrowser", openExternalLinks=True)
        self.browser.setHtml(HINT)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.browser)
        self.set_zoom(1.0)

    def show_preset(self, name: str, text: str):
        self.name = name
        # The title as a bold line: Qt's heading sizes would crowd a dock at projector size.
        self.browser.setMarkdown(re.sub(r"^#+ (.*)$", r"**\1**", text, flags=re.MULTILINE))

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    def set_zoom(self, factor: float):
        font = self.browser.font()
        font.setPointSizeF(self.points * factor)
        self.browser.setFont(font)


def main():
    """Preview a preset's text: ``python -m playground.views.preset_text [NAME] [FILE.png]``."""
    import sys

    from playground.session import presets

    from .preview import app, run

    app()
    names = [a for a in sys.argv[1:] if not a.endswith(".png")]
    p = presets.load(names[0] if names else "xor")
    view = PresetText()
    view.resize(560, 760)
    view.show_preset(p.name, p.text)
    run(view)


if __name__ == "__main__":
    main()
