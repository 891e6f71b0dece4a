"""Any field name survives every command, undo, redo, copy and paste; undo gives back the bytes."""

import json

import pytest

from gradgui.document import (AddNode, AddWire, DocumentError, Macro, RemoveNode, RemoveWire,
                              SetField, SetOutput, Wire, delete_nodes)
from gradgui.document.clipboard import (check_fragment, copy_fragment, fragment_from_text,
                                        fragment_to_text, paste_fragment)
from gradgui.document.fileformat import dumps, loads
from gradgui import examples_dir

# Every parameter name of networkx's add_node and add_edge, and words Python reserves.
AWKWARD = ["node_for_adding", "u_for_edge", "v_for_edge", "self", "attr", "key_", "class",
           "def", "None", "lambda", "**", ""]


def neuron_text(node_fields=None, wire_fields=None, graph_fields=None) -> str:
    """The bundled neuron, with extra fields on node x1, on the wire x1 -> m1, on the graph."""
    data = json.loads((examples_dir() / "neuron.json").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["id"] == "x1")
    node.update(node_fields or {})
    wire = next(e for e in data["edges"] if e["source"] == "x1")
    wire.update(wire_fields or {})
    data["graph"].update(graph_fields or {})
    return json.dumps(data)


def run(doc, command):
    command.do(doc)
    return command


def test_the_issue_case_delete_and_undo_a_node_with_a_field_named_node_for_adding():
    doc = loads(neuron_text({"node_for_adding": "hello"}))
    before = dumps(doc)
    command = run(doc, delete_nodes(doc, ["x1"]))
    after = dumps(doc)
    command.undo(doc)
    assert dumps(doc) == before
    assert doc.node("x1")["node_for_adding"] == "hello"
    command.do(doc)
    assert dumps(doc) == after


@pytest.mark.parametrize("name", AWKWARD)
def test_any_node_and_wire_field_name_survives_delete_undo_redo(name):
    doc = loads(neuron_text({name: [1, {"a": name}]}, {name: "w"}, {name: 3}))
    before = dumps(doc)
    for command in (delete_nodes(doc, ["x1"]), delete_nodes(doc, ["m1"]),
                    Macro("Remove wire", [RemoveWire(Wire("x1", "m1", 0))])):
        run(doc, command)
        after = dumps(doc)
        command.undo(doc)
        assert dumps(doc) == before
        command.do(doc)
        assert dumps(doc) == after
        command.undo(doc)


@pytest.mark.parametrize("name", AWKWARD)
def test_single_commands_take_any_field_name(name):
    doc = loads(neuron_text())
    before = dumps(doc)
    run(doc, AddNode("z", "tanh", extra={name: 1, "note": "n"}))
    run(doc, AddWire("o", "z", 0, extra={name: 2}))
    assert doc.node("z")[name] == 1
    assert doc.graph.edges["o", "z", 0][name] == 2
    wire = run(doc, RemoveWire(Wire("o", "z", 0)))
    node = run(doc, RemoveNode("z"))
    node.undo(doc)
    wire.undo(doc)
    assert doc.node("z")[name] == 1 and doc.graph.edges["o", "z", 0][name] == 2


@pytest.mark.parametrize("name", ["u_for_edge", "v_for_edge", "self", "node_for_adding"])
def test_copy_and_paste_keep_any_field_name(name):
    doc = loads(neuron_text({name: "n"}, {name: "w"}))
    fragment = fragment_from_text(fragment_to_text(copy_fragment(doc, ["x1", "w1", "m1"])))
    check_fragment(fragment)
    before = dumps(doc)
    command, new_ids = paste_fragment(doc, fragment, (10.0, 10.0))
    command.do(doc)
    x1_copy = new_ids[0]
    assert doc.node(x1_copy)[name] == "n"
    [wire] = [w for w in doc.wires_of(x1_copy) if w.source == x1_copy]
    assert doc.graph.edges[wire.source, wire.target, wire.port][name] == "w"
    command.undo(doc)
    assert dumps(doc) == before


@pytest.mark.parametrize("field", ["id", "value"])
def test_a_node_field_that_would_clash_with_the_file_format_is_refused(field):
    doc = loads(neuron_text())
    before = dumps(doc)
    with pytest.raises(DocumentError):
        AddNode("z", "tanh", extra={field: "x"}).do(doc)
    assert dumps(doc) == before


@pytest.mark.parametrize("field", ["source", "target", "key", "port"])
def test_a_wire_field_that_would_clash_with_the_file_format_is_refused(field):
    doc = loads(neuron_text())
    run(doc, AddNode("z", "tanh"))
    before = dumps(doc)
    with pytest.raises(DocumentError):
        AddWire("o", "z", 0, extra={field: 1}).do(doc)
    assert dumps(doc) == before


class Boom(Exception):
    """A failure that is not one of gradgui's refusals."""


class Exploding(SetField):
    """A part of a group that fails in an unexpected way (as a bug would)."""

    def __init__(self, fail_on: str):
        super().__init__("x1", "label", "boom")
        self.fail_on = fail_on

    def do(self, doc):
        if self.fail_on == "do":
            raise Boom("do")
        super().do(doc)

    def undo(self, doc):
        if self.fail_on == "undo":
            raise Boom("undo")
        super().undo(doc)


def test_a_group_that_fails_for_any_reason_is_rolled_back_whole():
    doc = loads(neuron_text({"self": 1}))
    before = dumps(doc)
    group = Macro("Mixed", delete_nodes(doc, ["x1", "w2"]).commands + [SetOutput("m1"),
                                                                       Exploding("do")])
    with pytest.raises(Boom):
        group.do(doc)
    assert dumps(doc) == before


def test_a_group_whose_undo_fails_is_left_done_whole():
    doc = loads(neuron_text({"self": 1}))
    group = Macro("Mixed", [Exploding("undo")] + delete_nodes(doc, ["w2", "m2"]).commands
                  + [SetOutput("m1")])
    group.do(doc)
    done = dumps(doc)
    with pytest.raises(Boom):
        group.undo(doc)
    assert json.loads(dumps(doc)) == json.loads(done)


# ----- the bytes after undo (fault: wires swapped, fields moved, output moved) -------------
SQUARE = """{
  "directed": true,
  "multigraph": true,
  "graph": {"format": "gradgui", "version": 1, "note": "first", "output": "sq", "z": 1},
  "nodes": [
    {"id": "x", "kind": "input", "label": "x", "value": 3.0, "pos": [0.0, 0.0]},
    {"id": "sq", "tag": "before kind", "kind": "mul", "label": "x*x", "pos": [100.0, 0.0]},
    {"id": "t", "kind": "tanh", "label": "t", "pos": [200.0, 0.0], "tail": [1, 2]}
  ],
  "edges": [
    {"source": "x", "target": "sq", "key": 1, "port": 1},
    {"source": "x", "target": "sq", "key": 0, "port": 0, "bend": 2},
    {"source": "sq", "target": "t", "key": 0, "port": 0}
  ]
}
"""


@pytest.mark.parametrize("edit", [
    lambda doc: delete_nodes(doc, ["x"]),
    lambda doc: delete_nodes(doc, ["sq"]),
    lambda doc: delete_nodes(doc, ["t"]),
    lambda doc: delete_nodes(doc, ["sq", "x", "t"]),
    lambda doc: SetOutput(None),
    lambda doc: SetOutput("t"),
    lambda doc: RemoveWire(Wire("x", "sq", 1)),
    lambda doc: RemoveWire(Wire("x", "sq", 0)),
    lambda doc: Macro("Unwire", [RemoveWire(Wire("x", "sq", 1)), RemoveWire(Wire("x", "sq", 0))]),
], ids=["x", "sq", "t", "all", "clear-output", "other-output", "wire1", "wire0", "both-wires"])
def test_undo_gives_back_the_same_bytes_and_redo_the_edited_ones(edit):
    doc = loads(SQUARE)
    assert dumps(doc) == SQUARE  # the example is in the writer's own form
    command = edit(doc)
    command.do(doc)
    edited = dumps(doc)
    for _ in range(2):
        command.undo(doc)
        assert dumps(doc) == SQUARE
        command.do(doc)
        assert dumps(doc) == edited


def test_single_removals_put_back_in_place():
    text = SQUARE.replace('"pos": [0.0, 0.0]},\n', '"pos": [0.0, 0.0]},\n    {"id": "c", "kind": "const", '
                          '"label": "c", "value": 1.0, "pos": [0.0, 50.0], "self": 0},\n', 1)
    doc = loads(text)
    assert dumps(doc) == text
    for command in (RemoveNode("c"), RemoveWire(Wire("x", "sq", 1)), RemoveWire(Wire("x", "sq", 0)),
                    RemoveWire(Wire("sq", "t", 0))):
        command.do(doc)
        edited = dumps(doc)
        command.undo(doc)
        assert dumps(doc) == text
        command.do(doc)
        assert dumps(doc) == edited
        command.undo(doc)
