"""Predict, then reveal, without Qt: the answer parser, the questions' expected values (the
engine's numbers, checked here against a forward pass by hand and central differences), the
marking within a tolerance, the diagnosis of the common slips, and the score."""
import math

import numpy as np
import pytest

from engine import backprop, presets
from playground.session import diagnosis, exercises
from playground.session.exercises import ExerciseSet, Question
from playground.session.expressions import AnswerError, MAX_LENGTH, value
from playground.session.quiz import Quiz
from playground.session.run import Run


@pytest.mark.parametrize("text, number", [
    ("0.5*(1-0.5)", 0.5 * (1 - 0.5)), ("1/3", 1 / 3), ("-2^2", -(2 ** 2)), ("2^3^2", 2 ** 9),
    ("2**-3", 2 ** -3), ("1e-3", 0.001), ("−0.25", -0.25), ("0,5", 0.5), (".5 × 4", 2.0),
    ("(0.6)·(−1) + 0.1", -0.5), ("  7 ", 7.0)])
def test_answers_read_as_numbers(text, number):
    assert value(text) == pytest.approx(number, rel=1e-15)


@pytest.mark.parametrize("text", ["", "(1+2", "1/0", "2^100", "3 4", "abc", "__import__('os')",
                                  "0^-1", "(-8)^(1/3)", "1e300^64", "1e308*10", "(" * 40 + "1" + ")" * 40,
                                  "1" + "+1" * MAX_LENGTH])
def test_refused_answers_say_why(text):
    with pytest.raises(AnswerError) as e:
        value(text)
    assert str(e.value)


def every_question(net, batch):
    L = net.n_layers
    for l in range(L):
        for j in range(net.sizes[l + 1]):
            for p in range(batch):
                yield from (Question(k, l, j, sample=p) for k in ("z", "a", "delta"))
            for i in range(net.sizes[l]):
                yield from (Question(k, l, j, i) for k in ("grad_w", "new_w"))
            if net.bias:
                yield from (Question(k, l, j) for k in ("grad_b", "new_b"))


def loss_at(net, x, t):
    z, a = backprop.forward(net, x)
    return backprop.loss(net, z[-1], a[-1], t)


def fd_grad(net, x, t, l, j, i=None, h=1e-6):
    def at(step):
        n = net.copy()
        if i is None:
            n.biases[l] = n.biases[l].copy()
            n.biases[l][j] += step
        else:
            n.weights[l] = n.weights[l].copy()
            n.weights[l][j, i] += step
        return loss_at(n, x, t)
    return (at(h) - at(-h)) / (2 * h)


@pytest.mark.parametrize("name", presets.names())
def test_expected_values_are_the_iterations_numbers(name):
    run = Run()
    p = run.open_preset(name)
    net, x, t = p.net, p.data.x, p.data.t
    qs = list(every_question(net, len(x)))
    quiz = Quiz(ExerciseSet(questions=tuple(qs)))
    asked, checked = [], 0
    while True:
        before = run.snapshot
        batch = quiz.asking(before, run.info)
        asked += batch
        run.step()
        snap = run.snapshot
        for q in batch:
            v = exercises.expected(q, snap)
            W, b = net.weights[q.layer], net.biases[q.layer] if net.bias else 0
            if q.kind == "z":  # by hand: the preset's own weights, one row
                a_prev = x if q.layer == 0 else snap.a[q.layer]
                assert v == pytest.approx(a_prev[q.sample] @ W[q.unit] + (b[q.unit] if net.bias else 0))
            if q.kind in ("grad_w", "grad_b"):
                assert v == pytest.approx(fd_grad(net, x, t, q.layer, q.unit, q.source), abs=1e-7)
                checked += 1
            if q.kind == "new_w":
                assert v == pytest.approx(W[q.unit, q.source] - p.eta * fd_grad(net, x, t, q.layer, q.unit, q.source), abs=1e-7)
        if snap.phase == "update":
            break
    assert sorted(map(repr, asked)) == sorted(map(repr, qs))  # each asked once, at its phase
    assert checked > 0
    # negative control: a wrong gradient is told apart by the check above
    assert not math.isclose(fd_grad(net, x, t, 0, 0, 0), fd_grad(net, x, t, 0, 0, 1), abs_tol=1e-7)


def after(run, q):
    """Step the run to the phase that computes ``q``; the snapshot after it."""
    quiz = Quiz(ExerciseSet(questions=(q,)))
    while not quiz.asking(run.snapshot, run.info):
        run.step()
    run.step()
    return run.snapshot


def diagnose(name, q, given):
    run = Run()
    run.open_preset(name)
    snap = after(run, q)
    return diagnosis.mark(q, given, snap, run.info, 0.005), snap


def test_output_delta_without_f_prime_is_named():
    q = Question("delta", 1, 0, sample=0)  # seed 002: squared error, sigmoid output
    _, snap = diagnose("sigmoid-mse", q, 0.0)
    a, t = snap.a[2][0, 0], snap.t[0, 0]
    m, _ = diagnose("sigmoid-mse", q, a - t)
    assert not m.right and "without f′(z)" in m.departure
    assert "δ₁⁽²⁾ = (a₁⁽²⁾ − t₁)·f′(z₁⁽²⁾)" in m.worked
    right, _ = diagnose("sigmoid-mse", q, (a - t) * a * (1 - a))  # the seeds' a(1 − a)
    assert right.right and right.departure == ""


@pytest.mark.parametrize("kind, slip, words", [
    ("hidden", lambda s, W: s.delta[1][0] @ W[1][:, 0], "without f′(z)"),
    ("bias", lambda s, W: s.a[0][0] @ W[0][0], "leaves out the bias"),
    ("sum", lambda s, W: s.delta[1][:, 0] @ s.a[1][:, 0], "divides it by n"),
    ("plus", lambda s, W: W[1][0, 0] + s.eta * s.grad_w[1][0, 0], "adds η"),
])
def test_common_slips_are_diagnosed(kind, slip, words):
    q = {"hidden": Question("delta", 0, 0, sample=0), "bias": Question("z", 0, 0, sample=0),
         "sum": Question("grad_w", 1, 0, 0), "plus": Question("new_w", 1, 0, 0)}[kind]
    run = Run()
    run.open_preset("xor")  # mean loss, biases, sigmoid + cross-entropy
    snap = after(run, q)
    W = snap.old_weights if snap.old_weights is not None else snap.weights
    given = float(slip(snap, W))
    m = diagnosis.mark(q, given, snap, run.info, 0.005)
    assert not m.right and words in m.departure
    ok = diagnosis.mark(q, exercises.expected(q, snap) + 0.004, snap, run.info, 0.005)
    assert ok.right  # within the tolerance
    far = diagnosis.mark(q, exercises.expected(q, snap) + 0.006, snap, run.info, 0.005)
    assert not far.right


def test_the_score_counts_the_iteration():
    qs = (Question("z", 0, 0, sample=1), Question("a", 0, 0, sample=1), Question("delta", 1, 0, sample=1))
    quiz, run = Quiz(ExerciseSet(questions=qs)), Run()
    run.open_preset("xor")
    for _ in range(2):  # two iterations: the score starts again
        asked = quiz.asking(run.snapshot, run.info)
        assert [q.kind for q in asked] == ["z", "a"]
        run.step()
        quiz.check({asked[0]: exercises.expected(asked[0], run.snapshot), asked[1]: 5.0},
                   run.snapshot, run.info)
        asked = quiz.asking(run.snapshot, run.info)
        run.step()
        quiz.check(quiz.read({asked[0]: "1/2"}), run.snapshot, run.info)
        right = abs(exercises.expected(asked[0], run.snapshot) - 0.5) <= 0.005
        assert quiz.score == (1 + right, 3)
        run.finish_iteration()


def test_sets_round_trip_and_refuse_nonsense():
    s = ExerciseSet("t", 0.01, 4, (Question("z", 0, 1, sample=2, hint="h"), Question("new_w", 1, 0, 1)))
    assert exercises.from_dict(exercises.to_dict(s)) == s
    for bad in ({}, {"questions": [{"kind": "w"}]}, {"questions": [], "tolerance": -1},
                {"questions": [{"kind": "grad_w", "layer": 0, "unit": 0}]},
                {"questions": [{"kind": "z", "layer": -1, "unit": 0}]}):
        with pytest.raises(ValueError):
            exercises.from_dict(bad)


@pytest.mark.parametrize("name", presets.names())
def test_each_preset_ships_a_set_that_fits_it(name):
    run = Run()
    p = run.open_preset(name)
    s = run.exercises
    assert s is not None and len(s.questions) >= 4
    assert {q.kind for q in s.questions} >= {"z", "a", "delta"}
    assert all(exercises.fits(q, p.net.sizes, p.net.bias, len(p.data.x)) for q in s.questions)
    assert all(q.hint for q in s.questions)
    root = presets.PRESET_DIR
    assert (root / f"{p.stem.name}.exercises.json").is_file()


def test_sets_and_presenter_choice_travel_in_session_files(tmp_path):
    from playground.session import session_file
    run = Run()
    run.open_preset("xor")
    mine = ExerciseSet("mine", 0.01, 2, (Question("new_b", 0, 1, hint="b − η g"),))
    run.set_exercises(mine)
    run.set_view(presenter_hidden=("data", "docks"))
    run.save_session(tmp_path / "s.json")
    other = Run()
    assert other.exercises is None
    assert other.install(session_file.load(tmp_path / "s.json"))
    assert other.exercises == mine
    assert other.view.presenter_hidden == ("data", "docks")
    assert ("exercises", mine) in other.take_events()


def test_an_unknown_slip_names_the_steps():
    q = Question("delta", 0, 0, sample=1)
    run = Run()
    run.open_preset("xor")
    snap = after(run, q)
    m = diagnosis.mark(q, 12.5, snap, run.info, 0.005)
    back = snap.delta[1][1] @ snap.weights[1][:, 0]
    a = snap.a[1][1, 0]
    assert not m.right and "none of the usual slips" in m.departure
    assert f"Σₖ W δ = {exercises.num(back, 3)}" in m.departure
    assert f"f′(z) = {exercises.num(a * (1 - a), 3)}" in m.departure  # the seeds' a(1 − a)
