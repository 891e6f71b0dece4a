"""The overview keeps a big graph's node boxes as plain numbers: the QRectFs drawRects
takes (a Python and a C++ object a box, over 20 MiB for 100,000 boxes) are made only for
tiles drawn at a zoom that draws them, and are the boxes the graph has."""

from PySide6.QtWidgets import QApplication

from gradgui.document import mlp_for_size
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.overview.grad_fills import MANY
from gradgui.ui.overview.marks import MIN_OUTLINED_PX
from gradgui.ui.overview.shapes import build_shapes, by_colour


def made(boxes) -> bool:
    return boxes._rects is not None  # noqa: SLF001


def test_the_boxes_are_the_nodes_boxes_in_the_order_they_are_shown():
    doc = mlp_for_size(300)
    shapes = build_shapes(doc)
    assert not any(made(boxes) for boxes in shapes.outline.values())
    for tile, boxes in shapes.outline.items():
        assert len(boxes) == len(shapes.shown[tile])
        assert [r.getRect() for r in boxes] == \
            [(*doc.pos(n), WIDTH, HEIGHT) for n in shapes.shown[tile]]


def test_colour_groups_share_their_tiles_boxes():
    shapes = build_shapes(mlp_for_size(300))
    tile, boxes = next(iter(shapes.outline.items()))
    colours = {n: i % 3 for i, n in enumerate(shapes.shown[tile])}
    groups = by_colour(shapes.shown[tile], boxes, colours.__getitem__)
    assert not made(boxes)
    whole = boxes.rects()
    for rgb, group in groups.items():
        assert all(any(r is w for w in whole) for r in group)
        assert [whole.index(r) % 3 for r in group] == [rgb] * len(group)


def zoom_to(canvas, box_px: float) -> None:
    """Zoom so that a node box is ``box_px`` pixels high on screen, and paint."""
    view = canvas.view
    view.zoom_by(box_px / (view.zoom * HEIGHT))
    view.viewport().repaint()
    QApplication.processEvents()


def test_a_big_graph_seen_whole_makes_no_box_objects_until_outlined(canvas):
    canvas.window.resize(500, 400)  # seen whole, its boxes are a pixel or so
    QApplication.processEvents()
    canvas.session.replace_document(mlp_for_size(MANY + 1000))
    QApplication.processEvents()
    canvas.view.viewport().repaint()
    assert canvas.scene.overview_mode and canvas.view.zoom * HEIGHT < 2.0
    outline = canvas.scene.overview._shapes.outline  # noqa: SLF001
    assert not any(made(boxes) for boxes in outline.values())  # drawn as pixels
    zoom_to(canvas, MIN_OUTLINED_PX * HEIGHT / WIDTH + 1.0)
    assert canvas.scene.overview_mode
    assert any(made(boxes) for boxes in outline.values())  # outlined: as QRectFs
