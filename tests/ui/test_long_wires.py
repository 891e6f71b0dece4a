"""Long wires are drawn with a hairline pen (Qt strokes it cut to the screen, fast in
views that many long wires cross); wires of an ordinary size keep the wires' pen,
except in a big graph, whose wires are all hairlines."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from gradgui.document import Wire, mlp_for_size
from gradgui.ui.canvas.wire_item import LONG_WIRE

from graph_files import open_doc
from test_items_near_the_view import same_as_with_every_item


def widths(canvas) -> dict:
    return {wire: (item.pen().widthF(), item.pen().isCosmetic())
            for wire, item in canvas.scene.wires.items()}


def test_a_wire_dragged_long_turns_hairline_and_back_on_undo(neuron):
    canvas = neuron
    canvas.view.zoom_by(0.4 / canvas.view.zoom)
    QApplication.processEvents()
    before = widths(canvas)
    assert set(before.values()) == {(1.8, True)}
    wire = Wire("n", "o", 0)
    start_x = canvas.doc.pos("o")[0]
    while canvas.doc.pos("o")[0] - canvas.doc.pos("n")[0] <= LONG_WIRE:
        canvas.view.centerOn(canvas.node_centre("o"))
        at = canvas.row("o", "label")
        canvas.drag(at, at + QPoint(500, 0))
        QApplication.processEvents()
    assert canvas.doc.pos("o")[0] > start_x
    after = widths(canvas)
    assert after[wire] == (1.0, True)
    assert all(width == (1.8, True) for w, width in after.items() if w != wire)
    while canvas.doc.pos("o")[0] != start_x:
        canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
    assert widths(canvas) == before


def test_a_big_graph_draws_every_wire_as_a_hairline_with_items_or_without(window, canvas, tmp_path):
    open_doc(window, mlp_for_size(3000), tmp_path)
    canvas.action("actionZoomReset").trigger()
    QApplication.processEvents()
    scene = window.scene
    assert scene.detail.layer.on and not scene.wires  # the layer draws them
    canvas.action("actionEdgeLabels").trigger()  # labels sit on items: the wires near get theirs
    window.view.viewport().grab()  # made at the view's next paint
    assert not scene.detail.layer.on and scene.wires
    assert set(widths(canvas).values()) == {(1.0, True)}
    canvas.action("actionEdgeLabels").trigger()
    window.view.viewport().grab()
    assert scene.detail.layer.on
    assert same_as_with_every_item(scene, window.view)  # the layer's wires are as thin


def test_wires_turn_hairline_when_a_paste_makes_the_graph_big_and_back_on_undo(neuron):
    canvas, window = neuron, neuron.window
    canvas.action("actionEdgeLabels").trigger()  # the wires keep items when the graph is big
    window.session.work.big = len(canvas.doc) + 5  # the paste below crosses it
    window.view.viewport().grab()
    assert set(widths(canvas).values()) == {(1.8, True)}
    canvas.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    canvas.key(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    canvas.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    window.view.viewport().grab()
    assert len(canvas.doc) == 20
    assert set(widths(canvas).values()) == {(1.0, True)}
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.view.viewport().grab()
    assert len(canvas.doc) == 10
    assert set(widths(canvas).values()) == {(1.8, True)}


def test_a_file_opened_big_turns_its_wires_back_when_a_delete_makes_it_small(window, canvas, neuron_path):
    window.session.work.big = 5  # the neuron's ten nodes make a big graph
    assert window.files.open_file(str(neuron_path))
    canvas.action("actionEdgeLabels").trigger()  # the wires keep items when the graph is big
    canvas.action("actionZoomReset").trigger()
    window.view.viewport().grab()
    assert set(widths(canvas).values()) == {(1.0, True)}
    window.scene.select_nodes(["x1", "w1", "m1", "x2", "w2", "m2"])
    canvas.key(Qt.Key.Key_Delete)
    window.view.viewport().grab()
    assert len(canvas.doc) == 4
    assert set(widths(canvas).values()) == {(1.8, True)}
