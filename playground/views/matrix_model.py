"""One matrix of the matrix view: a read-only table model over a 2-D array, and its panel.

``ArrayModel.set_array(array, rows, cols)`` shows ``array`` (rows x columns) with the given
header labels; ``array`` None means "not computed yet": the same shape, dashes, grey text.
Numbers have a fixed number of decimals (``digits``) and a true minus sign.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, \
    QWidget

GREY = QColor("#9a9a9a")
SHOWN = 2  # whole columns a table asks room for (a narrow dock still shows three tables across)
HIGHLIGHT = "#fff1b8"


class ArrayModel(QAbstractTableModel):
    def __init__(self, digits: int = 3):
        super().__init__()
        self.array, self.rows, self.cols, self.digits = None, [], [], digits

    def set_array(self, array, rows, cols):
        self.beginResetModel()
        self.array, self.rows, self.cols = array, list(rows), list(cols)
        self.endResetModel()

    def set_digits(self, digits: int):
        self.digits = digits
        if self.rows and self.cols:
            last = self.index(len(self.rows) - 1, len(self.cols) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.cols)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if self.array is None:
                return "—"
            text = f"{float(self.array[index.row(), index.column()]):.{self.digits}f}"
            return text.lstrip("-") if float(text) == 0 else text.replace("-", "\u2212")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.array is None:
            return GREY
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = self.cols if orientation == Qt.Orientation.Horizontal else self.rows
        return labels[section] if 0 <= section < len(labels) else None


class MatrixPanel(QWidget):
    """A title (rich text) over a table of one ArrayModel."""

    def __init__(self, key: str, digits: int = 3):
        super().__init__()
        self.key = key
        self.title = QLabel(objectName=f"matrixTitle_{key}", wordWrap=True)
        self.model = ArrayModel(digits)
        self.table = QTableView(objectName=f"matrixTable_{key}")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addWidget(self.table, 1)

    def fit_columns(self):
        """Columns at least as wide as "−0.000" with the model's digits (then they stretch);
        the table asks for room for up to ``SHOWN`` whole columns, and scrolls beyond."""
        widest = "\u22120." + "0" * self.model.digits
        width = self.table.fontMetrics().horizontalAdvance(widest) + 8
        self.table.horizontalHeader().setMinimumSectionSize(width)
        rows, cols = self.model.rowCount(), min(max(self.model.columnCount(), 1), SHOWN)
        bar = self.table.verticalScrollBar().sizeHint().width() if rows > SHOWN + 1 else 0
        self.table.setMinimumWidth(self.table.verticalHeader().sizeHint().width() + cols * width
                                   + 2 * self.table.frameWidth() + bar)

    def set_matrix(self, array, rows, cols, title: str, note: str = "", current: bool = False):
        self.model.set_array(array, rows, cols)
        self.fit_columns()
        self.table.setEnabled(array is not None)
        if current:
            title = f'<span style="background-color:{HIGHLIGHT}">{title}</span>'
        grey = f' <span style="color:#8a8a8a"><i>{note}</i></span>' if note else ""
        self.title.setText(f"{title}{grey}")
