"""The check view shows the engine's verdict (engine.gradcheck.Check): a kink as a kink, correct
backprop on x = 1e4 as agreeing, every bug as wrong; not its own fixed thresholds."""
import pytest

from engine import gradcheck
from engine.bugs import BUGS, buggy_gradients
from playground.session.frame import NetInfo
from playground.views.gradcheck_view import BAD, FAIL_ABOVE, GOOD, MIDDLE, GradcheckView
from test_gradcheck_verdict import kink_case, large_input_case


def shown(qtbot, net, x, t, bug=None):
    view = GradcheckView()
    qtbot.addWidget(view)
    view.set_network(NetInfo.of(net))
    analytic = buggy_gradients(net, x, t, bug)
    check = gradcheck.check_gradients(net, x, t, analytic, bug)
    view.show_result(check)
    colours = [view.table.item(row, 3).background().color() for row in range(view.table.rowCount())]
    return view, check, colours


def test_correct_backprop_on_large_inputs_agrees(qtbot):
    case = large_input_case()
    assert gradcheck.check(*case) > FAIL_ABOVE  # the fixed step and thresholds said "wrong"
    view, check, colours = shown(qtbot, *case)
    assert "agrees" in view.summary.text() and "wrong" not in view.summary.text()
    assert set(c.name() for c in colours) == {GOOD.name()}


def test_a_kink_is_shown_as_a_kink_with_its_unit_and_sample(qtbot):
    view, check, colours = shown(qtbot, *kink_case())
    text = view.summary.text()
    assert "ReLU kink (layer 1, unit 1, sample 1)" in text and "wrong" not in text
    flat = [str(v) for a in check.verdicts for v in a.ravel()]
    assert gradcheck.KINK in flat
    for verdict, colour in zip(flat, colours):
        assert colour.name() == (MIDDLE if verdict == gradcheck.KINK else GOOD).name()


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_every_bug_is_shown_as_wrong(qtbot, bug):
    view, check, colours = shown(qtbot, *large_input_case(), bug=bug)
    assert "backprop is wrong" in view.summary.text() and BUGS[bug] in view.summary.text()
    assert BAD.name() in {c.name() for c in colours}
