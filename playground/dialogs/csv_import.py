"""File > Import CSV: a preview of the first rows and a role per column (input, target or
ignored). By default every column but the last is an input and the last is the target.

The dialog gathers the choice and parses nothing: the table, the checks and ``dataset_of``
come from session/csv_table.py (the engine's one CSV reader). Every error is a DataError
naming the file and the line; the dialog shows it and stays open, so nothing changes until the
data are good.
"""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..session.csv_table import ROLES, Table, check_roles, dataset_of, read_table

__all__ = ["CsvImportDialog", "dataset_of", "read_table"]
PREVIEW_ROWS = 8


class CsvImportDialog(QDialog):
    """Shows ``table`` and asks which columns are inputs and targets; ``dataset`` on accept."""

    def __init__(self, table: Table, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import CSV")
        self.setObjectName("csvImportDialog")
        self.table, self.dataset = table, None
        names = table.names()
        self.roles = []
        form_box = QWidget()
        form = QFormLayout(form_box)
        for k, name in enumerate(names):
            box = QComboBox(objectName=f"roleCombo{k + 1}")
            box.addItems(list(ROLES))
            box.setCurrentText("target" if k == len(names) - 1 else "input")
            box.currentTextChanged.connect(self._check)
            form.addRow(name, box)
            self.roles.append(box)
        self.error = QLabel(objectName="csvImportError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(QLabel(f"{table.source}: {len(table.rows)} rows. The first rows:"))
        column.addWidget(self._preview(names))
        column.addWidget(QLabel("Role of each column:"))
        column.addWidget(form_box)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self._check()

    def _preview(self, names) -> QTableWidget:
        rows = self.table.rows[:PREVIEW_ROWS]
        view = QTableWidget(len(rows), len(names), objectName="csvPreview")
        view.setHorizontalHeaderLabels(names)
        view.setVerticalHeaderLabels([str(line) for line, _ in rows])  # the file's line numbers
        for i, (_, fields) in enumerate(rows):
            for j, text in enumerate(fields[:len(names)]):
                view.setItem(i, j, QTableWidgetItem(text.strip()))
        return view

    def chosen(self):
        roles = [box.currentText() for box in self.roles]
        return ([k for k, r in enumerate(roles) if r == "input"],
                [k for k, r in enumerate(roles) if r == "target"])

    def set_roles(self, inputs, targets):
        for k, box in enumerate(self.roles):
            box.setCurrentText("input" if k in inputs else "target" if k in targets else "ignore")

    def _check(self, *_) -> bool:
        problem = check_roles(*self.chosen())
        self.error.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        return problem is None

    def accept(self):
        if not self._check():
            return
        try:
            self.dataset = dataset_of(self.table, *self.chosen())
        except ValueError as e:  # a DataError: the file's line named
            self.error.setText(str(e))  # stays open: nothing has changed
            return
        super().accept()
