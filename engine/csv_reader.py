"""The one CSV reader: the command line, the presets and the window's import all read through it.

The rules (DESIGN.md section 4): a regular file of UTF-8 text (a byte-order mark is allowed)
of at most ``MAX_BYTES``, with at most ``MAX_SAMPLES`` data rows and ``MAX_COLUMNS`` fields a
row and ``MAX_CELL`` characters a field (engine/limits.py; checked line by line as the file is
read), rows of fields separated by commas, spaces around a field ignored. Lines that
are empty or only spaces are skipped; quotes must be well formed (a quoted field ends at its
closing quote, then a comma); a line of commas is a row of empty fields, so it is
refused like any field that is not a number. The first row is a header when it is not all
numbers. Every row has as many fields as the first row (the header, if any). A used field
must be a finite number, written with ASCII digits and no underscores (``float`` would read
``1_000`` as 1000).

Reading is in two steps, because the import dialog lets a column of words be ignored:
``read_table(path)`` checks the text and splits it into rows; ``Table.numbers(columns)`` turns
the columns in use into a float64 array of shape (rows, columns). Every error is a
``DataError`` that names the file and, where there is one, the line and the column; nothing
is changed by a file that fails.
"""
from __future__ import annotations

import csv
import io
import math
import os
from typing import NamedTuple

import numpy as np

from . import bounded_read, limits
from .limits import MAX_CELL, MAX_COLUMNS, MAX_SAMPLES

MAX_BYTES = limits.CSV_BYTES


class DataError(ValueError):
    """A data file that cannot be read; the message names the file and, if any, the line."""


def _number(field: str):
    if "_" in field or not field.isascii():  # float() accepts 1_000 and other scripts' digits
        return None
    try:
        return float(field)
    except ValueError:
        return None


class Table(NamedTuple):
    """A CSV file split into rows of fields, each row with its line number in the file.

    Fields are kept as written (``float`` ignores spaces around a number, and stripping every
    field would cost as much as splitting the lines); the header's names are stripped.
    """
    source: str
    header: list | None
    rows: list                 # (line number, fields)
    header_line: int | None = None
    plain: bool = True         # ASCII without underscores: NumPy may parse it all at once

    @property
    def width(self) -> int:
        """The number of columns: that of the header, or of the first row."""
        return len(self.header if self.header is not None else self.rows[0][1])

    def first_line(self) -> int:
        return self.header_line if self.header is not None else self.rows[0][0]

    def names(self) -> list:
        """A name per column: the header's, else (or where it is blank) ``column k``."""
        header = self.header or [""] * self.width
        return [name or f"column {k + 1}" for k, name in enumerate(header)]

    def numbers(self, columns) -> np.ndarray:
        """The fields of ``columns`` (0-based) as floats, shape (rows, len(columns)).

        DataError, naming the line, for the first row whose width is wrong or whose field in
        one of ``columns`` is not a finite number.
        """
        columns, width = list(columns), self.width
        if all(len(fields) == width for _, fields in self.rows):
            every = columns == list(range(width))
            picked = [fields if every else [fields[k] for k in columns] for _, fields in self.rows]
            if not self.plain:  # field by field (a field that is no number becomes NaN)
                picked = [[_number(f) for f in fields] for fields in picked]
            try:  # the common case in one sweep (NumPy parses as float() does); else row by row
                out = np.array(picked, dtype=np.float64)
                if np.isfinite(out).all():
                    return out.reshape(len(self.rows), len(columns))
            except ValueError:
                pass
        raise self._first_problem(columns)

    def _first_problem(self, columns) -> DataError:
        for line, fields in self.rows:
            if len(fields) != self.width:
                return self.error(line, f"expected {self.width} columns, found {len(fields)}")
            for k in columns:
                v = _number(fields[k])
                if v is None or not math.isfinite(v):
                    what = "not a number" if v is None else "not a finite number"
                    return self.error(line, f"{self._column(k)}: {fields[k].strip()!r} is {what}")
        raise AssertionError("no problem found in a table that failed to convert")

    def error(self, line: int, problem: str) -> DataError:
        return DataError(f"{self.source}: line {line}: {problem}")

    def _column(self, k: int) -> str:
        name = self.header[k] if self.header and self.header[k] else None
        return f"column {k + 1}" + (f" ({name})" if name else "")


def read_table(path, max_rows: int = MAX_SAMPLES, max_columns: int = MAX_COLUMNS) -> Table:
    """The rows of the CSV file at ``path``; DataError if it is unreadable, has no data row,
    or has more than ``max_rows`` data rows or ``max_columns`` fields in a row (both checked
    as each line is read, so a huge file stops at the first line too many)."""
    source = os.fspath(path)
    text = bounded_read.read_text(path, MAX_BYTES, DataError)
    reader, rows = csv.reader(io.StringIO(text, newline=None), strict=True), []
    old_limit = csv.field_size_limit(MAX_CELL)  # checked by the reader as it reads each field
    try:
        for fields in reader:
            if len(fields) > max_columns:
                raise DataError(f"{source}: line {reader.line_num}: {len(fields)} columns; "
                                f"at most {max_columns} are read")
            if len(fields) > 1 or (fields and fields[0].strip()):  # else an empty line
                rows.append((reader.line_num, fields))
                if len(rows) > max_rows + 1:  # one more: the first row may be a header
                    raise DataError(f"{source}: more than {max_rows} rows of data; "
                                    f"at most {max_rows} are read")
    except csv.Error as e:
        if "field limit" in str(e):
            e = f"a field longer than {MAX_CELL} characters"
        raise DataError(f"{source}: line {reader.line_num}: {e}") from None
    finally:
        csv.field_size_limit(old_limit)
    header = header_line = None
    if rows and None in map(_number, rows[0][1]):
        header_line, header = rows.pop(0)
        header = [name.strip() for name in header]
    if len(rows) > max_rows:
        raise DataError(f"{source}: more than {max_rows} rows of data; at most {max_rows} are read")
    if not rows:
        raise DataError(f"{source}: no data rows")
    return Table(source, header, rows, header_line, _plain(text, header_line))


def _plain(text: str, header_line) -> bool:
    """No underscore and only ASCII after the header (its names may have any letters)."""
    start = 0
    for _ in range(header_line or 0):
        start = text.find("\n", start) + 1
    body = text[start:] if start else text
    return "_" not in body and body.isascii()
