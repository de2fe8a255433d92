"""The inspector's formulas: one node, weight or bias of a Snapshot, with its numbers filled in.

Every number shown comes from the Snapshot: the terms of each sum (weights, activations,
deltas) and the Snapshot's own result (z, a, delta, gradient, new weight). Nothing is computed
here, except the step old − new that momentum or Adam made (the Snapshot's optimizer), shown in
place of the plain η ∂L/∂w, which only gradient descent uses, and with L1/L2 regularisation (the
network's ``regularization`` and ``reg_rate``) a weight's term λ·w or λ·sign(w), from the weight
the gradient was computed with; the data part of the gradient is the Snapshot's gradient less it. The layer index l of a selection is 0-based (``z[l]`` is the seeds' layer l + 1); on
screen layers, units and samples count from 1, and the input layer is 0 (x). Each result is a
list of ``Line``: ``formula`` is HTML with the symbols, ``numbers`` the numeric part alone
("= 0.400·0.593 + 0.600 = 0.837"), so tests can read the values back.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..session.frame import FORWARD, HIDDEN_DELTA, OUTPUT_DELTA, UPDATE

from .inspector_symbols import (CE_NOTE, DERIVATIVES, Penalty, act_name, bce_source, deriv_note,
                                factor, num, penalty_of, sym)

MAX_SAMPLES = 6  # per-sample lines shown for a weight's gradient
# Update rules other than plain gradient descent, as the inspector names them.
RULES = {"momentum": "Momentum: <i>v</i> ← β<i>v</i> + ∂<i>L</i>/∂<i>w</i>, Δ = η<i>v</i>",
         "adam": "Adam: Δ = η m̂ / (√v̂ + ε), from running means of the gradient and its square"}


@dataclass(frozen=True)
class Line:
    key: str  # title section z a delta note weight sample grad update pending
    formula: str        # HTML
    numbers: str = ""   # HTML: "= ...", numbers and operators only
    current: bool = False  # part of the phase just run


HINT = ("Select a unit, a weight or a bias to see how it is computed.<br><br>"
        "Click it in the graph, or a cell of the Matrices tab; each phase fills in its numbers."
        "<br><br><b>Keys</b><br>Space or →: one phase<br>Shift+→: the rest of the iteration"
        "<br>P: play or pause<br>Ctrl+Z, Ctrl+Y: step back, forward again<br>"
        "Ctrl+G: gradient check<br>Ctrl+1 … Ctrl+4: the seeds' presets<br>"
        "Ctrl++, Ctrl+−, Ctrl+0: larger, smaller, normal type")


def explain(snap, selection, sample, net, digits=3, seed=None) -> list[Line]:
    """The lines the inspector shows for ``selection``: None, ("input", i), ("node", l, j),
    ("edge", l, j, i) or ("bias", l, j); anything else, or out of range, gets the hint.
    ``seed`` ("003"): the seed of the preset open, whose sections the notes cite."""
    if snap is None or not fits(snap, selection):
        return [Line("note", HINT)]
    return _Text(snap, net, sample, digits, seed).lines(selection)


def fits(snap, sel) -> bool:
    """Whether ``sel`` names a unit, weight or bias of the snapshot's network."""
    shapes = [w.shape for w in snap.weights]  # (units of layer l + 1, units of layer l)
    try:
        if sel[0] == "input":
            return 0 <= sel[1] < shapes[0][1]
        kind, l, j = sel[0], sel[1], sel[2]
        ok = 0 <= l < len(shapes) and 0 <= j < shapes[l][0]
        if kind == "edge":
            return ok and 0 <= sel[3] < shapes[l][1]
        return ok and (kind == "node" or (kind == "bias" and snap.biases is not None))
    except (TypeError, IndexError):
        return False


def used_weights(snap):
    """The parameters this iteration's z and delta were computed with (before any update)."""
    if snap.old_weights is not None:
        return snap.old_weights, snap.old_biases
    return snap.weights, snap.biases


class _Text:
    def __init__(self, snap, net, sample, digits, seed=None):
        self.s, self.net, self.digits, self.seed = snap, net, digits, seed
        self.p = min(max(int(sample), 0), len(snap.x) - 1)
        self.L = len(snap.z)
        self.W, self.b = used_weights(snap)

    def n(self, v):
        return num(v, self.digits)

    def f(self, v):
        return factor(v, self.digits)

    def lines(self, sel):
        kind, l = sel[0], sel[1]
        if kind == "input":
            return [Line("title", f"Input {l + 1}, sample {self.p + 1} of {len(self.s.x)}"),
                    Line("a", sym("x", l + 1), f"= {self.n(self.s.a[0][self.p, l])}")]
        if kind == "node":
            return self.node(l, sel[2])
        return self.param(l, sel[2], sel[3] if kind == "edge" else None)

    def _delta_phase(self, l):
        return "Output delta" if l == self.L - 1 else "Hidden delta"

    def _is_delta_phase(self, l):
        return self.s.phase in (OUTPUT_DELTA, HIDDEN_DELTA) and self.s.layer == l

    def node(self, l, j):
        where = "output" if l == self.L - 1 else "hidden"
        out = [Line("title", f"Unit {j + 1} of layer {l + 1} ({where}), "
                             f"sample {self.p + 1} of {len(self.s.x)}")]
        return (out + [Line("section", "Forward")] + self.forward(l, j)
                + [Line("section", self._delta_phase(l))] + self.delta(l, j))

    def forward(self, l, j):
        s, p, now = self.s, self.p, self.s.phase == FORWARD
        if s.z[l] is None:
            return [Line("pending", f"{sym('z', j + 1, l + 1)}, {sym('a', j + 1, l + 1)}: not "
                                    "computed yet — step to the Forward phase")]
        prev = "x" if l == 0 else "a"
        layer_prev = None if l == 0 else l
        terms = [f"{self.f(self.W[l][j, i])}·{self.f(s.a[l][p, i])}"
                 for i in range(s.a[l].shape[1])]
        formula = (f"{sym('z', j + 1, l + 1)} = Σ<sub><i>i</i></sub> "
                   f"{sym('W', f'{j + 1}<i>i</i>', l + 1)} {sym(prev, '<i>i</i>', layer_prev)}")
        if self.b is not None:
            formula += f" + {sym('b', j + 1, l + 1)}"
            terms.append(self.f(self.b[l][j]))
        name = act_name(self.net.activations[l])
        if name == "softmax":  # a_j depends on every z of the layer
            a = sym("a", j + 1, l + 1)
            sums = " + ".join(f"e<sup>{self.n(z)}</sup>" for z in s.z[l][p])
            return [Line("z", formula, f"= {' + '.join(terms)} = {self.n(s.z[l][p, j])}", now),
                    Line("a", f"{a} = e<sup>{sym('z', j + 1, l + 1)}</sup> / Σ<sub><i>k</i></sub>"
                              f" e<sup>{sym('z', '<i>k</i>', l + 1)}</sup>",
                         f"= e<sup>{self.n(s.z[l][p, j])}</sup> / ({sums}) = "
                         f"{self.n(s.a[l + 1][p, j])}", now)]
        return [Line("z", formula, f"= {' + '.join(terms)} = {self.n(s.z[l][p, j])}", now),
                Line("a", f"{sym('a', j + 1, l + 1)} = {name}({sym('z', j + 1, l + 1)})",
                     f"= {name}({self.n(s.z[l][p, j])}) = {self.n(s.a[l + 1][p, j])}", now)]

    def _derivative(self, l, j):
        """``(formula, numbers)`` of f'(z_j) as the seeds write it, e.g. a(1 − a)."""
        name, z, a = self.net.activations[l], self.s.z[l][self.p, j], self.s.a[l + 1][self.p, j]
        formula, numbers = DERIVATIVES[name]
        return (formula.format(a=sym("a", j + 1, l + 1), z=sym("z", j + 1, l + 1)),
                numbers.format(a=self.f(a), z=self.n(z)))

    def delta(self, l, j):
        s, p, now = self.s, self.p, self._is_delta_phase(l)
        d = sym("δ", j + 1, l + 1)
        if s.delta[l] is None:
            return [Line("pending", f"{d}: not computed yet — step to the "
                                    f"{self._delta_phase(l)} phase")]
        result = self.n(s.delta[l][p, j])
        deriv, deriv_numbers = self._derivative(l, j)
        if l < self.L - 1:
            terms = " + ".join(f"{self.f(self.W[l + 1][k, j])}·{self.f(s.delta[l + 1][p, k])}"
                               for k in range(s.delta[l + 1].shape[1]))
            formula = (f"{d} = (Σ<sub><i>k</i></sub> {sym('W', f'<i>k</i>{j + 1}', l + 2)} "
                       f"{sym('δ', '<i>k</i>', l + 2)})·{deriv}")
            return [Line("delta", formula, f"= ({terms})·{deriv_numbers} = {result}", now),
                    Line("note", deriv_note(self.net.activations[l], hidden=True, seed=self.seed))]
        a, t = self.n(s.a[l + 1][p, j]), self.n(s.t[p, j])
        diff = f"{sym('a', j + 1, l + 1)} − {sym('t', j + 1)}"
        if self.net.loss == "ce":
            return [Line("delta", f"{d} = {diff}", f"= {a} − {t} = {result}", now),
                    Line("note", CE_NOTE)]
        if self.net.loss == "bce":
            return [Line("delta", f"{d} = {diff}", f"= {a} − {t} = {result}", now),
                    Line("note", "No σ′ here: σ′(<i>z</i>) = <i>a</i>(1 − <i>a</i>) cancels the "
                                 "denominator of ∂<i>L</i>/∂<i>a</i> = (<i>a</i> − <i>t</i>) / "
                                 f"(<i>a</i>(1 − <i>a</i>)){bce_source(self.seed)}.")]
        return [Line("delta", f"{d} = ({diff})·{deriv}",
                     f"= ({a} − {t})·{deriv_numbers} = {result}", now),
                Line("note", "Squared error ½(<i>a</i> − <i>t</i>)²: ∂<i>l</i>/∂<i>a</i> = "
                             "<i>a</i> − <i>t</i> (seed 002, eq. 11), times "
                             + deriv_note(self.net.activations[l], hidden=False))]

    def param(self, l, j, i):
        """A weight W[l][j, i] (``i`` given) or a bias b[l][j] (``i`` None)."""
        s = self.s
        target = sym("W", f"{j + 1}{i + 1}", l + 1) if i is not None else sym("b", j + 1, l + 1)
        # the value now: after the Update phase, the new one (the update line shows the old)
        value = s.weights[l][j, i] if i is not None else s.biases[l][j]
        src = f"from unit {i + 1} of layer {l} to" if i is not None else "into"
        out = [Line("title", f"{'Weight' if i is not None else 'Bias'} {src} unit {j + 1} "
                             f"of layer {l + 1}"),
               Line("weight", target, f"= {self.n(value)}"), Line("section", "Gradient")]
        if s.delta[l] is None:
            return out + [Line("pending", f"∂<i>L</i>/∂{target}: not computed yet — step to the "
                                          f"{self._delta_phase(l)} phase")]
        return (out + self.gradient(l, j, i, target)
                + [Line("section", "Update")] + self.update(l, j, i, target))

    def gradient(self, l, j, i, target):
        s, now, n = self.s, self._is_delta_phase(l), len(self.s.x)
        prev = "x" if l == 0 else "a"
        d = sym("δ", j + 1, l + 1)
        each = f"{d} {sym(prev, i + 1, None if l == 0 else l)}" if i is not None else d
        shown = sorted(set(range(min(n, MAX_SAMPLES - 1))) | {self.p})
        out = []
        for p in shown:
            d = self.f(s.delta[l][p, j])
            numbers = f"= {d}·{self.f(s.a[l][p, i])}" if i is not None else f"= {d}"
            label = f"<b>sample {p + 1}</b>" if p == self.p else f"sample {p + 1}"
            out.append(Line("sample", f"{label}: ∂<i>l</i><sub>{p + 1}</sub>/∂{target} = {each}",
                            numbers, now))
        if n > len(shown):
            out.append(Line("note", f"… and {n - len(shown)} more samples"))
        scale = "" if s.reduction == "sum" else f"(1/{n}) "
        grad = s.grad_w[l][j, i] if i is not None else s.grad_b[l][j]
        formula = f"∂<i>L</i>/∂{target} = {scale}Σ<sub><i>p</i></sub> {each}"
        reg = self.penalty(l, j, i)
        if reg is None:
            out.append(Line("grad", formula, f"= {self.n(grad)}", now))
        else:
            out += [Line("grad", f"{formula} + {reg.term.format(w=target)}",
                         f"= {self.n(grad - reg.value)} + {reg.numbers} = {self.n(grad)}", now),
                    Line("note", reg.note)]
        if i is None and penalty_of(self.net) is not None:
            out.append(Line("note", "The biases are not regularised: no λ term here."))
        return out

    def penalty(self, l, j, i):
        """The term weight W[l][j, i]'s gradient gains from an L1/L2 penalty (inspector_symbols
        .Penalty), from the weight before the update; None for a bias or without one."""
        kind = penalty_of(self.net)
        return None if i is None or kind is None else Penalty.of(
            kind, self.net.reg_rate, float(self.W[l][j, i]), self.digits)

    def update(self, l, j, i, target):
        s = self.s
        rule = RULES.get(s.optimizer)
        formula = (f"{target} ← {target} − η ∂<i>L</i>/∂{target}" if rule is None
                   else f"{target} ← {target} − Δ{target}")
        if s.phase != UPDATE:
            return [Line("pending", f"{formula}: not yet — step to the Update phase")]
        old, new = (s.old_weights, s.weights) if i is not None else (s.old_biases, s.biases)
        index = (j, i) if i is not None else j
        old, new = old[l][index], new[l][index]
        if rule is not None:  # the step also depends on the optimizer's state: show it as made
            return [Line("update", formula, f"= {self.n(old)} − {self.f(old - new)} = "
                                            f"{self.n(new)}", True),
                    Line("note", f"{rule}; Δ is the step it made, old − new "
                                 f"(η = {self.n(s.eta)}).")]
        grad = s.grad_w[l][j, i] if i is not None else s.grad_b[l][j]
        reg = self.penalty(l, j, i)
        parts = self.f(grad) if reg is None else f"({self.n(grad - reg.value)} + {reg.numbers})"
        return [Line("update", formula, f"= {self.n(old)} − {self.n(s.eta)}·{parts} = "
                                        f"{self.n(new)}", True)]
