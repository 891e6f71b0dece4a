"""Keeping a part's steps together in a step-through."""

import random

import pytest

from gradgui.engine import Value, topological_order
from gradgui.engine.step_order import kept_together
from gradgui.engine.stepper import Stepper


def two_layer_network():
    """A 2-3-1 tanh network on one sample; each neuron's values tagged with its name."""
    rng = random.Random(3)
    part = {}

    def neuron(name, inputs):
        total = Value(rng.uniform(-1, 1), label=f"{name}.b")
        for k, x in enumerate(inputs):
            w = Value(rng.uniform(-1, 1), label=f"{name}.w{k}")
            product = w * x
            total = total + product
            part[id(product)] = part[id(total)] = name
        out = total.tanh()
        part[id(out)] = name
        return out
    xs = [Value(0.5, label="x0"), Value(-1.5, label="x1")]
    hidden = [neuron(f"L1.n{j}", xs) for j in range(3)]
    out = neuron("L2.n0", hidden)
    loss = (out - Value(1.0, label="y")) ** 2
    return loss, part


def test_without_parts_the_order_is_the_pass_as_it_was():
    loss, _ = two_layer_network()
    plain = Stepper(loss)
    assert Stepper(loss, part=lambda v: None).queue == plain.queue


def test_each_neurons_steps_come_one_after_another_and_every_user_still_goes_first():
    loss, part = two_layer_network()
    plain = Stepper(loss).queue
    # Without help, the pass walks into each hidden neuron in the middle of the output
    # neuron's steps: its steps are split.
    runs = [part.get(id(v)) for v in plain]
    assert _runs_of(runs, "L2.n0") > 1
    queue = Stepper(loss, part=lambda v: part.get(id(v))).queue
    assert sorted(map(id, queue)) == sorted(map(id, plain))
    names = [part.get(id(v)) for v in queue]
    for name in {"L1.n0", "L1.n1", "L1.n2", "L2.n0"}:
        assert _runs_of(names, name) == 1, name
    position = {id(v): i for i, v in enumerate(queue[1:], 1)}
    for value in queue[1:]:
        for operand in value._prev:
            if id(operand) in position:
                assert position[id(operand)] > position[id(value)]  # users pass on first


def test_every_step_of_the_kept_together_order_gives_backwards_grads():
    loss, part = two_layer_network()
    values = topological_order([loss])
    Stepper(loss, part=lambda v: part.get(id(v))).run_to_end()
    stepped = [v.grad for v in values]
    for v in values:
        v.grad = 0.0
    loss.backward()
    # A value used by several others may add their shares in another order: the same
    # grads up to the rounding of that sum.
    assert stepped == pytest.approx([v.grad for v in values], rel=1e-12, abs=1e-15)
    assert any(g != 0.0 for g in stepped)


def _runs_of(names, name) -> int:
    """How many separate runs of ``name`` the list has."""
    return sum(1 for i, n in enumerate(names) if n == name and (i == 0 or names[i - 1] != name))


def test_kept_together_takes_the_earliest_ready_step_outside_any_part():
    a, b = Value(1.0), Value(2.0)
    m = a * b
    t = m.tanh()
    s = t + m
    queue = [s, t, m]
    assert kept_together(queue, lambda v: None) == queue
