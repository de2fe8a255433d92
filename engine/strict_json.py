"""Strict JSON for everything the ``backprop`` command prints (DESIGN.md section 5).

Python's ``json`` writes ``Infinity`` and ``NaN``, which strict parsers refuse. Here a number
that is not finite is written as ``null``, and the top-level object gains ``"nonfinite": true``
so a reader can tell such a ``null`` from one that means "absent" (like ``"biases": null``).
Files that must read back exactly (networks, sessions) refuse non-finite numbers instead.
"""
from __future__ import annotations

import json
import math


def _finite(value, found: list):
    """``value`` with every non-finite float replaced by None; ``found`` gets True for each."""
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        found.append(True)
        return None
    if isinstance(value, dict):
        return {k: _finite(v, found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v, found) for v in value]
    return value


def dumps(obj: dict) -> str:
    """``obj`` as strict JSON text; non-finite numbers become null and add ``"nonfinite": true``."""
    found = []
    clean = _finite(obj, found)
    if found:
        clean["nonfinite"] = True
    return json.dumps(clean, allow_nan=False)
