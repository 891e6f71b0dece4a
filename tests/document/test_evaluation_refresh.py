"""Evaluation.refresh: after a label, value or exponent edit only what lies downstream is
computed again, and the numbers are exactly those of a fresh evaluation."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradgui import examples_dir
from gradgui.document import AddNode, Evaluation, SetField, mlp_document
from gradgui.document import evaluation as evaluation_module
from gradgui.document.fileformat import load
from gradgui.engine import OPS

from documents import build


def assert_same_numbers(doc, evaluation):
    fresh = Evaluation(doc)
    assert set(evaluation.values) == set(fresh.values)
    assert evaluation.problems == fresh.problems
    for node_id, value in fresh.values.items():
        assert evaluation.data(node_id) == value.data, node_id
        assert evaluation.values[node_id].label == value.label, node_id
        assert evaluation.values[node_id].exponent == value.exponent, node_id


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_value_edits_give_the_numbers_of_a_fresh_evaluation(data):
    doc = mlp_document(2, (3,), samples=2, seed=1)
    evaluation = Evaluation(doc)
    leaves = [n for n in doc.node_ids() if doc.kind(n).is_leaf]
    chosen = data.draw(st.lists(st.sampled_from(leaves), min_size=1, max_size=4, unique=True))
    for node_id in chosen:
        number = data.draw(st.floats(-3, 3, allow_nan=False))
        SetField(node_id, "value", number).do(doc)
    assert evaluation.refresh(chosen)
    assert_same_numbers(doc, evaluation)


class CountingOp:
    """An op that counts its forward computations."""

    def __init__(self, op, counts):
        self.op, self.counts = op, counts

    def compute(self, *args, **kwargs):
        self.counts.append(self.op.name)
        return self.op.compute(*args, **kwargs)


def test_only_the_nodes_downstream_are_computed_again(monkeypatch):
    doc = load(examples_dir() / "neuron.json")
    evaluation = Evaluation(doc)
    computed = []
    monkeypatch.setattr(evaluation_module, "OPS",
                        {name: CountingOp(op, computed) for name, op in OPS.items()})
    untouched = {n: evaluation.values[n] for n in ("x1", "w1", "m1", "b")}
    data = {n: v.data for n, v in untouched.items()}
    SetField("w2", "value", 2.0).do(doc)
    assert evaluation.refresh(["w2"])
    assert_same_numbers(doc, evaluation)
    assert {n: v.data for n, v in untouched.items()} == data
    assert evaluation.data("m2") == evaluation.data("x2") * 2.0
    assert sorted(computed) == ["add", "add", "mul", "tanh"]  # m2, s1, n, o: not m1


def test_grads_are_forgotten_by_a_refresh():
    doc = load(examples_dir() / "neuron.json")
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    SetField("b", "value", 7.0).do(doc)
    assert evaluation.refresh(["b"])
    assert not evaluation.has_grads and evaluation.output is None
    assert all(value.grad == 0.0 for value in evaluation.values.values())


def test_label_and_exponent_edits():
    doc = build([("x", "input", {"value": 3.0}), ("p", "pow", {"exponent": 2.0}),
                 ("t", "tanh", {})], [("x", "p", 0), ("p", "t", 0)])
    evaluation = Evaluation(doc)
    SetField("p", "exponent", 3.0).do(doc)
    SetField("x", "label", "ex").do(doc)
    assert evaluation.refresh(["p", "x"])
    assert evaluation.data("p") == 27.0
    assert_same_numbers(doc, evaluation)


@pytest.mark.parametrize("before, after", [(1.0, -1.0), (-1.0, 1.0)])
def test_a_maths_error_made_or_mended_asks_for_a_fresh_evaluation(before, after):
    doc = build([("c", "const", {"value": before}), ("l", "log", {}), ("e", "exp", {})],
                [("c", "l", 0), ("l", "e", 0)])
    evaluation = Evaluation(doc)
    numbers = {n: v.data for n, v in evaluation.values.items()}
    SetField("c", "value", after).do(doc)
    assert not evaluation.refresh(["c"])
    assert {n: v.data for n, v in evaluation.values.items()} == numbers  # nothing changed


def test_an_unknown_node_asks_for_a_fresh_evaluation():
    doc = build([("x", "input", {"value": 1.0})], [])
    evaluation = Evaluation(doc)
    AddNode("y", "input", value=2.0).do(doc)
    assert not evaluation.refresh(["y"])
