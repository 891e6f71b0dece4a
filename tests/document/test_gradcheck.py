"""Gradient check: backprop agrees with finite differences, and a broken rule is caught."""

import json
import math

import networkx as nx
import pytest

import gradgui
from gradgui.document import (DocumentError, Evaluation, GraphDocument, OutputChoiceError,
                              choose_output, output_candidates)
from gradgui.document.expression import parse_expression
from gradgui.document.expression_insert import insert_expression
from gradgui.document.gradcheck import GradCheckReport, grad_check
from gradgui.engine import ops
from tutorial_neuron import LEAVES

NEURON = LEAVES


def from_expression(text, variables=None):
    doc = GraphDocument()
    command, _ = insert_expression(doc, parse_expression(text), variables)
    command.do(doc)
    return doc, command.root


def example_docs():
    try:
        from gradgui.document.fileformat import load
    except ImportError:  # the file format may not exist yet; node-link is the format
        def load(path):
            with open(path, encoding="utf-8") as f:
                return GraphDocument(nx.node_link_graph(json.load(f), edges="edges"))
    return {f"example:{p.name}": p for p in sorted(gradgui.examples_dir().glob("*.json"))}, load


EXPRESSIONS = {
    "neuron": ("tanh(x1*w1 + x2*w2 + b)", NEURON),
    "neuron_loss": ("(tanh(x1*w1 + x2*w2 + b) - 1)**2", NEURON),
    "every_op": ("exp(-a**3) / (2 + log(b*b)) - relu(c) * sigmoid(d) + tanh(a - b/c)",
                 {"a": ("input", 0.3), "b": ("weight", 1.7), "c": ("input", 0.9),
                  "d": ("weight", -0.4)}),
    "shared": ("x*x*x + x/x - x", {"x": ("input", 1.25)}),
    "number": ("3", None),
}
EXAMPLES, LOAD = example_docs()


@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_expression_graphs_pass(name):
    doc, root = from_expression(*EXPRESSIONS[name])
    report = grad_check(doc, root)
    assert report.passed, report.summary()
    assert report.total == len(report.rows) == sum(doc.kind(n).is_leaf for n in doc.node_ids())


@pytest.mark.parametrize("name", list(EXAMPLES) or ["no examples bundled"])
def test_bundled_examples_pass(name):
    if not EXAMPLES:
        return
    doc = LOAD(EXAMPLES[name])
    try:
        outputs = [choose_output(doc)]
    except OutputChoiceError:
        outputs = output_candidates(doc)
    ev = Evaluation(doc)
    for output in [o for o in outputs if o in ev.values]:
        report = grad_check(doc, output)
        assert report.passed, report.summary()


def test_rows_carry_the_tutorials_grads():
    doc, root = from_expression(*EXPRESSIONS["neuron"])
    report = grad_check(doc, root)
    rows = {row.label: row for row in report.rows}
    assert set(rows) == {"x1", "x2", "w1", "w2", "b"}
    for label, grad in {"x1": -1.5, "x2": 0.5, "w1": 1.0, "w2": 0.0, "b": 0.5}.items():
        assert rows[label].backprop == pytest.approx(grad, abs=1e-12)
        assert rows[label].numeric == pytest.approx(grad, abs=1e-6)
        assert rows[label].abs_error < 1e-6 and rows[label].ok
        assert rows[label].node == label


def test_a_broken_backward_rule_is_flagged(monkeypatch):
    doc, root = from_expression(*EXPRESSIONS["neuron"])
    wrong = lambda a, b, out, k: (b, 2.0 * a)  # noqa: E731 - d/db of a*b is a, not 2a
    monkeypatch.setitem(ops.OPS, "mul", ops.OPS["mul"].replace(local=wrong))
    report = grad_check(doc, root)
    assert not report.passed
    assert {row.label for row in report.mismatches} == {"w1"}  # w2's grad is 0 either way
    bad = report.mismatches[0]
    assert bad.backprop == pytest.approx(2.0) and bad.numeric == pytest.approx(1.0)
    assert "'w1'" in report.summary()


def test_a_broken_rule_on_a_test_only_op_is_flagged(monkeypatch):
    """A made-up op (cube, with derivative x**2 instead of 3x**2) swapped in for exp."""
    cube = ops.OPS["exp"].replace(symbol="cube", forward=lambda a, b, k: a ** 3,
                                  local=lambda a, b, o, k: (a * a,), local_text=("{a}.data**2",))
    monkeypatch.setitem(ops.OPS, "exp", cube)
    doc, root = from_expression("exp(x) + y", {"x": ("input", 1.5), "y": ("input", 2.0)})
    report = grad_check(doc, root)
    assert [row.label for row in report.mismatches] == ["x"]
    assert report.mismatches[0].numeric == pytest.approx(3 * 1.5 ** 2, rel=1e-6)


def test_progress_is_reported_and_can_cancel():
    doc, root = from_expression(*EXPRESSIONS["neuron"])
    seen = []
    report = grad_check(doc, root, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(k, 5) for k in range(1, 6)] and report.passed

    report = grad_check(doc, root, progress=lambda done, total: done < 2)
    assert isinstance(report, GradCheckReport)
    assert report.cancelled and not report.passed
    assert len(report.rows) == 2 and report.total == 5
    assert "cancelled" in report.summary()


def test_the_document_is_not_touched():
    doc, root = from_expression(*EXPRESSIONS["neuron_loss"])
    before = json.dumps(nx.node_link_data(doc.graph, edges="edges"), sort_keys=True)
    events = []
    doc.events.sub(events.append)
    grad_check(doc, root)
    assert json.dumps(nx.node_link_data(doc.graph, edges="edges"), sort_keys=True) == before
    assert events == []


def test_only_leaves_feeding_the_output_are_checked():
    doc, root = from_expression("a*b", {"a": ("input", 2.0), "b": ("weight", 3.0)})
    command, _ = insert_expression(doc, parse_expression("tanh(c)"))
    command.do(doc)
    report = grad_check(doc, root)
    assert [row.label for row in report.rows] == ["a", "b"]


def test_an_undefined_neighbourhood_is_reported_not_raised():
    doc, root = from_expression("log(x)", {"x": ("input", 1e-7)})
    report = grad_check(doc, root, eps=1e-6)
    row = report.rows[0]
    assert not row.ok and math.isnan(row.numeric) and "not defined" in row.note


def test_an_incomplete_graph_is_refused():
    doc, root = from_expression("tanh(x)")
    from gradgui.document import RemoveWire, Wire
    RemoveWire(Wire("x", root, 0)).do(doc)
    with pytest.raises(DocumentError, match="not wired"):
        grad_check(doc, root)
    with pytest.raises(DocumentError):
        grad_check(doc, "nope")
    with pytest.raises(DocumentError):
        grad_check(doc, root, eps=0.0)


def test_a_relu_at_its_kink_is_explained_not_flagged():
    doc, root = from_expression("relu(x2*w2) + x2", {"x2": ("input", 0.0), "w2": ("weight", 1.0)})
    report = grad_check(doc, root)
    assert report.passed
    x2 = next(row for row in report.rows if row.label == "x2")
    assert x2.backprop == 1.0 and x2.numeric == pytest.approx(1.5) and "kink" in x2.note


def test_the_output_defaults_to_the_documents_choice():
    doc, root = from_expression(*EXPRESSIONS["neuron"])
    assert grad_check(doc).output == root


def test_the_quick_rerun_equals_a_full_re_evaluation():
    """Only the leaf's downstream is recomputed; the numbers must be those of a full run."""
    from gradgui.document import SetField
    doc, root = from_expression(*EXPRESSIONS["every_op"])
    eps = 1e-6
    for row in grad_check(doc, root, eps=eps).rows:
        outs = []
        for sign in (1.0, -1.0):
            copy = GraphDocument(doc.graph.copy())
            SetField(row.node, "value", doc.node(row.node)["value"] + sign * eps).do(copy)
            outs.append(Evaluation(copy).data(root))
        assert row.numeric == (outs[0] - outs[1]) / (2.0 * eps)
