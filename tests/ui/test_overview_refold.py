"""In the overview, opening or closing a box makes again only the tiles it touches and
patches the wire picture; zoomed in, only the long links near the view are drawn. What is
drawn must equal what is made from scratch, or what drawing everything draws."""

from collections import Counter

import numpy as np

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QApplication, QGraphicsScene

from gradgui.document import mlp_document
from gradgui.ui.canvas import link_layer as link_layer_module
from gradgui.ui.canvas import link_picture as link_picture_module
from gradgui.ui.overview import picture as picture_module
from gradgui.ui.overview import wire_picture as wire_picture_module
from gradgui.ui.overview.shapes import build_shapes, each_line, lines_path


def open_in_overview(canvas, doc):
    canvas.session.replace_document(doc)
    QApplication.processEvents()
    canvas.view.fit_graph()
    QApplication.processEvents()
    assert canvas.scene.overview_mode
    canvas.view.viewport().repaint()  # shapes and the wire picture made
    assert canvas.scene.overview.wire_picture.complete


def collapse_neurons(canvas):
    menu = canvas.window.menus["View"]
    menu.findChild(type(menu), "menuCollapseAll").aboutToShow.emit()
    canvas.action("actionCollapseAll_neuron").trigger()
    QApplication.processEvents()
    canvas.view.viewport().repaint()


def double_click_box(canvas, gid):
    box = canvas.scene.folding.plan.boxes[gid]
    point = canvas.view.mapFromScene(QPointF(box.x + 40.0, box.y + 40.0))
    canvas.double_click(point)
    QApplication.processEvents()


def segments(paths) -> Counter:
    """The lines of some paths (moveTo, lineTo pairs), counted."""
    found = Counter()
    for path in paths:
        for i in range(0, path.elementCount(), 2):
            a, b = path.elementAt(i), path.elementAt(i + 1)
            found[(a.x, a.y, b.x, b.y)] += 1
    return found


def assert_same_shapes(shapes, fresh):
    assert shapes.extent == fresh.extent and shapes.size == fresh.size
    assert shapes.bounds == fresh.bounds
    for tiles in (shapes.outline, shapes.wires, shapes.long):
        assert all(tiles[tile] for tile in tiles)  # no empty tile left behind
    assert all(len(lines) for lines in shapes.lines.values())
    assert set(shapes.outline) == set(fresh.outline)
    for tile, boxes in fresh.outline.items():
        assert sorted(zip(shapes.shown[tile], [(r.x(), r.y()) for r in shapes.outline[tile]])) \
            == sorted(zip(fresh.shown[tile], [(r.x(), r.y()) for r in boxes]))
    assert set(shapes.corners) == set(shapes.outline)  # far out, boxes are drawn from these
    for tile, boxes in shapes.outline.items():
        assert shapes.corners[tile].tolist() == \
            np.array([(r.x(), r.y()) for r in boxes], np.float32).reshape(-1, 2).tolist()
    assert {t: Counter(each_line(lines)) for t, lines in shapes.lines.items()} \
        == {t: Counter(each_line(lines)) for t, lines in fresh.lines.items()}
    assert set(shapes.wires) == set(fresh.wires) and set(shapes.long) == set(fresh.long)
    for tile in fresh.wires:
        assert segments([shapes.wires[tile]]) == segments([fresh.wires[tile]])
    for tile in fresh.long:
        assert segments(shapes.long[tile]) == segments(fresh.long[tile])


def fresh_picture(canvas):
    """The wire picture drawn from scratch for the view as it is."""
    picture = canvas.scene.overview.wire_picture
    picture.forget()
    canvas.scene.invalidate(canvas.scene.in_view(), QGraphicsScene.SceneLayer.BackgroundLayer)
    canvas.view.viewport().repaint()
    assert picture.complete
    return picture._image.copy()  # noqa: SLF001


def test_opening_and_closing_boxes_in_the_overview_draws_what_a_fresh_build_draws(canvas,
                                                                                  monkeypatch):
    # A graph this small has most lines near any box: patch the picture all the same.
    monkeypatch.setattr(picture_module, "PATCH_SHARE", 1.0)
    doc = mlp_document(2, (4, 4), samples=6)
    open_in_overview(canvas, doc)
    collapse_neurons(canvas)
    overview, folding = canvas.scene.overview, canvas.scene.folding
    neurons = [g for g in doc.groups.ids() if doc.groups.level(g) == "neuron"]
    assert len(folding.boxes) == len(neurons)
    for gid, collapse in ((neurons[len(neurons) // 2], False), (neurons[-3], False),
                          (neurons[len(neurons) // 2], True)):
        before = overview._shapes  # noqa: SLF001
        picture = overview.wire_picture._image  # noqa: SLF001
        if collapse:
            canvas.scene.clearSelection()
            node = doc.groups.members(gid)[0]
            canvas.scene.select_nodes([node])
            canvas.action("actionToggleGroup").trigger()
            QApplication.processEvents()
        else:
            double_click_box(canvas, gid)
        assert doc.groups.collapsed(gid) == collapse
        shapes = overview._shapes  # noqa: SLF001
        assert shapes is not before and shapes.plan is folding.plan  # made again, in part
        assert folding.plan.touched  # by collapsing or expanding alone
        canvas.view.viewport().repaint()
        assert overview.wire_picture._image is picture  # noqa: SLF001 - patched, not drawn anew
        patched = picture.copy()
        assert_same_shapes(shapes, build_shapes(doc, folding.plan))
        assert patched == fresh_picture(canvas)


def test_undoing_a_collapse_in_the_overview_matches_a_fresh_build(canvas, monkeypatch):
    monkeypatch.setattr(picture_module, "PATCH_SHARE", 1.0)
    doc = mlp_document(2, (3, 3), samples=4)
    open_in_overview(canvas, doc)
    collapse_neurons(canvas)
    overview = canvas.scene.overview
    neurons = [g for g in doc.groups.ids() if doc.groups.level(g) == "neuron"]
    double_click_box(canvas, neurons[4])
    canvas.session.undo_stack.undo()
    QApplication.processEvents()
    canvas.view.viewport().repaint()
    assert doc.groups.collapsed(neurons[4])
    assert_same_shapes(overview._shapes, build_shapes(doc, canvas.scene.folding.plan))  # noqa: SLF001
    patched = overview.wire_picture._image.copy()  # noqa: SLF001
    assert patched == fresh_picture(canvas)


def test_long_links_drawn_near_the_view_only_paint_what_all_of_them_paint(canvas, monkeypatch):
    monkeypatch.setattr(link_picture_module, "MOST_OF_VIEW", 2.0)  # drawn directly each time
    doc = mlp_document(2, (4, 4), samples=60)
    canvas.session.replace_document(doc)
    QApplication.processEvents()
    collapse_neurons(canvas)
    layer = canvas.scene.folding.link_layer
    neurons = [g for g in doc.groups.ids() if doc.groups.level(g) == "neuron"]
    canvas.view.reset_zoom()
    canvas.view.centerOn(canvas.scene.folding.boxes[neurons[len(neurons) // 2]])
    QApplication.processEvents()
    assert not canvas.scene.overview_mode
    near = canvas.view.viewport().grab().toImage()
    every = len(layer._long_ends)  # noqa: SLF001 - all the long links
    shown = layer._shown[1]  # noqa: SLF001 - the path of those near what was painted
    assert every >= link_layer_module.ALL_LONG_BELOW
    assert 0 < shown.elementCount() < every  # four elements a link: under a quarter drawn
    monkeypatch.setattr(link_layer_module, "ALL_LONG_BELOW", 10 ** 9)
    layer.update()
    assert canvas.view.viewport().grab().toImage() == near


def test_a_path_of_lines_read_in_one_go_equals_one_drawn_line_by_line(qapp):
    lines = [(0.0, 0.0, 10.5, 3.25), (-7.0, 2.0, 4.0, -1e6), (1e9, 2.5, 3.0, 4.0)]
    drawn = QPainterPath()
    for x1, y1, x2, y2 in lines:
        drawn.moveTo(x1, y1)
        drawn.lineTo(x2, y2)
    read = lines_path(lines)
    assert read == drawn and read.elementCount() == 2 * len(lines)
    read.closeSubpath()
    drawn.closeSubpath()
    assert read == drawn  # the last line is where a subpath starts, as when drawn
    assert lines_path([]).isEmpty()


def test_a_box_opened_while_the_wire_picture_is_still_being_drawn_patches_it(canvas,
                                                                             monkeypatch):
    monkeypatch.setattr(picture_module, "PATCH_SHARE", 1.0)
    doc = mlp_document(2, (4, 4), samples=6)
    open_in_overview(canvas, doc)
    monkeypatch.setattr(wire_picture_module, "SLICE_MS", 0.0)  # a tile a slice
    collapse_neurons(canvas)
    picture = canvas.scene.overview.wire_picture
    assert not picture.complete  # the collapsed graph's wires drawn in slices, not all yet
    image = picture._image  # noqa: SLF001
    neurons = [g for g in doc.groups.ids() if doc.groups.level(g) == "neuron"]
    double_click_box(canvas, neurons[len(neurons) // 2])
    canvas.view.viewport().repaint()
    assert picture._image is image  # noqa: SLF001 - patched, not drawn anew
    while not picture.complete:  # the tiles left, as the graph is now
        picture._next_slice()  # noqa: SLF001
    patched = image.copy()
    monkeypatch.setattr(wire_picture_module, "SLICE_MS", 1e9)  # the fresh one in one go
    assert patched == fresh_picture(canvas)


def test_the_long_lines_are_drawn_a_slice_at_a_time_and_a_box_opened_half_way_patches_them(
        canvas, monkeypatch):
    monkeypatch.setattr(picture_module, "PATCH_SHARE", 1.0)
    doc = mlp_document(2, (4, 4), samples=6)
    open_in_overview(canvas, doc)
    monkeypatch.setattr(wire_picture_module, "SLICE_MS", 0.0)  # a path a slice
    collapse_neurons(canvas)
    overview = canvas.scene.overview
    picture = overview.wire_picture
    long = overview._shapes.long_paths()  # noqa: SLF001
    assert len(long) > 2
    while picture._todo != [None]:  # noqa: SLF001 - the tiles first, the long lines last
        picture._next_slice()  # noqa: SLF001
    for _ in range(len(long) // 2):  # half of them, a path a slice
        picture._next_slice()  # noqa: SLF001
    assert not picture.complete
    image = picture._image  # noqa: SLF001
    neurons = [g for g in doc.groups.ids() if doc.groups.level(g) == "neuron"]
    double_click_box(canvas, neurons[len(neurons) // 2])
    canvas.view.viewport().repaint()
    assert picture._image is image  # noqa: SLF001 - patched, not drawn anew
    while not picture.complete:  # the long lines as the graph has them now
        picture._next_slice()  # noqa: SLF001
    patched = image.copy()
    monkeypatch.setattr(wire_picture_module, "SLICE_MS", 1e9)  # the fresh one in one go
    assert patched == fresh_picture(canvas)
