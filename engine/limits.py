"""The one table of limits, and the checks that apply them before any work is done.

Every way in (the ``backprop`` command, network, session and CSV files, the window's command
line, its panels and its file menu) checks against these numbers, so that whatever one part
accepts or saves, every other part opens. A refusal is a ValueError whose message names
what was refused (the file or the option), the limit and the value. The window's own,
smaller limits (what it can draw) are here too, so the window side reads them, never restates
them. Reading files within the limits is engine/bounded_read.py.
"""
from __future__ import annotations

import re

# Networks (the command line, network and session files)
MAX_UNITS = 1024              # units in any layer
MAX_LAYERS = 32               # layers with weights
MAX_PARAMETERS = 1_000_000    # weights and biases of one network (a file of about 25 MB)
# Data
MAX_SAMPLES = 1_000_000       # rows of a CSV file; training samples, and test samples
MAX_COLUMNS = 2 * MAX_UNITS   # columns of a CSV file: inputs and targets
MAX_CELL = 1000               # characters of a CSV field (a float64 needs at most 24)
# Training and reports
MAX_ETA = 1e6                 # learning rate (a larger one only overflows)
MAX_BATCH = MAX_SAMPLES       # samples per update
MAX_DIGITS = 17               # significant digits printed (float64 needs at most 17)
# Files: the largest read of each kind (README, "Limits")
NETWORK_BYTES = 64 * 2**20
SESSION_BYTES = 256 * 2**20
CSV_BYTES = 64 * 2**20
MAX_JSON_DEPTH = 64           # nesting of a JSON file (a session's settings: up to 32 of them)
MAX_INTEGER_DIGITS = 40       # digits of an integer in a JSON file (2**128 has 39)
# Numbers typed by hand
MAX_TYPED = 1e6               # a weight or bias typed in the window
MAX_NUMBER_TEXT = 64          # characters of a typed number
# What the window draws (smaller: a graph of 1,024 units is unreadable)
WINDOW_INPUTS = 2
WINDOW_HIDDEN_LAYERS = 6
WINDOW_UNITS = 64             # units of a layer in a network or session file opened
WINDOW_POINTS = 100_000       # training points, and test points
WINDOW_COLUMNS = 64           # columns of a CSV file offered for import
WINDOW_ETA = (1e-5, 10.0)     # the learning-rate box's range (5 decimals)
WINDOW_BATCH = 2000           # the batch-size box's largest value


def check_network(sizes, what: str, units: int = MAX_UNITS, layers: int = MAX_LAYERS,
                  inputs: int | None = None) -> None:
    """ValueError naming ``what`` unless the layer ``sizes`` (inputs first) are within the
    limits; checked on the sizes alone, before any weight is read or made."""
    sizes = list(sizes)
    if len(sizes) - 1 > layers:
        raise ValueError(f"{what}: at most {layers} layers with weights, not {len(sizes) - 1}")
    widest = max(sizes, default=0)
    if widest > units:
        raise ValueError(f"{what}: at most {units} units in a layer, not {widest}")
    count = sum((n + 1) * m for n, m in zip(sizes, sizes[1:]))
    if count > MAX_PARAMETERS:
        raise ValueError(f"{what}: at most {MAX_PARAMETERS} weights and biases, not {count}")
    if inputs is not None and sizes and sizes[0] != inputs:
        raise ValueError(f"{what}: the window draws networks with {inputs} inputs; "
                         f"this one has {sizes[0]} inputs")


def check_window_network(sizes, what: str, features=None) -> None:
    """What the window can draw: 2 inputs (or ``features`` computed from 2), at most 6 hidden
    layers of at most 64 units."""
    inputs = None if features else WINDOW_INPUTS
    check_network(sizes, what, WINDOW_UNITS, WINDOW_HIDDEN_LAYERS + 1, inputs)


def check_range(value, low, high, what: str):
    """``value`` if ``low <= value <= high``, else a ValueError naming ``what``, the value and
    the range."""
    if not low <= value <= high:
        raise ValueError(f"{what}: {value:g} is outside the range {low:g} to {high:g}")
    return value


def check_window_training(eta, batch_size, what: str) -> None:
    """What the window's boxes can show: eta in WINDOW_ETA, a batch of at most WINDOW_BATCH."""
    check_range(eta, *WINDOW_ETA, f"{what}: the learning rate")
    check_range(batch_size, 0, WINDOW_BATCH, f"{what}: the batch size")


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE]([+-]?\d+))?")


def parse_number(text: str) -> float:
    """A number typed by hand (``0.25``, ``-3``, ``1/3``, ``2e-3``) within ``MAX_TYPED``;
    its length and exponent are checked before any arithmetic (``1e100000000`` as a
    fraction has a hundred million digits). ValueError otherwise."""
    from fractions import Fraction

    cleaned = text.strip().replace("\u2212", "-")
    if not cleaned:
        raise ValueError("type a number, for example 0.5 or 1/3")
    shown = cleaned if len(cleaned) <= 20 else cleaned[:17] + "..."
    parts = cleaned.split("/")
    if (len(cleaned) > MAX_NUMBER_TEXT or len(parts) > 2
            or not all(_NUMBER.fullmatch(p.strip()) for p in parts)):
        raise ValueError(f"{shown!r} is not a number (examples: 0.5, -2, 1/3)")
    exponents = [_NUMBER.fullmatch(p.strip()).group(3) for p in parts]
    try:
        if len(parts) == 1:  # float() of a decimal text is cheap whatever its exponent
            value = float(cleaned)
        elif any(e is not None and abs(int(e)) > 400 for e in exponents):
            value = float("inf")  # a ratio of such numbers is refused below, as too large
        else:
            value = float(Fraction(cleaned))
    except (ValueError, ZeroDivisionError, OverflowError):
        raise ValueError(f"{shown!r} is not a number (examples: 0.5, -2, 1/3)") from None
    if abs(value) > MAX_TYPED:
        raise ValueError(f"{shown!r} is refused: a weight or bias is a number from "
                         f"{-MAX_TYPED:g} to {MAX_TYPED:g}")
    return value
