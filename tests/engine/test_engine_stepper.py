"""The stepper on hand-made graphs: the tutorial neuron and shared operands."""

import pytest

from gradgui.engine import Stepper, Value, topological_order
from tutorial_neuron import neuron_values as neuron


def test_one_step_to_seed_and_one_per_op_node():
    nodes = neuron()
    ops = [v for v in nodes.values() if v.operands]
    assert len(ops) == 5
    assert Stepper(nodes["o"]).total == 1 + len(ops) == 6


def test_step_zero_seeds_the_output():
    nodes = neuron()
    stepper = Stepper(nodes["o"])
    step = stepper.step()
    assert step.index == 0 and step.is_seed
    assert step.node is nodes["o"]
    assert nodes["o"].grad == 1.0
    assert len(step.lines) == 1
    assert "o.grad" in step.lines[0] and "1" in step.lines[0]
    assert all(v.grad == 0.0 for label, v in nodes.items() if label != "o")


def test_the_chain_rule_line_for_x2():
    nodes = neuron()
    stepper = Stepper(nodes["o"])
    terms = []
    while (step := stepper.step()) is not None:
        terms += [t for t in step.terms if t.operand is nodes["x2"]]
    (term,) = terms
    assert term.line == "x2.grad += w2.data * (x2*w2).grad = 1.0 * 0.5 = 0.5"
    assert term.local == 1.0
    assert term.upstream == term.contribution == pytest.approx(0.5, abs=1e-12)
    assert (term.grad_before, term.grad_after) == (0.0, term.contribution)


def test_steps_visit_nodes_from_the_output_back():
    nodes = neuron()
    stepper = Stepper(nodes["o"])
    visited = []
    while (step := stepper.step()) is not None:
        visited.append(step.node.label)
    assert visited[:3] == ["o", "o", "n"]
    assert set(visited[3:]) == {"x1*w1 + x2*w2", "x1*w1", "x2*w2"}
    assert visited.index("x1*w1 + x2*w2") < min(visited.index("x1*w1"), visited.index("x2*w2"))


def test_running_every_step_gives_the_tutorial_numbers_and_backward_exactly():
    stepped = neuron()
    Stepper(stepped["o"]).run_to_end()
    plain = neuron()
    plain["o"].backward()
    assert {k: v.grad for k, v in stepped.items()} == {k: v.grad for k, v in plain.items()}
    expected = {"o": 1.0, "n": 0.5, "b": 0.5, "x1*w1 + x2*w2": 0.5, "x1*w1": 0.5,
                "x2*w2": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
    for label, grad in expected.items():
        assert stepped[label].grad == pytest.approx(grad, abs=1e-12), label


def test_step_back_undoes_each_step_exactly():
    nodes = neuron()
    stepper = Stepper(nodes["o"])
    snapshots = [{k: v.grad for k, v in nodes.items()}]
    while stepper.step() is not None:
        snapshots.append({k: v.grad for k, v in nodes.items()})
    assert stepper.finished and stepper.step() is None
    while stepper.position:
        stepper.step_back()
        assert {k: v.grad for k, v in nodes.items()} == snapshots[stepper.position]
    assert stepper.step_back() is None


def test_a_shared_operand_shows_it_accumulates():
    x = Value(3.0, label="x")
    sq = x * x
    sq.label = "sq"
    stepper = Stepper(sq)
    stepper.step()
    step = stepper.step()
    first, second = step.terms
    assert first.operand is x and second.operand is x
    assert not first.accumulates
    assert (first.grad_before, first.grad_after) == (0.0, 3.0)
    assert second.accumulates
    assert (second.grad_before, second.grad_after) == (3.0, 6.0)
    assert x.grad == 6.0
    stepper.step_back()
    assert x.grad == 0.0


def test_a_node_feeding_two_others_accumulates_across_steps():
    a = Value(2.0, label="a")
    c = a * 3.0
    c.label = "c"
    d = a + 5.0
    d.label = "d"
    e = c * d
    e.label = "e"
    stepper = Stepper(e)
    a_terms = []
    while (step := stepper.step()) is not None:
        a_terms += [t for t in step.terms if t.operand is a]
    assert len(a_terms) == 2
    first, second = a_terms
    assert not first.accumulates and second.accumulates
    assert second.grad_before == first.grad_after
    assert second.grad_after == a.grad == 27.0


def test_a_leaf_output_has_only_the_seed_step():
    x = Value(1.5, label="x")
    stepper = Stepper(x)
    assert stepper.total == 1
    assert stepper.step().is_seed
    assert x.grad == 1.0 and stepper.finished
    stepper.step_back()
    assert x.grad == 0.0


def test_a_step_whose_grad_overflows_raises_and_changes_nothing():
    from gradgui.engine import MathError, Stepper, Value
    w = Value(1e-310, label="w")
    out = w.log()
    out.label = "out"
    stepper = Stepper(out)
    stepper.step()
    with pytest.raises(MathError, match="overflow") as info:
        stepper.step()
    assert "w" in str(info.value)
    assert w.grad == 0.0 and stepper.position == 1


def test_backward_names_a_grad_that_overflows():
    from gradgui.engine import MathError, Value
    w = Value(1e-310, label="w")
    out = w.log()
    with pytest.raises(MathError, match="overflow"):
        out.backward()


def test_reached_tells_which_grads_a_step_has_written():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = a * b
    o = c.tanh()
    stepper = Stepper(o)
    assert not any(stepper.reached(v) for v in (o, c, a, b))
    stepper.step()
    assert stepper.reached(o) and not stepper.reached(c)
    stepper.step()
    assert stepper.reached(c) and not stepper.reached(a)
    stepper.step()
    assert stepper.reached(a) and stepper.reached(b)
    stepper.step_back()
    assert not stepper.reached(a) and stepper.reached(c)
