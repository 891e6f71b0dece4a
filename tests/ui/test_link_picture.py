"""Zoomed in on a network with collapsed neurons, the long links are kept as a picture
while the view stays still, and boxes as pictures of themselves: what is painted must
be what drawing afresh paints."""

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gradgui.document import mlp_document
from gradgui.ui.canvas import link_layer as link_layer_module
from gradgui.ui.canvas import link_picture as link_picture_module
from gradgui.ui.canvas.group_item import BOX_PICTURES, GroupItem


def collapsed_network_at_one_to_one(canvas):
    """A network with many long links, every neuron collapsed, at 1:1 on a box mid-graph;
    the neurons (the one in view first)."""
    doc = mlp_document(2, (4, 4), samples=60)
    canvas.session.replace_document(doc)
    QApplication.processEvents()
    menu = canvas.window.menus["View"]
    menu.findChild(type(menu), "menuCollapseAll").aboutToShow.emit()
    canvas.action("actionCollapseAll_neuron").trigger()
    QApplication.processEvents()
    neurons = [g for g in doc.groups.ids() if doc.groups.level(g) == "neuron"]
    middle = neurons[len(neurons) // 2]
    canvas.view.reset_zoom()
    canvas.view.centerOn(canvas.scene.folding.boxes[middle])
    QApplication.processEvents()
    assert not canvas.scene.overview_mode
    layer = canvas.scene.folding.link_layer
    assert len(layer.long_ends()) >= link_layer_module.ALL_LONG_BELOW
    for _ in range(2):  # the view is still: its second paint makes the picture
        canvas.view.viewport().repaint()
    assert layer.picture._image is not None  # noqa: SLF001
    in_view = [middle] + [g for g in neurons if g != middle]
    return doc, in_view


def double_click_box(canvas, gid):
    box = canvas.scene.folding.plan.boxes[gid]
    canvas.double_click(canvas.view.mapFromScene(QPointF(box.x + 40.0, box.y + 40.0)))
    QApplication.processEvents()


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.width(), 4).astype(int)


def fresh_picture(canvas) -> QImage:
    """The long links' picture drawn from scratch for the view as it is."""
    picture = canvas.scene.folding.link_layer.picture
    picture.forget()
    for _ in range(2):
        canvas.view.viewport().repaint()
    return picture._image.copy()  # noqa: SLF001


def test_the_long_links_picture_patched_after_expand_collapse_and_undo_is_a_fresh_one(canvas):
    doc, neurons = collapsed_network_at_one_to_one(canvas)
    picture = canvas.scene.folding.link_layer.picture
    gid = neurons[0]
    steps = [lambda: double_click_box(canvas, gid),
             lambda: canvas.session.undo_stack.undo(),
             lambda: canvas.session.undo_stack.redo(),
             lambda: canvas.scene.select_nodes([doc.groups.members(gid)[0]])
             or canvas.action("actionToggleGroup").trigger()]
    patched_some = False
    for step in steps:
        image = picture._image  # noqa: SLF001
        step()
        QApplication.processEvents()
        canvas.view.viewport().repaint()
        patched_some |= picture._image is image  # noqa: SLF001 - drawn again in part
        assert picture._image.copy() == fresh_picture(canvas)  # noqa: SLF001
    assert patched_some
    assert doc.groups.collapsed(gid)


def test_a_view_painted_from_the_pictures_looks_as_drawn_directly(canvas, monkeypatch):
    collapsed_network_at_one_to_one(canvas)
    canvas.view.viewport().repaint()
    kept = pixels(canvas.view.viewport().grab().toImage())
    monkeypatch.setattr(link_picture_module, "MOST_OF_VIEW", 2.0)  # never a picture
    monkeypatch.setattr(GroupItem, "paint", lambda item, painter, option, widget=None: item._draw(
        painter, item.scene().folding.look(item.gid), item.scene().theme))
    canvas.scene.folding.link_layer.picture.forget()
    canvas.view.viewport().repaint()
    direct = pixels(canvas.view.viewport().grab().toImage())
    # Drawn into a transparent picture and laid over, a pixel may round differently.
    assert np.abs(kept - direct).max() <= 3
    assert (np.abs(kept - direct).max(axis=2) > 0).mean() < 0.5


def test_a_box_painted_from_its_picture_follows_its_look(canvas):
    _, neurons = collapsed_network_at_one_to_one(canvas)
    item = canvas.scene.folding.boxes[neurons[0]]
    rect = canvas.view.mapFromScene(item.sceneBoundingRect()).boundingRect()

    def box_pixels():
        canvas.view.viewport().repaint()
        return pixels(canvas.view.viewport().grab(rect).toImage())
    plain = box_pixels()
    item.setSelected(True)
    QApplication.processEvents()
    selected = box_pixels()
    assert (selected != plain).any()  # the selection's border
    item.setSelected(False)
    QApplication.processEvents()
    assert (box_pixels() == plain).all()
    canvas.window.actions["actionBackward"].trigger()
    QApplication.processEvents()
    assert (box_pixels() != plain).any()  # filled by its grad, with data and grad written


def test_the_boxes_pictures_go_with_their_document(canvas):
    _, neurons = collapsed_network_at_one_to_one(canvas)
    item = canvas.scene.folding.boxes[neurons[0]]
    assert item._picture is not None and BOX_PICTURES._total > 0  # noqa: SLF001
    canvas.session.undo_stack.setClean()  # as if saved: New asks nothing
    canvas.action("actionNew").trigger()
    # No picture of a box that is gone is kept (they held up to 32 MiB).
    assert item._picture is None and BOX_PICTURES._total == 0  # noqa: SLF001
    assert not BOX_PICTURES._held  # noqa: SLF001


def test_links_first_shown_in_a_still_view_make_the_picture_at_once(canvas):
    """Collapse All at 1:1 paints the links in a view that has not moved, though they were
    not in its last paint: the picture is made then, so the next edit patches it."""
    doc = mlp_document(2, (4, 4), samples=60)
    canvas.session.replace_document(doc)
    QApplication.processEvents()
    canvas.view.reset_zoom()
    canvas.view.centerOn(canvas.scene.graph_rect().center())
    QApplication.processEvents()
    canvas.view.viewport().repaint()
    layer = canvas.scene.folding.link_layer
    assert not len(layer)
    menu = canvas.window.menus["View"]
    menu.findChild(type(menu), "menuCollapseAll").aboutToShow.emit()
    canvas.action("actionCollapseAll_neuron").trigger()
    canvas.view.viewport().repaint()  # the edit's paint, the first with the links
    assert len(layer.long_ends()) >= link_layer_module.ALL_LONG_BELOW
    assert layer.picture._image is not None  # noqa: SLF001
