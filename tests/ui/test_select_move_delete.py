"""Selecting, moving and deleting on the canvas, each gesture one undo step."""

from PySide6.QtCore import QPoint, QPointF, Qt

from gradgui.document import Wire

CTRL = Qt.KeyboardModifier.ControlModifier
NEURON_WIRES_OF_M1 = {Wire("x1", "m1", 0), Wire("w1", "m1", 1), Wire("m1", "s1", 0)}


def positions(canvas):
    return {n: canvas.doc.pos(n) for n in canvas.doc.node_ids()}


def test_clicking_a_node_selects_it_alone_and_ctrl_click_adds_to_the_selection(neuron):
    neuron.click(neuron.row("x1"))
    assert neuron.scene.selected_node_ids() == ["x1"]
    neuron.click(neuron.row("w1"))
    assert neuron.scene.selected_node_ids() == ["w1"]
    neuron.click(neuron.row("x1"), CTRL)
    assert neuron.scene.selected_node_ids() == ["x1", "w1"]
    neuron.click(neuron.empty_spot())
    assert neuron.scene.selected_node_ids() == []


def test_rubber_band_selects_the_nodes_it_touches(neuron):
    start = neuron.view.mapFromScene(QPointF(-30, -20))
    end = neuron.view.mapFromScene(QPointF(75, 150))  # inside w1's box; x2 starts at y=220
    assert not neuron.view.items(start)
    neuron.drag(start, end, steps=8)
    assert neuron.scene.selected_node_ids() == ["x1", "w1"]
    assert positions(neuron)["x1"] == (0.0, 0.0)  # a rubber band moves nothing
    assert neuron.session.undo_stack.count() == 0


def test_ctrl_a_selects_every_node(neuron):
    neuron.key(Qt.Key.Key_A, CTRL)
    assert neuron.scene.selected_node_ids() == neuron.doc.node_ids()


def test_dragging_two_selected_nodes_moves_both_as_one_undo_step(neuron):
    before_text, before = neuron.dumps(), positions(neuron)
    neuron.click(neuron.row("x1"))
    neuron.click(neuron.row("w1"), CTRL)
    zoom = neuron.view.zoom
    neuron.drag(neuron.row("x1"), neuron.row("x1") + QPoint(64, 40), steps=6)

    after = positions(neuron)
    moved = {n for n in after if after[n] != before[n]}
    assert moved == {"x1", "w1"}
    for node_id in moved:
        assert abs(after[node_id][0] - before[node_id][0] - 64 / zoom) < 1.0
        assert abs(after[node_id][1] - before[node_id][1] - 40 / zoom) < 1.0
    after_text = neuron.dumps()
    assert neuron.session.undo_stack.count() == 1
    undo, redo = neuron.action("actionUndo"), neuron.action("actionRedo")
    assert undo.text() == "Undo Move 2 nodes"

    undo.trigger()
    assert neuron.dumps() == before_text
    item = neuron.scene.nodes["x1"]
    assert (item.pos().x(), item.pos().y()) == before["x1"]
    assert redo.text() == "Redo Move 2 nodes"
    redo.trigger()
    assert neuron.dumps() == after_text
    assert (item.pos().x(), item.pos().y()) == after["x1"]


def test_a_click_without_moving_is_not_a_move(neuron):
    neuron.click(neuron.row("x1"))
    neuron.drag(neuron.row("x1"), neuron.row("x1"), steps=1)
    assert neuron.session.undo_stack.count() == 0


def test_delete_removes_the_selected_nodes_with_their_wires_and_undo_restores_them(neuron):
    before = neuron.dumps()
    neuron.click(neuron.row("m1"))
    neuron.key(Qt.Key.Key_Delete)

    assert "m1" not in neuron.doc and "m1" not in neuron.scene.nodes
    assert not NEURON_WIRES_OF_M1 & set(neuron.doc.wires())
    assert not NEURON_WIRES_OF_M1 & set(neuron.scene.wires)
    assert len(neuron.doc) == 9
    undo = neuron.action("actionUndo")
    assert undo.text() == "Undo Delete 1 node"
    undo.trigger()
    assert neuron.dumps() == before
    assert NEURON_WIRES_OF_M1 <= set(neuron.scene.wires)
    neuron.action("actionRedo").trigger()
    assert "m1" not in neuron.doc


def test_delete_of_several_nodes_is_one_step(neuron):
    before = neuron.dumps()
    neuron.key(Qt.Key.Key_A, CTRL)
    neuron.key(Qt.Key.Key_Delete)
    assert len(neuron.doc) == 0 and list(neuron.doc.wires()) == []
    assert neuron.scene.nodes == {} and neuron.scene.wires == {}
    assert neuron.action("actionUndo").text() == "Undo Delete 10 nodes"
    neuron.action("actionUndo").trigger()
    assert neuron.dumps() == before


def test_a_clicked_wire_can_be_deleted_alone(neuron):
    before = neuron.dumps()
    item = neuron.scene.wires[Wire("x1", "m1", 0)]
    middle = neuron.view.mapFromScene(item.path().pointAtPercent(0.5))
    neuron.click(middle)
    assert neuron.scene.queries.selected_wires() == [Wire("x1", "m1", 0)]
    neuron.key(Qt.Key.Key_Delete)
    assert Wire("x1", "m1", 0) not in set(neuron.doc.wires())
    assert len(neuron.doc) == 10
    neuron.action("actionUndo").trigger()
    assert neuron.dumps() == before


def test_the_selection_read_back_follows_clicks_and_edits_after_select_all(neuron):
    scene, doc = neuron.scene, neuron.doc
    neuron.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert scene.selected_node_ids() == doc.node_ids()
    neuron.click(neuron.view.mapFromScene(neuron.node_centre("w1")))  # a plain click: just w1
    assert scene.selected_node_ids() == ["w1"]
    scene.select_nodes(["n", "x1"])
    assert scene.selected_node_ids() == ["x1", "n"]  # in document order
    neuron.click(neuron.view.mapFromScene(neuron.node_centre("o")), Qt.KeyboardModifier.ControlModifier)
    assert scene.selected_node_ids() == ["x1", "n", "o"]
    scene.select_nodes(["b", "o"])
    neuron.key(Qt.Key.Key_Delete)
    assert "o" not in doc and scene.selected_node_ids() == []
    neuron.action("actionUndo").trigger()
    assert scene.selected_node_ids() == [n for n in doc.node_ids() if scene.nodes[n].isSelected()]
