"""From code: a Value graph as a document whose Backward gives the Value graph's grads."""

import math
import random

import pytest

from gradgui.document import DocumentError, Evaluation
from gradgui.document.fileformat import dumps, loads
from gradgui.document.from_values import to_document, to_document_with_values
from gradgui.engine import Value


def check_grads(outputs, output_index=0):
    """Convert, run Backward in the document, and compare with the Values' own backward."""
    roots = outputs if isinstance(outputs, list) else [outputs]
    doc, values = to_document_with_values(outputs)
    for value in roots:
        value.zero_grad()
    roots[output_index].backward()
    evaluation = Evaluation(doc)
    assert not evaluation.problems
    evaluation.backward(doc.output)
    for node_id, value in values.items():
        assert evaluation.data(node_id) == value.data, node_id
        assert evaluation.grad(node_id) == value.grad, node_id
    return doc, values


def test_the_tutorial_neuron(tutorial_neuron):
    o = tutorial_neuron
    doc, _ = check_grads(o)
    assert doc.output == "o"
    by_label = {doc.label(n): n for n in doc.node_ids()}
    assert sorted(by_label) == sorted(["x1", "x2", "w1", "w2", "b", "x1*w1", "x2*w2",
                                       "x1*w1 + x2*w2", "n", "o"])
    # Identifier labels are the ids; the others get the kind's prefix and a number.
    assert {by_label[k] for k in ("x1", "x2", "w1", "w2", "b", "n", "o")} == {
        "x1", "x2", "w1", "w2", "b", "n", "o"}
    assert by_label["x1*w1"] == "mul1" and by_label["x1*w1 + x2*w2"] == "add1"
    assert all(doc.node(n)["kind"] == "weight" for n in ("x1", "x2", "w1", "w2", "b"))
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    grads = {doc.label(n): round(evaluation.grad(n), 10) for n in doc.node_ids()}
    assert grads == {"o": 1.0, "n": 0.5, "b": 0.5, "x1*w1 + x2*w2": 0.5, "x1*w1": 0.5,
                     "x2*w2": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
    for wire in doc.wires():
        assert doc.pos(wire.source)[0] < doc.pos(wire.target)[0]
    assert dumps(loads(dumps(doc))) == dumps(doc), "the document is a valid file"


def test_x_times_x_feeds_both_ports_of_one_node():
    x = Value(3.0, label="x")
    y = x * x
    doc, _ = check_grads(y)
    assert len(doc) == 2
    (mul,) = [n for n in doc.node_ids() if n != "x"]
    assert doc.inputs(mul) == ["x", "x"]
    evaluation = Evaluation(doc)
    evaluation.backward(mul)
    assert evaluation.grad("x") == 6.0


def test_unlabelled_leaves_are_consts_and_every_op_maps():
    a = Value(0.7, label="a")
    b = Value(1.3, label="b")
    outs = [2 * a, 1 - b, 3 / a, a - b, a / b, a ** 3, -a, a.tanh(), b.exp(), b.log(),
            a.relu(), (-a).relu(), a.sigmoid(), b ** -0.5]
    total = outs[0]
    for out in outs[1:]:
        total = total + out
    doc, values = check_grads(total)
    kinds = sorted({doc.node(n)["kind"] for n in doc.node_ids()})
    assert kinds == sorted(["weight", "const", "add", "sub", "mul", "div", "pow", "neg",
                            "tanh", "exp", "log", "relu", "sigmoid"])
    consts = [n for n in doc.node_ids() if doc.node(n)["kind"] == "const"]
    assert sorted(doc.node(n)["value"] for n in consts) == [1.0, 2.0, 3.0]
    assert all(n.startswith("c") for n in consts)
    exponents = sorted(doc.node(n)["exponent"] for n in doc.node_ids() if doc.node(n)["kind"] == "pow")
    assert exponents == [-0.5, 3.0]
    sub = next(n for n, v in values.items() if v is outs[1])
    assert [values[s].data for s in doc.inputs(sub)] == [1.0, 1.3], "operand order is kept"


def test_ids_are_unique_when_labels_clash_or_are_not_identifiers():
    p = Value(1.0, label="p")
    q = Value(2.0, label="p")  # the same label twice: neither may own the id
    k = Value(3.0, label="lambda")
    m = Value(4.0, label="mul1")  # a label that looks like a generated id
    out = (p * q) * (k * m)
    out.label = "out put"
    doc, values = check_grads(out)
    assert len(set(doc.node_ids())) == len(doc) == 7
    assert "p" not in doc and "lambda" not in doc
    assert doc.node("mul1")["kind"] == "weight"
    labels = [doc.label(n) for n in doc.node_ids()]
    assert labels.count("p") == 2 and {"lambda", "mul1", "out put"} <= set(labels)
    assert doc.label(doc.output) == "out put"


def test_several_outputs_mark_the_first():
    a = Value(0.5, label="a")
    first, second = (a * 2).tanh(), a.exp()
    first.label, second.label = "first", "second"
    doc = to_document([first, second])
    assert doc.output == "first" and "second" in doc
    check_grads([first, second])
    check_grads([second, first])


def test_a_graph_of_two_thousand_nodes_built_in_code():
    rng = random.Random(5)
    pool = [Value(rng.uniform(-1, 1), label=f"v{i}") for i in range(20)]
    while len(pool) < 1_100:
        a, b = rng.choice(pool[-60:]), rng.choice(pool)
        op = rng.choice(["add", "mul", "sub", "tanh", "sigmoid", "sq"])
        if op == "add":
            new = a + b
        elif op == "mul":
            new = a * b
        elif op == "sub":
            new = a - b
        elif op == "sq":
            new = a ** 2
        else:
            new = getattr(a, op)()
        if math.isfinite(new.data) and abs(new.data) < 1e6:
            pool.append(new)
    out = pool[0]
    for value in pool[1:]:  # every value counts, so all of them reach the output
        out = out + value
    doc, values = check_grads(out)
    assert len(doc) == len(values) >= 2_000
    for wire in doc.wires():
        assert doc.pos(wire.source)[0] < doc.pos(wire.target)[0]
    assert len({doc.pos(n) for n in doc.node_ids()}) == len(doc)


def test_a_chain_two_hundred_thousand_deep():
    x = Value(0.5, label="x")
    v = x
    for i in range(200_000):
        v = v.tanh() if i % 2 else -v
    doc = to_document(v)
    assert len(doc) == 200_001
    assert doc.pos(doc.output)[0] > doc.pos("x")[0]


@pytest.mark.parametrize("bad", [None, 3.0, ["not a value"], [Value(1.0), 2]])
def test_things_that_are_not_values_are_refused(bad):
    with pytest.raises(DocumentError):
        to_document(bad)


def test_a_leaf_that_is_not_finite_is_refused():
    big = Value(1.0, label="big")
    big.data = float("inf")  # Value() refuses inf itself; data set afterwards must not slip through
    with pytest.raises(DocumentError, match="finite"):
        to_document(big)


def test_an_empty_list_gives_an_empty_document():
    doc = to_document([])
    assert len(doc) == 0 and doc.output is None
