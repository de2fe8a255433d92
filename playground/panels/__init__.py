"""Panels: controls that gather the user's choices and emit them as intents (signals)."""
from PySide6.QtCore import QSize


def empty(rows):
    """Take every item out of these layouts, to lay the same widgets out again."""
    for row in rows:
        while row.count():
            row.takeAt(0)


class TwoRows:
    """For a panel whose controls stand in one row, or in two when one would not fit its
    width (a narrow screen, large type), in its two row layouts ``rows``: ``two_rows()`` gives
    the widgets of each row when in two, ``fill_rows(first, second, n)`` lays them out in n.
    Its minimum width is that of two rows, so that the window can be narrower than one."""
    n_rows = 0

    def arrange(self, n_rows: int):
        if n_rows != self.n_rows:
            self.n_rows = n_rows
            empty(self.rows)
            self.fill_rows(*self.rows, n_rows)

    def fit_width(self, width: int):
        first, second = self.two_rows()
        self.arrange(2 if self._row_width(first + second) > width else 1)

    def _row_width(self, widgets) -> int:
        spacing = max(self.rows[0].spacing(), 0)
        # As a layout sizes them: the hint within the widget's fixed or least and most widths.
        return sum(w.sizeHint().expandedTo(w.minimumSize()).boundedTo(w.maximumSize()).width()
                   + spacing for w in widgets) + 8

    def minimumSizeHint(self) -> QSize:
        widest = max(self._row_width(row) for row in self.two_rows())
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit_width(event.size().width())
