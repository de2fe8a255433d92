"""A CSV file as a table to choose columns from (File > Import CSV), without Qt.

``read_table(path)`` and ``dataset_of(table, inputs, targets)``: rows of numbers separated by
commas, an optional header row (a first row that is not all numbers), blank lines ignored.
Every error is a DataError naming the file and the line. By default every column but the
last is an input and the last is the target.
"""
from __future__ import annotations

import csv
import io
import math
import os
from typing import NamedTuple

from engine.datasets import DataError, Dataset

MAX_BYTES = 64 * 2**20
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
