"""The bug lab's variants give the wrong grads derived by hand, and change nothing else."""

import pytest

from gradgui.document import Evaluation
from gradgui.document.bug_lab import (TITLES, VARIANTS, BugLabError, check_variant,
                                      correct_grads, differences, naive_order, run_on_document,
                                      run_variant, variant_grads)
from tests.document.documents import build
from tests.tutorial_neuron import GRADS, neuron_document


def by_label(doc, grads):
    return {doc.label(node_id): grad for node_id, grad in grads.items()}


def twice_used():
    """``b = a + a`` with a = 3."""
    return build([("a", "input", dict(value=3.0)), ("b", "add", {})],
                 [("a", "b", 0), ("a", "b", 1)], output="b")


def a_times_b_plus_a():
    """``d = a*b + a`` with a = 2, b = 3: c = a*b feeds port 0 of d, a port 1."""
    return build([("a", "input", dict(value=2.0)), ("b", "input", dict(value=3.0)),
                  ("c", "mul", {}), ("d", "add", {})],
                 [("a", "c", 0), ("b", "c", 1), ("c", "d", 0), ("a", "d", 1)], output="d")


def lesson_two():
    """``b = a + a``, then ``d = a*b + a``, a = 3 (d = 2a² + a = 21)."""
    return build([("a", "input", dict(value=3.0)), ("b", "add", {}), ("c", "mul", {}),
                  ("d", "add", {})],
                 [("a", "b", 0), ("a", "b", 1), ("a", "c", 0), ("b", "c", 1), ("c", "d", 0),
                  ("a", "d", 1)], output="d")


def short_and_long_path(c_first=True):
    """``L = c + (c*3)*2`` with c = a + b, a = 1, b = 2: c is used at depth 1 and depth 3."""
    nodes = [("a", "input", dict(value=1.0)), ("b", "input", dict(value=2.0)), ("c", "add", {}),
             ("k1", "const", dict(value=3.0)), ("d", "mul", {}), ("k2", "const", dict(value=2.0)),
             ("e", "mul", {}), ("L", "add", {})]
    wires = [("a", "c", 0), ("b", "c", 1), ("c", "d", 0), ("k1", "d", 1), ("d", "e", 0),
             ("k2", "e", 1)]
    wires += [("c", "L", 0), ("e", "L", 1)] if c_first else [("e", "L", 0), ("c", "L", 1)]
    return build(nodes, wires, output="L")


# ----- the tutorial's neuron ----------------------------------------------------

def test_neuron_correct_grads_are_the_engines_exactly():
    doc = neuron_document(output="o")
    evaluation = Evaluation(doc)
    grads = correct_grads(evaluation, "o")
    evaluation.backward("o")
    assert grads == {n: evaluation.grad(n) for n in evaluation.values}
    assert by_label(doc, grads) == pytest.approx(GRADS)


def test_neuron_naive_order_and_assign_are_right_on_a_tree():
    # Every node of the neuron has exactly one user. Breadth-first from o
    # (o, n, s1, b, m1, m2, x1, w1, x2, w2) still visits each node after its
    # only user, and each grad is written once, so = and += agree: neither
    # mistake shows on this graph.
    doc = neuron_document(output="o")
    evaluation = Evaluation(doc)
    assert naive_order(evaluation, "o") == ["o", "n", "s1", "b", "m1", "m2", "x1", "w1", "x2", "w2"]
    for variant in ("naive-order", "assign"):
        result = run_variant(evaluation, "o", variant)
        assert result.wrong == {}
        assert by_label(doc, result.buggy) == pytest.approx(GRADS)


def test_neuron_without_zero_grad_doubles_every_leaf_grad():
    # After a correct pass each leaf holds its grad; the next pass (its op
    # nodes made anew by the forward pass, so starting at 0) adds the same
    # shares again: x1 -1.5 - 1.5 = -3, w1 2, x2 1, b 1. w2's grad is 0, and
    # 0 doubled is still 0. The op nodes o, n, s1, m1, m2 are right.
    doc = neuron_document(output="o")
    result = run_on_document(doc, "no-zero-grad")
    expected = dict(GRADS, b=1.0, x1=-3.0, w1=2.0, x2=1.0, w2=0.0)
    assert by_label(doc, result.buggy) == pytest.approx(expected)
    assert {doc.label(n) for n in result.wrong} == {"x1", "w1", "x2", "b"}
    assert result.wrong["x1"] == pytest.approx((-1.5, -3.0))


# ----- a node used twice --------------------------------------------------------

def test_b_equals_a_plus_a():
    # b = a + a: the add passes b.grad (1) to each operand. Both are a, so
    # with += a.grad = 1 + 1 = 2; with = the second write replaces the first:
    # a.grad = 1. Breadth-first visits b, then a: nothing to get wrong. After a
    # correct pass, no zero_grad gives a = 2 + 2 = 4 (b is set to 1 again).
    doc = twice_used()
    evaluation = Evaluation(doc)
    assert correct_grads(evaluation, "b") == {"a": 2.0, "b": 1.0}
    assert variant_grads(evaluation, "b", "assign") == {"a": 1.0, "b": 1.0}
    assert variant_grads(evaluation, "b", "naive-order") == {"a": 2.0, "b": 1.0}
    assert variant_grads(evaluation, "b", "no-zero-grad") == {"a": 4.0, "b": 1.0}
    assert run_variant(evaluation, "b", "assign").wrong == {"a": (2.0, 1.0)}


def test_a_times_b_plus_a():
    # d = c + a, c = a*b, a = 2, b = 3. Right: d 1, c 1, a = 1 (from d) +
    # b*c.grad = 1 + 3 = 4, b = a*c.grad = 2.
    # Assign: reverse topological order is d, c, b, a. d writes c = 1 and
    # a = 1; then c writes a = b.data*1 = 3 over it: a is 3, not 4.
    # Naive (d, c, a, b): c's only user is d, visited before it: right.
    # No zero_grad: the leaves double (a 8, b 4); c and d are right.
    doc = a_times_b_plus_a()
    evaluation = Evaluation(doc)
    assert correct_grads(evaluation, "d") == {"a": 4.0, "b": 2.0, "c": 1.0, "d": 1.0}
    assert variant_grads(evaluation, "d", "assign") == {"a": 3.0, "b": 2.0, "c": 1.0, "d": 1.0}
    assert run_variant(evaluation, "d", "naive-order").wrong == {}
    assert variant_grads(evaluation, "d", "no-zero-grad") == {"a": 8.0, "b": 4.0, "c": 1.0, "d": 1.0}


def test_b_equals_a_plus_a_then_a_times_b_plus_a():
    # a = 3, b = a + a = 6, c = a*b = 18, d = c + a = 21, i.e. d = 2a² + a,
    # so dd/da = 4a + 1 = 13. Right: d 1, c 1, b = a*c.grad = 3,
    # a = 1 (from d) + b*c.grad (6) + 2*b.grad (3 + 3) = 13.
    # Assign, in the order d, c, b, a: d writes a = 1, c writes a = 6,
    # b writes a = 3 twice: a ends at 3. No zero_grad: only a, the one
    # leaf, doubles (26); b, c and d are op nodes, right.
    doc = lesson_two()
    evaluation = Evaluation(doc)
    assert correct_grads(evaluation, "d") == {"a": 13.0, "b": 3.0, "c": 1.0, "d": 1.0}
    result = run_variant(evaluation, "d", "assign")
    assert result.buggy == {"a": 3.0, "b": 3.0, "c": 1.0, "d": 1.0}
    assert result.wrong == {"a": (13.0, 3.0)}
    assert run_variant(evaluation, "d", "naive-order").wrong == {}
    assert variant_grads(evaluation, "d", "no-zero-grad") == {"a": 26.0, "b": 3.0, "c": 1.0,
                                                             "d": 1.0}


# ----- why topological order ----------------------------------------------------

@pytest.mark.parametrize("c_first", [True, False])
def test_naive_order_passes_on_an_incomplete_grad(c_first):
    # L = c + e, e = d*2, d = c*3, c = a + b (a = 1, b = 2, so c = 3, d = 9).
    # Right: L 1, e 1, c gets 1 from L, d = 2*e.grad = 2, c gets 3*d.grad = 6
    # more: c = 7, and a = b = 7 (the add passes c.grad on). k2 = d.data = 9,
    # k1 = c.data*d.grad = 6.
    # Breadth-first from L reaches c at depth 1 and d only at depth 2, so c
    # passes on 1 to a and b before d adds its 6: a = b = 1. c's own grad is
    # right in the end (7), but too late. Which port c is on changes nothing.
    doc = short_and_long_path(c_first)
    evaluation = Evaluation(doc)
    correct = correct_grads(evaluation, "L")
    assert correct == {"a": 7.0, "b": 7.0, "c": 7.0, "k1": 6.0, "d": 2.0, "k2": 9.0, "e": 1.0,
                       "L": 1.0}
    order = naive_order(evaluation, "L")
    assert order.index("c") < order.index("d")
    result = run_variant(evaluation, "L", "naive-order")
    assert result.buggy == dict(correct, a=1.0, b=1.0)
    assert result.wrong == {"a": (7.0, 1.0), "b": (7.0, 1.0)}


def test_assign_on_the_short_and_long_path():
    # Reverse topological order L, e, k2, d, k1, c, b, a: L writes c = 1,
    # then d writes c = 3*2 = 6 over it, and c passes 6 to a and b.
    doc = short_and_long_path()
    result = run_variant(Evaluation(doc), "L", "assign")
    assert result.wrong == {"a": (7.0, 6.0), "b": (7.0, 6.0), "c": (7.0, 6.0)}


# ----- the API around the passes ------------------------------------------------

def test_no_zero_grad_builds_on_the_leaf_grads_it_is_given():
    # Three passes without zeroing: each adds one more share to the leaf a.
    # b is an op node: an old grad given for it is not kept.
    doc = twice_used()
    evaluation = Evaluation(doc)
    twice = variant_grads(evaluation, "b", "no-zero-grad")
    assert variant_grads(evaluation, "b", "no-zero-grad", previous=twice) == {"a": 6.0, "b": 1.0}
    assert variant_grads(evaluation, "b", "no-zero-grad", previous={}) == {"a": 2.0, "b": 1.0}
    assert variant_grads(evaluation, "b", "no-zero-grad", previous={"b": 9.0}) == {"a": 2.0,
                                                                                 "b": 1.0}


def test_the_evaluation_and_its_values_are_left_alone():
    doc = neuron_document(output="o")
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    before = {n: evaluation.grad(n) for n in evaluation.values}
    for variant in VARIANTS:
        run_variant(evaluation, "o", variant)
    assert {n: evaluation.grad(n) for n in evaluation.values} == before
    assert evaluation.has_grads and evaluation.output == "o"


def test_nodes_the_output_does_not_depend_on_get_zero():
    doc = build([("a", "input", dict(value=3.0)), ("b", "add", {}), ("z", "input", dict(value=1.0))],
                [("a", "b", 0), ("a", "b", 1)], output="b")
    evaluation = Evaluation(doc)
    assert variant_grads(evaluation, "b", "assign")["z"] == 0.0
    assert variant_grads(evaluation, "b", "no-zero-grad", previous={"z": 5.0})["z"] == 5.0


def test_rounding_is_not_a_difference():
    assert differences({"a": 0.3}, {"a": 0.1 + 0.2}) == {}
    assert differences({"a": 1.0, "b": 0.0}, {"a": 1.0}) == {}
    assert differences({"a": 1.0}, {"a": 1.001}) == {"a": (1.0, 1.001)}


def test_unknown_variant_is_one_line():
    assert check_variant("assign") == "assign"
    with pytest.raises(BugLabError) as caught:
        check_variant("random-order")
    assert str(caught.value) == ("unknown bug lab variant 'random-order': choose one of "
                                 "naive-order, assign, no-zero-grad")
    with pytest.raises(BugLabError):
        run_on_document(twice_used(), "nope")
    assert set(TITLES) == set(VARIANTS)


def test_summary_names_the_wrong_nodes():
    doc = short_and_long_path()
    result = run_on_document(doc, "naive-order")
    assert result.summary(doc.label) == "Bug lab, naive order: 2 grads wrong (a, b)."
    assert run_on_document(twice_used(), "naive-order").summary() == (
        "Bug lab, naive order: every grad is right on this graph.")
