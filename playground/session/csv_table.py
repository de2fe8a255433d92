"""A CSV file as a table to choose columns from (File > Import CSV), without Qt.

The table is the engine's one CSV reader (``engine.csv_reader``); ``dataset_of`` makes the
chosen columns a Dataset by the engine's rules (``datasets.from_table``), a DataError naming
the file and the line otherwise. By default every column but the last is an input and the
last is the target.
"""
from __future__ import annotations

from engine.csv_reader import Table, read_table
from engine.datasets import from_table as dataset_of

__all__ = ["N_INPUTS", "ROLES", "Table", "check_roles", "dataset_of", "read_table"]
ROLES = ("input", "target", "ignore")
N_INPUTS = 2  # the window draws the input plane


def check_roles(inputs, targets) -> str | None:
    """The problem with a choice of columns, or None."""
    if len(inputs) != N_INPUTS:
        return f"Choose exactly {N_INPUTS} input columns (the window draws the input plane)."
    if not targets:
        return "Choose at least one target column."
    return None
