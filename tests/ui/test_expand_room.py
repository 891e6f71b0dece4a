"""Double-clicking a box after Auto Layout packed the boxes: the neuron opens without
being drawn over its neighbours, and one Undo puts everything back."""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_collapsed_groups import box_point, collapse_all, open_network  # noqa: E402

CTRL = Qt.KeyboardModifier.ControlModifier


def drawn_rects(canvas):
    """The canvas's visible node items and box items, as scene rectangles."""
    items = [item for item in canvas.scene.nodes.values() if item.isVisible()]
    items += list(canvas.scene.folding.boxes.values())
    return [item.sceneBoundingRect() for item in items]


def covered(rects):
    """How many pairs of rectangles share some area."""
    rects = sorted(rects, key=lambda r: r.left())
    found = 0
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            if b.left() >= a.right():
                break
            found += a.intersects(b)
    return found


def test_a_packed_neuron_opens_beside_its_neighbours_and_undo_packs_it_again(canvas):
    doc = open_network(canvas)
    collapse_all(canvas, "neuron")
    canvas.key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert canvas.session.undo_stack.undoText() == "Auto layout"
    packed = {n: doc.pos(n) for n in doc.node_ids()}
    assert covered(drawn_rects(canvas)) == 0
    canvas.double_click(box_point(canvas, "L2.n5"))
    QApplication.processEvents()
    assert not doc.groups.collapsed("L2.n5")
    assert canvas.scene.nodes["L2.n5"].isVisible()
    assert covered(drawn_rects(canvas)) == 0
    # Its wires run left to right: from the first layer's boxes, into the third layer's.
    inside = doc.groups.nodes("L2.n5")
    boxes = canvas.scene.folding.boxes
    assert max(boxes[f"L1.n{j}"].sceneBoundingRect().right() for j in range(1, 17)) \
        < min(canvas.scene.nodes[n].sceneBoundingRect().left() for n in inside)
    assert max(canvas.scene.nodes[n].sceneBoundingRect().right() for n in inside) \
        < boxes["L3.n1"].sceneBoundingRect().left()
    assert canvas.session.undo_stack.undoText() == "Expand L2.n5"
    canvas.key(Qt.Key.Key_Z, CTRL)
    QApplication.processEvents()
    assert doc.groups.collapsed("L2.n5")
    assert {n: doc.pos(n) for n in doc.node_ids()} == packed
