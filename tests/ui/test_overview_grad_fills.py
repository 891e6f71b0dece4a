"""A big graph's overview fills after Backward are worked out for every node at once; they
must be the colours worked out one node at a time."""

import math
import random
import time

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from gradgui.document import mlp_for_size
from gradgui.ui.colors import scale_of
from gradgui.ui.overview import picture as picture_module
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.overview.grad_fills import MANY, fills_at_once, fills_by_tile, value_fills
from gradgui.ui.overview.picture import LEVELS
from gradgui.ui.overview.legible import BoxFiller, fill_boxes
from gradgui.ui.overview.shapes import build_fills, build_shapes, by_colour
from gradgui.ui.overview.wire_picture import WirePicture

PALETTE = [0xFF000000 + 1000 * i for i in range(LEVELS + 1)]
PLAIN = 0xFFEEEEEE


def one_at_a_time(ids, grads, scale, problems):
    return {n: PLAIN if grads.get(n) is None or n in problems
            else PALETTE[round((scale.position(grads[n]) + 1.0) / 2.0 * LEVELS)] for n in ids}


def some_grads(count: int, seed: int) -> dict:
    """Grads over many powers of ten, both signs, zeros, and some on the edge between two
    colours of the linear scale (halves, which round to even)."""
    rng = random.Random(seed)
    grads = {}
    for i in range(count):
        pick = i % 4
        if pick == 0:
            grads[f"n{i}"] = math.copysign(10.0 ** rng.uniform(-12, 1), rng.random() - 0.5)
        elif pick == 1:
            grads[f"n{i}"] = 0.0
        elif pick == 2:  # exactly between two of the linear scale's steps (largest is 10)
            grads[f"n{i}"] = 10.0 * ((rng.randrange(LEVELS) + 0.5) * 2.0 / LEVELS - 1.0)
        else:
            grads[f"n{i}"] = rng.uniform(-10.0, 10.0)
    grads["top"] = 10.0
    return grads


@pytest.mark.parametrize("mode", ["linear", "symlog", "auto"])
def test_fills_at_once_are_the_fills_one_at_a_time(mode):
    grads = some_grads(3 * MANY, seed=len(mode))
    ids = list(grads) + ["free", "broken"]  # a node without a grad, one with a problem
    grads["broken"] = 1.0
    problems = {"broken": "a problem"}
    scale = scale_of(list(grads.values()), mode)
    assert scale.largest == 10.0
    made = fills_at_once(ids, grads, scale, problems, PALETTE, PLAIN)
    assert made == one_at_a_time(ids, grads, scale, problems)
    assert made["free"] == made["broken"] == PLAIN
    assert len(set(made.values())) > LEVELS // 2  # the test reaches most colours


def test_fills_at_once_leave_small_graphs_and_odd_grads_to_the_one_at_a_time_way():
    grads = some_grads(MANY, seed=1)
    scale = scale_of(list(grads.values()), "linear")
    assert fills_at_once(list(grads)[:MANY - 1], grads, scale, {}, PALETTE, PLAIN) is None
    grads["n3"] = math.inf
    assert fills_at_once(list(grads), grads, scale, {}, PALETTE, PLAIN) is None


class Held:
    """A Value's stand-in: all value_fills reads of one is its grad."""

    def __init__(self, grad):
        self.grad = grad


@pytest.mark.parametrize("mode", ["linear", "symlog", "auto"])
def test_fills_read_from_the_values_are_the_fills_at_once(mode):
    grads = some_grads(3 * MANY, seed=7 + len(mode))
    grads["unknown"] = math.nan  # no grad worked out: plain, as for a node without one
    scale = scale_of([g for g in grads.values() if not math.isnan(g)], mode)
    problems = {"broken": "a problem", "n5": "a problem though it has a value"}
    ids = list(grads) + ["broken"]
    values = {node_id: Held(grads[node_id]) for node_id in reversed(list(grads))}  # own order
    made = value_fills(values, scale, problems, PALETTE, PLAIN)
    assert made == fills_at_once(ids, grads, scale, problems, PALETTE, PLAIN)
    assert made == one_at_a_time(ids, {n: g for n, g in grads.items() if not math.isnan(g)},
                                 scale, problems)
    values["n3"] = Held(math.inf)
    assert value_fills(values, scale, problems, PALETTE, PLAIN) is None
    few = dict(list(values.items())[:MANY - 1])
    assert value_fills(few, scale, problems, PALETTE, PLAIN) is None


def shown_fills(fills):
    """Fills as plain numbers, each group's boxes in order, to compare."""
    return {tile: [(rgb, [r.getRect() for r in boxes]) for rgb, boxes in by_rgb.items()]
            for tile, by_rgb in fills.items()}


def test_fills_by_tile_group_the_boxes_as_build_fills_does():
    doc = mlp_for_size(MANY + 1000)
    shapes = build_shapes(doc)
    rng = random.Random(3)
    colours = {node_id: PALETTE[rng.randrange(5)] for node_id in doc.nodes()}
    made = fills_by_tile(shapes, colours)
    assert shown_fills(made) == \
        shown_fills(build_fills(doc, shapes, colours.__getitem__, None, colours))
    assert any(len(by_rgb) > 1 for by_rgb in made.values())
    one = {node_id: PALETTE[0] for node_id in doc.nodes()}  # one colour: build_fills' shortcut
    assert shown_fills(fills_by_tile(shapes, one)) == \
        shown_fills(build_fills(doc, shapes, one.__getitem__, None, one))
    del colours[next(iter(colours))]
    assert fills_by_tile(shapes, colours) is None  # a node without a fill


def test_boxes_are_grouped_by_colour_in_the_order_their_colours_first_come():
    boxes = [QRectF(i, 0.0, 1.0, 1.0) for i in range(6)]
    colours = {"a": 3, "b": 1, "c": 3, "d": 2, "e": 1, "f": 3}
    groups = by_colour(list("abcdef"), boxes, colours.__getitem__)
    assert [(rgb, [r.x() for r in group]) for rgb, group in groups.items()] == \
        [(3, [0.0, 2.0, 5.0]), (1, [1.0, 4.0]), (2, [3.0])]


def test_backward_on_a_big_graph_colours_the_overview_as_one_node_at_a_time(canvas, monkeypatch):
    made = []

    def spy(*args):
        made.append(value_fills(*args))
        return made[-1]
    monkeypatch.setattr(picture_module, "value_fills", spy)
    doc = mlp_for_size(MANY + 1000)
    canvas.session.replace_document(doc)
    QApplication.processEvents()
    canvas.view.fit_graph()
    QApplication.processEvents()
    assert canvas.scene.overview_mode
    canvas.view.viewport().repaint()
    canvas.action("actionBackward").trigger()
    QApplication.processEvents()
    overview = canvas.scene.overview
    fills = overview._fills  # noqa: SLF001
    assert fills is not None and made and made[-1] is not None  # worked out at once
    reference = build_fills(doc, overview._shapes, overview._current_rgb(),  # noqa: SLF001
                            canvas.session.grad)
    assert shown_fills(fills) == shown_fills(reference)
    assert sum(len(by_rgb) for by_rgb in fills.values()) > len(fills)  # more than one colour


def finished_picture(canvas):
    """What the canvas shows once every wire of the overview's picture is drawn."""
    QApplication.processEvents()
    viewport = canvas.view.viewport()
    image = viewport.grab().toImage()
    wires = canvas.scene.overview.wire_picture
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing check
    while not wires.complete and time.monotonic() < deadline:
        QApplication.processEvents()
        image = viewport.grab().toImage()
    return image


def test_a_big_graph_after_backward_paints_as_its_fills_made_one_node_at_a_time(
        canvas, monkeypatch):
    canvas.session.replace_document(mlp_for_size(MANY + 1000))
    QApplication.processEvents()
    canvas.view.fit_graph()
    finished_picture(canvas)
    made = []
    monkeypatch.setattr(picture_module, "value_fills",
                        lambda *args: made.append(value_fills(*args)) or made[-1])
    canvas.action("actionBackward").trigger()
    after_backward = finished_picture(canvas)
    assert made and made[-1] is not None
    colours = {after_backward.pixel(x, y) for x in range(0, after_backward.width(), 2)
               for y in range(0, after_backward.height(), 2)}
    assert len(colours) > 5  # the grads' colours, not only the plain fill
    scene = canvas.scene
    with monkeypatch.context() as patch:  # everything made anew on the spot, wires straight
        patch.setattr(WirePicture, "draw", lambda *args: False)
        scene.overview.geometry_changed()
        scene.invalidate(scene.sceneRect())
        assert finished_picture(canvas) == after_backward


@pytest.mark.parametrize("zoom", [0.004, 0.02, 0.3])
def test_a_box_filler_paints_what_fill_boxes_paints(zoom):
    rng = random.Random(int(zoom * 1000))
    groups = [([QRectF(rng.uniform(0, 60000), rng.uniform(0, 40000), WIDTH, HEIGHT)
                for _ in range(rng.randrange(1, 300))], PALETTE[rng.randrange(LEVELS + 1)])
              for _ in range(40)]

    def painted(draw):
        image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.scale(zoom, zoom)
        draw(painter)
        painter.end()
        return image

    def one_by_one(painter):
        for boxes, rgb in groups:
            fill_boxes(painter, boxes, QColor.fromRgb(rgb))

    def filler(painter):
        fill = BoxFiller(painter)
        for boxes, rgb in groups:
            fill.fill(boxes, rgb)
    assert painted(filler) == painted(one_by_one)
