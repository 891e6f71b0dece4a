"""A copied collapsed box pasted at the pointer: the box, not the nodes it hides, lands
there, and the view stays at the zoom it had."""

import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_collapsed_groups import box_point, open_network  # noqa: E402

CTRL = Qt.KeyboardModifier.ControlModifier


def free_spot(canvas) -> QPoint:
    """A point of the viewport over no node or box, with room for a box below and right
    of it, clear of the margin the view keeps round what it brings into view (the layers
    of wires and links cover the whole scene; they don't count)."""
    rect = canvas.viewport.rect()
    for y in range(40, rect.height() - 100, 15):
        for x in range(40, rect.width() - 180, 15):
            names = {type(i).__name__ for i in canvas.view.items(QPoint(x, y))}
            if not names - {"LinkLayer", "WireLayer"}:
                return QPoint(x, y)
    raise AssertionError("no free spot on the canvas")


def test_a_pasted_box_lands_at_the_pointer_and_the_view_keeps_its_zoom(canvas):
    doc = open_network(canvas, "neuron")
    canvas.click(box_point(canvas, "L1.n5"))
    canvas.key(Qt.Key.Key_C, CTRL)
    groups_before = set(doc.groups.ids())
    spot = free_spot(canvas)
    QTest.mouseMove(canvas.viewport, spot)
    pointer = canvas.view.mapToScene(spot)
    zoom = canvas.view.zoom
    canvas.key(Qt.Key.Key_V, CTRL)
    QApplication.processEvents()
    (pasted,) = set(doc.groups.ids()) - groups_before
    assert doc.groups.collapsed(pasted)
    box = canvas.scene.folding.boxes[pasted]
    corner = box.mapToScene(QPointF(0.0, 0.0))
    assert (round(corner.x()), round(corner.y())) == (round(pointer.x()), round(pointer.y()))
    assert canvas.view.zoom == zoom  # it fits where it was put: no zooming out to the nodes it hides
    assert canvas.view.mapFromScene(corner) == spot
