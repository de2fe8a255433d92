"""Activations, losses and output deltas against a 400-digit reference (mpmath), z in [-800, 800].

Every value that is a normal float must be within 1e-15 of the reference, relatively. The
reference takes the float inputs as exact numbers, so the only error measured is the engine's.
``python tests/test_exact_tails.py`` prints the largest relative error of each quantity.
"""
import sys

import mpmath
import numpy as np
import pytest

from engine import activations, losses

mpmath.mp.dps = 400  # e^-800 is 1e-348: sigmoid(800) - 1 needs about 360 digits
LIMIT = 1e-15
TINY = np.finfo(float).tiny  # the smallest normal float
# The grid: every unit from -800 to 800, every tenth from -40 to 40, plus the points the issue names.
Z = np.unique(np.concatenate([np.arange(-800.0, 801.0, 1.0), np.linspace(-40, 40, 801),
                              [-37.5, -30.0, -20.0, 17.0, 1e-300, -1e-300, 0.0]]))
TARGETS = [0.0, 1.0, 0.25, 0.5, 0.75, 1 - 2.0**-53, 2.0**-53]


def sig(z):
    return 1 / (1 + mpmath.exp(-z))


def softplus(z):
    return mpmath.log1p(mpmath.exp(z))


REFERENCE = {  # name -> (engine function of (z, t), reference of (z, t))
    "sigmoid": (lambda z, t: activations.sigmoid(z), lambda z, t: sig(z)),
    "sigmoid'": (lambda z, t: activations.derivative("sigmoid", z),
                 lambda z, t: sig(z) * sig(-z)),
    "tanh": (lambda z, t: activations.tanh(z), lambda z, t: mpmath.tanh(z)),
    "tanh'": (lambda z, t: activations.derivative("tanh", z), lambda z, t: mpmath.sech(z) ** 2),
    "bce": (lambda z, t: losses.bce(z[:, None], np.full((len(z), 1), t)),
            lambda z, t: t * softplus(-z) + (1 - t) * softplus(z)),
    "bce delta a - t": (lambda z, t: losses.output_delta("bce", "sigmoid", z, activations.sigmoid(z),
                                                         np.full(len(z), t)),
                        lambda z, t: sig(z) - t),
    "mse delta (a - t) a (1 - a)": (
        lambda z, t: losses.output_delta("mse", "sigmoid", z, activations.sigmoid(z),
                                         np.full(len(z), t)),
        lambda z, t: (sig(z) - t) * sig(z) * sig(-z)),
}


def relative_errors(name, t):
    """The engine's relative error at each z of the grid where the true value is a normal float."""
    engine, reference = REFERENCE[name]
    with np.errstate(under="ignore"):
        got = np.asarray(engine(Z.copy(), t), dtype=float)
    errors = []
    for z, g in zip(Z, got):
        true = reference(mpmath.mpf(float(z)), mpmath.mpf(t))
        if abs(true) >= TINY and abs(true) <= np.finfo(float).max:
            errors.append(float(abs((mpmath.mpf(float(g)) - true) / true)))
    return np.array(errors)


def _conditioned(name, t):
    """Soft targets make ``sigmoid(z) - t`` vanish at one z, where no float64 formula can keep
    its relative error (the condition number is unbounded): for those, only 0 and 1 count."""
    return "delta" not in name or t in (0.0, 1.0)


def targets(name):
    """The targets a quantity is measured at: activations have none."""
    if "bce" not in name and "mse" not in name:
        return [0.0]
    return [t for t in TARGETS if _conditioned(name, t)]


CASES = [(name, t) for name in REFERENCE for t in targets(name)]


@pytest.mark.parametrize("name, t", CASES, ids=[f"{n}-t={t!r}" for n, t in CASES])
def test_relative_error_below_1e_15_on_the_whole_grid(name, t):
    errors = relative_errors(name, t)
    assert len(errors) > 1000  # the grid really covers the range
    assert errors.max() < LIMIT, f"{name}, t = {t}: largest relative error {errors.max():.2e}"


def test_soft_target_deltas_are_exact_to_the_digits_of_their_terms():
    """Where sigmoid(z) - t cancels, the error stays below 1e-15 of the larger term."""
    for t in TARGETS:
        for name in ("bce delta a - t", "mse delta (a - t) a (1 - a)"):
            engine, reference = REFERENCE[name]
            got = engine(Z.copy(), t)
            for z, g in zip(Z, got):
                true = reference(mpmath.mpf(float(z)), mpmath.mpf(t))
                scale = max(float(sig(mpmath.mpf(float(z)))), t) * (
                    float(sig(z) * sig(-z)) if "mse" in name else 1.0)
                assert abs(float(mpmath.mpf(float(g)) - true)) <= LIMIT * scale + 1e-300


def test_the_loss_and_its_delta_agree_where_the_issue_found_them_apart():
    """At z = -40, t = 0 the loss is 4.248e-18 and its derivative (the delta) equals it."""
    z, t = np.array([[-40.0]]), np.array([[0.0]])
    loss = losses.bce(z, t)[0]
    delta = losses.output_delta("bce", "sigmoid", z, activations.sigmoid(z), t)[0, 0]
    assert delta > 0
    assert abs(delta - loss) / loss < 1e-15  # softplus(z) and sigmoid(z) agree to e^(2z)


def test_float32_stays_float32():
    z = np.linspace(-50, 50, 11, dtype=np.float32)
    assert activations.sigmoid(z).dtype == np.float32


if __name__ == "__main__":
    for name in REFERENCE:
        worst = max((relative_errors(name, t).max(), t) for t in targets(name))
        where = f" (t = {worst[1]:.17g})" if len(targets(name)) > 1 else ""
        print(f"{name:<30} largest relative error {worst[0]:.2e}{where}", file=sys.stdout)
