"""What views read from the document: bulk reads, paths up and down, the revision."""

import pytest

from gradgui.document import (AddNode, AddWire, DocumentError, GraphDocument, RemoveWire,
                              SetField, Wire)


@pytest.fixture
def doc():
    """a, b -> m = a*b; m -> t = tanh(m); m -> s = m + a; c unwired."""
    d = GraphDocument()
    for node_id, kind, fields in (("a", "input", {"value": 1.0, "pos": (0, 0)}),
                                  ("b", "weight", {"value": 2.0, "pos": (0, 100)}),
                                  ("m", "mul", {"pos": (200, 50)}),
                                  ("t", "tanh", {"pos": (400, 50)}),
                                  ("s", "add", {"pos": (400, 200)}),
                                  ("c", "const", {"value": 3.0, "pos": (-50, -50)})):
        AddNode(node_id, kind, **fields).do(d)
    for source, target, port in (("a", "m", 0), ("b", "m", 1), ("m", "t", 0),
                                 ("m", "s", 0), ("a", "s", 1)):
        AddWire(source, target, port).do(d)
    return d


def test_nodes_is_a_live_read_only_view_in_insertion_order(doc):
    nodes = doc.nodes()
    assert list(nodes) == ["a", "b", "m", "t", "s", "c"]
    assert len(nodes) == len(doc) == 6
    assert nodes["b"]["kind"] == "weight" and nodes["b"]["value"] == 2.0
    with pytest.raises(TypeError):
        nodes["z"] = {}
    AddNode("z", "relu").do(doc)
    assert "z" in nodes and list(nodes)[-1] == "z"


def test_positions(doc):
    assert dict(doc.positions()) == {"a": (0.0, 0.0), "b": (0.0, 100.0), "m": (200.0, 50.0),
                                     "t": (400.0, 50.0), "s": (400.0, 200.0),
                                     "c": (-50.0, -50.0)}
    assert [node_id for node_id, _ in doc.positions()] == doc.node_ids()


def test_wire_groups_hold_every_wire_once(doc):
    grouped = [Wire(source, target, port) for source, target, ports in doc.wire_groups()
               for port in ports]
    assert sorted(grouped, key=repr) == sorted(doc.wires(), key=repr)
    AddNode("x", "mul").do(doc)
    AddWire("a", "x", 0).do(doc)
    AddWire("a", "x", 1).do(doc)  # one source in both ports: one group, two ports
    groups = {(s, t): sorted(ports) for s, t, ports in doc.wire_groups()}
    assert groups[("a", "x")] == [0, 1]


def test_wire_places_number_every_wire_in_wire_groups_order(doc):
    AddNode("x", "mul").do(doc)
    AddWire("a", "x", 0).do(doc)
    AddWire("a", "x", 1).do(doc)
    place = {node_id: number for number, node_id in enumerate(doc.node_ids())}
    rows = doc.wire_places(place).tolist()
    assert rows == [[place[source], place[target], port]
                    for source, target, ports in doc.wire_groups() for port in ports]
    assert len(rows) == len(list(doc.wires()))


def test_wires_of_nodes(doc):
    assert doc.wires_of_nodes(["m"]) == {Wire("a", "m", 0), Wire("b", "m", 1),
                                         Wire("m", "t", 0), Wire("m", "s", 0)}
    assert doc.wires_of_nodes(["t", "s", "missing"]) == {Wire("m", "t", 0), Wire("m", "s", 0),
                                                          Wire("a", "s", 1)}
    assert doc.wires_of_nodes(["c"]) == set()
    assert doc.wires_of_nodes([]) == set()


def test_upstream_and_downstream(doc):
    assert doc.upstream("t") == {"a", "b", "m"}
    assert doc.upstream("s") == {"a", "b", "m"}
    assert doc.upstream("a") == set()
    assert doc.downstream("a") == {"m", "t", "s"}
    assert doc.downstream("m") == {"t", "s"}
    assert doc.downstream("c") == set()
    with pytest.raises(DocumentError, match="no node 'nope'"):
        doc.upstream("nope")
    with pytest.raises(DocumentError, match="no node 'nope'"):
        doc.downstream("nope")


def test_revision_changes_on_every_edit_and_only_then(doc):
    seen = [doc.revision]
    doc.nodes(), list(doc.positions()), doc.upstream("t"), doc.wires_of_nodes(["m"])
    assert doc.revision == seen[-1]  # reading is no edit
    for command in (SetField("a", "value", 5.0), SetField("a", "pos", (1.0, 2.0)),
                    RemoveWire(Wire("a", "s", 1)), AddNode("n", "neg")):
        command.do(doc)
        assert doc.revision not in seen
        seen.append(doc.revision)
        command.undo(doc)
        assert doc.revision not in seen
        seen.append(doc.revision)
    doc.replace_with(GraphDocument())
    assert doc.revision not in seen


def test_identity_goes_with_the_graph(doc):
    other = GraphDocument()
    AddNode("q", "input", value=0.0).do(other)
    mine, theirs = doc.identity, other.identity
    assert mine is not theirs
    previous = doc.twin()
    assert previous.identity is mine and previous.nodes() == doc.nodes()
    doc.replace_with(other)
    assert doc.identity is theirs and list(doc.nodes()) == ["q"]
    doc.replace_with(previous)
    assert doc.identity is mine and list(doc.nodes()) == ["a", "b", "m", "t", "s", "c"]


def test_twin_shares_the_graph_and_the_file_extras(doc):
    doc.file_extras = {"note": "kept"}
    twin = doc.twin()
    assert twin.file_extras is doc.file_extras
    AddNode("z", "exp").do(doc)
    assert "z" in twin  # the very graph, not a copy
