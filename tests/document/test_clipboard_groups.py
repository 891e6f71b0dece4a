"""Copy and paste carry whole groups (under fresh ids); a group only partly copied is left."""

import pytest

from gradgui.document import DocumentError, MakeGroup, SetCollapsed, dumps
from gradgui.document.clipboard import (copy_fragment, duplicate, fragment_from_text,
                                        fragment_to_text, paste_fragment)
from tutorial_neuron import neuron_document


def grouped():
    doc = neuron_document(output="o")
    MakeGroup("neuron", "the neuron", ["s1", "b", "n"], level="layer").do(doc)
    MakeGroup("p", "products", ["x1", "w1", "m1", "x2", "w2", "m2"], level="neuron",
              parent="neuron", extra={"colour": "teal"}).do(doc)
    SetCollapsed({"p": True}).do(doc)
    return doc


PRODUCTS = ["x1", "w1", "m1", "x2", "w2", "m2"]


def test_a_whole_group_is_copied_and_pasted_under_a_fresh_id():
    doc = grouped()
    fragment = fragment_from_text(fragment_to_text(copy_fragment(doc, PRODUCTS + ["o"])))
    assert fragment["groups"] == [{"id": "p", "label": "products", "level": "neuron",
                                   "nodes": PRODUCTS, "colour": "teal", "collapsed": True}]
    before = dumps(doc)
    command, new_ids = paste_fragment(doc, fragment, offset=(0.0, 500.0))
    command.do(doc)
    (fresh,) = [g for g in doc.groups.ids() if g not in ("neuron", "p")]
    assert fresh == "g1" and doc.groups.label(fresh) == "products"
    assert doc.groups.collapsed(fresh) and doc.groups.level(fresh) == "neuron"
    assert doc.groups.parent(fresh) is None  # its parent was not copied
    assert doc.groups.members(fresh) == new_ids[:6]
    assert doc.groups.of(new_ids[6]) is None  # the copy of o was in no group
    assert doc.groups.records()[-1]["colour"] == "teal"
    command.undo(doc)
    assert dumps(doc) == before


def test_nested_groups_are_pasted_nested():
    doc = grouped()
    command, new_ids = duplicate(doc, sorted(doc.groups.nodes("neuron")))
    command.do(doc)
    assert doc.groups.ids() == ["neuron", "p", "g1", "g2"]
    assert doc.groups.children("g1") == ["g2"] and doc.groups.label("g2") == "products"
    assert doc.groups.nodes("g1") == set(new_ids)


def test_a_partly_copied_group_is_left_behind():
    doc = grouped()
    fragment = copy_fragment(doc, ["m1", "m2", "s1"])
    assert "groups" not in fragment
    command, new_ids = paste_fragment(doc, fragment)
    command.do(doc)
    assert doc.groups.ids() == ["neuron", "p"] and all(doc.groups.of(n) is None for n in new_ids)


@pytest.mark.parametrize("groups, words", [
    ("L1", "must be a list"),
    ([{"id": "g", "nodes": ["ghost"]}], "'ghost'"),
    ([{"id": "g", "nodes": ["x1"]}, {"id": "h", "nodes": ["x1"]}], "already in group"),
    ([{"id": "g", "parent": "h"}, {"id": "h", "parent": "g"}], "contains itself"),
])
def test_bad_groups_in_clipboard_text_are_refused(groups, words):
    doc = grouped()
    fragment = copy_fragment(doc, PRODUCTS)
    fragment["groups"] = groups
    with pytest.raises(DocumentError, match=words) as info:
        fragment_from_text(fragment_to_text(fragment))
    assert str(info.value).startswith("the selection's groups: ")


def test_a_collapsed_box_pasted_at_the_pointer_has_its_corner_there_elsewhere_its_nodes_do():
    from gradgui.document.folding import fold_plan
    doc = grouped()
    fragment = copy_fragment(doc, PRODUCTS)
    # At the pointer: the box the copy shows as stands with its top left there.
    command, new_ids = paste_fragment(doc, fragment, at=(5000.0, 6000.0), what_shows_at=True)
    command.do(doc)
    (fresh,) = [g for g in doc.groups.ids() if g not in ("neuron", "p")]
    box = fold_plan(doc, 150.0, 70.0, lambda index, arity: (0.0, 0.0)).boxes[fresh]
    assert (box.x, box.y) == (5000.0, 6000.0)
    command.undo(doc)
    # Beside the graph (no pointer): the nodes themselves start there, in the free space.
    command, new_ids = paste_fragment(doc, fragment, at=(5000.0, 6000.0))
    command.do(doc)
    assert min(doc.pos(n)[0] for n in new_ids) == 5000.0
    assert min(doc.pos(n)[1] for n in new_ids) == 6000.0


def test_a_box_the_graph_ends_in_pasted_at_the_pointer_has_its_corner_there():
    """No wire leaves the copy of a group round the neuron's end and a loose input: the box
    stands at that end (not between it and the loose input), and lands at the pointer."""
    from gradgui.document import AddNode
    from gradgui.document.folding import fold_plan
    doc = neuron_document(output=None)
    AddNode("z", "input", value=1.0, pos=(0.0, 900.0)).do(doc)
    MakeGroup("end", "the end", ["n", "o", "z"]).do(doc)
    SetCollapsed({"end": True}).do(doc)
    assert doc.groups.outputs("end") == ["o"]
    fragment = copy_fragment(doc, ["n", "o", "z"])
    command, _new_ids = paste_fragment(doc, fragment, at=(5000.0, 6000.0), what_shows_at=True)
    command.do(doc)
    (fresh,) = [g for g in doc.groups.ids() if g != "end"]
    plan = fold_plan(doc, 150.0, 70.0, lambda index, arity: (0.0, 0.0))
    assert len(plan.boxes[fresh].outputs) == 1
    box = plan.boxes[fresh]
    assert (box.x, box.y) == (5000.0, 6000.0)
