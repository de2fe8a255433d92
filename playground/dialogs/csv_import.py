"""File > Import CSV: a preview of the first rows and a role per column (input, target or
ignored). By default every column but the last is an input and the last is the target.

``read_table(path)`` and ``dataset_of(table, inputs, targets)`` are plain functions (no Qt):
rows of numbers separated by commas, an optional header row (a first row that is not all
numbers), blank lines ignored. Every error is a DataError naming the file and the line;
the dialog shows it and stays open, so nothing changes until the data are good.
"""
from __future__ import annotations

import csv
import io
import math
import os
from typing import NamedTuple

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from engine.datasets import DataError, Dataset

MAX_BYTES = 64 * 2**20
PREVIEW_ROWS = 8
ROLES = ("input", "target", "ignore")
N_INPUTS = 2  # the window draws the input plane


class Table(NamedTuple):
    source: str
    header: list | None
    rows: list          # (line number, fields)


def read_table(path) -> Table:
    source = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except OSError as e:
        raise DataError(f"{source}: cannot read ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise DataError(f"{source}: not a UTF-8 text file") from None
    if len(raw) > MAX_BYTES:
        raise DataError(f"{source}: larger than {MAX_BYTES // 2**20} MB")
    reader, rows = csv.reader(io.StringIO(text)), []
    try:
        for fields in reader:
            if fields and any(f.strip() for f in fields):
                rows.append((reader.line_num, [f.strip() for f in fields]))
    except csv.Error as e:
        raise DataError(f"{source}: line {reader.line_num}: {e}") from None
    header = None
    if rows and not all(_number(f) is not None for f in rows[0][1]):
        header = rows.pop(0)[1]
    if not rows:
        raise DataError(f"{source}: no data rows")
    return Table(source, header, rows)


def _number(field: str):
    try:
        return float(field)
    except ValueError:
        return None


def column_names(table: Table) -> list:
    n = len(table.header) if table.header else len(table.rows[0][1])
    return [table.header[k] if table.header and table.header[k] else f"column {k + 1}"
            for k in range(n)]


def check_roles(inputs, targets) -> str | None:
    """The problem with a choice of columns, or None."""
    if len(inputs) != N_INPUTS:
        return f"Choose exactly {N_INPUTS} input columns (the window draws the input plane)."
    if not targets:
        return "Choose at least one target column."
    return None


def dataset_of(table: Table, inputs, targets) -> Dataset:
    """The chosen columns as a Dataset; DataError naming the line of the first bad row."""
    width, names = len(column_names(table)), column_names(table)
    values = []
    for line, fields in table.rows:
        if len(fields) != width:
            raise DataError(f"{table.source}: line {line}: expected {width} columns, "
                            f"found {len(fields)}")
        row = []
        for k in (*inputs, *targets):
            v = _number(fields[k])
            if v is None or not math.isfinite(v):
                what = "not a number" if v is None else "not a finite number"
                raise DataError(f"{table.source}: line {line}: column {k + 1} ({names[k]}): "
                                f"{fields[k]!r} is {what}")
            row.append(v)
        values.append(row)
    x = [r[:len(inputs)] for r in values]
    t = [r[len(inputs):] for r in values]
    binary = all(v in (0.0, 1.0) for r in t for v in r)
    return Dataset(os.path.basename(table.source), x, t,
                   "classification" if binary else "regression")


class CsvImportDialog(QDialog):
    """Shows ``table`` and asks which columns are inputs and targets; ``dataset`` on accept."""

    def __init__(self, table: Table, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import CSV")
        self.setObjectName("csvImportDialog")
        self.table, self.dataset = table, None
        names = column_names(table)
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
                view.setItem(i, j, QTableWidgetItem(text))
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
        except (DataError, ValueError) as e:
            self.error.setText(str(e))  # stays open: nothing has changed
            return
        super().accept()
