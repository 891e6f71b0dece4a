"""The document's rules, each refused with a message that says what is wrong."""

import importlib.util
import math
from pathlib import Path

import pytest

from gradgui.document import DocumentError, GraphDocument, Wire, WireError, get_kind, KINDS
from gradgui.document.document import check_number

ROOT = Path(__file__).resolve().parents[2]


def snapshot(doc: GraphDocument) -> dict:
    """Everything a command may change, in a form that ignores insertion order."""
    return {
        "graph": dict(doc.graph.graph),
        "nodes": {n: dict(attrs) for n, attrs in doc.graph.nodes(data=True)},
        "wires": sorted((s, t, k, sorted(a.items())) for s, t, k, a in doc.graph.edges(keys=True, data=True)),
    }


@pytest.fixture
def doc():
    """x, y leaves, an unwired mul m and a tanh t."""
    d = GraphDocument()
    d.add_node("x", "input", value=2.0)
    d.add_node("y", "weight", value=-3.0, label="why")
    d.add_node("m", "mul")
    d.add_node("t", "tanh", pos=(10, 20))
    return d


@pytest.fixture
def events(doc):
    seen = []
    doc.events.sub(seen.append)
    return seen


def refused(doc, events, call, *words, error=DocumentError):
    """Run ``call``, expect ``error`` whose message has every word, and no change."""
    before = snapshot(doc)
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert snapshot(doc) == before
    assert events == []
    return message


# ----- nodes -------------------------------------------------------------

def test_new_node_fields(doc):
    assert doc.node("x") == {"kind": "input", "label": "x", "pos": (0.0, 0.0), "value": 2.0}
    assert doc.label("y") == "why"
    assert doc.node("m") == {"kind": "mul", "label": "m", "pos": (0.0, 0.0)}
    assert doc.pos("t") == (10.0, 20.0)
    assert isinstance(doc.pos("t")[0], float)
    assert doc.kind("t") is KINDS["tanh"]
    assert len(doc) == 4 and "x" in doc and "nope" not in doc
    assert doc.node_ids() == ["x", "y", "m", "t"]


def test_pow_keeps_its_exponent_and_extras_survive():
    d = GraphDocument()
    d.add_node("p", "pow", exponent=2, extra={"note": "squared", "colour": [1, 2]})
    assert d.node("p")["exponent"] == 2.0
    assert d.node("p")["note"] == "squared"
    assert d.node("p")["colour"] == [1, 2]


def test_new_document_says_what_it_is():
    d = GraphDocument()
    assert d.graph.graph == {"format": "gradgui", "version": 1}
    assert d.output is None


def test_duplicate_id(doc, events):
    refused(doc, events, lambda: doc.add_node("x", "const", value=1.0), "already", "'x'")


@pytest.mark.parametrize("bad", ["", None, 3, ("a",)])
def test_bad_id(doc, events, bad):
    refused(doc, events, lambda: doc.add_node(bad, "const", value=1.0), "id")


@pytest.mark.parametrize("kind", ["sqrt", "", "Add", None, ["add"]])
def test_unknown_kind(doc, events, kind):
    refused(doc, events, lambda: doc.add_node("q", kind), "unknown node kind")


def test_unknown_kind_names_it(doc, events):
    refused(doc, events, lambda: doc.add_node("q", "sqrt"), "'sqrt'")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10 ** 400])
def test_non_finite_value(doc, events, value):
    refused(doc, events, lambda: doc.add_node("q", "const", value=value), "'q'", "finite")


@pytest.mark.parametrize("value", [None, "1.0", True, [1.0]])
def test_value_must_be_a_number(doc, events, value):
    refused(doc, events, lambda: doc.add_node("q", "input", value=value), "value of 'q'", "number")


@pytest.mark.parametrize("exponent", [None, math.nan, "2"])
def test_pow_needs_a_finite_exponent(doc, events, exponent):
    refused(doc, events, lambda: doc.add_node("q", "pow", exponent=exponent), "exponent of 'q'")


@pytest.mark.parametrize("pos", [None, (1.0,), (1.0, 2.0, 3.0), (math.nan, 0.0), (0.0, "1")])
def test_bad_position(doc, events, pos):
    refused(doc, events, lambda: doc.add_node("q", "add", pos=pos), "position of 'q'")


def test_label_must_be_text(doc, events):
    refused(doc, events, lambda: doc.add_node("q", "add", label=5), "label", "text")


def test_unknown_node(doc):
    with pytest.raises(DocumentError, match="no node 'nope'"):
        doc.node("nope")
    with pytest.raises(DocumentError, match="no node 'nope'"):
        doc.consumers("nope")


def test_remove_node_with_wires_is_refused(doc, events):
    doc.add_wire(Wire("x", "m", 0))
    events.clear()
    refused(doc, events, lambda: doc.remove_node("x"), "'x'", "still has wires")
    refused(doc, events, lambda: doc.remove_node("m"), "'m'", "still has wires")


def test_remove_node_returns_its_attributes_and_clears_the_output_mark(doc, events):
    doc.set_output("t")
    events.clear()
    assert doc.remove_node("t") == {"kind": "tanh", "label": "t", "pos": (10.0, 20.0)}
    assert doc.output is None and "t" not in doc
    assert {e.kind for e in events} == {"node_removed", "output_changed"}


# ----- wires -------------------------------------------------------------

def test_wires_are_read_back(doc):
    doc.add_wire(Wire("x", "m", 0))
    doc.add_wire(Wire("y", "m", 1))
    doc.add_wire(Wire("m", "t", 0))
    assert doc.inputs("m") == ["x", "y"]
    assert doc.inputs("t") == ["m"]
    assert doc.inputs("x") == []
    assert doc.wire_into("m", 1) == Wire("y", "m", 1)
    assert doc.wire_into("t", 0) == Wire("m", "t", 0)
    assert doc.consumers("x") == ["m"]
    assert set(doc.wires_of("m")) == {Wire("x", "m", 0), Wire("y", "m", 1), Wire("m", "t", 0)}
    assert len(doc.wires_of("m")) == 3
    assert set(doc.wires()) == {Wire("x", "m", 0), Wire("y", "m", 1), Wire("m", "t", 0)}
    assert doc.wire_count() == 3
    assert doc.graph.edges["x", "m", 0] == {"port": 0}


def test_one_node_may_feed_both_ports(doc):
    doc.add_wire(Wire("x", "m", 0))
    doc.add_wire(Wire("x", "m", 1))
    assert doc.inputs("m") == ["x", "x"]
    assert doc.consumers("x") == ["m"]
    assert len(doc.wires_of("x")) == 2
    assert doc.wire_count() == 2  # two wires between the same pair of nodes


def test_free_port(doc):
    doc.add_wire(Wire("y", "m", 1))
    assert doc.inputs("m") == [None, "y"]
    assert doc.wire_into("m", 0) is None


def test_port_taken(doc, events):
    doc.add_wire(Wire("x", "m", 0))
    events.clear()
    message = refused(doc, events, lambda: doc.add_wire(Wire("y", "m", 0)),
                      "input a of 'm'", "already wired", error=WireError)
    assert doc.wire_problem("y", "m", 0) == message
    assert doc.wire_problem("y", "m", 0, replacing=True) is None


@pytest.mark.parametrize("port", [2, -1, 1.0, "0", True, None])
def test_port_out_of_range(doc, events, port):
    refused(doc, events, lambda: doc.add_wire(Wire("x", "m", port)),
            "'m' (mul) has no input port", error=WireError)


def test_unary_op_has_one_port(doc, events):
    refused(doc, events, lambda: doc.add_wire(Wire("x", "t", 1)), "no input port 1", error=WireError)


def test_self_wire(doc, events):
    refused(doc, events, lambda: doc.add_wire(Wire("m", "m", 0)), "cannot feed itself",
            error=WireError)


def test_cycle(doc, events):
    doc.add_node("a", "add")
    doc.add_wire(Wire("m", "t", 0))
    doc.add_wire(Wire("t", "a", 0))
    events.clear()
    refused(doc, events, lambda: doc.add_wire(Wire("a", "m", 1)), "loop", "cycles",
            error=WireError)
    refused(doc, events, lambda: doc.add_wire(Wire("t", "m", 0)), "loop", error=WireError)


@pytest.mark.parametrize("leaf,kind", [("x", "an input"), ("y", "a weight")])
def test_wiring_into_a_leaf(doc, events, leaf, kind):
    doc.add_node("c", "const", value=1.0)
    events.clear()
    refused(doc, events, lambda: doc.add_wire(Wire("c", leaf, 0)),
            f"'{doc.label(leaf)}' is {kind}", "no inputs", error=WireError)


def test_wire_to_or_from_a_missing_node(doc, events):
    refused(doc, events, lambda: doc.add_wire(Wire("nope", "m", 0)), "no node 'nope'",
            error=WireError)
    refused(doc, events, lambda: doc.add_wire(Wire("x", "nope", 0)), "no node 'nope'",
            error=WireError)


def test_remove_missing_wire(doc, events):
    refused(doc, events, lambda: doc.remove_wire(Wire("x", "m", 0)), "no wire x -> m[0]",
            error=WireError)


def test_remove_wire_returns_its_extra_fields(doc):
    doc.add_wire(Wire("x", "m", 0), {"style": "dashed"})
    assert doc.graph.edges["x", "m", 0] == {"port": 0, "style": "dashed"}
    assert doc.remove_wire(Wire("x", "m", 0)) == {"style": "dashed"}
    assert list(doc.wires()) == []


def test_wire_error_is_a_document_error():
    assert issubclass(WireError, DocumentError)
    assert issubclass(DocumentError, ValueError)


# ----- fields and output ---------------------------------------------------

def test_set_fields(doc, events):
    doc.set_field("x", "value", 5)
    doc.set_field("x", "label", "ex")
    doc.set_field("t", "pos", [3, 4])
    assert doc.node("x")["value"] == 5.0 and doc.label("x") == "ex"
    assert doc.pos("t") == (3.0, 4.0)
    assert [(e.kind, e.node, e.field) for e in events] == [
        ("node_changed", "x", "value"), ("node_changed", "x", "label"),
        ("node_changed", "t", "pos")]


@pytest.mark.parametrize("node,field,value,words", [
    ("m", "value", 1.0, ("a mul node has no value",)),
    ("x", "exponent", 2.0, ("an input node has no exponent",)),
    ("x", "kind", "const", ("no kind",)),
    ("x", "value", math.inf, ("value of 'x'", "finite")),
    ("x", "label", None, ("label", "text")),
    ("t", "pos", (0.0, math.nan), ("position of 't'",)),
    ("nope", "label", "z", ("no node 'nope'",)),
])
def test_set_field_rules(doc, events, node, field, value, words):
    refused(doc, events, lambda: doc.set_field(node, field, value), *words)


def test_set_output(doc, events):
    doc.set_output("t")
    assert doc.output == "t" and doc.graph.graph["output"] == "t"
    doc.set_output(None)
    assert doc.output is None and "output" not in doc.graph.graph
    assert [(e.kind, e.node) for e in events] == [("output_changed", "t"), ("output_changed", None)]
    events.clear()
    refused(doc, events, lambda: doc.set_output("nope"), "no node 'nope'")


def test_new_id(doc):
    assert doc.new_id("x") == "x1"
    doc.add_node("x1", "input", value=0.0)
    doc.add_node("x3", "input", value=0.0)
    assert doc.new_id("x") == "x2"
    assert doc.new_id("mul") == "mul1"


def test_kinds_table():
    assert [k.name for k in KINDS.values()] == [
        "input", "weight", "const", "add", "mul", "sub", "div", "pow", "neg",
        "tanh", "exp", "log", "relu", "sigmoid"]
    assert get_kind("sub").ports == ("a", "b")
    assert get_kind("pow").has_exponent and get_kind("pow").arity == 1
    assert all(get_kind(k).is_leaf and get_kind(k).has_value for k in ("input", "weight", "const"))
    with pytest.raises(KeyError, match="unknown node kind 'nope'"):
        get_kind("nope")


def test_check_number():
    assert check_number(3, "n") == 3.0 and isinstance(check_number(3, "n"), float)
    with pytest.raises(DocumentError, match="n must be a number, not bool"):
        check_number(False, "n")


def test_replace_with_takes_the_other_graph_and_says_reset(doc, events):
    other = GraphDocument()
    other.add_node("z", "const", value=1.0)
    doc.replace_with(other)
    assert doc.node_ids() == ["z"]
    assert [e.kind for e in events] == ["reset"]


def test_unsubscribe(doc):
    seen = []
    stop = doc.events.sub(seen.append)
    doc.set_field("x", "value", 1.0)
    stop()
    doc.set_field("x", "value", 2.0)
    assert len(seen) == 1


# ----- the bundled examples ---------------------------------------------

def test_bundled_examples_are_what_the_script_makes():
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "scripts" / "make_examples.py")
    make_examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_examples)
    assert make_examples.main(["--check"]) == 0, "run scripts/make_examples.py"
