"""The fold plan: what a graph with collapsed groups shows, and Auto Layout with boxes."""

import sys
from pathlib import Path

from gradgui.document import GraphDocument, Wire
from gradgui.document.folding import fold_plan, folded_layout, link_points, shown_groups
from gradgui.document.generate import mlp_document
from gradgui.document.group_commands import SetCollapsed, collapse_level
from gradgui.document.layout import COLUMN, ROW, layered_layout

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from grouped_network import grouped_network  # noqa: E402

WIDTH, HEIGHT = 150.0, 72.0


def offset(index, arity):
    return (WIDTH, HEIGHT / 2) if index < 0 else (0.0, HEIGHT * (index + 1) / (arity + 1))


def plan_of(doc):
    return fold_plan(doc, WIDTH, HEIGHT, offset)


def test_nothing_collapsed_is_an_empty_plan():
    doc = grouped_network()
    plan = plan_of(doc)
    assert not plan and plan.hidden == {} and plan.links == []


def test_collapsed_neurons_hide_their_nodes_behind_one_box_each():
    doc = grouped_network(collapsed_level="neuron")
    plan = plan_of(doc)
    assert sorted(plan.boxes) == sorted(g for g in doc.groups.ids() if doc.groups.level(g) == "neuron")
    shown = [n for n in doc.node_ids() if n not in plan.hidden]
    assert shown == ["x1", "x2", "y", "score - y", "loss"]
    for gid, box in plan.boxes.items():
        assert {n for n, g in plan.hidden.items() if g == gid} == doc.groups.nodes(gid)
        assert box.outputs == doc.groups.outputs(gid)
        # Drawn where what it feeds out of is.
        assert (box.x, box.y) == tuple(doc.pos(box.outputs[0]))
    assert plan.boxes["L2.n3"].sources == [f"L1.n{j}" for j in range(1, 17)]
    assert plan.boxes["L1.n1"].sources == ["x1", "x2"]
    assert plan.boxes["L3.n1"].outputs == ["score"]


def test_every_wire_touching_a_hidden_node_is_hidden_and_crossing_ones_become_links():
    doc = grouped_network(collapsed_level="neuron")
    plan = plan_of(doc)
    for wire in doc.wires():
        assert plan.hides(wire) == (wire.source in plan.hidden or wire.target in plan.hidden)
    # x1, x2 into 16 neurons; 16 x 16 between the hidden layers; 16 into the output
    # neuron; its score into the loss.
    assert len(plan.links) == 2 * 16 + 16 * 16 + 16 + 1
    assert len(set(plan.links)) == len(plan.links)
    into_loss = [l for l in plan.links if l.target == "score - y"]
    assert [(l.source, l.source_port, l.target_port) for l in into_loss] == [("L3.n1", 0, 0)]


def test_parallel_wires_from_one_node_into_a_box_are_one_link():
    doc = GraphDocument()
    doc.add_node("a", "input", value=2.0, pos=(0.0, 0.0))
    doc.add_node("sq", "mul", pos=(200.0, 0.0))
    doc.add_node("t", "tanh", pos=(400.0, 0.0))
    doc.add_wire(Wire("a", "sq", 0))
    doc.add_wire(Wire("a", "sq", 1))  # a*a
    doc.add_wire(Wire("sq", "t", 0))
    doc.groups.add("g", "square", ["sq"], collapsed=True)
    plan = plan_of(doc)
    assert [(l.source, l.target, l.target_port) for l in plan.links] == [("a", "g", 0), ("g", "t", 0)]
    assert plan.boxes["g"].sources == ["a"]
    x1, y1, x2, y2 = link_points(plan, plan.links[0], doc.pos)
    assert (x1, y1) == (WIDTH, HEIGHT / 2)  # a's output port
    assert (x2, y2) == (200.0, HEIGHT / 2)  # the box's only input port, half way down


def test_the_outermost_collapsed_group_is_the_box():
    doc = grouped_network()
    SetCollapsed({"L1": True, "L1.n2": True, "L2.n1": True}).do(doc)
    assert shown_groups(doc.groups) == ["L1", "L2.n1"]
    plan = plan_of(doc)
    assert set(plan.boxes) == {"L1", "L2.n1"}
    assert plan.hidden["L1.n2.b"] == "L1"
    assert plan.boxes["L1"].outputs == [f"L1.n{j}" for j in range(1, 17)]
    # Sixteen L1 outputs into L2.n1: a link from each of the layer box's ports.
    into = [l for l in plan.links if l.target == "L2.n1"]
    assert [(l.source, l.source_port) for l in into] == [("L1", j) for j in range(16)]


def test_folded_layout_lays_each_box_out_as_one_node_and_what_it_hides_around_it():
    doc = grouped_network(collapsed_level="neuron")
    before = plan_of(doc)
    everywhere = {n: doc.pos(n) for n in doc.node_ids()}
    command = folded_layout(doc, before)
    command.do(doc)
    after = plan_of(doc)
    spots = {(b.x, b.y) for b in after.boxes.values()}
    assert len(spots) == len(after.boxes)  # no two boxes on one place
    xs = [b.x for b in after.boxes.values()] + [doc.pos(n)[0] for n in ("x1", "loss")]
    ys = [b.y for b in after.boxes.values()] + [doc.pos(n)[1] for n in ("x1", "loss")]
    assert max(xs) - min(xs) < 2000 and max(ys) - min(ys) < 2000  # was 9,000 wide
    command.undo(doc)
    assert {n: doc.pos(n) for n in doc.node_ids()} == everywhere
    assert folded_layout(doc, plan_of(grouped_network())) is None


def test_after_auto_layout_with_boxes_an_expanded_box_shows_its_nodes_around_its_place():
    doc = grouped_network(collapsed_level="neuron")
    folded_layout(doc, plan_of(doc)).do(doc)
    plan = plan_of(doc)
    for gid in ("L1.n3", "L2.n5", "L3.n1"):
        box = plan.boxes[gid]
        SetCollapsed({gid: False}).do(doc)
        members = sorted(doc.groups.nodes(gid))
        shown = {n: doc.pos(n) for n in members}
        # Laid out on their own, as compact as Auto Layout makes them, and only moved
        # so that the box's output stands where the box stood.
        own = layered_layout(doc, members)
        dx, dy = doc.pos(box.outputs[0])[0] - own[box.outputs[0]][0], \
            doc.pos(box.outputs[0])[1] - own[box.outputs[0]][1]
        assert shown == {n: (x + dx, y + dy) for n, (x, y) in own.items()}, gid
        assert max(doc.pos(n)[0] for n in box.outputs) == box.x
        assert sum(doc.pos(n)[1] for n in box.outputs) / len(box.outputs) == box.y
        xs, ys = [x for x, _ in shown.values()], [y for _, y in shown.values()]
        assert min(xs) <= box.x <= max(xs) and min(ys) <= box.y <= max(ys), gid
        SetCollapsed({gid: True}).do(doc)
    first = plan_of(doc).boxes["L1.n3"]
    assert (first.x, first.y) == (plan.boxes["L1.n3"].x, plan.boxes["L1.n3"].y)
    # A small neuron fits in a few columns and rows next to its box.
    near = [doc.pos(n) for n in doc.groups.nodes("L1.n3")]
    assert max(x for x, _ in near) - min(x for x, _ in near) <= 4 * COLUMN
    assert max(y for _, y in near) - min(y for _, y in near) <= 3 * ROW


def test_folded_layout_with_a_layer_box_lays_its_neurons_out_inside_it():
    doc = grouped_network(collapsed_level="layer")
    command = folded_layout(doc, plan_of(doc))
    command.do(doc)
    plan = plan_of(doc)
    box = plan.boxes["L1"]
    inside = doc.groups.nodes("L1")
    ys = [doc.pos(n)[1] for n in inside]
    xs = [doc.pos(n)[0] for n in inside]
    assert min(xs) <= box.x == max(xs) and min(ys) <= box.y <= max(ys)
    assert len({tuple(doc.pos(n)) for n in inside}) == len(inside)  # none on another


def same_plans(a, b):
    assert a.hidden == b.hidden
    assert list(a.boxes) == list(b.boxes)
    for gid in a.boxes:
        x, y = a.boxes[gid], b.boxes[gid]
        assert (x.x, x.y, x.sources, x.outputs) == (y.x, y.y, y.sources, y.outputs), gid
    assert a.links == b.links
    assert {n: a.arity[n] for n in a.arity if n in b.arity} == {n: b.arity[n] for n in a.arity if n in b.arity}


def test_a_plan_brought_up_to_date_after_collapsing_and_expanding_equals_one_made_afresh():
    import random
    doc = grouped_network()
    plan = plan_of(doc)
    chance = random.Random(7)
    ids = doc.groups.ids()
    for _ in range(30):
        states = {gid: chance.random() < 0.5 for gid in chance.sample(ids, chance.randint(1, 4))}
        SetCollapsed(states).do(doc)
        from gradgui.document.folding import update_plan
        plan = update_plan(doc, plan)
        same_plans(plan, plan_of(doc))


def test_with_neurons_collapsed_each_column_is_one_layer_of_weights_or_of_neurons():
    # 2-32-32-1 on two samples: a layer's weight boxes (L2.n5) stand one column before
    # their consumers, the column of the previous layer's neurons (s1.L1.n5); folded
    # together the two interleaved and no column read as one layer.
    doc = mlp_document(2, (32, 32), samples=2)
    collapse_level(doc, "neuron", True).do(doc)
    folded_layout(doc, plan_of(doc)).do(doc)
    columns = {}
    for gid, box in plan_of(doc).boxes.items():
        columns.setdefault(box.x, set()).add(gid.rsplit(".n", 1)[0])
    assert {frozenset(layers) for layers in columns.values()} >= {
        frozenset({"L1"}), frozenset({"L2"})}
    for x, layers in columns.items():
        weights = {name for name in layers if not name.startswith("s")}
        assert not weights or weights == layers, (x, layers)
        # Neurons of one layer (of either sample) never share a column with another's.
        assert len({name.rsplit(".", 1)[-1] for name in layers}) == 1, (x, layers)
