"""Long wires are drawn with a hairline pen (Qt strokes it cut to the screen, fast in
views that many long wires cross); wires of an ordinary size keep the wires' pen,
except in a big graph, whose wires are all hairlines."""

import math
import statistics

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
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


def ink_across(scene, x: float, y: float) -> float:
    """How many pixels' worth of the wire colour a column of the canvas at 1:1 holds, 20
    pixels either side of (x, y): about the width of a line crossing it flat."""
    image = QImage(1, 41, QImage.Format.Format_ARGB32)
    image.fill(scene.theme.canvas)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, 1, 41), QRectF(x, y - 20, 1, 41))
    painter.end()

    def grey(colour):
        return (colour.red() + colour.green() + colour.blue()) / 3.0
    background, wire = grey(scene.theme.canvas), grey(scene.detail.wire_pen.color())
    ink = sum(background - grey(image.pixelColor(0, row)) for row in range(41))
    return ink / (background - wire)


def test_a_big_graphs_collapsed_boxes_link_to_their_neighbours_with_hairlines(window, canvas, tmp_path):
    open_doc(window, mlp_for_size(3000), tmp_path)
    canvas.action("actionZoomReset").trigger()
    window.groups.collapse_level("neuron")
    QApplication.processEvents()
    links = window.scene.folding.link_layer
    flat = [(x1, y1, x2, y2) for box in links._boxes.values()
            for x1, y1, x2, y2 in box.short_ends if x2 - x1 > 60 and abs(y2 - y1) < 0.2 * (x2 - x1)]
    # Half way along, where a link's curve crosses level. A column that also crosses a box
    # holds far more ink; one that crosses another line too, about twice as much.
    inks = sorted(ink_across(window.scene, (x1 + x2) / 2, (y1 + y2) / 2)
                  for x1, y1, x2, y2 in flat)
    lines = [round(ink, 2) for ink in inks if ink < 3.0]
    assert len(lines) >= 10
    one_pixel = [ink for ink in lines if 0.9 < ink < 1.1]
    assert len(one_pixel) >= 0.8 * len(lines), lines  # not the 1.8 of a small graph's wires


def test_focus_keeps_a_big_graphs_wires_one_pixel_wide(window, canvas, tmp_path):
    """Focus on nodes of a big graph draws their paths' wires again over the veil: as thin
    as they were, not with a small graph's 1.8 px pen."""
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    canvas.action("actionZoomReset").trigger()
    QApplication.processEvents()
    view, scene = window.view, window.scene
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    in_view = [n for n in doc.node_ids() if shown.contains(QRectF(*doc.pos(n), 150, 70))]
    canvas.scene.select_nodes(in_view)  # their paths hold the wires between them
    canvas.action("actionFocusSelection").trigger()
    QApplication.processEvents()
    kept = window.navigate.focus.kept
    assert kept and set(in_view) <= kept
    inks = []
    ends = [(key[0], key[1], x1, y1, x2, y2)
            for key, x1, y1, x2, y2 in scene.detail.layer.wires_in(shown)]
    for wire, item in scene.wires.items():  # and those with items of their own
        path = item.path()
        first, last = path.elementAt(0), path.elementAt(path.elementCount() - 1)
        ends.append((wire.source, wire.target, first.x, first.y, last.x, last.y))
    for source, target, x1, y1, x2, y2 in ends:
        if source in kept and target in kept and x2 - x1 > 60:
            # Half way along a wire's curve its slope is dy / (dx - bend) (wire_path); a
            # column crosses a line of width w there with about w * sqrt(1 + slope**2) ink.
            slope = (y2 - y1) / ((x2 - x1) - max(40.0, (x2 - x1) / 2))
            if abs(slope) < 1.5:
                ink = ink_across(scene, (x1 + x2) / 2, (y1 + y2) / 2)
                inks.append(round(ink / math.hypot(1.0, slope), 2))
    lines = [ink for ink in inks if ink < 3.0]  # columns across a box hold far more
    assert len(lines) >= 5, inks
    # The bright stroke lies on the veiled wire under it: a one-pixel stroke there comes to
    # about 1.5-2 pixels' ink in all, the 1.8 px pen's to 2.3-2.9.
    assert statistics.median(lines) < 2.15, lines
