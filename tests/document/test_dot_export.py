"""Graphviz DOT export: one record per value (label, data, grad), one ellipse per op, left to
right. The text is read back by a small reader here; Graphviz itself is not needed."""

import math
import re

import pytest

from gradgui import examples_dir
from gradgui.document import Evaluation, RemoveWire, Wire
from gradgui.document.dot_export import export_dot
from gradgui.document.fileformat import load
from gradgui.document.from_values import to_document_with_values
from gradgui.engine import Value

QUOTED = r'"(?:[^"\\]|\\.)*"'
NODE = re.compile(rf"^  ({QUOTED}) \[(.*)\];$")
EDGE = re.compile(rf"^  ({QUOTED}) -> ({QUOTED})(?: \[(.*)\])?;$")
ATTR = re.compile(rf"(\w+)=({QUOTED}|\w+)")


def unquote(token: str) -> str:
    """A DOT quoted string's text: Graphviz turns only \\" into "."""
    assert token[0] == token[-1] == '"'
    return token[1:-1].replace('\\"', '"')


def record_fields(label: str) -> list:
    """The fields of a record label '{ a | b | c }', unescaped; unescaped spaces at a field's
    ends are dropped, as Graphviz does."""
    assert label.startswith("{ ") and label.endswith(" }"), label
    fields, current, chars = [], [], iter(label[2:-2])

    def field():
        while current and current[0] == (" ", False):
            current.pop(0)
        while current and current[-1] == (" ", False):
            current.pop()
        return "".join(ch for ch, _ in current)

    for ch in chars:
        if ch == "\\":
            current.append((next(chars), True))
        elif ch == "|":
            fields.append(field())
            current = []
        else:
            assert ch not in "{}<>", f"unescaped {ch!r} in {label!r}"
            current.append((ch, False))
    fields.append(field())
    return fields


def read_dot(text: str):
    """Statements of the exported text: nodes {name: attrs} and edges [(tail, head, attrs)]."""
    lines = text.splitlines()
    body = [line for line in lines if not line.startswith("//")]
    assert body[0] == "digraph gradgui {" and body[-1] == "}"
    assert "  graph [rankdir=LR];" in body
    nodes, edges = {}, []
    for line in body[1:-1]:
        if line.startswith(("  graph ", "  node ", "  edge ")):
            continue
        edge, node = EDGE.match(line), NODE.match(line)
        if edge:
            attrs = dict(ATTR.findall(edge.group(3) or ""))
            edges.append((unquote(edge.group(1)), unquote(edge.group(2)),
                          {k: unquote(v) if v.startswith('"') else v for k, v in attrs.items()}))
        else:
            assert node, f"not a statement: {line!r}"
            name = unquote(node.group(1))
            assert name not in nodes
            nodes[name] = {k: unquote(v) if v.startswith('"') else v
                           for k, v in ATTR.findall(node.group(2))}
    return nodes, edges


def records(nodes):
    return {name: attrs for name, attrs in nodes.items() if attrs.get("shape") != "ellipse"}


def ops(nodes):
    return {name: attrs for name, attrs in nodes.items() if attrs.get("shape") == "ellipse"}


def number(field: str, what: str):
    word, text = field.split(" ", 1)
    assert word == what
    return None if text == "\u2014" else float(text)


def check_structure(doc, evaluation):
    """Every value a record with its numbers, every op an ellipse, every wire an edge."""
    nodes, edges = read_dot(export_dot(doc, evaluation))
    values, op_nodes = records(nodes), ops(nodes)
    assert set(values) == {"v:" + n for n in doc.node_ids()}
    assert set(op_nodes) == {"op:" + n for n in doc.node_ids() if not doc.kind(n).is_leaf}
    expected_edges = []
    for node_id in doc.node_ids():
        label, data_field, grad_field = record_fields(values["v:" + node_id]["label"])
        assert label == doc.label(node_id)
        data, grad = evaluation.data(node_id), evaluation.grad(node_id)
        shown_data, shown_grad = number(data_field, "data"), number(grad_field, "grad")
        assert (shown_data is None) == (data is None)
        if data is not None:
            assert math.isclose(shown_data, data, rel_tol=1e-3, abs_tol=1e-12)
        if evaluation.has_grads and grad is not None:
            assert math.isclose(shown_grad, grad, rel_tol=1e-3, abs_tol=1e-12)
        else:
            assert shown_grad is None
        full_grad = grad if evaluation.has_grads else None
        assert values["v:" + node_id]["tooltip"] == f"data={data!r} grad={full_grad!r}"
        if not doc.kind(node_id).is_leaf:
            expected_edges.append(("op:" + node_id, "v:" + node_id))
            expected_edges += [("v:" + s, "op:" + node_id) for s in doc.inputs(node_id) if s]
    assert sorted((t, h) for t, h, _ in edges) == sorted(expected_edges)
    return nodes, edges


@pytest.mark.parametrize("name", sorted(p.name for p in examples_dir().glob("*.json")))
def test_every_example_after_backward(name):
    doc = load(examples_dir() / name)
    evaluation = Evaluation(doc)
    evaluation.backward(doc.output)
    nodes, _ = check_structure(doc, evaluation)
    double = [n for n, attrs in nodes.items() if attrs.get("peripheries") == "2"]
    assert double == ["v:" + doc.output]


def test_the_neuron_reads_like_micrograds_picture():
    doc = load(examples_dir() / "neuron.json")
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    nodes, edges = check_structure(doc, evaluation)
    fields = {record_fields(a["label"])[0]: record_fields(a["label"])[1:]
              for a in records(nodes).values()}
    assert fields["o"] == ["data 0.7071", "grad 1.0"]
    assert fields["x1"] == ["data 2.0", "grad -1.5"]
    assert fields["x2*w2"] == ["data 0.0", "grad 0.5"]
    assert fields["w2"] == ["data 1.0", "grad 0.0"]
    assert {a["label"] for a in ops(nodes).values()} == {"*", "+", "tanh"}
    assert nodes["op:o"]["label"] == "tanh"
    assert ("v:n", "op:o", {}) in edges and ("op:o", "v:o", {}) in edges


def test_before_backward_the_grads_are_not_there_yet():
    doc = load(examples_dir() / "neuron.json")
    check_structure(doc, Evaluation(doc))
    nodes, _ = read_dot(export_dot(doc))  # no evaluation given: a forward pass of its own
    assert record_fields(nodes["v:o"]["label"])[1:] == ["data 0.7071", "grad \u2014"]


def test_grads_can_come_from_elsewhere():
    doc = load(examples_dir() / "neuron.json")
    nodes, _ = read_dot(export_dot(doc, grad=lambda node_id: 0.25 if node_id == "b" else None))
    assert record_fields(nodes["v:b"]["label"])[2] == "grad 0.25"
    assert record_fields(nodes["v:x1"]["label"])[2] == "grad \u2014"


def test_x_times_x_has_two_edges_and_minus_and_divide_name_their_ports():
    x = Value(3.0, label="x")
    y = Value(0.5, label="y")
    out = (x * x - y) / (y ** 2) + x ** -0.5
    doc, values = to_document_with_values(out)
    evaluation = Evaluation(doc)
    evaluation.backward(doc.output)
    nodes, edges = check_structure(doc, evaluation)
    by = {v: n for n, v in values.items()}
    square = by[out._prev[0]._prev[0]._prev[0]]
    assert [t for t, h, _ in edges if h == "op:" + square] == ["v:x", "v:x"]
    sub = by[out._prev[0]._prev[0]]
    assert [(t, a.get("label")) for t, h, a in edges if h == "op:" + sub] == [
        ("v:" + square, "a"), ("v:y", "b")]
    assert sorted(a["label"] for a in ops(nodes).values() if a["label"].startswith("**")) == [
        "**-0.5", "**2"]
    assert all("label" not in a for t, h, a in edges if h == "op:" + by[out])  # + has no ports


def test_an_incomplete_op_has_no_data_and_only_its_wired_input():
    doc = load(examples_dir() / "neuron.json")
    RemoveWire(Wire("b", "n", 1)).do(doc)
    evaluation = Evaluation(doc)
    nodes, edges = check_structure(doc, evaluation)
    assert record_fields(nodes["v:n"]["label"])[1] == "data \u2014"
    assert [t for t, h, _ in edges if h == "op:n"] == ["v:s1"]


@pytest.mark.parametrize("label", ['a|b', '{x}', '<p>', 'say "hi"', 'back\\slash\\',
                                   'two  spaces ', '\\N and \\G', 'new\nline', ' '])
def test_no_label_can_break_the_text(label):
    x = Value(1.0, label=label)
    doc, _ = to_document_with_values(x * 2)
    nodes, _ = read_dot(export_dot(doc))
    (record,) = [a for n, a in records(nodes).items() if doc.node(n[2:])["kind"] == "weight"]
    shown = label.replace("\n", " ")
    assert record_fields(record["label"])[0] == shown
    assert record["tooltip"] == "data=1.0 grad=None"
