"""micrograd's own Values as documents: the PyPI package (0.1.0) is the oracle for the numbers.

micrograd keeps a value's operands in a set, so its backward pass adds a
shared value's contributions in an order that changes from run to run (the
set's order follows the objects' addresses); gradgui adds them in its own
topological order. Sums of the same terms in another order can differ in the
last bits, so grads are compared to 1e-12 relative; data is compared exactly.
"""

import math
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from micrograd import nn
from micrograd.engine import Value as MicroValue

import gradgui
from gradgui.document import DocumentError, Evaluation
from gradgui.document.fileformat import dumps, loads
from gradgui.document.from_values import to_document, to_document_with_values
from gradgui.engine import Value

ROOT = Path(gradgui.__file__).resolve().parent.parent
SAMPLES = [[2.0, 3.0], [3.0, -1.0], [0.5, 1.0], [1.0, 1.0]]
TARGETS = [1.0, -1.0, -1.0, 1.0]


def same_grad(a, b) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-13)


def mlp_loss(seed=3):
    """micrograd's README network: MLP(2, [4, 4, 1]) and a squared-error loss over four samples."""
    random.seed(seed)
    model = nn.MLP(2, [4, 4, 1])
    predictions = [model(x) for x in SAMPLES]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(TARGETS, predictions))
    return model, loss


def backward_in_document(doc):
    evaluation = Evaluation(doc)
    assert not evaluation.problems
    evaluation.backward(doc.output)
    return evaluation


def check_against_micrograd(root, params=None):
    """micrograd's backward, then the document's: every node's data and grad agree."""
    root.backward()
    doc, values = to_document_with_values(root, params=params)
    evaluation = backward_in_document(doc)
    for node_id, value in values.items():
        assert evaluation.data(node_id) == value.data, node_id
        assert same_grad(evaluation.grad(node_id), value.grad), (node_id, value.grad)
    assert dumps(loads(dumps(doc))) == dumps(doc), "the document is a valid file"
    return doc, values


def test_an_mlp_and_its_loss_give_micrograds_numbers():
    model, loss = mlp_loss()
    doc, values = check_against_micrograd(loss, params=model.parameters())
    assert doc.output is not None and values[doc.output] is loss
    kinds = {}
    for node_id in doc.node_ids():
        kinds.setdefault(doc.node(node_id)["kind"], []).append(values[node_id])
    assert {id(v) for v in kinds["weight"]} == {id(p) for p in model.parameters()}
    # Each w*x of the first layer made its own Value of the sample's number.
    assert len(kinds["input"]) == len(SAMPLES) * 2 * 4
    assert sorted({v.data for v in kinds["input"]}) == sorted({x for row in SAMPLES for x in row})
    # The four -y of (yout - y) and the 0 that sum() starts from.
    assert sorted(v.data for v in kinds["const"]) == sorted([-y for y in TARGETS] + [0])
    assert {k for k in kinds} == {"weight", "input", "const", "add", "mul", "relu", "pow"}
    assert {doc.node(n)["exponent"] for n in doc.node_ids() if doc.node(n)["kind"] == "pow"} == {2.0}


def test_a_neurons_products_read_weight_first_and_sums_accumulate_on_the_left():
    model, loss = mlp_loss()
    doc, values = to_document_with_values(loss, params=model.parameters())
    params = {id(p) for p in model.parameters()}
    for node_id in doc.node_ids():
        kind = doc.node(node_id)["kind"]
        operands = [values[s] for s in doc.inputs(node_id)]
        if kind == "mul":
            assert id(operands[0]) in params and id(operands[1]) not in params
        if kind == "add" and doc.node(doc.inputs(node_id)[1])["kind"] == "mul":
            # micrograd's neuron: b + w0*x0, then (that) + w1*x1, ...
            assert id(operands[0]) in params or doc.node(doc.inputs(node_id)[0])["kind"] == "add"


def test_without_params_micrograds_unlabelled_leaves_are_constants():
    model, loss = mlp_loss()
    doc, _ = check_against_micrograd(loss)
    leaves = {doc.node(n)["kind"] for n in doc.node_ids() if doc.kind(n).is_leaf}
    assert leaves == {"const"}


@pytest.mark.parametrize("build", [
    lambda a, b: a - b,      # a + b*(-1)
    lambda a, b: a / b,      # a * b**-1
    lambda a, b: -a,         # a * -1
    lambda a, b: a ** 2,
    lambda a, b: a ** -0.5,
    lambda a, b: 2 * a,      # __rmul__: a * 2
    lambda a, b: 1 - a,      # __rsub__: 1 + a*(-1)
    lambda a, b: 3 / b,      # __rtruediv__: 3 * b**-1
    lambda a, b: a * a,      # one operand in the set: it feeds both ports
    lambda a, b: b + b,
    lambda a, b: (a * b).relu() + (a * -b).relu(),
    lambda a, b: (a - b) ** 3 / (a + 4.5),
], ids=["sub", "div", "neg", "square", "pow", "rmul", "rsub", "rdiv", "x*x", "x+x", "relu",
        "mixed"])
def test_every_micrograd_op_and_how_it_builds_the_others(build):
    a, b = MicroValue(0.7), MicroValue(1.3)
    doc, values = check_against_micrograd(build(a, b), params=[a, b])
    for node_id, value in values.items():
        assert len(doc.inputs(node_id)) == len(doc.kind(node_id).ports)


def test_x_times_x_is_one_leaf_feeding_both_ports():
    x = MicroValue(3.0)
    doc, values = check_against_micrograd(x * x, params=[x])
    (product,) = [n for n in doc.node_ids() if doc.node(n)["kind"] == "mul"]
    (leaf,) = doc.inputs(product)[:1]
    assert doc.inputs(product) == [leaf, leaf] and values[leaf] is x
    assert doc.node(leaf)["kind"] == "weight"


def test_a_number_micrograd_made_reads_second():
    x = MicroValue(0.25)
    for value, number in ((2 * x, 2), (x * 2, 2), (-x, -1), (x + 1, 1), (1 + x, 1)):
        doc, values = to_document_with_values(value, params=[x])
        (op,) = [n for n in doc.node_ids() if not doc.kind(n).is_leaf]
        first, second = doc.inputs(op)
        assert values[first] is x and values[second].data == number


def test_the_same_micrograd_graph_gives_the_same_file_in_every_run(tmp_path):
    """Set order follows addresses and hashes; the document must not."""
    script = textwrap.dedent("""
        import random, sys
        from micrograd import nn
        from micrograd.engine import Value
        from gradgui.document.fileformat import dumps
        from gradgui.document.from_values import to_document
        random.seed(7)
        junk = [Value(i) for i in range(int(sys.argv[1]))]  # other addresses
        model = nn.MLP(2, [3, 1])
        pred = [model(x) for x in [[1.0, -2.0], [0.5, 0.5]]]
        loss = sum((p - y) ** 2 for p, y in zip(pred, [1.0, -1.0]))
        equal = Value(2.0) * Value(2.0) + Value(1.0) * Value(1.0)  # ties all the way down
        sys.stdout.write(dumps(to_document([loss, equal], params=model.parameters())))
    """)
    outputs = set()
    for seed, junk in (("1", "0"), ("2", "17"), ("3", "1000")):
        env = dict(os.environ, PYTHONHASHSEED=seed,
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        proc = subprocess.run([sys.executable, "-c", script, junk], env=env, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    assert '"kind": "weight"' in outputs.pop()


# ----- the lecture's Value: labels, tanh and exp, and engines that write - and / ----------------
class LectureValue:
    """A Value in the lecture's shape: operands in a set, op texts, a label; no backward."""

    def __init__(self, data, children=(), op="", label=""):
        self.data, self.grad, self.label = data, 0.0, label
        self._prev, self._op = set(children), op

    def __add__(self, other):
        return LectureValue(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return LectureValue(self.data * other.data, (self, other), "*")

    def __sub__(self, other):  # an engine that has its own '-' (micrograd's has not)
        return LectureValue(self.data - other.data, (self, other), "-")

    def __truediv__(self, other):
        return LectureValue(self.data / other.data, (self, other), "/")

    def tanh(self):
        return LectureValue(math.tanh(self.data), (self,), "tanh")

    def exp(self):
        return LectureValue(math.exp(self.data), (self,), "exp")


def test_the_lectures_neuron_keeps_its_labels_and_gives_the_tutorials_grads():
    x1, x2 = LectureValue(2.0, label="x1"), LectureValue(0.0, label="x2")
    w1, w2 = LectureValue(-3.0, label="w1"), LectureValue(1.0, label="w2")
    b = LectureValue(6.8813735870195432, label="b")
    x1w1 = x1 * w1; x1w1.label = "x1*w1"
    x2w2 = x2 * w2; x2w2.label = "x2*w2"
    s = x1w1 + x2w2; s.label = "x1*w1 + x2*w2"
    n = s + b; n.label = "n"
    o = n.tanh(); o.label = "o"
    doc = to_document(o, params=[w1, w2, b])
    assert doc.output == "o" and doc.node("o")["kind"] == "tanh"
    assert {n: doc.node(n)["kind"] for n in ("x1", "x2", "w1", "w2", "b")} == {
        "x1": "input", "x2": "input", "w1": "weight", "w2": "weight", "b": "weight"}
    evaluation = backward_in_document(doc)
    grads = {doc.label(n): round(evaluation.grad(n), 10) for n in doc.node_ids()}
    assert grads == {"o": 1.0, "n": 0.5, "b": 0.5, "x1*w1 + x2*w2": 0.5, "x1*w1": 0.5,
                     "x2*w2": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
    by_label = {doc.label(n): n for n in doc.node_ids()}
    # Operands in the order the label names them; else the parameter first.
    assert doc.inputs(by_label["x1*w1"]) == ["x1", "w1"]
    assert doc.inputs(by_label["x1*w1 + x2*w2"]) == [by_label["x1*w1"], by_label["x2*w2"]]
    assert doc.inputs("n") == ["b", by_label["x1*w1 + x2*w2"]]


@pytest.mark.parametrize("a_data, b_data", [(5.0, 2.0), (2.0, 5.0), (-1.5, 0.25)])
def test_minus_and_divide_from_a_set_take_the_order_that_gives_the_data(a_data, b_data):
    a, b = LectureValue(a_data, label="a"), LectureValue(b_data, label="b")
    difference, quotient = a - b, a / b
    for value, kind in ((difference, "sub"), (quotient, "div")):
        doc = to_document(value)
        (op,) = [n for n in doc.node_ids() if doc.node(n)["kind"] == kind]
        assert doc.inputs(op) == ["a", "b"]
        assert Evaluation(doc).data(op) == value.data


def test_exp_of_the_lecture_and_a_labelled_non_parameter_is_an_input():
    x = LectureValue(0.5, label="x")
    k = LectureValue(2.0, label="k")
    y = (x * k).exp(); y.label = "y"
    doc = to_document(y, params=[k])
    assert doc.node("x")["kind"] == "input" and doc.node("k")["kind"] == "weight"
    assert doc.node("y")["kind"] == "exp"
    assert Evaluation(doc).data("y") == math.exp(1.0)


# ----- gradgui's own Values take params too ------------------------------------------------------
def test_params_for_gradguis_own_values(tutorial_neuron):
    o = tutorial_neuron
    leaves = {v.label: v for v in _every(o) if not v.operands}
    doc = to_document(o, params=[leaves["w1"], leaves["w2"], leaves["b"]])
    assert {n: doc.node(n)["kind"] for n in sorted(leaves)} == {
        "b": "weight", "w1": "weight", "w2": "weight", "x1": "input", "x2": "input"}


def _every(root):
    seen, stack = {}, [root]
    while stack:
        value = stack.pop()
        if id(value) not in seen:
            seen[id(value)] = value
            stack.extend(value.operands)
    return seen.values()


# ----- what cannot be converted says why ---------------------------------------------------------
class Odd(LectureValue):
    """A value with an op gradgui has no node for, or a malformed one."""


@pytest.mark.parametrize("op, children, message", [
    ("sin", 1, "no node for the op 'sin'"),
    ("**x", 1, "exponent of the op '\\*\\*x' is not a number"),
    ("tanh", 2, "has 2 operands"),
    ("", 1, "no node for the op ''"),
])
def test_an_op_gradgui_cannot_show_is_refused_by_name(op, children, message):
    leaves = [LectureValue(float(i + 1)) for i in range(children)]
    with pytest.raises(DocumentError, match=message):
        to_document(Odd(1.0, leaves, op))


def test_a_parameter_that_is_computed_is_refused():
    a = MicroValue(1.0)
    b = a * 2
    with pytest.raises(DocumentError, match="params must be leaf values"):
        to_document(b + 1, params=[a, b])


def test_values_that_form_a_cycle_are_refused():
    a = LectureValue(1.0)
    b = a + a
    a._prev = {b}
    a._op = "tanh"
    with pytest.raises(DocumentError, match="cycle"):
        to_document(b)


@pytest.mark.parametrize("bad", [3.0, [MicroValue(1.0), "x"]])
def test_params_that_are_not_a_list_of_values_are_refused(bad):
    with pytest.raises(DocumentError):
        if isinstance(bad, list):
            to_document(bad)
        else:
            to_document(MicroValue(1.0) * 2, params=bad)
