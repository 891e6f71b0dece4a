"""Far out, the overview writes its tiny node boxes as pixels into an image instead of
stroking each with a pen: each box must show its colour where the pen drew it."""

import random

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from gradgui.document import mlp_for_size
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.overview import legible
from gradgui.ui.overview.grad_fills import MANY
from gradgui.ui.overview.raster import paint_tiny_boxes
from gradgui.ui.overview.shapes import by_colour

COLOURS = [0xFFD37610, 0xFF5F3A91, 0xFFFDC37A, 0xFFA198C5, 0xFFEAEAEC]


def boxes_and_fills(count: int, seed: int, spread: float):
    """One tile of ``count`` boxes at random, each a colour of COLOURS: its corners and
    its groups (as the overview makes them)."""
    rng = random.Random(seed)
    corners = [(rng.uniform(0, spread), rng.uniform(0, spread * 0.6)) for _ in range(count)]
    names = [f"n{i}" for i in range(count)]
    colour = {name: COLOURS[rng.randrange(len(COLOURS))] for name in names}
    boxes = [QRectF(x, y, WIDTH, HEIGHT) for x, y in corners]
    groups = by_colour(names, boxes, colour.__getitem__)
    return ({(0, 0): np.array(corners, np.float32)}, {(0, 0): groups}, boxes, names, colour)


def painted(zoom: float, draw) -> np.ndarray:
    """What ``draw(painter)`` paints at ``zoom`` on white, as rows of 0xAARRGGBB."""
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.translate(3.3, 7.6)
    painter.scale(zoom, zoom)
    draw(painter)
    painter.end()
    return np.frombuffer(image.constBits(), np.uint32).reshape(300, 400).copy()


@pytest.mark.parametrize("zoom", [0.004, 0.01, 0.02])
def test_tiny_boxes_written_as_pixels_look_as_the_pen_drew_them(qapp, zoom):
    corners, fills, _, _, _ = boxes_and_fills(600, int(zoom * 1000), 40000.0)

    def by_pen(painter):
        filler = legible.BoxFiller(painter)
        for rgb, group in fills[(0, 0)].items():
            filler.fill(group, rgb)
    stroked = painted(zoom, by_pen)
    written = painted(zoom, lambda p: assert_drawn(paint_tiny_boxes(p, [(0, 0)], fills,
                                                                    corners, 1e9)))
    # The same pixels but for a few on a box's edge, where rounding may differ.
    assert np.count_nonzero(stroked != written) <= 0.03 * np.count_nonzero(stroked != 0xFFFFFFFF)
    for rgb in COLOURS:
        assert abs(np.count_nonzero(stroked == rgb) - np.count_nonzero(written == rgb)) \
            <= 0.05 * np.count_nonzero(stroked == rgb) + 2


def assert_drawn(done: bool) -> None:
    assert done


def test_each_tiny_box_shows_its_colour_at_its_place_the_last_drawn_on_top(qapp):
    zoom = 0.01
    corners, fills, boxes, names, colour = boxes_and_fills(300, 5, 30000.0)
    written = painted(zoom, lambda p: paint_tiny_boxes(p, [(0, 0)], fills, corners, 1e9))
    drawn_order = [rect for group in fills[(0, 0)].values() for rect in group]
    rank = {id(rect): i for i, rect in enumerate(drawn_order)}
    for rect, name in zip(boxes, names):
        x = int(3.3 + (rect.x() + WIDTH / 2) * zoom)
        y = int(7.6 + (rect.y() + HEIGHT / 2) * zoom)
        # Boxes drawn later over this pixel, grown to 2 pixels a side, may hide it.
        later = [other for other in drawn_order if rank[id(other)] > rank[id(rect)]
                 and abs(other.center().x() - rect.center().x()) * zoom < 3
                 and abs(other.center().y() - rect.center().y()) * zoom < 3]
        if not later:
            assert written[y, x] == colour[name], name


def test_boxes_big_enough_on_screen_are_left_to_the_painter(qapp):
    corners, fills, _, _, _ = boxes_and_fills(50, 1, 4000.0)
    zoom = 2 * legible.MIN_NODE_PX / HEIGHT  # boxes bigger than the least size: no pen
    untouched = painted(zoom, lambda p: None)
    assert painted(zoom, lambda p: assert_declined(
        paint_tiny_boxes(p, [(0, 0)], fills, corners, 1e9))).tolist() == untouched.tolist()


def assert_declined(done: bool) -> None:
    assert not done


def test_a_big_graph_fitted_after_backward_is_painted_without_stroking_each_box(canvas,
                                                                                monkeypatch):
    canvas.session.replace_document(mlp_for_size(MANY + 1000))
    QApplication.processEvents()
    canvas.view.fit_graph()
    QApplication.processEvents()
    canvas.action("actionBackward").trigger()
    QApplication.processEvents()
    overview = canvas.scene.overview
    assert canvas.scene.overview_mode and overview._fills is not None  # noqa: SLF001
    scale = canvas.view.transform().m11()
    if scale * HEIGHT >= legible.MIN_NODE_PX:
        canvas.view.scale(0.5 * legible.MIN_NODE_PX / (scale * HEIGHT),
                          0.5 * legible.MIN_NODE_PX / (scale * HEIGHT))
    stroked = []
    monkeypatch.setattr(legible.BoxFiller, "fill_with",
                        lambda self, boxes, colour: stroked.append(len(boxes)))
    canvas.scene.invalidate(canvas.scene.sceneRect())
    image = canvas.view.viewport().grab().toImage()
    assert not stroked
    shown = {image.pixel(x, y) for x in range(0, image.width(), 2)
             for y in range(0, image.height(), 2)}
    rgb = overview._current_rgb()  # noqa: SLF001
    colours = {rgb(node_id) for node_id in canvas.session.doc.nodes()}
    assert len(shown & colours) > 5  # the nodes' grad colours are there
