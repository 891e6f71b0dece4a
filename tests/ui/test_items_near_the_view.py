"""A big graph zoomed in draws its wires in one layer (with edge labels on, it has wire
items only near what the view shows: panning makes those it comes to and lets go of
those it leaves); either way the picture is the same as with every wire made."""

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtWidgets import QApplication, QGraphicsItem

from gradgui.document import mlp_for_size

from graph_files import open_doc

MIDDLE = Qt.MouseButton.MiddleButton
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def shown(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def wires_within(doc, rect: QRectF) -> set:
    """The wires with both nodes inside ``rect``."""
    return {w for w in doc.wires() if rect.contains(*doc.pos(w.source)) and rect.contains(*doc.pos(w.target))}


def drawing(scene) -> set:
    """The nodes whose items draw themselves."""
    return {n for n, item in scene.nodes.items() if not item.flags() & NO_CONTENTS}


def nodes_within(doc, rect: QRectF) -> set:
    return {n for n in doc.node_ids() if rect.contains(*doc.pos(n))}


def pan(canvas, dx: int, dy: int) -> None:
    """Drag the canvas with the middle button, in steps the size of the viewport at most."""
    port = canvas.viewport.rect()
    centre = port.center()
    while dx or dy:
        step_x = max(-port.width() // 3, min(port.width() // 3, dx))
        step_y = max(-port.height() // 3, min(port.height() // 3, dy))
        canvas.drag(centre, centre + QPoint(step_x, step_y), button=MIDDLE)
        dx, dy = dx - step_x, dy - step_y
    QApplication.processEvents()


def same_as_with_every_item(scene, view) -> bool:
    """The view's picture is the one it has with every wire its own item."""
    lazy = view.viewport().grab().toImage()
    with scene.detail.everything():
        assert not scene.detail.layer.on
        every = view.viewport().grab().toImage()
    return lazy == every


def test_zoomed_in_the_wires_are_drawn_in_one_layer_and_panning_far_draws_the_nodes_there(
        window, canvas, tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    assert scene.overview_mode
    canvas.action("actionZoomReset").trigger()  # 1:1, around the middle of the graph
    assert not scene.overview_mode
    QApplication.processEvents()  # the view's paint makes what it shows
    assert scene.detail.layer.on and not scene.wires  # no item for each wire
    drawn = {(s, t, p) for (s, t, p), *_ in scene.detail.layer.wires_in(shown(view))}
    assert {(w.source, w.target, w.port) for w in wires_within(doc, shown(view))} <= drawn
    first_nodes = drawing(scene)
    assert nodes_within(doc, shown(view)) <= first_nodes and len(first_nodes) < len(doc) // 2
    assert same_as_with_every_item(scene, view)  # nothing on show missing or different
    assert not scene.wires and scene.detail.layer.on

    # Far to the left, across many views: the nodes there draw themselves, the old ones not.
    start = shown(view)
    pan(canvas, int(start.width() * 4), 0)
    now = shown(view)
    assert now.right() < start.left()
    assert wires_within(doc, now)
    assert not scene.wires
    assert nodes_within(doc, now) <= drawing(scene)
    assert not nodes_within(doc, start) & drawing(scene)
    assert same_as_with_every_item(scene, view)


def test_with_edge_labels_only_wires_near_the_view_have_items_and_panning_far_swaps_them(
        window, canvas, tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    canvas.action("actionEdgeLabels").trigger()  # labels are placed along wire items
    canvas.action("actionZoomReset").trigger()
    QApplication.processEvents()
    assert not scene.detail.layer.on
    first = set(scene.wires)
    assert wires_within(doc, shown(view)) <= first  # every wire on show has its item
    assert 0 < len(first) < doc.wire_count() // 2
    start = shown(view)
    pan(canvas, int(start.width() * 4), 0)
    now = shown(view)
    assert wires_within(doc, now) <= set(scene.wires)
    far = {w for w in first
           if min(doc.pos(w.source)[0], doc.pos(w.target)[0]) > now.right() + 2 * now.width()}
    assert far and not far & set(scene.wires)  # let go (long wires crossing both may stay)
    assert len(scene.wires) < doc.wire_count() // 2
    canvas.action("actionEdgeLabels").trigger()  # off: the layer again, at the next paint
    view.viewport().grab()
    assert scene.detail.layer.on and not scene.wires


def test_a_wire_clicked_in_the_layer_is_selected_keeps_its_item_far_away_and_is_deleted(
        window, canvas, tmp_path):
    from gradgui.ui.canvas.wire_item import wire_path
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    canvas.action("actionZoomReset").trigger()
    some = doc.wire_into(doc.output, 0)
    view.centerOn(*doc.pos(doc.output))
    QApplication.processEvents()
    assert some not in scene.wires  # drawn by the layer
    ends = next(e for e in scene.detail.layer.wires_in(shown(view))
                if e[0] == (some.source, some.target, some.port))
    canvas.click(view.mapFromScene(wire_path(*ends[1:]).pointAtPercent(0.5)))
    selected = scene.queries.selected_wires()
    assert len(selected) == 1  # that wire, or one crossing it there
    wire = selected[0]
    item = scene.wires[wire]
    key = (wire.source, wire.target, wire.port)
    assert key not in {e[0] for e in scene.detail.layer.wires_in(shown(view))}  # its item draws it
    pan(canvas, int(shown(view).width() * 4), 0)
    assert not shown(view).intersects(item.sceneBoundingRect())
    assert scene.wires[wire] is item and item.isSelected()
    canvas.key(Qt.Key.Key_Delete)
    assert wire not in set(doc.wires())
    assert wire not in scene.wires


def test_a_far_node_moved_into_view_draws_itself_with_its_wires(window, canvas, tmp_path):
    from gradgui.document import move_nodes
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    canvas.action("actionZoomReset").trigger()
    QApplication.processEvents()
    here = shown(view)
    far = next(n for n in doc.node_ids()
               if not here.adjusted(-here.width() * 2, -here.height() * 2, here.width() * 2,
                                    here.height() * 2).contains(*doc.pos(n)) and doc.wires_of_nodes([n]))
    assert far not in drawing(scene)
    assert window.session.execute(move_nodes({far: (here.center().x(), here.center().y())}))
    QApplication.processEvents()
    assert far in drawing(scene)
    drawn = {(s, t, p) for (s, t, p), *_ in scene.detail.layer.wires_in(shown(view))}
    assert {(w.source, w.target, w.port) for w in doc.wires_of_nodes([far])} <= drawn
    assert same_as_with_every_item(scene, view)


def test_a_graph_grown_big_while_zoomed_in_has_no_node_item_drawing_itself_in_the_overview(
        neuron):
    from gradgui.ui.geometry import TEXT_MIN_ZOOM
    view, scene, doc = neuron.view, neuron.scene, neuron.doc
    view.zoom_by(4.0 / view.zoom)
    view.centerOn(*doc.pos("x1"))
    QApplication.processEvents()
    assert not scene.overview_mode and not drawing(scene) ^ set(doc.node_ids())  # all draw
    neuron.window.session.work.big = 2  # ten nodes count as a big graph from now on
    view.viewport().grab()
    assert "o" not in drawing(scene)  # far from the view: no longer drawn
    view.zoom_by(TEXT_MIN_ZOOM * 0.5 / view.zoom)
    assert scene.overview_mode and drawing(scene) == set()
