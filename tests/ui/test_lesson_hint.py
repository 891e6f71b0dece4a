"""The words a lesson says to a wrong predicted grad, on the bundled graphs."""

import pytest

from gradgui import examples_dir
from gradgui.document import load
from gradgui.document.lesson import Condition, find_lesson, load_lesson
from gradgui.ui.controllers.lesson_hint import wrong_answer_text


@pytest.fixture
def used_twice():
    """d = a*b + a with b = a + a (ids a, b, m for a*b, d)."""
    return load_lesson(find_lesson("used-twice")).document()


def test_a_node_with_no_path_to_the_output_is_not_told_its_grad_is_1(used_twice):
    text = wrong_answer_text(used_twice, Condition("predict", node="m", output="b"), 1.0, 1)
    assert text == "Not 1.0. No path of wires leads from a*b to b: nothing flows back to it."


def test_a_part_ending_at_the_node_it_feeds_does_not_give_its_one_number_away():
    neuron = load(examples_dir() / "neuron.json")
    condition = Condition("predict", node="w1", output="m1")
    for misses in (1, 2, 3):
        text = wrong_answer_text(neuron, condition, 0.4, misses)
        assert text == ("Not 0.4. d(x1*w1)/dw1 is the local derivative of x1*w1 by w1: no "
                        "other path leads from w1 to x1*w1. Work it out from x1*w1's "
                        "operation and try again.")


def test_a_local_derivative_is_not_named_as_the_derivative_asked_for(used_twice):
    condition = Condition("predict", node="a", output="m")  # d(a*b)/da = 6 + 3 * 2
    first, second = (wrong_answer_text(used_twice, condition, 0.4, n) for n in (1, 2))
    assert first.startswith("Not 0.4. By the chain rule, d(a*b)/da is d(a*b)/db × db/da + "
                            "the local derivative of a*b by a.")
    assert second.endswith("Here d(a*b)/db is 3.0, db/da is 1.0 + 1.0 and the local "
                           "derivative of a*b by a is 6.0.")


def test_shares_of_a_node_wired_twice_are_named_then_given(used_twice):
    condition = Condition("predict", node="a", output="b")
    assert wrong_answer_text(used_twice, condition, 5.0, 1) == (
        "Not 5.0. There are 2 wires from a into b, each adding its share to db/da. "
        "Work out each share and try again.")
    assert wrong_answer_text(used_twice, condition, 5.0, 2).endswith(
        "Here the shares are 1.0 and 1.0.")
