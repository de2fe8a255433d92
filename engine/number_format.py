"""Numbers as a person writes them in a table: rounded to a number of significant digits, the
decimal points of a column aligned, -0 written as 0, no float noise.

A column is formatted as a whole (``column``): its largest magnitude gets ``digits`` significant
digits and every other value the same number of decimals, so 0.7999999999999999 prints as
0.8000 and a rounding residue like -5.551e-17 beside 0.6 prints as 0.0000. A column whose
largest magnitude is below 1e-4 or from 1e6 up is written with a power of ten per value
(``1.500e-09``), values below half its last digit as 0. Infinities and NaN print as
``inf``, ``-inf`` and ``nan``.
"""
from __future__ import annotations

import math

SMALLEST_FIXED, LARGEST_FIXED = -4, 6  # the exponents of a column written without a power of ten


def _exponent(v: float) -> int:
    """The decimal exponent of ``v`` after rounding (9.9996 with 4 digits is 10.00: 1)."""
    return int(math.floor(math.log10(abs(v))))


def _top(values, digits) -> float:
    """The largest finite magnitude of ``values`` once rounded to ``digits`` digits (0 if none)."""
    finite = [abs(float(v)) for v in values if math.isfinite(v)]
    top = max(finite, default=0.0)
    return float(f"{top:.{digits - 1}e}") if top > 0 else 0.0


def _fixed(v: float, decimals: int) -> str:
    text = f"{v:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text  # -0.000: 0.000


def _scientific(v: float, digits: int, unit: float) -> str:
    if abs(v) < unit / 2:
        return "0"
    mantissa, _, exponent = f"{v:.{digits - 1}e}".partition("e")
    return f"{mantissa}e{int(exponent):+03d}"


def column(values, digits: int = 4) -> list[str]:
    """The texts of one column of ``values``, rounded together (see the module's docstring)."""
    top = _top(values, digits)
    texts = []
    for v in (float(v) for v in values):
        if not math.isfinite(v):
            texts.append(str(v))
        elif top == 0.0:
            texts.append("0")
        elif SMALLEST_FIXED <= _exponent(top) < LARGEST_FIXED:
            texts.append(_fixed(v, max(digits - 1 - _exponent(top), 0)))
        else:
            texts.append(_scientific(v, digits, 10.0 ** (_exponent(top) - digits + 1)))
    return texts


def columns(values, digits: int = 4) -> list[list[str]]:
    """The texts of a (rows, columns) array, row by row, each column rounded together."""
    by_column = [column([row[j] for row in values], digits) for j in range(len(values[0]))] \
        if len(values) else []
    return [[texts[i] for texts in by_column] for i in range(len(values))]
