"""Groups in the document: the model's reads, its commands with undo and redo, what
deleting nodes does to groups, and groups going with the graph to another document."""

import pytest

from gradgui.document import (DissolveGroup, DocumentError, GraphDocument, MakeGroup,
                              RenameGroup, SetCollapsed, SetField, collapse_level, delete_nodes,
                              dumps, group_selection, loads, set_collapsed)
from gradgui.document.group_commands import RemoveGroups
from gradgui.document.session import EditingSession

from tutorial_neuron import neuron_document


def grouped_neuron():
    """The tutorial neuron with the products in group "p" inside group "neuron"; o is left out."""
    doc = neuron_document(output="o")
    MakeGroup("neuron", "the neuron", ["s1", "b", "n"], level="layer").do(doc)
    MakeGroup("p", "products", ["x1", "w1", "m1", "x2", "w2", "m2"], level="neuron",
              parent="neuron").do(doc)
    return doc


def heard(doc):
    events = []
    doc.events.sub(events.append)
    return events


def test_reads():
    groups = grouped_neuron().groups
    assert groups.ids() == ["neuron", "p"] and len(groups) == 2 and "p" in groups
    assert "x1" not in groups and list(groups) == ["neuron", "p"]
    assert groups.label("p") == "products" and groups.level("neuron") == "layer"
    assert groups.parent("p") == "neuron" and groups.parent("neuron") is None
    assert groups.children("neuron") == ["p"] and groups.children("p") == []
    assert groups.members("neuron") == ["s1", "b", "n"]
    assert groups.nodes("neuron") == {"s1", "b", "n", "x1", "w1", "m1", "x2", "w2", "m2"}
    assert groups.nodes("p") == {"x1", "w1", "m1", "x2", "w2", "m2"}
    assert groups.of("m1") == "p" and groups.of("b") == "neuron" and groups.of("o") is None
    assert not groups.collapsed("p")
    assert groups.levels() == ["neuron", "layer"]  # innermost first
    assert groups.ancestors("p") == ["neuron"] and groups.descendants("neuron") == ["p"]
    assert groups.place("w1") == ("p", 1) and groups.place("o") == (None, None)
    with pytest.raises(DocumentError, match="no group 'nope'"):
        groups.label("nope")


def test_parents_come_before_children_whatever_the_file_order():
    doc = grouped_neuron()
    text = dumps(doc)
    reordered = text.replace('    {"id": "neuron"', '    {"id": "zz"')  # just to find the line
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith('    {"id": "neuron"'))
    lines[first], lines[first + 1] = lines[first + 1].rstrip(",") + ",", lines[first].rstrip(",")
    assert reordered != text
    loaded = loads("\n".join(lines))
    assert [rec["id"] for rec in loaded.groups.records()] == ["p", "neuron"]
    assert loaded.groups.ids() == ["neuron", "p"]


def test_outputs_are_the_nodes_whose_wires_leave():
    doc = grouped_neuron()
    assert doc.groups.outputs("p") == ["m1", "m2"]
    assert doc.groups.outputs("neuron") == ["n"]
    MakeGroup("all", "all", ["o"]).do(doc)
    assert doc.groups.outputs("all") == ["o"]  # the document's output, though nothing leaves


def test_a_group_the_graph_ends_in_outputs_its_end_when_no_output_is_marked():
    """As a group made by Insert Expression round a loss: no wire leaves it and the
    output is not marked, yet its last node is what it computes."""
    doc = neuron_document(output=None)
    MakeGroup("end", "the end", ["n", "o"]).do(doc)
    assert doc.output is None
    assert doc.groups.outputs("end") == ["o"]
    MakeGroup("lone", "a loose input", ["x1"]).do(doc)
    assert doc.groups.outputs("lone") == ["x1"]  # wired out: left as it was


def test_shown_as_is_the_outermost_collapsed_group():
    doc = grouped_neuron()
    groups = doc.groups
    assert groups.shown_as("m1") is None
    SetCollapsed({"p": True}).do(doc)
    assert groups.shown_as("m1") == "p" and groups.shown_as("b") is None
    SetCollapsed({"neuron": True}).do(doc)
    assert groups.shown_as("m1") == "neuron" and groups.shown_as("b") == "neuron"
    assert groups.shown_as("o") is None


def test_new_id_is_fresh():
    doc = grouped_neuron()
    assert doc.groups.new_id() == "g1"
    MakeGroup("g1", "g", ["o"]).do(doc)
    assert doc.groups.new_id() == "g2" and doc.groups.new_id("L") == "L1"


def round_trip(doc, command, events_expected=None):
    """Do, undo and redo ``command``; undo gives back the same file, redo the same as do."""
    before = dumps(doc)
    events = heard(doc)
    command.do(doc)
    done = dumps(doc)
    if events_expected is not None:
        assert [(e.kind, e.group, e.field) for e in events] == events_expected
    command.undo(doc)
    assert dumps(doc) == before
    command.do(doc)
    assert dumps(doc) == done
    return done


def test_make_group_takes_nodes_out_of_their_groups():
    doc = grouped_neuron()
    command = MakeGroup("q", "first product", ["x1", "w1", "m1"], parent="p")
    round_trip(doc, command)
    assert command.text == "Group first product"
    assert doc.groups.members("p") == ["x2", "w2", "m2"] and doc.groups.members("q") == ["x1", "w1", "m1"]
    assert doc.groups.children("p") == ["q"] and doc.groups.of("m1") == "q"


def test_make_group_around_groups():
    doc = grouped_neuron()
    round_trip(doc, MakeGroup("net", "net", ["o"], level="sample", groups=["neuron"]))
    assert doc.groups.ids() == ["net", "neuron", "p"]
    assert doc.groups.nodes("net") == set(doc.node_ids())
    assert doc.groups.levels() == ["neuron", "layer", "sample"]


@pytest.mark.parametrize("command, words", [
    (MakeGroup("p", "again", ["o"]), "already a group 'p'"),
    (MakeGroup("q", "q", ["nope"]), "no node 'nope'"),
    (MakeGroup("q", "q", ["o"], parent="nope"), "no group 'nope'"),
    (MakeGroup("q", 3, ["o"]), "label"),
    (MakeGroup("q", "q", ["o"], parent="p", groups=["neuron"]), "inside itself"),
    (RenameGroup("nope", "x"), "no group 'nope'"),
    (RenameGroup("p", None), "label"),
    (DissolveGroup("nope"), "no group 'nope'"),
    (SetCollapsed({"p": True, "nope": True}), "no group 'nope'"),
    (SetCollapsed({"p": 1}), "true or false"),
    (RemoveGroups(["neuron"]), "not empty"),
])
def test_refused_commands_change_nothing(command, words):
    doc = grouped_neuron()
    before = dumps(doc)
    events = heard(doc)
    with pytest.raises(DocumentError, match=words):
        command.do(doc)
    assert dumps(doc) == before and events == []


def test_rename():
    doc = grouped_neuron()
    round_trip(doc, RenameGroup("p", "the products"), [("group_changed", "p", "label")])
    assert doc.groups.label("p") == "the products"


def test_dissolve_moves_nodes_and_groups_to_the_parent():
    doc = grouped_neuron()
    command = DissolveGroup("p")
    round_trip(doc, command)
    assert command.text == "Ungroup products"
    assert doc.groups.ids() == ["neuron"]
    assert doc.groups.members("neuron") == ["s1", "b", "n", "x1", "w1", "m1", "x2", "w2", "m2"]
    doc = grouped_neuron()
    round_trip(doc, DissolveGroup("neuron"))
    assert doc.groups.ids() == ["p"] and doc.groups.parent("p") is None
    assert doc.groups.of("s1") is None and doc.groups.of("m1") == "p"


def test_set_collapsed_is_one_step_named_for_what_it_does():
    doc = grouped_neuron()
    assert round_trip(doc, SetCollapsed({"p": True, "neuron": True}),
                      [("group_changed", "p", "collapsed"), ("group_changed", "neuron", "collapsed")])
    assert SetCollapsed({"p": True, "neuron": True}).text == "Collapse 2 groups"
    assert SetCollapsed({"p": False}).text == "Expand p"
    assert set_collapsed(doc, {"p": False}).text == "Expand products"
    assert SetCollapsed({"p": False, "neuron": True}).text == "Collapse/expand 2 groups"
    assert doc.groups.collapsed("p") and doc.groups.collapsed("neuron")
    # Only the groups whose state changes are told of.
    events = heard(doc)
    SetCollapsed({"p": True, "neuron": False}).do(doc)
    assert [(e.kind, e.group) for e in events] == [("group_changed", "neuron")]


def test_collapse_level():
    doc = grouped_neuron()
    command = collapse_level(doc, "neuron", True)
    assert command.states == {"p": True} and command.text == "Collapse products"
    command = collapse_level(doc, None, True)
    assert command.states == {"neuron": True, "p": True}


def test_group_selection_keeps_whole_groups_whole():
    doc = grouped_neuron()
    command = group_selection(doc, ["x1", "w1", "m1", "x2", "w2", "m2", "s1"], label="sum")
    round_trip(doc, command)
    (gid,) = doc.groups.children("neuron")
    assert gid == "g1" and doc.groups.label(gid) == "sum"
    assert doc.groups.children(gid) == ["p"] and doc.groups.members(gid) == ["s1"]
    assert doc.groups.parent(gid) == "neuron"
    # Nodes from two separate groups: the new group goes where both are.
    doc = grouped_neuron()
    command = group_selection(doc, ["m1", "o"])
    command.do(doc)
    assert doc.groups.parent(command.gid) is None and doc.groups.level(command.gid) == "group"


def test_removing_a_node_drops_it_from_its_group_and_undo_puts_it_back():
    doc = grouped_neuron()
    before = dumps(doc)
    events = heard(doc)
    command = delete_nodes(doc, ["w1"])
    command.do(doc)
    assert doc.groups.members("p") == ["x1", "m1", "x2", "w2", "m2"]
    assert ("group_changed", "p", "members") in [(e.kind, e.group, e.field) for e in events]
    command.undo(doc)
    assert dumps(doc) == before and doc.groups.place("w1") == ("p", 1)


def test_delete_removes_groups_left_empty_and_undo_restores_them():
    doc = grouped_neuron()
    SetCollapsed({"p": True}).do(doc)
    before = dumps(doc)
    inside = sorted(doc.groups.nodes("p"))
    command = delete_nodes(doc, inside)
    command.do(doc)
    assert doc.groups.ids() == ["neuron"]
    command.undo(doc)
    assert dumps(doc) == before and doc.groups.collapsed("p")
    command = delete_nodes(doc, sorted(doc.groups.nodes("neuron")))
    command.do(doc)
    assert len(doc.groups) == 0 and doc.node_ids() == ["o"]
    command.undo(doc)
    assert dumps(doc) == before


def test_delete_takes_empty_groups_inside_an_emptied_group_along():
    doc = grouped_neuron()
    MakeGroup("empty", "nothing yet", [], parent="p").do(doc)
    MakeGroup("lonely", "nothing", []).do(doc)
    before = dumps(doc)
    command = delete_nodes(doc, sorted(doc.groups.nodes("p")))
    command.do(doc)
    assert doc.groups.ids() == ["neuron", "lonely"]  # an empty group nothing was deleted from stays
    command.undo(doc)
    assert dumps(doc) == before


def test_group_edits_keep_the_evaluation_and_the_grads():
    session = EditingSession(grouped_neuron())
    assert session.backward("o")
    evaluated = []
    session.on_evaluated.append(lambda: evaluated.append(True))
    evaluation = session.evaluation
    assert session.execute(SetCollapsed({"p": True}))
    assert session.execute(RenameGroup("p", "x"))
    session.undo()
    session.redo()
    assert evaluated == [] and session.evaluation is evaluation and not session.grads_stale
    assert session.execute(SetField("w1", "value", 1.0))  # a real edit still evaluates again
    assert evaluated == [True] and session.grads_stale


def test_groups_go_with_the_graph_to_another_document():
    doc = grouped_neuron()
    groups = doc.groups
    events = heard(doc)
    previous = doc.replace_with(GraphDocument())
    assert len(doc.groups) == 0 and previous.groups is groups
    assert [e.kind for e in events] == ["reset"]
    doc.replace_with(previous)
    assert doc.groups is groups and doc.groups.ids() == ["neuron", "p"]
    SetCollapsed({"p": True}).do(doc)  # events of a group edit reach the document that holds it
    assert events[-1].kind == "group_changed" and events[-1].group == "p"
    assert doc.twin().groups is groups


def test_document_without_groups_is_untouched_by_an_undone_group():
    doc = neuron_document(output="o")
    before = dumps(doc)
    assert '"groups"' not in before
    round_trip(doc, MakeGroup("g1", "g", ["o"]))
    assert '"groups"' in dumps(doc)
