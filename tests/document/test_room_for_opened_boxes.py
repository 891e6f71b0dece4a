"""Opening a box after Auto Layout packed the boxes: what the group's nodes would cover
moves aside, in the same undo step, and every wire still runs left to right."""

import sys
from pathlib import Path

from gradgui.document.commands import Macro
from gradgui.document.expand_room import room_for
from gradgui.document.folding import folded_layout, link_points
from gradgui.document.generate import mlp_document
from gradgui.document.group_commands import SetCollapsed, collapse_level

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from grouped_network import grouped_network  # noqa: E402
from test_folding import HEIGHT, WIDTH, plan_of  # noqa: E402


def packed_network():
    """A 2-12-12-1 network on two samples, every neuron collapsed and Auto Layout pressed."""
    doc = mlp_document(2, (12, 12), samples=2)
    collapse_level(doc, "neuron", True).do(doc)
    folded_layout(doc, plan_of(doc)).do(doc)
    return doc


def shown_rects(doc):
    """What the canvas draws: each visible node's box and each collapsed group's box."""
    plan = plan_of(doc)
    rects = [(x, y, x + WIDTH, y + HEIGHT)
             for x, y in (doc.pos(n) for n in doc.node_ids() if n not in plan.hidden)]
    rects += [(b.x, b.y, b.x + b.width, b.y + b.height) for b in plan.boxes.values()]
    return rects


def overlaps(doc):
    rects = sorted(shown_rects(doc))
    found = 0
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            if b[0] >= a[2]:
                break
            found += a[1] < b[3] and b[1] < a[3]
    return found


def backward_wires(doc):
    """Drawn wires and links whose end is not right of their start."""
    plan = plan_of(doc)
    ends = [link_points(plan, link, doc.pos) for link in plan.links]
    ends += [(doc.pos(w.source)[0] + WIDTH, 0.0, doc.pos(w.target)[0], 0.0)
             for w in doc.wires() if not plan.hides(w)]
    return [e for e in ends if e[2] <= e[0]]


def open_with_room(doc, gids):
    command = SetCollapsed({gid: False for gid in gids})
    room = room_for(doc, plan_of(doc), gids)
    assert room is not None
    macro = Macro(command.text, [command, room])
    macro.do(doc)
    return macro


def test_opened_as_it_is_a_packed_neuron_would_cover_its_neighbours():
    doc = packed_network()
    SetCollapsed({"s2.L2.n6": False}).do(doc)
    assert overlaps(doc) > 0  # what the room is made for


def test_an_opened_neuron_covers_nothing_its_wires_run_left_to_right_and_undo_restores():
    doc = packed_network()
    before = {n: doc.pos(n) for n in doc.node_ids()}
    assert overlaps(doc) == 0 and backward_wires(doc) == []
    macro = open_with_room(doc, ["s2.L2.n6"])
    assert not doc.groups.collapsed("s2.L2.n6")
    assert overlaps(doc) == 0
    assert backward_wires(doc) == []
    # What stands left of the box's column stays: the inputs and the first layer.
    assert all(doc.pos(n) == before[n] for n in doc.groups.nodes("s1.L1.n1"))
    assert doc.pos("s1.x1") == before["s1.x1"]
    macro.undo(doc)
    assert doc.groups.collapsed("s2.L2.n6")
    assert {n: doc.pos(n) for n in doc.node_ids()} == before


def test_several_boxes_opened_at_once_cover_nothing():
    doc = packed_network()
    open_with_room(doc, ["s1.L1.n3", "s2.L2.n6", "s1.L2.n1", "L2.n6"])
    assert overlaps(doc) == 0
    assert backward_wires(doc) == []


def test_a_box_whose_nodes_cover_nothing_opens_without_moving_anything():
    # Collapsed but never packed: the nodes are where the network's own layout put them.
    doc = grouped_network(collapsed_level="neuron")
    assert room_for(doc, plan_of(doc), ["L1.n3"]) is None
    assert room_for(doc, plan_of(doc), ["no such group"]) is None
