"""The rules of nodes and wires, and that edits, files and the clipboard all keep them."""

import json
import math

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradgui.document import (DocumentError, FileFormatError, GraphDocument, Wire, WireError,
                              copy_fragment, dumps, fragment_from_text, fragment_to_text, loads,
                              rules)
from gradgui.document.rules import Broken


def broken_rule(call, *args):
    with pytest.raises(Broken) as info:
        call(*args)
    return info.value


@pytest.mark.parametrize("value, expected", [(1.5, 1.5), (-3, -3.0), (0, 0.0), (2 ** 60, 2.0 ** 60)])
def test_finite_numbers_pass_as_floats(value, expected):
    result = rules.number(value)
    assert result == expected and type(result) is float


@pytest.mark.parametrize("value, rule", [
    (True, rules.NOT_A_NUMBER), ("1", rules.NOT_A_NUMBER), (None, rules.NOT_A_NUMBER),
    ([1.0], rules.NOT_A_NUMBER), (math.nan, rules.NOT_FINITE), (math.inf, rules.NOT_FINITE),
    (-math.inf, rules.NOT_FINITE), (10 ** 400, rules.TOO_LARGE)])
def test_numbers_that_break_a_rule(value, rule):
    assert broken_rule(rules.number, value).rule == rule


def test_positions():
    assert rules.position([1, 2.5]) == (1.0, 2.5)
    assert broken_rule(rules.position, (1.0,)).rule == rules.NOT_A_PAIR
    assert broken_rule(rules.position, None).rule == rules.NOT_A_PAIR
    fault = broken_rule(rules.position, (0.0, math.nan))
    assert (fault.rule, fault.part) == (rules.NOT_FINITE, "y") and math.isnan(fault.value)
    fault = broken_rule(rules.position, ("1", 0.0))
    assert (fault.rule, fault.part, fault.value) == (rules.NOT_A_NUMBER, "x", "1")


def test_ids_and_labels():
    assert rules.node_id("n1") == "n1" and rules.label("") == ""
    for bad in ("", None, 3):
        assert broken_rule(rules.node_id, bad).rule == rules.BAD_ID
    assert broken_rule(rules.label, 5).rule == rules.NOT_TEXT


def never_taken(port):
    return False


@pytest.mark.parametrize("source, target, port, arity, taken, rule", [
    ("a", "m", 0, 2, never_taken, None),
    ("a", "m", 1, 2, never_taken, None),
    ("a", "x", 0, 0, never_taken, rules.NO_INPUTS),
    ("a", "m", 2, 2, never_taken, rules.NO_SUCH_PORT),
    ("a", "m", -1, 2, never_taken, rules.NO_SUCH_PORT),
    ("a", "m", True, 2, never_taken, rules.NO_SUCH_PORT),
    ("a", "m", "0", 2, never_taken, rules.NO_SUCH_PORT),
    ("m", "m", 0, 2, never_taken, rules.FEEDS_ITSELF),
    ("a", "m", 0, 2, lambda port: port == 0, rules.PORT_TAKEN),
    ("a", "m", 1, 2, lambda port: port == 0, None),
])
def test_wire_rules(source, target, port, arity, taken, rule):
    assert rules.wire_fault(source, target, port, arity, taken) == rule


@given(st.integers(1, 12), st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11))))
def test_acyclic_order_is_networkx_topological_order(count, pairs):
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(f"n{i}" for i in reversed(range(count)))
    for a, b in pairs:
        if a < b < count:
            graph.add_edge(f"n{a}", f"n{b}")
    assert rules.acyclic_order(graph._succ, graph._pred) == list(nx.topological_sort(graph))


def test_a_loop_is_named_by_a_node_on_it():
    succ = {"a": {"b": 1}, "b": {"c": 1}, "c": {"b": 1}, "d": {}}
    pred = {"a": {}, "b": {"a": 1, "c": 1}, "c": {"b": 1}, "d": {}}
    assert broken_rule(rules.acyclic_order, succ, pred).node in ("b", "c")


def test_closes_loop():
    doc = GraphDocument()
    for node_id in ("x", "t1", "t2"):
        doc.add_node(node_id, "tanh" if node_id != "x" else "input", value=1.0)
    doc.add_node("m", "mul")
    doc.add_wire(Wire("x", "t1", 0))
    doc.add_wire(Wire("t1", "t2", 0))
    assert rules.closes_loop(doc.graph, "t2", "t1")
    assert not rules.closes_loop(doc.graph, "t1", "m")


# ----- edits, files and the clipboard keep the same wire rules -------------

def small() -> GraphDocument:
    """x (input), w (weight), m = x * (a free port), t = tanh(m)."""
    doc = GraphDocument()
    doc.add_node("x", "input", value=1.0)
    doc.add_node("w", "weight", value=2.0)
    doc.add_node("m", "mul")
    doc.add_node("t", "tanh")
    doc.add_wire(Wire("x", "m", 0))
    doc.add_wire(Wire("m", "t", 0))
    return doc


# Each a wire added to small() that breaks one rule: into a leaf, into a port that
# does not exist, from a node into itself, into a taken port, around a loop.
BAD_WIRES = [("x", "w", 0), ("x", "m", 2), ("m", "m", 1), ("w", "m", 0), ("t", "m", 1)]


@pytest.mark.parametrize("source, target, port", BAD_WIRES)
def test_a_wire_an_edit_refuses_a_file_and_a_fragment_refuse_too(source, target, port):
    doc = small()
    with pytest.raises(WireError):
        doc.add_wire(Wire(source, target, port))

    top = json.loads(dumps(small()))
    top["edges"].append({"source": source, "target": target, "key": port, "port": port})
    with pytest.raises(FileFormatError):
        loads(json.dumps(top))

    fragment = copy_fragment(small(), ["x", "w", "m", "t"])
    fragment["wires"].append({"source": source, "target": target, "port": port})
    with pytest.raises(DocumentError):
        fragment_from_text(fragment_to_text(fragment))
