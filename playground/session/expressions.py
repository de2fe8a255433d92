"""A student's typed answer as a number: ``0.25``, ``1/3``, ``0.5*(1-0.5)``, ``2^-3``, ``1e-3``.

A small recursive-descent parser, never ``eval``: numbers, ``+ - * /``, parentheses, and powers
written ``^`` or ``**`` (right-associative, above unary minus: ``-2^2`` is -4, as on paper).
The true minus sign (−), the multiplication signs × and ·, and a decimal comma are accepted as
students type them. The text is at most ``MAX_LENGTH`` characters, an exponent at most
``MAX_EXPONENT`` in size and nesting at most ``MAX_DEPTH`` deep, so no answer can make the
window work long. Every problem is an ``AnswerError`` (a ValueError) saying what is wrong.
"""
from __future__ import annotations

import math
import re

MAX_LENGTH = 200
MAX_EXPONENT = 64
MAX_DEPTH = 32
SIGNS = {"−": "-", "–": "-", "×": "*", "·": "*", "÷": "/"}
TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/^()]))")


class AnswerError(ValueError):
    pass


def tokens(text: str) -> list[str]:
    for sign, plain in SIGNS.items():
        text = text.replace(sign, plain)
    if re.fullmatch(r"\s*-?\d+,\d+\s*", text):
        text = text.replace(",", ".")  # a decimal comma, in a plain number only
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if m is None:
            if text[pos:].strip() == "":
                break
            raise AnswerError(f"cannot read “{text[pos:pos + 10].strip()}”: use numbers, "
                              f"+ − * / ^ and parentheses")
        out.append(m.group(1) or m.group(2))
        pos = m.end()
    return out


def value(text: str) -> float:
    """The number ``text`` stands for; AnswerError if it is not a finite number."""
    if len(text) > MAX_LENGTH:
        raise AnswerError(f"an answer is at most {MAX_LENGTH} characters")
    toks = tokens(text)
    if not toks:
        raise AnswerError("no answer")
    parser = _Parser(toks)
    try:
        v = parser.sum(0)
    except OverflowError:
        raise AnswerError("the answer is too large") from None
    if parser.pos != len(toks):
        raise AnswerError(f"unexpected “{toks[parser.pos]}”")
    if not math.isfinite(v):
        raise AnswerError("the answer is not a finite number")
    return v


def is_number(token: str) -> bool:
    return token[0].isdigit() or token[0] == "."


class _Parser:
    def __init__(self, toks):
        self.toks, self.pos = toks, 0

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise AnswerError("the answer ends too soon")
        self.pos += 1
        return tok

    def sum(self, depth):
        v = self.product(depth)
        while self.peek() in ("+", "-"):
            v = v + self.product(depth) if self.take() == "+" else v - self.product(depth)
        return v

    def product(self, depth):
        v = self.unary(depth)
        while self.peek() in ("*", "/"):
            op, w = self.take(), self.unary(depth)
            if op == "/" and w == 0:
                raise AnswerError("division by zero")
            v = v * w if op == "*" else v / w
        return v

    def unary(self, depth):
        if self.peek() in ("+", "-"):
            sign = -1.0 if self.take() == "-" else 1.0
            return sign * self.unary(depth + 1)
        return self.power(depth)

    def power(self, depth):
        if depth > MAX_DEPTH:
            raise AnswerError("the answer is nested too deeply")
        base = self.atom(depth)
        if self.peek() not in ("^", "**"):
            return base
        self.take()
        exponent = self.unary(depth + 1)  # right-associative: 2^3^2 is 2^9
        if abs(exponent) > MAX_EXPONENT:
            raise AnswerError(f"an exponent is at most {MAX_EXPONENT}")
        if base == 0 and exponent < 0:
            raise AnswerError("division by zero")
        if base < 0 and exponent != int(exponent):
            raise AnswerError("a negative number to a fractional power")
        return base ** exponent

    def atom(self, depth):
        tok = self.take()
        if tok == "(":
            v = self.sum(depth + 1)
            if self.take() != ")":
                raise AnswerError("a parenthesis is not closed")
            return v
        if is_number(tok):
            return float(tok)
        raise AnswerError(f"unexpected “{tok}”")
