"""Network files (JSON, DESIGN.md section 3): validate, load and save atomically.

A file holds ``format``, ``version``, ``layers`` (inputs first), ``activations`` (one per
non-input layer), ``loss``, ``reduction``, ``bias``, ``weights`` (``weights[l]`` is
``layers[l+1]`` rows of ``layers[l]`` numbers) and ``biases`` (left out when ``bias`` is false),
and optionally ``regularization`` (``{"kind": "l1" | "l2", "rate": R}``) and ``features``
(input units computed from x1, x2: features.py), each written only when set.
Every problem is a ``NetworkFileError`` whose message starts with the file's name.
Floats are written with ``repr`` precision (what ``json`` does), so they read back bit for bit.
"""
from __future__ import annotations

import json
import math
import os

from . import activations, bounded_read, features, limits, losses, regularization
from .network import Network
from .saving import SaveError, atomic_write_text  # noqa: F401  (part of this module's API)

FORMAT = "backprop-playground.network"
VERSION = 1


class NetworkFileError(ValueError):
    """A network file that cannot be read, or whose contents do not make a network."""


def network_to_dict(net: Network) -> dict:
    """The JSON-ready dictionary of ``net`` (plain lists of Python floats)."""
    d = {"format": FORMAT, "version": VERSION, "layers": list(net.sizes),
         "activations": list(net.activations), "loss": net.loss, "reduction": net.reduction,
         "bias": bool(net.bias), "weights": [w.tolist() for w in net.weights]}
    if net.bias:
        d["biases"] = [b.tolist() for b in net.biases]
    if net.regularization is not None:
        d["regularization"] = {"kind": net.regularization, "rate": float(net.reg_rate)}
    if net.features is not None:
        d["features"] = list(net.features)
    return d


def _regularization(d):
    """``(kind, rate)`` from the optional field (``(None, 0.0)`` if absent), or the problem."""
    r = d.get("regularization")
    if r is None:
        return (None, 0.0), None
    if not isinstance(r, dict) or r.get("kind") not in regularization.KINDS or not (
            _is_number(r.get("rate")) and r["rate"] >= 0):
        return None, (f"regularization should be {{\"kind\": \"l1\" or \"l2\", \"rate\": "
                      f"a number >= 0}}, not {_show(r)}")
    return (r["kind"], float(r["rate"])), None


def _is_number(v) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(v)
    except OverflowError:  # an int too large for a float
        return False


def _row(row, cols, what):
    """None if ``row`` is a list of ``cols`` finite numbers, else the problem."""
    if not isinstance(row, list) or len(row) != cols:
        return f"{what} should be a list of {cols} numbers"
    for j, v in enumerate(row):
        if not _is_number(v):
            return f"{what}[{j}] should be a finite number, not {_show(v)}"
    return None


def _matrix(value, rows, cols, what):
    """None if ``value`` is ``rows`` lists of ``cols`` finite numbers, else the problem."""
    if not isinstance(value, list) or len(value) != rows:
        return f"{what} should have {rows} rows of {cols} numbers"
    for i, row in enumerate(value):
        if not isinstance(row, list) or len(row) != cols:
            return f"{what} should have {rows} rows of {cols} numbers ({what}[{i}] does not)"
        problem = _row(row, cols, f"{what}[{i}]")
        if problem:
            return problem
    return None


def _show(v) -> str:
    """``v`` as it would look in the file, cut short (a name may be megabytes long)."""
    if isinstance(v, (list, dict)) and len(v) > 20:
        return "a list" if isinstance(v, list) else "an object"
    try:
        text = json.dumps(v)
    except (TypeError, ValueError, RecursionError):
        text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(d) -> str | None:
    """The first thing wrong with the dictionary ``d``, or None."""
    if not isinstance(d, dict):
        return "expected a JSON object"
    if d.get("format") != FORMAT:
        return f"format should be {_show(FORMAT)}, not {_show(d.get('format'))}"
    version = d.get("version")
    if type(version) is not int or version != VERSION:
        return f"version {_show(version)} is not known (this program reads version {VERSION})"
    layers = d.get("layers")
    if (not isinstance(layers, list) or len(layers) < 2
            or any(type(n) is not int or n < 1 for n in layers)):
        return f"layers should be a list of at least two positive whole numbers, not {_show(layers)}"
    try:
        limits.check_network(layers, "layers")
    except ValueError as e:
        return str(e)
    names = d.get("activations")
    if not isinstance(names, list) or len(names) != len(layers) - 1:
        return f"activations should be a list of {len(layers) - 1} names"
    for name in names:
        if not isinstance(name, str) or name not in activations.ACTIVATIONS:
            return (f"unknown activation {_show(name)} "
                    f"(choose from {', '.join(activations.ACTIVATIONS)})")
    if d.get("loss") not in losses.LOSSES:
        return f"unknown loss {_show(d.get('loss'))} (choose from {', '.join(losses.LOSSES)})"
    reduction = d.get("reduction", "mean")
    if reduction not in losses.REDUCTIONS:
        return f"unknown reduction {_show(reduction)} (choose from {', '.join(losses.REDUCTIONS)})"
    if not isinstance(d.get("bias", True), bool):
        return f"bias should be true or false, not {_show(d.get('bias'))}"
    pairs = list(zip(layers, layers[1:]))
    weights = d.get("weights")
    if not isinstance(weights, list) or len(weights) != len(pairs):
        return f"weights should be a list of {len(pairs)} matrices"
    for l, (n, m) in enumerate(pairs):
        problem = _matrix(weights[l], m, n, f"weights[{l}]")
        if problem:
            return problem
    if d.get("bias", True):
        biases = d.get("biases")
        if not isinstance(biases, list) or len(biases) != len(pairs):
            return f"biases should be a list of {len(pairs)} lists (or set bias to false)"
        for l, m in enumerate(layers[1:]):
            problem = _row(biases[l], m, f"biases[{l}]")
            if problem:
                return problem
    if "features" in d:
        found = features.problem(d["features"])
        if found:
            return found
        if len(d["features"]) != layers[0]:
            return (f"features lists {len(d['features'])} inputs but layers starts with "
                    f"{layers[0]}")
    return _regularization(d)[1]


def network_from_dict(d, source: str = "<network>") -> Network:
    """Validate ``d`` and build its Network; problems raise NetworkFileError naming ``source``."""
    problem = _problem(d)
    if problem:
        raise NetworkFileError(f"{source}: {problem}")
    bias = d.get("bias", True)
    try:
        return Network(d["layers"], d["activations"], d["loss"], d.get("reduction", "mean"),
                       bias, d["weights"], d["biases"] if bias else None,
                       *_regularization(d)[0], d.get("features"))
    except ValueError as e:  # what only the network itself checks, e.g. bce with a tanh output
        raise NetworkFileError(f"{source}: {e}") from None


def load_network(path) -> Network:
    """Read and validate the network file at ``path`` (within engine/limits.py's limits)."""
    source = os.fspath(path)
    text = bounded_read.read_text(path, limits.NETWORK_BYTES, NetworkFileError)
    d = bounded_read.load_json(text, source, NetworkFileError, "network file")
    return network_from_dict(d, source)


def save_network(path, net: Network) -> None:
    """Write ``net`` to ``path`` atomically: one top-level key per line, as in DESIGN.md."""
    d = network_to_dict(net)
    try:
        body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, allow_nan=False)}"
                          for k, v in d.items())
    except ValueError:
        raise NetworkFileError(f"{os.fspath(path)}: cannot save a network whose weights "
                               f"are not all finite") from None
    atomic_write_text(path, "{\n" + body + "\n}\n")
