"""Layered layout: consumers right of their inputs, no overlaps, one undo step."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradgui import examples_dir
from gradgui.document import GraphDocument, Wire, load, mlp_document
from gradgui.document.layout import COLUMN, ROW, auto_layout, layered_layout
from tutorial_neuron import neuron_document

UNARY = ("tanh", "neg", "exp", "relu", "sigmoid")
BINARY = ("add", "mul", "sub", "div")


def neuron() -> GraphDocument:
    """The tutorial neuron, every node at the origin."""
    return neuron_document(at_origin=True)


def random_dag(seed_choices, n_leaves: int) -> GraphDocument:
    """A document from drawn choices: leaves, then ops wired to earlier nodes (some ports free)."""
    doc = GraphDocument()
    for i in range(n_leaves):
        doc.add_node(f"v{i}", "input", value=float(i))
    for i, (kind, picks) in enumerate(seed_choices):
        node_id = f"op{i}"
        doc.add_node(node_id, kind)
        earlier = doc.node_ids()[:-1]
        for port, pick in enumerate(picks[:doc.kind(node_id).arity]):
            if pick is not None:
                doc.add_wire(Wire(earlier[pick % len(earlier)], node_id, port))
    return doc


def check_layout(doc: GraphDocument, pos: dict) -> None:
    assert set(pos) == set(doc.node_ids())
    assert len(set(pos.values())) == len(pos), "two nodes share a spot"
    for wire in doc.wires():
        assert pos[wire.source][0] < pos[wire.target][0], wire
    # Distinct spots on the grid are far enough apart for the boxes not to overlap.
    spots = sorted(pos.values())
    for (x1, y1), (x2, y2) in zip(spots, spots[1:]):
        assert x1 != x2 or y2 - y1 >= ROW / 2


def test_the_neuron_reads_like_the_tutorial_picture():
    doc = neuron()
    pos = layered_layout(doc)
    check_layout(doc, pos)
    column = {node: x / COLUMN for node, (x, _) in pos.items()}
    assert column == {"x1": 0, "w1": 0, "x2": 0, "w2": 0, "m1": 1, "m2": 1,
                      "s1": 2, "b": 2, "n": 3, "o": 4}
    # Operand a above operand b, all the way down.
    assert pos["x1"][1] < pos["w1"][1] < pos["x2"][1] < pos["w2"][1]
    assert pos["m1"][1] < pos["m2"][1]
    assert pos["s1"][1] < pos["b"][1]
    assert min(x for x, _ in pos.values()) == 0.0 and min(y for _, y in pos.values()) == 0.0


def test_a_leaf_sits_just_before_its_first_consumer():
    doc = GraphDocument()
    doc.add_node("x", "input", value=1.0)
    doc.add_node("t1", "tanh")
    doc.add_node("t2", "tanh")
    doc.add_node("t3", "tanh")
    doc.add_node("late", "const", value=2.0)
    doc.add_node("m", "mul")
    for wire in [("x", "t1", 0), ("t1", "t2", 0), ("t2", "t3", 0), ("t3", "m", 0), ("late", "m", 1)]:
        doc.add_wire(Wire(*wire))
    pos = layered_layout(doc)
    assert pos["late"][0] == pos["m"][0] - COLUMN
    assert pos["x"][0] == 0.0


def test_x_times_x_and_free_ports():
    doc = GraphDocument()
    doc.add_node("x", "input", value=3.0)
    doc.add_node("sq", "mul")
    doc.add_node("lonely", "add")  # no inputs wired at all
    doc.add_wire(Wire("x", "sq", 0))
    doc.add_wire(Wire("x", "sq", 1))
    pos = layered_layout(doc)
    check_layout(doc, pos)


def test_disconnected_parts_and_lone_nodes_do_not_overlap():
    doc = neuron()
    other = neuron()
    for node_id, attrs in other.graph.nodes(data=True):
        doc.graph.add_node("b_" + node_id, **attrs)
    for s, t, k in other.graph.edges(keys=True):
        doc.graph.add_edge("b_" + s, "b_" + t, key=k, port=k)
    for i in range(30):
        doc.add_node(f"c{i}", "const", value=float(i))
    pos = layered_layout(doc)
    check_layout(doc, pos)
    # The parts are stacked, not interleaved.
    first = [y for n, (_, y) in pos.items() if n in neuron()]
    second = [y for n, (_, y) in pos.items() if n.startswith("b_")]
    assert max(first) < min(second)


def test_a_subset_is_laid_out_alone():
    doc = neuron()
    pos = layered_layout(doc, ["m1", "s1", "n", "o"])
    assert list(pos) == ["m1", "s1", "n", "o"]
    assert [x for x, _ in pos.values()] == [0.0, COLUMN, 2 * COLUMN, 3 * COLUMN]
    assert layered_layout(doc, []) == {}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(UNARY + BINARY),
                          st.lists(st.one_of(st.none(), st.integers(0, 10 ** 6)), min_size=2, max_size=2)),
                max_size=40),
       st.integers(1, 6))
def test_random_graphs(choices, n_leaves):
    doc = random_dag(choices, n_leaves)
    pos = layered_layout(doc)
    check_layout(doc, pos)
    assert layered_layout(doc) == pos, "the layout is deterministic"


def test_auto_layout_is_one_undo_step_that_restores_positions_exactly():
    doc = neuron()
    doc.set_field("o", "pos", (1234.5, -17.25))
    doc.set_field("x1", "pos", (0.1, 0.2))
    before = {n: doc.pos(n) for n in doc.node_ids()}
    command = auto_layout(doc)
    assert command.text == "Auto layout"
    command.do(doc)
    after = {n: doc.pos(n) for n in doc.node_ids()}
    check_layout(doc, after)
    # The graph keeps its top-left corner.
    assert min(x for x, _ in after.values()) == 0.0
    assert min(y for _, y in after.values()) == -17.25
    command.undo(doc)
    assert {n: doc.pos(n) for n in doc.node_ids()} == before
    assert all(type(a) is type(b) for n in before for a, b in zip(before[n], doc.pos(n)))
    command.do(doc)
    again = auto_layout(doc)
    assert again.commands == [], "a laid-out graph does not move"


def test_auto_layout_moves_only_what_changes():
    doc = neuron()
    placed = layered_layout(doc)
    for node_id, pos in placed.items():
        doc.set_field(node_id, "pos", pos)
    doc.set_field("o", "pos", (5000.0, 5000.0))
    command = auto_layout(doc)
    # "o" moved down and right, so the top-left corner, and everyone else, stay put.
    assert [c.node_id for c in command.commands] == ["o"]
    assert command.commands[0].new == placed["o"]
    assert auto_layout(GraphDocument()).commands == []


def test_ten_thousand_nodes_are_laid_out():
    doc = GraphDocument()
    for i in range(100):
        doc.graph.add_node(f"x{i}", kind="input", label=f"x{i}", value=1.0, pos=(0.0, 0.0))
    for i in range(100, 10_000):
        doc.graph.add_node(f"a{i}", kind="add", label=f"a{i}", pos=(0.0, 0.0))
    ids = doc.node_ids()
    for i in range(100, 10_000):
        for port in range(2):
            source = ids[(i * 7919 + port * 104729) % i]
            doc.graph.add_edge(source, ids[i], key=port, port=port)
    pos = layered_layout(doc)
    check_layout(doc, pos)


@pytest.mark.parametrize("name", ["neuron.json", "neuron_loss.json", "mlp.json"])
def test_the_bundled_examples_are_laid_out_as_auto_layout_would(name):
    assert auto_layout(load(examples_dir() / name)).commands == []


BOX = (150.0, 90.0)  # about a node box's size on the canvas


def fitted_fill(pos: dict, view=(1600.0, 1000.0)) -> tuple:
    """What share of a view's width and height the laid-out boxes fill once fitted."""
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    width, height = max(xs) - min(xs) + BOX[0], max(ys) - min(ys) + BOX[1]
    scale = min(view[0] / width, view[1] / height)
    return width * scale / view[0], height * scale / view[1]


def test_a_network_unrolled_over_samples_is_folded_to_a_screen_shape():
    # 2 inputs, 32-32, 2 samples: 2,048 products in one layer, once a sliver 1:16 tall.
    doc = mlp_document(2, (32, 32), samples=2)
    assert len(doc) == 5804
    pos = layered_layout(doc)
    check_layout(doc, pos)
    assert min(fitted_fill(pos)) >= 0.5, fitted_fill(pos)
    # Each layer stays compact: no column is taller than the graph is wide allows.
    rows = {}
    for x, y in pos.values():
        rows.setdefault(x, []).append(y)
    tallest = max(len(ys) for ys in rows.values())
    assert tallest * ROW <= 1.2 * (max(rows) - min(rows) + COLUMN)
    # A sum and the product it adds in sit one column apart, as before folding.
    assert pos["s1.L2.n5.sum2"][0] > pos["s1.L2.n5.x2*w2"][0]


def test_small_graphs_are_never_folded():
    doc = mlp_document(2, (3, 3), samples=3)
    pos = layered_layout(doc)
    by_column = {}
    for node_id, (x, _) in pos.items():
        by_column.setdefault(x, set()).add(node_id)
    # Every product of the first layer shares one column: one column per layer step.
    products = {n for n in doc.node_ids() if ".L1." in n and "*" in n}
    assert any(products <= column for column in by_column.values())


def test_many_parts_are_stacked_side_by_side_to_fit_a_screen():
    doc = GraphDocument()
    for k in range(40):  # 40 separate neurons: one stack would be 1:11 tall
        part = neuron()
        for node_id, attrs in part.graph.nodes(data=True):
            doc.graph.add_node(f"p{k}.{node_id}", **attrs)
        for s, t, key in part.graph.edges(keys=True):
            doc.graph.add_edge(f"p{k}.{s}", f"p{k}.{t}", key=key, port=key)
    pos = layered_layout(doc)
    check_layout(doc, pos)
    assert min(fitted_fill(pos)) >= 0.5, fitted_fill(pos)
    # Parts never interleave: their boxes do not overlap.
    boxes = []
    for k in range(40):
        mine = [p for n, p in pos.items() if n.startswith(f"p{k}.")]
        boxes.append((min(x for x, _ in mine), min(y for _, y in mine),
                      max(x for x, _ in mine) + BOX[0], max(y for _, y in mine) + BOX[1]))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
