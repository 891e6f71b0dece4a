"""Long wires are drawn with a hairline pen (Qt strokes it cut to the screen, fast in
views that many long wires cross); wires of an ordinary size keep the wires' pen."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from gradgui.document import Wire
from gradgui.ui.canvas.wire_item import LONG_WIRE


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
