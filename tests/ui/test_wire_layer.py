"""A big graph zoomed in draws its wires in one layer: what the gestures, collapsed
groups and the focus do with wires still shows as it does with an item for each wire."""

from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QPainterPathStroker
from PySide6.QtWidgets import QApplication

from gradgui.document import Wire, mlp_for_size, set_collapsed
from gradgui.ui.canvas.wire_item import wire_path
from gradgui.ui.geometry import HEIGHT, WIDTH

from graph_files import open_doc
from test_items_near_the_view import same_as_with_every_item, shown


def keys(scene, rect) -> set:
    """The wires the layer draws through ``rect``, as (source, target, port)."""
    return {ends[0] for ends in scene.detail.layer.wires_in(rect)}


def big_at_1to1(window, canvas, tmp_path, middle_of=None):
    """The 3,000-node network open at 1:1, centred on ``middle_of`` (a node) if given."""
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    canvas.action("actionZoomReset").trigger()
    if middle_of is not None:
        x, y = doc.pos(middle_of(doc))  # a big graph's far node has no item yet
        window.view.centerOn(x + WIDTH / 2, y + HEIGHT / 2)
    QApplication.processEvents()
    assert window.scene.detail.layer.on
    return doc


def a_middle_node(doc) -> str:
    """A node with wires in and out, in the middle of the network."""
    wired = [n for n in doc.node_ids() if doc.wire_into(n, 0) and len(doc.wires_of_nodes([n])) > 2]
    return wired[len(wired) // 2]


def pick_up_a_middle_node(window, canvas, tmp_path):
    """A big graph at 1:1 with the mouse pressed on a middle node's label: the document,
    the node, its item and where the press was."""
    doc = big_at_1to1(window, canvas, tmp_path, a_middle_node)
    node = a_middle_node(doc)
    item = window.scene.nodes[node]
    start = window.view.mapFromScene(item.mapToScene(item.field_rect("label").center()))
    canvas.press(start)
    return doc, node, item, start


def test_the_wires_of_a_dragged_node_follow_it_and_the_drop_looks_as_with_every_item(
        window, canvas, tmp_path):
    doc, node, item, start = pick_up_a_middle_node(window, canvas, tmp_path)
    scene, view = window.scene, window.view
    for step in range(1, 6):
        canvas.move(start + QPoint(12 * step, 8 * step))
    wires = doc.wires_of_nodes([node])
    assert wires <= set(scene.wires)  # items of their own, routed to where the node is now
    assert not {(w.source, w.target, w.port) for w in wires} & keys(scene, shown(view))
    into = doc.wire_into(node, 0)
    end = scene.wires[into].path().pointAtPercent(1.0)
    assert (end - item.port_scene_pos(0)).manhattanLength() < 0.01
    canvas.release(start + QPoint(60, 40))
    x, y = doc.pos(node)
    assert (x, y) == (item.pos().x(), item.pos().y()) and item.pos() != view.mapToScene(start)
    assert same_as_with_every_item(scene, view)


def test_a_node_dragged_back_to_where_it_was_leaves_its_wires_to_the_layer(
        window, canvas, tmp_path):
    doc, node, item, start = pick_up_a_middle_node(window, canvas, tmp_path)
    scene, view = window.scene, window.view
    before = doc.pos(node)
    for step in (1, 2, 3, 2, 1, 0):
        canvas.move(start + QPoint(12 * step, 8 * step))
    assert doc.wires_of_nodes([node]) <= set(scene.wires)  # mid-drag: items of their own
    canvas.release(start)
    assert doc.pos(node) == before and not window.session.undo_stack.canUndo()
    assert not scene.wires  # no move, and the layer draws them all again
    assert same_as_with_every_item(scene, view)


def test_a_wire_picked_up_by_its_input_is_not_drawn_by_the_layer_and_dropped_away_is_gone(
        window, canvas, tmp_path):
    doc = big_at_1to1(window, canvas, tmp_path, a_middle_node)
    scene, view = window.scene, window.view
    node = a_middle_node(doc)
    wire = doc.wire_into(node, 0)
    port = canvas.port(node, 0)
    canvas.press(port)
    canvas.move(port + QPoint(-20, 30))
    assert scene.detail.kept_wire == wire
    assert (wire.source, wire.target, wire.port) not in keys(scene, shown(view))
    canvas.move(port + QPoint(-40, 200))
    canvas.release(port + QPoint(-40, 200))
    assert wire not in set(doc.wires())
    assert scene.detail.kept_wire is None
    assert (wire.source, wire.target, wire.port) not in keys(scene, shown(view))
    assert same_as_with_every_item(scene, view)


def test_a_collapsed_neuron_hides_its_wires_from_the_layer(window, canvas, tmp_path):
    doc = big_at_1to1(window, canvas, tmp_path, a_middle_node)
    scene, view = window.scene, window.view
    gid = doc.groups.of(a_middle_node(doc))
    assert window.session.execute(set_collapsed(doc, {gid: True}))
    QApplication.processEvents()
    hidden = scene.folding.plan.hidden
    assert hidden and a_middle_node(doc) in hidden
    drawn = keys(scene, shown(view))
    assert drawn and not any(s in hidden or t in hidden for s, t, _ in drawn)
    assert same_as_with_every_item(scene, view)
    assert window.groups.expand(gid)
    QApplication.processEvents()
    assert keys(scene, shown(view)) > drawn  # the wires inside show again
    assert same_as_with_every_item(scene, view)


def test_boxes_opening_and_closing_one_by_one_hide_the_wires_a_fresh_look_hides(
        window, canvas, tmp_path):
    doc = big_at_1to1(window, canvas, tmp_path, a_middle_node)
    scene, view = window.scene, window.view
    detail = scene.detail
    near = [doc.groups.of(n) for n in detail.spans.nodes_within(doc, shown(view))]
    neurons = list(dict.fromkeys(g for g in near if g is not None))[:3]
    assert len(neurons) == 3
    for change in ({neurons[0]: True}, {neurons[1]: True}, {neurons[0]: False},
                   {neurons[2]: True}, {neurons[1]: False, neurons[2]: False}):
        assert window.session.execute(set_collapsed(doc, change))
        QApplication.processEvents()
        hidden = scene.folding.plan.hidden
        every = {ends[0] for ends in detail.spans.ends_crossing(doc, shown(view))}
        wanted = {(s, t, p) for s, t, p in every if s not in hidden and t not in hidden
                  and Wire(s, t, p) not in detail.wires}
        assert keys(scene, shown(view)) == wanted, change
        assert same_as_with_every_item(scene, view)


def test_the_focus_draws_the_kept_wires_of_the_layer_as_those_of_items(window, canvas, tmp_path):
    doc = big_at_1to1(window, canvas, tmp_path, a_middle_node)
    scene, view = window.scene, window.view
    node = a_middle_node(doc)
    scene.select_nodes([node])
    canvas.action("actionFocusSelection").trigger()
    QApplication.processEvents()
    assert scene.detail.layer.on
    assert same_as_with_every_item(scene, view)


def test_a_paint_strokes_only_the_wires_passing_through_the_view_and_looks_as_with_every_item(
        window, canvas, tmp_path):
    doc = big_at_1to1(window, canvas, tmp_path, a_middle_node)
    scene, view = window.scene, window.view
    rect = shown(view)
    stroker = QPainterPathStroker()
    stroker.setWidth(2 * 6.0)  # a wire's pen reaches a pixel or two beyond its curve

    def comes_near(ends) -> bool:
        return stroker.createStroke(wire_path(*ends[1:])).intersects(rect)
    spans = scene.detail.spans
    bounds_meet = [ends for ends in spans.ends_crossing(doc, QRectF(-1e9, -1e9, 2e9, 2e9))
                   if wire_path(*ends[1:]).controlPointRect().intersects(rect)]
    passing = {ends[0] for ends in bounds_meet if comes_near(ends)}
    # Long wires from the shared weights span the graph: many have bounds over the view
    # but a curve that never comes near it, and Qt would cut each to the screen for nothing.
    assert len(bounds_meet) > len(passing) + 100
    drawn = keys(scene, rect)
    assert passing <= drawn <= {ends[0] for ends in bounds_meet}
    assert len(drawn - passing) < (len(bounds_meet) - len(passing)) // 4
    assert same_as_with_every_item(scene, view)


def test_the_layers_one_path_holds_each_wires_curve_in_order():
    """wire_paths reads the curves from bytes: each element, and the fill, as wire_path's."""
    import numpy as np

    from gradgui.ui.canvas.wire_item import wire_paths
    ends = [(0.0, 0.0, 200.0, 50.0), (10.5, -3.25, 12.0, 400.0), (300.0, 20.0, -80.0, 20.0)]
    together = wire_paths(np.array(ends).T)
    apart = [wire_path(*end) for end in ends]
    elements = [(e.type, e.x, e.y) for path in apart
                for e in (path.elementAt(i) for i in range(path.elementCount()))]
    assert [(e.type, e.x, e.y) for e in (together.elementAt(i)
                                         for i in range(together.elementCount()))] == elements
    assert together.fillRule() == apart[0].fillRule()
    assert wire_paths(np.empty((4, 0))).isEmpty()
    # A wire out of Qt's range (a node dragged to 1e200) is left out, not every wire.
    far = wire_paths(np.array(ends + [(0.0, 0.0, 1e200, 5.0)]).T)
    assert far.elementCount() == together.elementCount()
