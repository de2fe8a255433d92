"""Marking an answer: right within the set's tolerance, or wrong with the worked computation
in the seeds' notation and the first step where the student's number departs from it.

Every number here comes from the snapshot after the question's phase (the engine's numbers):
the terms of the worked computation (weights, activations, deltas, f′(z) = a(1 − a) ...) and
the result. The diagnosis tries the common slips, each built from the same numbers (δ without
f′(z), the bias left out, the 1/n of a mean loss forgotten, + η instead of − η ...); the first
one the answer matches within the tolerance names the step. No Qt here.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine import activations

from .exercises import Question, describe, expected, factor, num, sym

NAMES = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "linear": "linear"}


class Mark(NamedTuple):
    question: Question
    given: float
    expected: float
    right: bool
    worked: str          # the computation with its numbers, in the seeds' notation
    departure: str       # where a wrong answer departs ("" when right)


class _Numbers:
    """The terms of one question's computation, from the snapshot."""

    def __init__(self, q, snap, info):
        self.q, self.s, self.info = q, snap, info
        self.W = snap.old_weights if snap.old_weights is not None else snap.weights
        self.b = snap.old_biases if snap.old_weights is not None else snap.biases
        self.n = len(snap.x)

    def f_prime(self, l, p, j):
        z, a = self.s.z[l][p, j], self.s.a[l + 1][p, j]
        return float(activations.derivative(self.info.activations[l], np.array([z]),
                                            np.array([a]))[0])

    def scale(self):
        return 1.0 if self.s.reduction == "sum" else 1.0 / self.n


def mark(q: Question, given: float, snap, info, tolerance: float, digits: int = 3) -> Mark:
    """Mark ``given`` for ``q`` against ``snap`` (taken after q's phase); ``info`` is NetInfo."""
    value = expected(q, snap)
    worked, slips = WORK[q.kind](_Numbers(q, snap, info), digits)
    right = abs(given - value) <= tolerance
    departure = "" if right else next(
        (text for v, text in slips if np.isfinite(v) and abs(given - v) <= tolerance),
        f"none of the usual slips: your {num(given, digits)} is not {num(value, digits)}; "
        f"the steps are {_steps(_Numbers(q, snap, info), digits)}: find the first one "
        f"where your working differs")
    return Mark(q, given, value, right, worked, departure)


def _steps(k: _Numbers, d: int) -> str:
    """The intermediate numbers of ``k``'s computation, named, for a wrong answer."""
    q, s = k.q, k.s
    l, j, p = q.layer, q.unit, q.sample
    if q.kind == "z":
        steps = [("Σᵢ W a", float(k.W[l][j] @ s.a[l][p]))]
        steps += [("b", k.b[l][j])] if k.b is not None else []
    elif q.kind == "a":
        steps = [("z", s.z[l][p, j])]
    elif q.kind == "delta" and l == len(s.z) - 1:
        steps = [("a − t", s.a[l + 1][p, j] - s.t[p, j]), ("f′(z)", k.f_prime(l, p, j))]
    elif q.kind == "delta":
        steps = [("Σₖ W δ", float(s.delta[l + 1][p] @ k.W[l + 1][:, j])),
                 ("f′(z)", k.f_prime(l, p, j))]
    elif q.kind in ("grad_w", "grad_b"):
        a = s.a[l][:, q.source] if q.kind == "grad_w" else np.ones(k.n)
        steps = [("Σₚ δ" + ("·a" if q.kind == "grad_w" else ""), float(s.delta[l][:, j] @ a)),
                 ("the factor", k.scale())]
    else:
        grad = s.grad_w[l][j, q.source] if q.kind == "new_w" else s.grad_b[l][j]
        steps = [("∂L/∂w", grad), ("η ∂L/∂w", s.eta * grad)]
    return ", ".join(f"{name} = {num(v, d)}" for name, v in steps)


def _prev(l, i):
    return sym("x", i + 1) if l == 0 else sym("a", i + 1, l)


def _z(k: _Numbers, d):
    q, s = k.q, k.s
    l, j, p = q.layer, q.unit, q.sample
    a_prev = s.a[l][p]
    terms = [f"{factor(k.W[l][j, i], d)}·{factor(a_prev[i], d)}" for i in range(len(a_prev))]
    form = " + ".join(f"{sym('W', f'{j + 1}{i + 1}', l + 1)}{_prev(l, i)}" for i in range(len(a_prev)))
    total = float(k.W[l][j] @ a_prev)
    slips = [(s.a[l + 1][p, j], f"your {sym('z', j + 1, l + 1)} is a = f(z): the activation "
                                "is the next step; z is the weighted sum itself")]
    if k.b is not None:
        form += f" + {sym('b', j + 1, l + 1)}"
        terms.append(factor(k.b[l][j], d))
        slips.insert(0, (total, "your z leaves out the bias b: the sum of W·a is right"))
    slips += [(float(k.W[l][:, j] @ a_prev) if k.W[l].shape[0] == k.W[l].shape[1] else np.nan,
               "your z sums the column of W, not the row: W_ji joins unit i to unit j")]
    return (f"{sym('z', j + 1, l + 1)} = {form} = {' + '.join(terms)} = "
            f"{num(expected(q, s), d)}"), slips


def _a(k: _Numbers, d):
    q, s = k.q, k.s
    l, j, p = q.layer, q.unit, q.sample
    name = NAMES[k.info.activations[l]]
    z = s.z[l][p, j]
    slips = [(z, f"your a equals z: f = {name} is not applied yet")]
    if name == "σ":
        slips.append((1 - s.a[l + 1][p, j], "your a is σ(−z) = 1 − a: σ(z) = 1 / (1 + e^(−z))"))
    return (f"{sym('a', j + 1, l + 1)} = {name}({sym('z', j + 1, l + 1)}) = {name}({num(z, d)}) = "
            f"{num(expected(q, s), d)}"), slips


def _delta(k: _Numbers, d):
    q, s = k.q, k.s
    l, j, p = q.layer, q.unit, q.sample
    fp, value, L = k.f_prime(l, p, j), expected(q, s), len(s.z)
    name = sym("δ", j + 1, l + 1)
    deriv = f"f′({sym('z', j + 1, l + 1)})"
    if l == L - 1:
        a, t = s.a[l + 1][p, j], s.t[p, j]
        diff = f"{sym('a', j + 1, l + 1)} − {sym('t', j + 1)}"
        if k.info.loss == "bce" and k.info.activations[l] == "sigmoid":
            return (f"{name} = {diff} = {num(a, d)} − {factor(t, d)} = {num(value, d)}",
                    [(t - a, "your δ is t − a: the sign is turned round; δ = a − t"),
                     ((a - t) * fp, "your δ multiplies (a − t) by f′(z): with cross-entropy "
                                    "σ′(z) cancels, δ = a − t")])
        return (f"{name} = ({diff})·{deriv} = ({num(a, d)} − {factor(t, d)})·{factor(fp, d)} = "
                f"{num(value, d)}",
                [(a - t, "your δ equals (a − t) without f′(z): multiply by f′(z) = a(1 − a)"),
                 ((t - a) * fp, "your δ is (t − a)·f′(z): the sign is turned round")])
    back = float(s.delta[l + 1][p] @ k.W[l + 1][:, j])
    terms = " + ".join(f"{factor(k.W[l + 1][m, j], d)}·{factor(s.delta[l + 1][p, m], d)}"
                       for m in range(k.W[l + 1].shape[0]))
    slips = [(back, "your δ is Σ W δ without f′(z): multiply by the unit's own f′(z)"),
             (back * s.a[l + 1][p, j], "your δ multiplies by a, not by f′(z) = a(1 − a)"),
             (-value, "your δ has the wrong sign: δ is (Σ W δ)·f′(z)")]
    return (f"{name} = (Σₖ {sym('W', f'k{j + 1}', l + 2)}{sym('δ', 'k', l + 2)})·{deriv} = "
            f"({terms})·{factor(fp, d)} = {num(value, d)}"), slips


def _grad(k: _Numbers, d):
    q, s = k.q, k.s
    l, j = q.layer, q.unit
    weight = q.kind in ("grad_w", "new_w")
    a_prev = s.a[l][:, q.source] if weight else np.ones(k.n)
    total = float(s.delta[l][:, j] @ a_prev)
    each = f"δ{sym('', j + 1, l + 1)},ₚ" + (f" {_prev(l, q.source)},ₚ" if weight else "")
    terms = " + ".join(f"{factor(s.delta[l][p, j], d)}" + (f"·{factor(a_prev[p], d)}" if weight else "")
                       for p in range(min(k.n, 8))) + (" + …" if k.n > 8 else "")
    scale = "" if s.reduction == "sum" else f"(1/{k.n}) "
    target = sym("W", f"{j + 1}{q.source + 1}", l + 1) if weight else sym("b", j + 1, l + 1)
    slips = [(total, "your gradient is the sum over the samples: a mean loss divides it by n"),
             (s.delta[l][0, j] * a_prev[0] if k.n > 1 else np.nan,
              "your gradient takes the first sample alone: sum over all the samples"),
             (-k.scale() * total, "your gradient has the wrong sign: it is δ times the input")]
    if weight and s.a[l + 1] is not None and k.W[l].shape[0] == k.W[l].shape[1]:
        slips.append((k.scale() * float(s.delta[l][:, j] @ s.a[l][:, j]),
                      "your gradient multiplies δ by the wrong unit's activation: a of unit i"))
    return (f"∂L/∂{target} = {scale}Σₚ {each} = {scale}({terms}) = "
            f"{num(k.scale() * total, d)}"), slips


def _new(k: _Numbers, d):
    q, s = k.q, k.s
    l, j = q.layer, q.unit
    weight = q.kind == "new_w"
    old = k.W[l][j, q.source] if weight else k.b[l][j]
    grad = s.grad_w[l][j, q.source] if weight else s.grad_b[l][j]
    target = sym("W", f"{j + 1}{q.source + 1}", l + 1) if weight else sym("b", j + 1, l + 1)
    text = (f"{target} ← {target} − η ∂L/∂{target} = {num(old, d)} − {num(s.eta, d)}·"
            f"{factor(grad, d)} = {num(expected(q, s), d)}")
    if s.optimizer != "sgd":
        text += f" ({s.optimizer}: the step it made is old − new)"
    return text, [(old + s.eta * grad, "your update adds η ∂L/∂w: descent subtracts it"),
                  (old - grad, "your update leaves out η: subtract η times the gradient"),
                  (s.eta * grad, "you gave the step η ∂L/∂w: subtract it from the old value"),
                  (old, "you gave the old value: the update subtracts η ∂L/∂w")]


WORK = {"z": _z, "a": _a, "delta": _delta, "grad_w": _grad, "grad_b": _grad,
        "new_w": _new, "new_b": _new}


def worked(q: Question, snap, info, digits: int = 3) -> str:
    """The worked computation of ``q`` (for answer keys)."""
    return WORK[q.kind](_Numbers(q, snap, info), digits)[0]


def summary(m: Mark, digits: int) -> str:
    verdict = "right" if m.right else f"wrong: {m.departure}"
    return f"{describe(m.question)} = {num(m.expected, digits)}; you gave {num(m.given, digits)}, {verdict}"
