"""Evaluation: a document's numbers, forward and backward, and which node is the output."""

import pytest

from gradgui import examples_dir
from gradgui.document import (AddNode, AddWire, DocumentError, Evaluation, GraphDocument,
                              OutputChoiceError, SetOutput, choose_output, output_candidates)
from gradgui.document.fileformat import dumps, load
from gradgui.engine import Value

from documents import build
from tutorial_neuron import GRADS as TUTORIAL_GRADS
from tutorial_neuron import LEAVES, neuron_document

EXAMPLES = ("neuron.json", "neuron_loss.json", "mlp.json")

def example(name: str) -> GraphDocument:
    return load(examples_dir() / name)


def by_label(doc, evaluation, what):
    return {doc.label(n): what(n) for n in doc.node_ids()}


# ----- the tutorial neuron --------------------------------------------------

def test_neuron_forward_and_backward():
    doc = example("neuron.json")
    evaluation = Evaluation(doc)
    assert evaluation.problems == {}
    assert evaluation.data("o") == pytest.approx(0.7071, abs=5e-5)
    assert evaluation.grad("o") is None and not evaluation.has_grads
    evaluation.backward(choose_output(doc))
    grads = by_label(doc, evaluation, evaluation.grad)
    assert grads == pytest.approx(TUTORIAL_GRADS, abs=1e-12)
    assert grads["w2"] == 0.0
    assert evaluation.output == "o"


def test_neuron_example_is_the_tutorial_graph():
    doc = example("neuron.json")
    leaves = {n: (doc.node(n)["kind"], doc.node(n)["value"]) for n in ("x1", "x2", "w1", "w2", "b")}
    assert leaves == LEAVES
    # The tests' one builder of the neuron makes exactly the bundled file.
    assert dumps(neuron_document(output="o")) == dumps(doc)
    ops = {doc.label(n): doc.node(n)["kind"] for n in doc.node_ids() if doc.kind(n).op}
    assert ops == {"x1*w1": "mul", "x2*w2": "mul", "x1*w1 + x2*w2": "add", "n": "add", "o": "tanh"}
    assert doc.output == "o"
    # Left to right: every wire goes to a node further right.
    for wire in doc.wires():
        assert doc.pos(wire.source)[0] < doc.pos(wire.target)[0]


def test_backward_twice_gives_the_same_grads():
    doc = example("neuron.json")
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    first = by_label(doc, evaluation, evaluation.grad)
    evaluation.backward("o")
    assert by_label(doc, evaluation, evaluation.grad) == first


def test_backward_from_an_inner_node_leaves_the_rest_at_zero():
    doc = example("neuron.json")
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    evaluation.backward("m1")
    assert evaluation.grad("m1") == 1.0
    assert evaluation.grad("x1") == -3.0 and evaluation.grad("w1") == 2.0
    assert evaluation.grad("o") == 0.0 and evaluation.grad("b") == 0.0


def test_evaluation_leaves_the_document_alone():
    doc = example("neuron.json")
    before = {n: dict(a) for n, a in doc.graph.nodes(data=True)}
    seen = []
    doc.events.sub(seen.append)
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    evaluation.stepper("o").run_to_end()
    assert {n: dict(a) for n, a in doc.graph.nodes(data=True)} == before
    assert seen == []


# ----- each example against the engine -----------------------------------------

def hand_built(doc: GraphDocument):
    """The example's graph written out with Values, reading only the leaves' numbers."""
    leaf = {doc.label(n): Value(doc.node(n)["value"], label=doc.label(n))
            for n in doc.node_ids() if doc.kind(n).is_leaf}

    def neuron(prefix, xs):
        total = None
        for i, x in enumerate(xs, start=1):
            product = x * leaf[f"{prefix}w{i}"]
            total = product if total is None else total + product
        return (total + leaf[f"{prefix}b"]).tanh()

    if "L1.n1.w1" in leaf:
        xs = [leaf["x1"], leaf["x2"]]
        hidden = [neuron(f"L1.n{j}.", xs) for j in (1, 2, 3)]
        out = neuron("L2.n1.", hidden)
    else:
        out = neuron("", [leaf["x1"], leaf["x2"]])
    if "target" in leaf:
        out = (out - leaf["target"]) ** 2
    out.backward()
    return out, leaf


@pytest.mark.parametrize("name", EXAMPLES)
def test_grads_equal_the_engines_own(name):
    doc = example(name)
    evaluation = Evaluation(doc)
    output = choose_output(doc)
    evaluation.backward(output)
    out, leaf = hand_built(doc)
    assert evaluation.data(output) == out.data
    for node_id in doc.node_ids():
        if doc.kind(node_id).is_leaf:
            assert evaluation.grad(node_id) == leaf[doc.label(node_id)].grad, node_id


@pytest.mark.parametrize("name", EXAMPLES)
def test_stepper_equals_backward(name):
    doc = example(name)
    output = choose_output(doc)
    stepped = Evaluation(doc)
    stepper = stepped.stepper(output)
    assert stepper.position == 0
    stepper.run_to_end()
    assert stepper.finished
    whole = Evaluation(doc)
    whole.backward(output)
    for node_id in doc.node_ids():
        assert stepped.grad(node_id) == whole.grad(node_id), node_id


def test_stepper_explains_the_tutorial():
    doc = example("neuron.json")
    stepper = Evaluation(doc).stepper("o")
    lines = []
    while (step := stepper.step()) is not None:
        lines += step.lines
    assert "x2.grad += w2.data * (x2*w2).grad = 1.0 * 0.5 = 0.5" in lines
    assert "x1.grad += w1.data * (x1*w1).grad = -3.0 * 0.5 = -1.5" in lines


def test_examples_have_what_the_design_promises():
    loss = example("neuron_loss.json")
    assert loss.output == "loss"
    assert loss.node("loss")["kind"] == "pow" and loss.node("loss")["exponent"] == 2.0
    assert loss.inputs("diff") == ["o", "target"]
    mlp = example("mlp.json")
    assert mlp.output == "loss"
    kinds = [mlp.node(n)["kind"] for n in mlp.node_ids()]
    assert kinds.count("input") == 3  # x1, x2 and the target
    assert kinds.count("tanh") == 4
    assert {mlp.label(n) for n in mlp.node_ids()} >= {"L1.n1.w1", "L1.n3.b", "L2.n1.w3", "L2.n1.b"}
    assert len({mlp.pos(n) for n in mlp.node_ids()}) == len(mlp)


# ----- incomplete graphs and math errors -------------------------------------------

def test_incomplete_op_and_its_downstream_while_the_rest_evaluates():
    doc = build(
        [("x", "input", {"value": 2.0}), ("y", "const", {"value": 3.0}),
         ("a", "add", {}), ("t", "tanh", {"label": "tee"}), ("m", "mul", {})],
        [("x", "a", 0), ("a", "t", 0), ("x", "m", 0), ("y", "m", 1)])
    evaluation = Evaluation(doc)
    assert evaluation.problems["a"].kind == "incomplete"
    assert evaluation.problems["a"].message == "input b is not wired"
    assert evaluation.problems["t"].kind == "upstream"
    assert "'a' has no value" in evaluation.problems["t"].message
    assert evaluation.data("a") is None and evaluation.data("t") is None
    assert evaluation.data("m") == 6.0 and evaluation.data("x") == 2.0
    with pytest.raises(DocumentError, match="cannot backpropagate from 'tee'"):
        evaluation.backward("t")
    evaluation.backward("m")
    assert evaluation.grad("x") == 3.0 and evaluation.grad("a") is None


def test_an_op_with_no_input_wired_says_inputs_in_the_plural():
    doc = build([("a", "add", {}), ("t", "tanh", {})], [])
    evaluation = Evaluation(doc)
    assert evaluation.problems["a"].message == "inputs a, b are not wired"
    assert evaluation.problems["t"].message == "input a is not wired"


def test_math_error_is_reported_on_its_node():
    doc = build(
        [("c", "const", {"value": -1.0}), ("l", "log", {"label": "logc"}), ("e", "exp", {}),
         ("k", "const", {"value": 1.0}), ("l2", "log", {})],
        [("c", "l", 0), ("l", "e", 0), ("k", "l2", 0)])
    evaluation = Evaluation(doc)
    problem = evaluation.problems["l"]
    assert problem.kind == "math"
    assert "logc" in problem.message and "log" in problem.message
    assert "not positive" in problem.message
    assert evaluation.problems["e"].kind == "upstream"
    assert evaluation.data("l2") == 0.0
    with pytest.raises(DocumentError, match="logc"):
        evaluation.backward("e")


def test_division_by_zero_names_the_node():
    doc = build([("a", "const", {"value": 1.0}), ("z", "const", {"value": 0.0}),
                 ("q", "div", {"label": "ratio"})], [("a", "q", 0), ("z", "q", 1)])
    problem = Evaluation(doc).problems["q"]
    assert problem.kind == "math" and "ratio" in problem.message and "zero" in problem.message


def test_pow_uses_its_exponent():
    doc = build([("a", "const", {"value": 3.0}), ("p", "pow", {"exponent": 2.0})], [("a", "p", 0)])
    evaluation = Evaluation(doc)
    evaluation.backward("p")
    assert evaluation.data("p") == 9.0 and evaluation.grad("a") == 6.0


def test_shared_operand_accumulates():
    doc = build([("a", "input", {"value": 3.0}), ("sq", "mul", {})], [("a", "sq", 0), ("a", "sq", 1)])
    evaluation = Evaluation(doc)
    evaluation.backward("sq")
    assert evaluation.grad("a") == 6.0


# ----- choosing the output ------------------------------------------------------

@pytest.fixture
def two_sinks():
    return build([("x", "input", {"value": 1.0}), ("t", "tanh", {}), ("e", "exp", {})],
                 [("x", "t", 0), ("x", "e", 0)])


def test_marked_output_wins(two_sinks):
    SetOutput("x").do(two_sinks)
    assert choose_output(two_sinks, selected="t") == "x"


def test_selected_node_comes_next(two_sinks):
    assert choose_output(two_sinks, selected="e") == "e"
    assert choose_output(two_sinks, selected="x") == "x"


def test_the_only_sink(two_sinks):
    AddNode("m", "mul").do(two_sinks)
    AddWire("t", "m", 0).do(two_sinks)
    AddWire("e", "m", 1).do(two_sinks)
    assert output_candidates(two_sinks) == ["m"]
    assert choose_output(two_sinks) == "m"
    assert choose_output(two_sinks, selected="gone") == "m"


def test_several_candidates(two_sinks):
    assert output_candidates(two_sinks) == ["t", "e"]
    with pytest.raises(OutputChoiceError, match="several nodes") as info:
        choose_output(two_sinks)
    assert info.value.candidates == ["t", "e"]
    assert "'t'" in str(info.value) and "'e'" in str(info.value)


def test_empty_graph():
    with pytest.raises(OutputChoiceError, match="empty") as info:
        choose_output(GraphDocument())
    assert info.value.candidates == []


def test_a_lone_leaf_is_its_own_output():
    doc = build([("x", "input", {"value": 4.0})], [])
    evaluation = Evaluation(doc)
    evaluation.backward(choose_output(doc))
    assert evaluation.grad("x") == 1.0


def test_a_grad_that_overflows_is_an_error_naming_the_node():
    from gradgui.document import AddNode, AddWire, GraphDocument
    from gradgui.engine import MathError
    doc = GraphDocument()
    # 1/x is fine forward, but its derivative -1/x**2 is beyond the largest float.
    for command in (AddNode("x", "input", value=1e-160), AddNode("r", "div", label="r"),
                    AddNode("one", "const", value=1.0), AddWire("one", "r", 0), AddWire("x", "r", 1)):
        command.do(doc)
    evaluation = Evaluation(doc)
    with pytest.raises(MathError, match="overflow") as info:
        evaluation.backward("r")
    assert "'x'" in str(info.value)
    assert not evaluation.has_grads


@pytest.mark.parametrize("name", EXAMPLES)
def test_largest_grad_is_the_finished_pass_and_leaves_every_grad_at_zero(name):
    doc = example(name)
    output = choose_output(doc)
    whole = Evaluation(doc)
    whole.backward(output)
    evaluation = Evaluation(doc)
    largest = evaluation.largest_grad(output)
    assert largest == max(abs(whole.grad(n)) for n in doc.node_ids())
    assert all(value.grad == 0.0 for value in evaluation.values.values())


def test_backward_from_an_output_without_a_value_says_why_the_node_upstream_has_none():
    doc = load(examples_dir() / "neuron.json")
    doc.graph.nodes["x1"]["value"] = 1e300
    doc.graph.nodes["w1"]["value"] = 1e300
    # Not only where ('n' has no value) but why: x1*w1 overflows, two nodes up.
    with pytest.raises(DocumentError, match=r"^cannot backpropagate from 'o': 'n' has no value "
                                            r"\(node 'x1\*w1' \(mul\): .*overflow"):
        Evaluation(doc).backward(doc.output)


def test_a_node_something_feeds_is_offered_before_a_loose_input():
    """An input not yet wired feeds nothing too, but is not what a learner means to start
    from: the nodes fed by others come first in the list the window offers."""
    doc = build([("x1", "input", {"value": 2.0}), ("x2", "input", {"value": 0.0}),
                 ("w1", "weight", {"value": -3.0}), ("m", "mul", {}), ("t", "tanh", {})],
                [("x1", "m", 0), ("w1", "m", 1), ("m", "t", 0)])
    assert output_candidates(doc) == ["x2", "t"]
    with pytest.raises(OutputChoiceError) as info:
        choose_output(doc)
    assert info.value.candidates == ["t", "x2"]


# ----- the order nodes are evaluated and reported in ---------------------------

def test_a_graph_wired_in_order_is_evaluated_in_its_own_order():
    doc = example("neuron_loss.json")
    evaluation = Evaluation(doc)
    assert evaluation.order == doc.node_ids()  # the target just before the loss it is in


def test_a_graph_out_of_order_is_evaluated_each_node_after_its_feeders():
    doc = GraphDocument()
    for node_id, kind in (("t", "tanh"), ("m", "mul"), ("x", "input"), ("w", "weight")):
        AddNode(node_id, kind, value=1.0 if kind in ("input", "weight") else None).do(doc)
    for source, target, port in (("m", "t", 0), ("x", "m", 0), ("w", "m", 1)):
        AddWire(source, target, port).do(doc)
    order = Evaluation(doc).order
    assert sorted(order) == sorted(doc.node_ids())
    assert order.index("x") < order.index("m") < order.index("t")
    assert order.index("w") < order.index("m")


@pytest.mark.parametrize("kind, expected", [("sub", 2.0 - 5.0), ("div", 2.0 / 5.0)])
def test_an_op_s_right_operand_wired_first_is_still_its_right_operand(kind, expected):
    doc = GraphDocument()
    AddNode("a", "input", value=2.0).do(doc)
    AddNode("b", "input", value=5.0).do(doc)
    AddNode("o", kind).do(doc)
    AddWire("b", "o", 1).do(doc)  # b's wire is the first the node holds
    AddWire("a", "o", 0).do(doc)
    assert Evaluation(doc).data("o") == expected
