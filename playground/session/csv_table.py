"""A CSV file as a table to choose columns from (File > Import CSV), without Qt.

The table is the engine's one CSV reader (``engine.csv_reader``); ``dataset_of`` makes the
chosen columns a Dataset by the engine's rules (``datasets.from_table``), a DataError naming
the file and the line otherwise. By default every column but the last is an input and the
last is the target. The window reads at most ``WINDOW_COLUMNS`` columns and
``WINDOW_POINTS`` rows (engine/limits.py), so what it imports it can save and open again.
"""
from __future__ import annotations

from engine import csv_reader, limits
from engine.csv_reader import Table
from engine.datasets import from_table as dataset_of

__all__ = ["N_INPUTS", "ROLES", "Table", "check_roles", "dataset_of", "read_table"]
ROLES = ("input", "target", "ignore")
N_INPUTS = 2  # the window draws the input plane


def read_table(path) -> Table:
    """The engine's reader with the window's caps (engine/limits.py), checked while reading:
    the dialog makes a box per column, and the window draws at most WINDOW_POINTS points."""
    return csv_reader.read_table(path, limits.WINDOW_POINTS, limits.WINDOW_COLUMNS)


def check_roles(inputs, targets) -> str | None:
    """The problem with a choice of columns, or None."""
    if len(inputs) != N_INPUTS:
        return f"Choose exactly {N_INPUTS} input columns (the window draws the input plane)."
    if not targets:
        return "Choose at least one target column."
    return None
