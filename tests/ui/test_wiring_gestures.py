"""Wiring by dragging between ports: add, refuse, replace, rewire, remove, cancel."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGraphicsPathItem

from gradgui.document import AddNode, AddWire, GraphDocument, Wire
from gradgui.ui.canvas.node_item import NodeItem, PortRef
from gradgui.ui.canvas.wire_item import WireItem


@pytest.fixture
def graph(canvas):
    """Inputs a, b; a mul m; a tanh t; an add s; no wires yet (opened, so nothing to undo)."""
    doc = GraphDocument()
    for node_id, kind, pos in (("a", "input", (0, 0)), ("b", "input", (0, 160)),
                               ("m", "mul", (260, 0)), ("t", "tanh", (520, 0)),
                               ("s", "add", (260, 200))):
        AddNode(node_id, kind, value=1.5 if kind == "input" else None, pos=pos).do(doc)
    canvas.session.replace_document(doc)
    return canvas


def wire(canvas, source, target, port):
    """Set up a wire without the gesture under test (and forget it in the undo history)."""
    canvas.session.execute(AddWire(source, target, port))
    canvas.session.undo_stack.clear()
    canvas.session.undo_stack.setClean()


def temp_curves(canvas):
    return [i for i in canvas.scene.items()
            if isinstance(i, QGraphicsPathItem) and not isinstance(i, (WireItem, NodeItem))]


def test_dragging_from_an_output_to_an_input_draws_a_live_curve_then_adds_a_wire(graph):
    start, end = graph.port("a", -1), graph.port("m", 0)
    graph.press(start)
    halfway = (start + end) / 2
    graph.move(halfway)
    curves = temp_curves(graph)
    assert len(curves) == 1
    path = curves[0].path()
    assert graph.view.mapFromScene(path.pointAtPercent(0.0)) == start
    assert graph.view.mapFromScene(path.pointAtPercent(1.0)) == halfway
    highlights = graph.scene.port_highlights
    assert highlights[PortRef("m", 0)] == "valid" and highlights[PortRef("s", 1)] == "valid"
    graph.move(end)
    graph.release(end)

    assert list(graph.doc.wires()) == [Wire("a", "m", 0)]
    assert Wire("a", "m", 0) in graph.scene.wires
    assert temp_curves(graph) == [] and graph.scene.port_highlights == {}
    assert graph.action("actionUndo").text() == "Undo Add wire"
    graph.action("actionUndo").trigger()
    assert list(graph.doc.wires()) == [] and graph.scene.wires == {}


@pytest.mark.parametrize("dx_out, dx_in", [(-7, 7), (7, -7), (0, 0), (-4, 4)])
def test_a_port_answers_on_both_halves_of_its_circle(graph, dx_out, dx_in):
    # Negative dx at the output (positive at the input) is the half over the node's box.
    assert 7 / graph.view.zoom < 11  # within the ports' hit radius in scene units
    graph.drag(graph.port("a", -1) + QPoint(dx_out, 0), graph.port("m", 0) + QPoint(dx_in, 0))
    assert list(graph.doc.wires()) == [Wire("a", "m", 0)]
    assert graph.doc.pos("a") == (0.0, 0.0) and graph.doc.pos("m") == (260.0, 0.0)


def test_dragging_from_a_free_input_back_to_an_output_adds_the_same_wire(graph):
    graph.drag(graph.port("m", 1), graph.port("b", -1))
    assert list(graph.doc.wires()) == [Wire("b", "m", 1)]


def test_a_wire_that_would_close_a_loop_is_refused_and_the_status_bar_says_why(graph):
    wire(graph, "a", "m", 0)
    wire(graph, "m", "t", 0)
    before = graph.dumps()

    graph.press(graph.port("t", -1))
    assert graph.scene.port_highlights[PortRef("m", 1)] == "invalid"
    assert graph.scene.port_highlights[PortRef("s", 0)] == "valid"
    graph.move(graph.port("m", 1))
    assert "loop" in graph.status()
    graph.release(graph.port("m", 1))

    assert graph.dumps() == before
    assert graph.session.undo_stack.count() == 0
    message = graph.status()
    assert message.startswith("This wire would make a loop") and "without cycles" in message


def test_a_wire_made_after_passing_a_port_it_could_not_end_on_leaves_no_refusal(graph):
    start = graph.port("a", -1)
    graph.press(start)
    graph.move(graph.port("b", -1))  # another output on the way
    assert graph.status().startswith("Wires go from an output (right side)")
    graph.move(graph.port("m", 0))
    assert graph.status() == ""  # this one can take it: no word against it
    graph.release(graph.port("m", 0))
    assert list(graph.doc.wires()) == [Wire("a", "m", 0)]
    assert graph.status() == ""


@pytest.mark.parametrize("start, end, words", [
    (("m", -1), ("m", 1), "cannot feed itself"),
    (("a", -1), ("b", -1), "from an output"),
    (("m", 0), ("s", 1), "Connect an input to an output"),
])
def test_other_wires_that_cannot_be_are_refused_in_words(graph, start, end, words):
    before = graph.dumps()
    graph.drag(graph.port(*start), graph.port(*end))
    assert graph.dumps() == before
    assert words in graph.status()


def test_dropping_onto_a_taken_input_replaces_its_wire_in_one_undo_step(graph):
    wire(graph, "a", "m", 0)
    before = graph.dumps()
    graph.drag(graph.port("b", -1), graph.port("m", 0))

    assert list(graph.doc.wires()) == [Wire("b", "m", 0)]
    assert set(graph.scene.wires) == {Wire("b", "m", 0)}
    undo = graph.action("actionUndo")
    assert undo.text() == "Undo Replace wire"
    undo.trigger()
    assert graph.dumps() == before
    assert set(graph.scene.wires) == {Wire("a", "m", 0)}


def test_picking_up_a_wired_input_and_dropping_it_on_another_input_moves_the_wire(graph):
    wire(graph, "a", "m", 0)
    before = graph.dumps()
    graph.press(graph.port("m", 0))
    assert not graph.scene.wires[Wire("a", "m", 0)].isVisible()  # it is in the hand now
    graph.move(graph.port("s", 1))
    graph.release(graph.port("s", 1))

    assert list(graph.doc.wires()) == [Wire("a", "s", 1)]
    assert set(graph.scene.wires) == {Wire("a", "s", 1)}
    undo = graph.action("actionUndo")
    assert undo.text() == "Undo Move wire"
    undo.trigger()
    assert graph.dumps() == before


def test_dropping_a_picked_up_wire_on_empty_canvas_removes_it(graph):
    wire(graph, "a", "m", 0)
    before = graph.dumps()
    graph.drag(graph.port("m", 0), graph.empty_spot())

    assert list(graph.doc.wires()) == [] and graph.scene.wires == {}
    assert graph.action("actionUndo").text() == "Undo Remove wire"
    graph.action("actionUndo").trigger()
    assert graph.dumps() == before
    assert graph.scene.wires[Wire("a", "m", 0)].isVisible()


def test_dropping_a_picked_up_wire_back_on_its_own_port_changes_nothing(graph):
    wire(graph, "a", "m", 0)
    before = graph.dumps()
    graph.press(graph.port("m", 0))
    graph.move(graph.port("m", 0) + QPoint(60, 40))
    graph.move(graph.port("m", 0))
    graph.release(graph.port("m", 0))
    assert graph.dumps() == before
    assert graph.session.undo_stack.count() == 0
    assert graph.scene.wires[Wire("a", "m", 0)].isVisible()


def test_escape_during_a_wire_drag_cancels_it(graph):
    wire(graph, "a", "m", 0)
    before = graph.dumps()
    graph.press(graph.port("m", 0))
    graph.move(graph.port("s", 0))
    graph.move(graph.port("b", -1))  # an output: the wire can't end there
    assert graph.status().startswith("Wires go from an output")
    graph.key(Qt.Key.Key_Escape)
    assert temp_curves(graph) == [] and graph.scene.port_highlights == {}
    assert graph.status() == ""  # no wire left to refuse
    graph.release(graph.port("s", 0))
    assert graph.dumps() == before
    assert graph.scene.wires[Wire("a", "m", 0)].isVisible()


def test_wires_follow_their_nodes_while_dragged_and_after(graph):
    wire(graph, "a", "m", 0)
    item = graph.scene.wires[Wire("a", "m", 0)]
    grab = graph.row("m", "label")
    graph.press(grab)
    for step in range(1, 4):
        graph.move(grab + QPoint(0, 30 * step))
        path = item.path()
        assert path.pointAtPercent(1.0) == graph.scene.nodes["m"].port_scene_pos(0)
    graph.release(grab + QPoint(0, 90))
    assert graph.doc.pos("m")[1] > 0
    assert item.path().pointAtPercent(0.0) == graph.scene.nodes["a"].port_scene_pos(-1)
    assert item.path().pointAtPercent(1.0) == graph.scene.nodes["m"].port_scene_pos(0)
