"""Focus on Selection with collapsed groups: boxes off the focused paths are dimmed, boxes
holding them stay bright, and a selected box focuses on its outputs' paths."""

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from gradgui.ui.canvas.focus import DIMMED
from gradgui.ui.geometry import HEIGHT, WIDTH

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from grouped_network import grouped_network  # noqa: E402


def open_collapsed(canvas):
    canvas.session.replace_document(grouped_network(collapsed_level="neuron"))
    QApplication.processEvents()
    canvas.window.activateWindow()
    canvas.qtbot.waitUntil(canvas.window.isActiveWindow)
    canvas.view.reset_zoom()  # boxes and links are items
    QApplication.processEvents()
    return canvas.doc


def box_point(canvas, gid):
    """The middle of a box, in viewport coordinates, with the box brought into view."""
    item = canvas.scene.folding.boxes[gid]
    canvas.view.centerOn(item)
    QApplication.processEvents()
    return canvas.view.mapFromScene(item.mapToScene(QPointF(WIDTH / 2, HEIGHT / 2)))


def node_point(canvas, node_id):
    item = canvas.scene.nodes[node_id]
    canvas.view.centerOn(item)
    QApplication.processEvents()
    return canvas.view.mapFromScene(item.mapToScene(QPointF(WIDTH / 2, HEIGHT / 2)))


def dimmed_boxes(canvas) -> set:
    return {gid for gid, item in canvas.scene.folding.boxes.items() if item.opacity() < 1.0}


def test_a_selected_box_focuses_on_its_outputs_paths_and_dims_boxes_off_them(canvas, qtbot):
    doc = open_collapsed(canvas)
    boxes = set(canvas.scene.folding.boxes)
    hidden_2 = {g for g in boxes if g.startswith("L2.")}
    assert len(hidden_2) == 16
    canvas.click(box_point(canvas, "L2.n3"))
    assert canvas.scene.folding.boxes["L2.n3"].isSelected()
    canvas.action("actionFocusSelection").trigger()
    # Upstream of L2.n3's output: every first-layer neuron; downstream: the output neuron
    # and the loss. The other second-layer neurons lie on neither side.
    qtbot.waitUntil(lambda: dimmed_boxes(canvas) == hidden_2 - {"L2.n3"})
    assert canvas.scene.folding.boxes["L2.n5"].opacity() == DIMMED
    assert canvas.scene.folding.boxes["L1.n1"].opacity() == 1.0
    focus = canvas.window.navigate.focus
    output = canvas.scene.folding.plan.boxes["L2.n3"].outputs
    assert focus.centre == set(output)
    assert canvas.status().startswith("Focus on 'L2.n3': ")
    # The links drawn bright over the veil: those into and out of the focused box, and
    # among the bright boxes on its paths; none from a dimmed box.
    bright = focus.bright_links()
    assert any(link.target == "L2.n3" for link in bright)
    assert any(link.source == "L2.n3" for link in bright)
    assert not any(link.source in hidden_2 - {"L2.n3"} or link.target in hidden_2 - {"L2.n3"}
                   for link in bright)
    # A node of the loss, on the path of every neuron: every box bright again.
    loss_node = next(n for n in ("loss", "score - y") if n in doc
                     and n not in canvas.scene.folding.plan.hidden)
    canvas.click(node_point(canvas, loss_node))
    qtbot.waitUntil(lambda: not dimmed_boxes(canvas))
    # A first-layer neuron: its inputs upstream, the rest of the network downstream; the
    # other first-layer neurons on neither side.
    canvas.click(box_point(canvas, "L1.n1"), Qt.KeyboardModifier.NoModifier)
    first = {g for g in boxes if g.startswith("L1.")}
    qtbot.waitUntil(lambda: dimmed_boxes(canvas) == first - {"L1.n1"})
    # Focus off: every box bright.
    canvas.action("actionFocusSelection").trigger()
    assert not dimmed_boxes(canvas)


def test_a_box_dimmed_by_the_focus_is_faint_in_the_overview_too(canvas, qtbot):
    open_collapsed(canvas)
    canvas.click(box_point(canvas, "L2.n3"))
    canvas.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    canvas.action("actionFocusSelection").trigger()
    qtbot.waitUntil(lambda: canvas.scene.folding.boxes["L2.n5"].opacity() == DIMMED)
    canvas.view.zoom_by(0.25 / canvas.view.zoom)
    assert canvas.scene.overview_mode
    plan = canvas.scene.folding.plan
    both = [plan.boxes["L2.n3"], plan.boxes["L2.n5"]]
    canvas.view.centerOn(sum(b.x for b in both) / 2 + WIDTH / 2, sum(b.y for b in both) / 2)
    QApplication.processEvents()
    image = canvas.viewport.grab().toImage()
    canvas_colour = canvas.scene.theme.canvas

    def colour_of_box(gid):
        box = plan.boxes[gid]
        return image.pixelColor(canvas.view.mapFromScene(QPointF(box.x + WIDTH / 2,
                                                                 box.y + HEIGHT / 2 + 8)))

    def distance(a, b):
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    overview = canvas.scene.overview
    bright, faint = colour_of_box("L2.n3"), colour_of_box("L2.n5")
    # The focused box shows its colour over the veil; a dimmed one is nearly the canvas.
    assert distance(bright, canvas_colour) > 3 * max(1, distance(faint, canvas_colour))
    shown = canvas.scene.folding.representative("L2.n3")
    assert distance(bright, overview.colour(shown)) <= 12
