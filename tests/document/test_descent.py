"""Descent step: weights move against their grads, as one undoable command."""

import pytest

from gradgui.document import (AddNode, AddWire, DocumentError, Evaluation, GraphDocument, Macro,
                              SetField)
from gradgui.document.descent import descent_step
from gradgui.document.expression import parse_expression
from gradgui.document.expression_insert import insert_expression
from tutorial_neuron import LEAVES

NEURON = {**LEAVES, "y": ("const", -1.0)}


def neuron_with_loss():
    doc = GraphDocument()
    command, _ = insert_expression(doc, parse_expression("(tanh(x1*w1 + x2*w2 + b) - y)**2"),
                                   NEURON, label="loss")
    command.do(doc)
    return doc, command.root


def values(doc):
    return {n: doc.node(n)["value"] for n in doc.node_ids() if "value" in doc.node(n)}


def step(doc, root, lr=0.1):
    ev = Evaluation(doc)
    ev.backward(root)
    command = descent_step(doc, ev, lr)
    command.do(doc)
    return ev.data(root), command


def test_descent_lowers_the_loss_over_twenty_steps():
    doc, root = neuron_with_loss()
    losses = [step(doc, root)[0] for _ in range(20)]
    final = Evaluation(doc).data(root)
    assert all(after < before for before, after in zip(losses, losses[1:] + [final]))
    assert final < 0.5 * losses[0]


def test_weights_move_by_minus_lr_times_grad_and_nothing_else_moves():
    doc, root = neuron_with_loss()
    before = values(doc)
    ev = Evaluation(doc)
    ev.backward(root)
    command = descent_step(doc, ev, 0.25)
    assert command.text == "Descent step (lr=0.25)"
    assert all(isinstance(c, SetField) and c.field == "value" for c in command.commands)
    command.do(doc)
    after = values(doc)
    for node_id, old in before.items():
        if doc.node(node_id)["kind"] == "weight":
            assert after[node_id] == old - 0.25 * ev.grad(node_id)
        else:
            assert after[node_id] == old
    assert after["w1"] != before["w1"] and after["b"] != before["b"]


def test_undo_restores_the_weights_exactly():
    doc, root = neuron_with_loss()
    before = values(doc)
    commands = [step(doc, root)[1] for _ in range(5)]
    assert values(doc) != before
    for command in reversed(commands):
        command.undo(doc)
    assert values(doc) == before


def test_the_group_is_one_undo_step_named_with_lr():
    doc, root = neuron_with_loss()
    _, command = step(doc, root, lr=0.1)
    assert isinstance(command, Macro) and command.text == "Descent step (lr=0.1)"
    # w2's grad is 0 (x2 is 0), so it has nothing to move and no place in the step.
    assert {c.node_id for c in command.commands} == {"w1", "b"}


def test_backward_must_come_first():
    doc, root = neuron_with_loss()
    with pytest.raises(DocumentError, match="Backward"):
        descent_step(doc, Evaluation(doc), 0.1)


def test_weights_off_the_outputs_path_stay_put():
    doc, root = neuron_with_loss()
    command, _ = insert_expression(doc, parse_expression("tanh(w9 * q)"))
    command.do(doc)
    ev = Evaluation(doc)
    ev.backward(root)
    step_command = descent_step(doc, ev, 0.1)
    # Off the output's path w9's grad is 0: it is left out, as w2 is.
    assert {c.node_id for c in step_command.commands} == {"w1", "b"}
    step_command.do(doc)
    assert doc.node("w9")["value"] == 1.0


def test_bad_learning_rates_and_overflow_are_refused():
    doc, root = neuron_with_loss()
    ev = Evaluation(doc)
    ev.backward(root)
    for lr in (float("nan"), float("inf"), "0.1", True):
        with pytest.raises(DocumentError):
            descent_step(doc, ev, lr)
    with pytest.raises(DocumentError, match="smaller learning rate"):
        descent_step(doc, ev, 1e308)
    with pytest.raises(DocumentError, match="another document"):
        descent_step(GraphDocument(), ev, 0.1)


def test_descent_on_the_bundled_loss_example_lowers_the_loss():
    import gradgui
    path = gradgui.examples_dir() / "neuron_loss.json"
    if not path.exists():
        doc, root = neuron_with_loss()  # the example is not bundled yet: an equivalent graph
    else:
        from gradgui.document.fileformat import load
        doc = load(path)
        root = doc.output
    inputs = {n: v for n, v in values(doc).items() if doc.node(n)["kind"] != "weight"}
    losses = [step(doc, root)[0] for _ in range(20)]
    assert Evaluation(doc).data(root) < losses[0]
    assert losses == sorted(losses, reverse=True)
    assert {n: v for n, v in values(doc).items() if doc.node(n)["kind"] != "weight"} == inputs


def test_a_step_that_would_move_nothing_is_refused():
    doc = GraphDocument()
    for command in (AddNode("x", "input", value=0.5), AddNode("t", "tanh"), AddWire("x", "t", 0)):
        command.do(doc)
    evaluation = Evaluation(doc)
    evaluation.backward("t")
    with pytest.raises(DocumentError, match="no weight"):
        descent_step(doc, evaluation, 0.1)
