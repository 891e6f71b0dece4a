"""Edit commands: each one's undo gives back exactly the document it started from."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradgui.document import (KINDS, AddNode, AddWire, DocumentError, GraphDocument, Macro,
                              RemoveNode, RemoveWire, SetField, SetOutput, Wire, WireError,
                              delete_nodes, move_nodes, rewire)
from gradgui.document import graph_order
from tutorial_neuron import neuron_document


def snapshot(doc: GraphDocument) -> dict:
    """Everything a command may change, in a form that ignores insertion order."""
    return {
        "graph": dict(doc.graph.graph),
        "nodes": {n: dict(attrs) for n, attrs in doc.graph.nodes(data=True)},
        "wires": sorted((s, t, k, sorted(a.items())) for s, t, k, a in doc.graph.edges(keys=True, data=True)),
    }


def neuron() -> GraphDocument:
    """The tutorial neuron, built by commands, with an extra field on a node and a wire."""
    return neuron_document(output="o", extra={"m1": {"note": "kept"}},
                           wire_extra={("b", "n", 1): {"bend": 1}})


@pytest.fixture
def doc():
    return neuron()


@pytest.fixture
def events(doc):
    seen = []
    doc.events.sub(seen.append)
    return seen


def round_trip(doc, command):
    """Do, undo, redo, undo: check the document against snapshots at each point."""
    before = snapshot(doc)
    command.do(doc)
    after = snapshot(doc)
    assert after != before
    command.undo(doc)
    assert snapshot(doc) == before
    command.do(doc)
    assert snapshot(doc) == after
    command.undo(doc)
    assert snapshot(doc) == before
    return after


# ----- each command --------------------------------------------------------

def test_add_node(doc, events):
    after = round_trip(doc, AddNode("c", "const", value=4.0, label="four", pos=(5, 6)))
    assert after["nodes"]["c"] == {"kind": "const", "label": "four", "value": 4.0, "pos": (5.0, 6.0)}
    assert [(e.kind, e.node) for e in events] == [("node_added", "c"), ("node_removed", "c")] * 2


def test_add_node_refused_changes_nothing(doc, events):
    before = snapshot(doc)
    with pytest.raises(DocumentError, match="already a node 'x1'"):
        AddNode("x1", "input", value=0.0).do(doc)
    assert snapshot(doc) == before and events == []


def test_remove_node(doc, events):
    AddNode("c", "const", value=4.0, extra={"note": 1}).do(doc)
    SetOutput("c").do(doc)
    events.clear()
    after = round_trip(doc, RemoveNode("c"))
    assert "c" not in after["nodes"] and "output" not in after["graph"]
    kinds = [e.kind for e in events]
    assert kinds.count("node_removed") == 2 and kinds.count("node_added") == 2


def test_remove_node_with_wires_is_refused(doc):
    before = snapshot(doc)
    with pytest.raises(DocumentError, match="still has wires"):
        RemoveNode("m1").do(doc)
    assert snapshot(doc) == before


def test_add_and_remove_wire(doc, events):
    AddNode("sq", "mul").do(doc)
    events.clear()
    round_trip(doc, AddWire("o", "sq", 1))
    assert [(e.kind, e.wire) for e in events] == [
        ("wire_added", Wire("o", "sq", 1)), ("wire_removed", Wire("o", "sq", 1))] * 2
    round_trip(doc, RemoveWire(Wire("b", "n", 1)))


def test_remove_wire_keeps_its_extra_fields(doc):
    command = RemoveWire(Wire("b", "n", 1))
    command.do(doc)
    command.undo(doc)
    assert doc.graph.edges["b", "n", 1] == {"port": 1, "bend": 1}


def test_add_wire_refused_changes_nothing(doc, events):
    RemoveWire(Wire("x1", "m1", 0)).do(doc)
    events.clear()
    before = snapshot(doc)
    with pytest.raises(WireError, match="already wired"):
        AddWire("x2", "m1", 1).do(doc)
    with pytest.raises(WireError, match="loop"):
        AddWire("o", "m1", 0).do(doc)
    assert snapshot(doc) == before and events == []


@pytest.mark.parametrize("node,field,new", [
    ("x1", "value", -1.0), ("b", "label", "bias"), ("o", "pos", (1.0, 2.0)),
])
def test_set_field(doc, events, node, field, new):
    after = round_trip(doc, SetField(node, field, new))
    assert after["nodes"][node][field] == new
    assert {(e.kind, e.node, e.field) for e in events} == {("node_changed", node, field)}
    assert len(events) == 4


def test_set_exponent(doc):
    AddNode("p", "pow", exponent=2.0).do(doc)
    round_trip(doc, SetField("p", "exponent", 3.0))


def test_set_field_refused_changes_nothing(doc):
    before = snapshot(doc)
    with pytest.raises(DocumentError, match="a tanh node has no value"):
        SetField("o", "value", 1.0).do(doc)
    assert snapshot(doc) == before


def test_set_output(doc, events):
    round_trip(doc, SetOutput("n"))
    round_trip(doc, SetOutput(None))
    assert [(e.kind, e.node) for e in events][:2] == [("output_changed", "n"), ("output_changed", "o")]


def test_set_output_from_nothing(doc):
    SetOutput(None).do(doc)
    after = round_trip(doc, SetOutput("m2"))
    assert after["graph"]["output"] == "m2"


# ----- groups and helpers ----------------------------------------------------

def test_group_is_atomic(doc, events):
    before = snapshot(doc)
    group = Macro("Several", [
        AddNode("c", "const", value=1.0),
        AddWire("c", "m1", 0),  # port taken: everything before it is undone
        SetField("x1", "value", 9.0),
    ])
    with pytest.raises(WireError, match="already wired"):
        group.do(doc)
    assert snapshot(doc) == before
    assert [e.kind for e in events] == ["node_added", "node_removed"]


def test_group_round_trip(doc):
    round_trip(doc, Macro("Several", [
        AddNode("c", "const", value=1.0), AddNode("p", "mul"), AddWire("c", "p", 0),
        AddWire("o", "p", 1), SetOutput("p"), SetField("c", "label", "one"),
    ]))


def test_delete_nodes_removes_wires_and_undo_restores_them(doc, events):
    command = delete_nodes(doc, ["n", "o"])
    assert command.text == "Delete 2 nodes"
    after = round_trip(doc, command)
    assert set(after["nodes"]) == {"x1", "w1", "x2", "w2", "b", "m1", "m2", "s1"}
    assert [w[:3] for w in after["wires"]] == sorted([
        ("x1", "m1", 0), ("w1", "m1", 1), ("x2", "m2", 0), ("w2", "m2", 1),
        ("m1", "s1", 0), ("m2", "s1", 1)])
    assert "output" not in after["graph"]
    assert doc.output == "o"
    assert doc.graph.edges["b", "n", 1] == {"port": 1, "bend": 1}
    kinds = [e.kind for e in events]
    assert kinds.count("wire_removed") == 2 * 3 and kinds.count("output_changed") == 4


def test_delete_a_node_feeding_both_ports(doc):
    AddNode("sq", "mul").do(doc)
    AddWire("o", "sq", 0).do(doc)
    AddWire("o", "sq", 1).do(doc)
    command = delete_nodes(doc, ["o", "o"])
    assert command.text == "Delete 1 node"
    after = round_trip(doc, command)
    assert not [w for w in after["wires"] if "o" in w[:2]]


def test_delete_a_node_with_extra_fields(doc):
    after = round_trip(doc, delete_nodes(doc, ["m1"]))
    assert "m1" not in after["nodes"]
    assert doc.node("m1")["note"] == "kept"


def test_delete_nothing_there(doc):
    before = snapshot(doc)
    with pytest.raises(DocumentError, match="no node 'nope'"):
        delete_nodes(doc, ["o", "nope"]).do(doc)
    assert snapshot(doc) == before


def test_rewire_replaces_the_wire_in_the_port(doc, events):
    command = rewire(doc, "x2", "m1", 0)
    assert command.text == "Replace wire"
    after = round_trip(doc, command)
    assert ("x2", "m1", 0, [("port", 0)]) in after["wires"]
    assert not [w for w in after["wires"] if w[:2] == ("x1", "m1")]
    assert [e.kind for e in events][:2] == ["wire_removed", "wire_added"]


def test_rewire_into_a_free_port(doc):
    AddNode("p", "mul").do(doc)
    command = rewire(doc, "o", "p", 1)
    assert command.text == "Add wire"
    round_trip(doc, command)


def test_rewire_refuses_a_loop_at_once(doc):
    with pytest.raises(WireError, match="loop"):
        rewire(doc, "o", "m1", 0)
    with pytest.raises(WireError, match="no input port 2"):
        rewire(doc, "x1", "m1", 2)


def test_move_nodes_is_one_step(doc, events):
    command = move_nodes({"x1": (10.0, 20.0), "o": (-5.0, 7.5)})
    assert command.text == "Move 2 nodes"
    after = round_trip(doc, command)
    assert after["nodes"]["x1"]["pos"] == (10.0, 20.0)
    assert after["nodes"]["o"]["pos"] == (-5.0, 7.5)
    assert doc.pos("x1") == (0.0, 0.0)
    assert [(e.kind, e.field) for e in events] == [("node_changed", "pos")] * 8


def test_commands_name_themselves():
    assert AddNode("a", "mul").text == "Add mul"
    assert SetField("a", "pos", (0, 0)).text == "Move node"
    assert SetField("a", "label", "z").text == "Set label"
    assert move_nodes({"a": (0, 0)}).text == "Move 1 node"
    assert SetOutput(None).text == "Clear output"


# ----- random sequences --------------------------------------------------------

class Mirror:
    """Follows a document through its events only, as a view would."""

    def __init__(self, doc):
        self.doc = doc
        self.nodes = set(doc.node_ids())
        self.wires = set(doc.wires())
        self.output = doc.output
        doc.events.sub(self.on_event)

    def on_event(self, event):
        if event.kind == "node_added":
            assert event.node not in self.nodes
            self.nodes.add(event.node)
        elif event.kind == "node_removed":
            self.nodes.remove(event.node)
        elif event.kind == "wire_added":
            assert event.wire not in self.wires
            self.wires.add(event.wire)
        elif event.kind == "wire_removed":
            self.wires.remove(event.wire)
        elif event.kind == "output_changed":
            self.output = event.node
        elif event.kind == "node_changed":
            assert event.node in self.nodes and event.field
        else:
            raise AssertionError(f"unexpected event {event}")

    def agrees(self):
        return (self.nodes == set(self.doc.node_ids()) and self.wires == set(self.doc.wires())
                and self.output == self.doc.output)


NUMBERS = st.floats(-10, 10, allow_nan=False).map(lambda x: round(x, 3))


def random_command(data, doc):
    """A command that may or may not be valid for ``doc`` (invalid ones must change nothing)."""
    ids = doc.node_ids()
    some_id = st.sampled_from(ids) if ids else st.just("nope")
    choice = data.draw(st.sampled_from([
        "add_node", "add_node", "add_wire", "add_wire", "add_wire", "remove_wire",
        "delete", "set_field", "set_output", "rewire", "move"]))
    if choice == "add_node":
        kind = data.draw(st.sampled_from(sorted(KINDS)))
        return AddNode(doc.new_id(kind), kind, value=data.draw(NUMBERS),
                       exponent=data.draw(NUMBERS), label=data.draw(st.sampled_from([None, "a", "b"])),
                       pos=(data.draw(NUMBERS), data.draw(NUMBERS)))
    if choice in ("add_wire", "rewire"):
        ops = [n for n in ids if not doc.kind(n).is_leaf]
        source = data.draw(some_id)
        # Mostly a real port of an op, so that many wires are actually made.
        target = data.draw(st.sampled_from(ops) if ops and data.draw(st.booleans()) else some_id)
        arity = doc.kind(target).arity if target in doc else 0
        port = data.draw(st.integers(0, arity - 1) if arity and data.draw(st.booleans())
                         else st.integers(-1, 2))
        if choice == "add_wire":
            return AddWire(source, target, port)
        return rewire(doc, source, target, port)
    if choice == "remove_wire":
        wires = list(doc.wires())
        if not wires:
            return RemoveWire(Wire("nope", "nope", 0))
        return RemoveWire(data.draw(st.sampled_from(wires)))
    if choice == "delete":
        return delete_nodes(doc, data.draw(st.lists(some_id, max_size=3)))
    if choice == "set_field":
        field = data.draw(st.sampled_from(["label", "value", "exponent", "pos"]))
        new = {"label": st.sampled_from(["p", "q", ""]), "value": NUMBERS, "exponent": NUMBERS,
               "pos": st.tuples(NUMBERS, NUMBERS)}[field]
        return SetField(data.draw(some_id), field, data.draw(new))
    if choice == "set_output":
        return SetOutput(data.draw(st.one_of(st.none(), some_id)))
    return move_nodes({node: (data.draw(NUMBERS), data.draw(NUMBERS))
                       for node in data.draw(st.lists(some_id, max_size=3, unique=True))})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_commands_undo_and_redo(data):
    doc = neuron()
    mirror = Mirror(doc)
    initial = snapshot(doc)
    done, states = [], []
    for _ in range(data.draw(st.integers(1, 25), label="steps")):
        before = snapshot(doc)
        try:
            command = random_command(data, doc)
            command.do(doc)
        except DocumentError:
            # A refused command leaves no trace.
            assert snapshot(doc) == before
            continue
        finally:
            assert mirror.agrees()
        done.append(command)
        states.append(snapshot(doc))
    final = snapshot(doc)
    for command, state in zip(reversed(done), reversed(states)):
        assert snapshot(doc) == state
        command.undo(doc)
        assert mirror.agrees()
    assert snapshot(doc) == initial
    for command, state in zip(done, states):
        command.do(doc)
        assert snapshot(doc) == state
        assert mirror.agrees()
    assert snapshot(doc) == final


def test_undoing_a_delete_puts_wires_back_without_searching_for_loops(monkeypatch):
    doc = neuron()
    before = snapshot(doc)
    command = delete_nodes(doc, list(doc.node_ids()))
    command.do(doc)
    searches = []
    import networkx as nx  # the loop search is networkx's, called when a wire is checked
    real = nx.has_path
    monkeypatch.setattr(nx, "has_path",
                        lambda *args: searches.append(args) or real(*args))
    command.undo(doc)
    assert snapshot(doc) == before
    assert searches == []  # the graph is going back to a state it was in: no loop to find
    RemoveWire(Wire("x2", "m2", 0)).do(doc)
    with pytest.raises(WireError, match="loop"):  # a new wire is still searched
        AddWire("n", "m2", 0).do(doc)
    assert searches


def test_undoing_a_delete_gives_back_the_same_file():
    from gradgui.document.fileformat import dumps

    doc = neuron()
    before = dumps(doc)
    command = delete_nodes(doc, ["w1", "m2", "s1"])
    command.do(doc)
    assert dumps(doc) != before
    command.undo(doc)
    assert dumps(doc) == before  # nodes and wires back where the file had them


def test_only_a_group_that_adds_or_removes_copies_the_order(doc, monkeypatch):
    copies = []
    real = GraphDocument.order
    monkeypatch.setattr(GraphDocument, "order", lambda self, *a: copies.append(1) or real(self, *a))
    move = move_nodes({"x1": (5.0, 5.0), "w1": (6.0, 6.0)})
    assert not move.changes_order
    round_trip(doc, move)
    assert copies == []  # a layout of 100,000 nodes need not copy the whole order first
    delete = delete_nodes(doc, ["o"])
    assert delete.changes_order
    delete.do(doc)
    assert copies == [1]


def test_copying_and_restoring_the_order_of_a_big_group_reports_progress(doc, monkeypatch):
    monkeypatch.setattr(graph_order, "PROGRESS_EVERY", 2)
    reports = []
    command = delete_nodes(doc, ["x1", "m1", "o"])
    command.do(doc, progress=reports.append)
    assert reports.count(0) > 2  # the order's copy, before the first command, told on too
    reports.clear()
    command.undo(doc, progress=reports.append)
    assert reports.count(len(command.commands)) > 2  # and so did putting it back
    assert snapshot(doc) == snapshot(neuron())
