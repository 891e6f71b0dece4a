"""The minimap draws what the canvas shows: a collapsed group is its box, where the box is,
and the nodes it hides are not drawn at their own places."""

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from gradgui.document.group_commands import MakeGroup
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.panels import minimap as minimap_module


def show_minimap(window, qtbot):
    window.actions["actionMinimap"].trigger()
    qtbot.waitUntil(window.minimap.isVisible)
    QApplication.processEvents()
    return window.minimap


def ink_at(minimap, corner) -> int:
    """How many pixels of the picture over a node's box (top left ``corner``) differ
    clearly from the canvas colour."""
    image, _shown = minimap.picture()
    x, y = corner
    top_left = minimap.from_scene(QPointF(x, y)).toPoint()
    bottom_right = minimap.from_scene(QPointF(x + WIDTH, y + HEIGHT)).toPoint()
    canvas = minimap.scene.theme.canvas
    return sum(not _close(image.pixelColor(px, py), canvas)
               for px in range(top_left.x() - 1, bottom_right.x() + 2)
               for py in range(top_left.y() - 1, bottom_right.y() + 2))


def centre_of(x, y) -> QPointF:
    return QPointF(x + WIDTH / 2, y + HEIGHT / 2)


def check_collapsed_group_drawn_as_its_box(neuron, qtbot):
    minimap = show_minimap(neuron.window, qtbot)
    doc = neuron.doc
    # Drawn at their own places while the group is open.
    assert ink_at(minimap, doc.pos("x1")) > 0
    assert ink_at(minimap, doc.pos("w1")) > 0
    neuron.session.execute(MakeGroup("g", "x1*w1", ["x1", "w1", "m1"], collapsed=True))
    QApplication.processEvents()
    box = neuron.scene.folding.plan.boxes["g"]
    assert (box.x, box.y) != doc.pos("x1") and (box.x, box.y) != doc.pos("w1")
    # The canvas shows no x1 or w1: nor does the minimap; the box shows where it stands.
    assert not neuron.scene.nodes["x1"].isVisible()
    assert ink_at(minimap, doc.pos("x1")) == 0
    assert ink_at(minimap, doc.pos("w1")) == 0
    assert ink_at(minimap, (box.x, box.y)) > 0
    # Expanded again (undo): the nodes are back on the map.
    neuron.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert ink_at(minimap, doc.pos("x1")) > 0
    return minimap


def test_the_minimap_draws_a_collapsed_group_as_its_box(neuron, qtbot):
    check_collapsed_group_drawn_as_its_box(neuron, qtbot)


def test_the_raster_of_a_big_graph_draws_a_collapsed_group_as_its_box(neuron, qtbot, monkeypatch):
    monkeypatch.setattr(minimap_module, "BOXES_UP_TO", 0)  # as for a graph of many nodes
    check_collapsed_group_drawn_as_its_box(neuron, qtbot)


def test_the_step_ring_marks_the_box_of_a_collapsed_group_stepped_inside(neuron, qtbot):
    minimap = show_minimap(neuron.window, qtbot)
    neuron.session.execute(MakeGroup("g", "sum", ["x2", "w2", "m2", "s1"], collapsed=True))
    box = neuron.scene.folding.plan.boxes["g"]
    neuron.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    for _ in range(10):
        neuron.key(Qt.Key.Key_F10)
        if neuron.scene.display.step_roles.get("m2") == "current":
            break
    assert neuron.scene.display.step_roles.get("m2") == "current"  # hidden in the box, which stands at s1
    QApplication.processEvents()
    image = minimap.grab().toImage()
    ring = neuron.scene.theme.step_current

    def ringed_near(point: QPointF) -> bool:
        centre = minimap.from_scene(point).toPoint()
        return any(_close(image.pixelColor(x, y), ring)
                   for x in range(centre.x() - 7, centre.x() + 8)
                   for y in range(centre.y() - 7, centre.y() + 8))

    assert ringed_near(centre_of(box.x, box.y))
    assert not ringed_near(centre_of(*neuron.doc.pos("m2")))


def _close(a, b, within=40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= within
