"""Typesetting for the inspector: numbers with a fixed number of digits, symbols in the
seeds' notation (italic letters, subscripts for units, a superscript (ℓ) for the layer), and
each activation's name and derivative as the seeds write them. Qt rich text (HTML).
"""
from __future__ import annotations

from typing import NamedTuple

MINUS = "\u2212"

ACT_NAMES = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "linear": "linear",
             "softmax": "softmax"}

# f'(z) per activation: (formula, numbers), with {a} and {z} filled in by the caller.
DERIVATIVES = {
    "sigmoid": ("{a}(1 − {a})", "{a}·(1 − {a})"),
    "tanh": ("(1 − {a}²)", "(1 − {a}²)"),
    "relu": ("ReLU′({z})", "ReLU′({z})"),
    "linear": ("1", "1"),
    "softmax": ("{a}(1 − {a})", "{a}·(1 − {a})"),  # the Jacobian's diagonal; ce never needs it
}

DERIV_NOTES = {
    "sigmoid": "σ′(<i>z</i>) = <i>a</i>(1 − <i>a</i>)",
    "tanh": "tanh′(<i>z</i>) = 1 − <i>a</i>²",
    "relu": "ReLU′(<i>z</i>) = 1 if <i>z</i> &gt; 0, else 0",
    "linear": "linear′(<i>z</i>) = 1",
    "softmax": "∂<i>a</i><sub><i>j</i></sub>/∂<i>z</i><sub><i>j</i></sub> = "
               "<i>a</i><sub><i>j</i></sub>(1 − <i>a</i><sub><i>j</i></sub>)",
}
CE_NOTE = ("No softmax Jacobian here: with one-hot targets, ∂<i>l</i>/∂<i>z</i><sub><i>j</i></sub>"
           " = Σ<sub><i>k</i></sub> −(<i>t</i><sub><i>k</i></sub>/<i>a</i><sub><i>k</i></sub>)·"
           "<i>a</i><sub><i>k</i></sub>(δ<sub><i>kj</i></sub> − <i>a</i><sub><i>j</i></sub>) = "
           "<i>a</i><sub><i>j</i></sub> − <i>t</i><sub><i>j</i></sub>, the k-class form of seed "
           "000's result (docs/softmax.md).")
# Where the seeds derive each: (in a hidden delta, in a squared-error output delta).
DERIV_SOURCES = {"sigmoid": (" (seed 000, section 4)", " (seed 002, eq. 27)"),
                 "relu": (" (seed 001)", " (seed 001)")}
BCE_SOURCE = " (seed 000, section 3)"  # where a - t is derived: sigma' cancels
# With a preset open, its own seed where it derives the same (else the sources above).
SEED_SOURCES = {"001": {"bce": " (seed 001, section A)"},
                "002": {"sigmoid": " (seed 002, section 6)"},
                "003": {"bce": " (seed 003, section 2, eqs. 10–11)",
                        "sigmoid": " (seed 003, section 3)"}}

# L1/L2: the term a weight's gradient gains ({w}: the weight's symbol) and where it comes from.
PENALTIES = {
    "l2": ("λ·{w}", "L2: the loss gains ½λ Σ <i>w</i>² over every weight (not the biases), so "
                    "each weight's gradient gains λ<i>w</i>, from the weight before the update."),
    "l1": ("λ·sign({w})", "L1: the loss gains λ Σ |<i>w</i>| over every weight (not the biases), "
                          "so each weight's gradient gains λ sign(<i>w</i>), with sign(0) = 0.")}


def penalty_of(net):
    """The network's penalty, "l1" or "l2", if it has one with a rate above 0; else None."""
    kind = getattr(net, "regularization", None)
    return kind if kind in PENALTIES and getattr(net, "reg_rate", 0) > 0 else None


class Penalty(NamedTuple):
    """A weight's regularisation term: formula, its numbers ("0.001·0.523"), its value, note."""
    term: str
    numbers: str
    value: float
    note: str

    @classmethod
    def of(cls, kind: str, rate: float, w: float, digits: int) -> "Penalty":
        sign = float((w > 0) - (w < 0))  # sign(0) = 0, as the engine's np.sign
        term, note = PENALTIES[kind]
        x = w if kind == "l2" else sign
        return cls(term, f"{rate:g}·{factor(x, digits)}", rate * x, note)


def bce_source(seed=None) -> str:
    return SEED_SOURCES.get(seed, {}).get("bce", BCE_SOURCE)


def num(v, digits: int) -> str:
    """``v`` with ``digits`` decimals and a true minus sign; no "−0.000"."""
    text = f"{float(v):.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", MINUS)


def factor(v, digits: int) -> str:
    """A number as a factor in a product: negative ones in parentheses."""
    text = num(v, digits)
    return f"({text})" if text.startswith(MINUS) else text


def sym(name: str, sub=None, layer=None) -> str:
    """``name`` in italics (Greek upright), unit subscript, layer superscript in parentheses."""
    html = name if name in ("δ", "η", "σ") else f"<i>{name}</i>"
    if sub is not None:
        html += f"<sub>{sub}</sub>"
    if layer is not None:
        html += f"<sup>({layer})</sup>"
    return html


def act_name(name: str) -> str:
    return ACT_NAMES[name]


def deriv_note(name: str, hidden: bool, seed=None) -> str:
    """f' as the seeds write it, and where they derive it (in the open preset's ``seed``, if
    it does, in a hidden layer)."""
    source = DERIV_SOURCES.get(name, ("", ""))[0 if hidden else 1]
    if hidden:
        source = SEED_SOURCES.get(seed, {}).get(name, source)
    return DERIV_NOTES[name] + source + "."
