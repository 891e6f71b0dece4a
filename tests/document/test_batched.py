"""Batched evaluation against gradgui's Value engine, row by row, on random graphs and data."""

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradgui.document import Evaluation, SetField
from gradgui.document.batched import RULES, BatchError, BatchProgram
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.generators import generate
from gradgui.document.network import network_document
from gradgui.document.unroll import unroll
from gradgui.engine import OPS, MathError

from documents import build

UNARY = ["neg", "tanh", "exp", "log", "relu", "sigmoid", "pow"]
BINARY = ["add", "sub", "mul", "div"]
EXPONENTS = [2.0, 3.0, -1.0, 0.5, 1.5]


def close(a: float, b: float, scale: float = 0.0) -> bool:
    """Equal to a relative 1e-12 of the larger of the two, or of ``scale``.

    Grads that cancel to nearly nothing (a weight pulled both ways) are summed
    in another order than the engine's, so they are compared relative to the
    size of the numbers in play: the largest grad (or data) of the row.
    """
    return abs(a - b) <= 1e-12 * max(abs(a), abs(b), scale)


@st.composite
def networks(draw):
    """A random graph over bound inputs, weights and constants, and rows for the inputs."""
    n_rows = draw(st.integers(1, 6))
    n_inputs = draw(st.integers(1, 3))
    number = st.floats(-2, 2, allow_nan=False).map(lambda x: round(x, 3))
    columns = {f"x{i}": draw(st.lists(number, min_size=n_rows, max_size=n_rows))
               for i in range(n_inputs)}
    nodes = [(f"x{i}", "input", {"value": 0.0}) for i in range(n_inputs)]
    for i in range(draw(st.integers(1, 3))):
        nodes.append((f"w{i}", draw(st.sampled_from(["weight", "const"])), {"value": draw(number)}))
    wires = []
    for i in range(draw(st.integers(1, 12))):
        count = len(nodes)
        pick = st.one_of(st.integers(max(0, count - 3), count - 1), st.integers(0, count - 1))
        kind = draw(st.sampled_from(UNARY + BINARY))
        fields = {"exponent": draw(st.sampled_from(EXPONENTS))} if kind == "pow" else {}
        node_id = f"n{i}"
        for port in range(2 if kind in BINARY else 1):
            wires.append((nodes[draw(pick)][0], node_id, port))
        nodes.append((node_id, kind, fields))
    return build(nodes, wires, output=nodes[-1][0]), columns


def engine_rows(doc, columns, output):
    """Per row: the engine's data and grads of every node, or the MathError it raised."""
    rows = []
    for r in range(len(next(iter(columns.values())))):
        for node, values in columns.items():
            SetField(node, "value", values[r]).do(doc)
        evaluation = Evaluation(doc)
        try:
            if output not in evaluation.values:
                raise MathError("forward", evaluation.problems[output].message)
            evaluation.backward(output)
        except MathError as error:
            rows.append(error)
            continue
        rows.append({n: (evaluation.data(n), evaluation.grad(n)) for n in evaluation.values})
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_batched_agrees_with_the_engine_row_by_row(case):
    doc, columns = case
    program = BatchProgram(doc, {n: np.array(v) for n, v in columns.items()})
    rows = engine_rows(doc, columns, program.output)
    failed = [r for r, row in enumerate(rows) if isinstance(row, MathError)]
    try:
        batch = program.forward()
        grads, shared_grads = program.backward(batch, np.ones(batch.rows))
    except BatchError as error:
        # The engine fails too, on the row named (or on every row for a shared node).
        assert failed
        assert error.row is None or error.row in failed
        return
    assert not failed
    data_scale = [max(abs(d) for d, _ in row.values()) for row in rows]
    grad_scale = [max(abs(g) for _, g in row.values()) for row in rows]
    for node in program.order:
        row_node, slot = program.slot[node]
        for r, row in enumerate(rows):
            data, grad = row[node]
            if row_node:
                assert close(batch.data(node)[r], data, data_scale[r]), (node, r)
                assert close(grads[slot][r], grad, grad_scale[r]), (node, r)
            else:
                assert batch.data(node) == data
        if not row_node:
            # A shared node's grad is the sum of its grads over the rows.
            terms = [row[node][1] for row in rows]
            assert close(shared_grads[slot], math.fsum(terms), sum(grad_scale)), node


def test_every_engine_op_has_a_batched_rule():
    assert set(RULES) == set(OPS)


def _moons_network(n=30, loss="max-margin", activation="relu", hidden=(4, 4), seed=0):
    return network_document(generate("moons", n, seed=seed), ["x1", "x2"], "y", hidden=hidden,
                            activation=activation, loss=loss, seed=seed)


@pytest.mark.parametrize("loss, activation", [("max-margin", "relu"), ("squared", "tanh"),
                                              ("squared", "sigmoid")])
def test_unrolled_backward_equals_batched_on_every_weight(loss, activation):
    doc = _moons_network(loss=loss, activation=activation)
    alpha = 1e-3
    program = BatchProgram(doc, bound_dataset(doc).node_columns())
    batch = program.run(alpha=alpha)
    unrolled = unroll(doc, alpha)
    evaluation = Evaluation(unrolled)
    evaluation.backward("total")
    assert close(evaluation.data("total"), batch.loss)
    assert len(program.weights) == 2 * 4 + 4 + 4 * 4 + 4 + 4 + 1
    scale = max(abs(evaluation.grad(w)) for w in program.weights)
    for weight in program.weights:
        assert close(evaluation.grad(weight), float(batch.grad(weight)), scale), weight


def test_unrolled_graph_has_one_copy_per_row():
    doc = _moons_network(n=5, hidden=(2,))
    unrolled = unroll(doc)
    assert unrolled.label("r3:loss") == "loss [3]"
    assert unrolled.node("r3:x1")["value"] == bound_dataset(doc).dataset.column("x1")[3]
    assert unrolled.inputs("r3:L1.n1.w1*x1") == ["L1.n1.w1", "r3:x1"]


def test_the_unrolled_graph_is_what_networkx_builds_from_its_nodes_and_wires():
    unrolled = unroll(_moons_network(n=4, hidden=(3,)), 0.01).graph
    rebuilt = nx.MultiDiGraph()
    rebuilt.add_nodes_from(unrolled.nodes(data=True))
    rebuilt.add_edges_from(unrolled.edges(keys=True, data=True))
    rebuilt.graph.update(unrolled.graph)
    assert nx.node_link_data(rebuilt, edges="edges") == nx.node_link_data(unrolled, edges="edges")
    # Each wire's keys are one table seen from both of its ends, as networkx keeps them.
    assert all(unrolled._succ[s][t] is unrolled._pred[t][s] for s, t in unrolled.edges())
    assert unrolled.number_of_edges() == rebuilt.number_of_edges()


def test_math_errors_name_the_row_and_the_node():
    doc = build([("x", "input", {"value": 1.0}), ("l", "log", {})], [("x", "l", 0)], output="l")
    program = BatchProgram(doc, {"x": np.array([1.0, 2.0, -3.0, 0.0])})
    with pytest.raises(BatchError) as error:
        program.run()
    assert str(error.value) == "log of a negative number in row 2 of node 'l'"
    assert (error.value.row, error.value.node) == (2, "l")
    program = BatchProgram(doc, {"x": np.array([1.0, 0.0])})
    with pytest.raises(BatchError, match="log of zero in row 1 of node 'l'"):
        program.run()


def test_division_by_zero_and_overflow_name_the_row():
    doc = build([("x", "input", {"value": 1.0}), ("one", "const", {"value": 1.0}),
                 ("d", "div", {"label": "1/x"}), ("e", "exp", {})],
                [("one", "d", 0), ("x", "d", 1), ("d", "e", 0)], output="e")
    with pytest.raises(BatchError, match=r"division by zero in row 1 of node '1/x'"):
        BatchProgram(doc, {"x": np.array([1.0, 0.0])}).run()
    with pytest.raises(BatchError, match=r"the result is too large \(overflow\) in row 2 of node 'e'"):
        BatchProgram(doc, {"x": np.array([1.0, 0.5, 1e-3])}).run()


def test_infinite_derivative_names_the_row():
    doc = build([("x", "input", {"value": 1.0}), ("r", "pow", {"exponent": 0.5})],
                [("x", "r", 0)], output="r")
    with pytest.raises(BatchError, match="the derivative is infinite here in row 1 of node 'r'"):
        BatchProgram(doc, {"x": np.array([4.0, 0.0])}).run()


def test_mini_batch_is_the_mean_over_its_rows():
    doc = _moons_network(n=40, loss="squared", activation="tanh")
    program = BatchProgram(doc, bound_dataset(doc).node_columns())
    rows = np.array([3, 17, 5])
    whole = program.run()
    part = program.run(rows)
    assert close(part.loss, float(np.mean(whole.losses[rows])))
    assert part.rows == 3
