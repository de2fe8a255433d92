"""Gradient check: backprop against central finite differences, for every weight and bias.

``check_gradients(net, x, t)`` is the check with one verdict, defined here once and used by
``backprop gradcheck`` and the window: per parameter, ``pass`` when backprop agrees with the
finite difference within the difference's own error bound, ``kink`` when it does not but a
ReLU unit's z crosses 0 within the step on some sample even after the step was made smaller
(z sits on 0: the difference straddles the kink, so it means nothing), else ``fail``. The
whole check fails if one parameter fails.

The step is chosen per parameter, from the scale of what it multiplies (the layer's input
column for a weight, 1 for a bias), so that it moves z by about eps^(1/3), and under L1
regularisation at most half the weight (the step never crosses |w|'s kink at 0). The bound is the
difference's truncation error, estimated by Richardson from the step 2h (truncation grows as
h^2), plus its rounding error, eps times the magnitude of everything the loss adds up, divided
by the step (engine/gradcheck_bounds.py). Parameters are in ``Network.params()`` order
(weights, then biases); layers ``l`` are 0-based (the seeds' layer l + 1), units and samples too.

``progress(done, total)``, if given, is called after each parameter (``backprop gradcheck``
draws a bar with it on a terminal; Ctrl+C stops the check between two losses). The check is
written once, as the generator ``check_steps``, which yields after each pass over the batch:
``check_gradients`` runs it through at once, the window a slice at a time (the same bits).

``numerical_gradients(net, x, t, h)``, ``relative_errors`` and ``check`` keep the plain fixed-step
difference and the relative error ``|g - n| / max(|g| + |n|, FLOOR)`` for display and tests.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import backprop
from .gradcheck_bounds import backprop_rounding, kink_of, loss_rounding, step_scales

PASS, KINK, FAIL = "pass", "kink", "fail"
SAFETY = 4.0  # the bound is an estimate: a right gradient must never fall outside it
SHRINKS = 4   # a step that straddles a ReLU kink is tried this many times more, 16 times smaller

# Below this size a gradient counts as zero in ``relative_errors`` (display only), so rounding
# noise between two tiny numbers is not shown as a large relative error.
FLOOR = 1e-4


def verdict(g, n, bound, kink) -> str:
    """The verdict on one parameter: backprop ``g``, finite difference ``n`` with its error
    ``bound``, and whether a ReLU kink lies within the step."""
    if abs(g - n) <= bound:  # False for NaN: a NaN never passes
        return PASS
    return KINK if kink else FAIL


@dataclass(frozen=True)
class Check:
    """Per parameter array: ``analytic`` (backprop, or the gradients given), ``numerical``,
    ``bounds`` (the difference's own error bound), ``verdicts`` (PASS/KINK/FAIL) and ``errors``
    (relative errors, for display); ``kinks`` maps ``(array, index)`` to ``(layer, unit, sample)``
    of the kink found; ``bug`` names the teaching bug the analytic gradients carry, if any."""
    analytic: list
    numerical: list
    bounds: list
    verdicts: list
    errors: list
    kinks: dict
    bug: str | None = None

    @property
    def verdict(self) -> str:
        return worst_verdict(self.verdicts)

    def ratios(self, k):
        """``|g - n| / bound`` for array ``k``: above 1 is outside the bound (NaN as inf)."""
        gap = np.abs(self.analytic[k] - self.numerical[k])
        ratio = gap / np.maximum(self.bounds[k], np.finfo(float).tiny)
        return np.nan_to_num(ratio, nan=np.inf)

    def worst(self, k=None):
        """``(array, index)`` of the parameter furthest outside (or least inside) its bound,
        over every array or within array ``k``."""
        arrays = range(len(self.analytic)) if k is None else [k]
        k = max(arrays, key=lambda k: self.ratios(k).max())
        i = np.unravel_index(self.ratios(k).argmax(), self.analytic[k].shape)
        return k, tuple(int(j) for j in i)

    def kink_in(self, k):
        """``(layer, unit, sample)`` of the first kink met by a parameter of array ``k``, or None."""
        return next((self.kinks[key] for key in sorted(self.kinks) if key[0] == k), None)


def worst_verdict(verdicts) -> str:
    """FAIL if any verdict fails, else KINK if any is a kink, else PASS (arrays or lists)."""
    found = {str(v) for array in verdicts for v in np.ravel(array)}
    return FAIL if FAIL in found else KINK if KINK in found else PASS


def _loss_and_zs(net, x, t):
    zs, acts = backprop.forward(net, x)
    return backprop.loss(net, zs[-1], acts[-1], t), zs


def _one(probe, k, i, x, t, h, found):
    """Central differences with the steps h and 2h for parameter ``i`` of array ``k``, one loss
    at a time (a generator: it yields after each loss); ``found`` receives
    ``(n(h), n(2h), 2h as rounded, the zs of every evaluation)``."""
    p = probe.params()[k]
    old, diffs, widths, zs_seen = p[i], [], [], []
    for step in (h, 2 * h):
        up, down = old + step, old - step
        p[i] = up
        loss_up, zs_up = _loss_and_zs(probe, x, t)
        yield
        p[i] = down
        loss_down, zs_down = _loss_and_zs(probe, x, t)
        yield
        widths.append(up - down)  # the step as rounded, not as asked
        diffs.append((loss_up - loss_down) / widths[-1])
        zs_seen += [zs_up, zs_down]
    p[i] = old
    found[:] = [diffs[0], diffs[1], widths[0], zs_seen]


def check_gradients(net, x, t, analytic=None, bug=None, progress=None) -> Check:
    """The check of ``analytic`` (default: backprop's) on the batch ``(x, t)``, at once."""
    steps = check_steps(net, x, t, analytic, bug)
    shown = 0
    while True:
        try:
            done, total = next(steps)
        except StopIteration as end:
            return end.value
        if progress is not None and done != shown:
            shown = done
            progress(done, total)


def check_steps(net, x, t, analytic=None, bug=None):
    """The check as a generator, for work in slices (the window): it yields ``(parameters done,
    total)`` after each pass over the batch (a loss, or the gradients) and returns the Check.
    Abandoning it midway changes nothing: it works on copies."""
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    total = sum(p.size for p in net.params())
    if analytic is None:
        analytic = analytic_gradients(net, x, t)
        yield 0, total
    zs, acts = backprop.forward(net, x)
    deltas = backprop.backward(net, zs, acts, t)[0]
    yield 0, total
    eps_loss = loss_rounding(net, zs, acts, deltas, t)
    eps_grad = backprop_rounding(net, acts, deltas)
    probe, cbrt_eps = net.copy(), np.cbrt(np.finfo(float).eps)
    numerical, bounds, verdicts, kinks = [], [], [], {}
    done, found = 0, []
    for k, (p, g, scale) in enumerate(zip(net.params(), analytic, step_scales(net, x))):
        n, b, v = np.zeros_like(p), np.zeros_like(p), np.empty(p.shape, dtype="<U4")
        for i in np.ndindex(p.shape):
            h = cbrt_eps * max(scale[i], abs(p[i]) * cbrt_eps, np.finfo(float).tiny)
            if net.regularization == "l1" and k < net.n_layers and p[i] != 0:
                h = min(h, abs(p[i]) / 2)  # L1's |w| has a kink at 0: stay on w's side
            for _ in range(SHRINKS + 1):  # a z near 0 (not on it) leaves a small enough step
                for _ in _one(probe, k, i, x, t, h, found):
                    yield done, total
                n[i], n2, width, zs_seen = found
                kink = kink_of(net, zs, zs_seen)
                if kink is None:
                    break
                h /= 16.0
            truncation = abs(n[i] - n2) / 3.0  # n(2h) - n(h) ~ 3 h^2 C, from Richardson
            b[i] = SAFETY * (truncation + 2.0 * eps_loss / width) + eps_grad[k][i]
            if kink is not None:
                kinks[(k, i)] = kink
            v[i] = verdict(float(g[i]), float(n[i]), float(b[i]), kink is not None)
            done += 1
            yield done, total
        numerical.append(n)
        bounds.append(b)
        verdicts.append(v)
    return Check(list(analytic), numerical, bounds, verdicts,
                 relative_errors(analytic, numerical), kinks, bug)


def numerical_gradients(net, x, t, h=1e-5):
    """Central differences of the reduced loss with the fixed step ``h``, in the order of
    ``net.params()`` (``check_gradients`` picks the step per parameter)."""
    probe = net.copy()
    grads = []
    for p in probe.params():
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = _loss_and_zs(probe, x, t)[0]
            p[i] = old - h
            down = _loss_and_zs(probe, x, t)[0]
            p[i] = old
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def analytic_gradients(net, x, t):
    """Backprop's gradients, in the order of ``net.params()``."""
    _, grads_w, grads_b = backprop.backprop(net, x, t)
    return grads_w + (grads_b or [])


def relative_errors(analytic, numerical):
    """Per parameter ``|g - n| / max(|g| + |n|, FLOOR)``, one array per parameter array."""
    return [np.abs(g - n) / np.maximum(np.abs(g) + np.abs(n), FLOOR)
            for g, n in zip(analytic, numerical)]


def check(net, x, t, h=1e-5, analytic=None) -> float:
    """The largest relative error with the fixed step ``h`` (pass ``analytic`` to test other
    gradients); the verdict is ``check_gradients``'s."""
    if analytic is None:
        analytic = analytic_gradients(net, x, t)
    errors = relative_errors(analytic, numerical_gradients(net, x, t, h))
    return max(float(e.max()) for e in errors)
