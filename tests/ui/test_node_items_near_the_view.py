"""A big graph has node items only near what a view zoomed in far enough to read shows
(the overview draws the rest): panning makes and lets go of them, the picture is the
same as with every item made, and the selection belongs to the nodes, items or not."""

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtWidgets import QApplication

from gradgui.document import mlp_for_size
from gradgui.ui.geometry import HEIGHT, WIDTH

from graph_files import open_doc
from test_items_near_the_view import drawing, nodes_within, pan, shown

CTRL = Qt.KeyboardModifier.ControlModifier


def boxes_meeting(doc, rect: QRectF) -> set:
    """The nodes whose boxes overlap ``rect``."""
    return {n for n in doc.node_ids() if QRectF(*doc.pos(n), WIDTH, HEIGHT).intersects(rect)}


def zoomed_in(window, canvas, size=3000):
    doc = open_doc(window, mlp_for_size(size), window.tmp_path)
    canvas.action("actionZoomReset").trigger()  # 1:1, around the middle of the graph
    QApplication.processEvents()  # the view's paint makes what it shows
    return doc, window.scene, window.view


def centre_of(view, doc, node_id) -> QPoint:
    x, y = doc.pos(node_id)
    return view.mapFromScene(QPointF(x + WIDTH / 2, y + HEIGHT / 2))


def a_node_in_view(doc, view) -> str:
    inner = shown(view).adjusted(WIDTH, HEIGHT, -2 * WIDTH, -2 * HEIGHT)
    return min(nodes_within(doc, inner), key=lambda n: doc.pos(n))


def test_only_nodes_near_the_view_have_items_and_panning_makes_and_lets_go_of_them(
        window, canvas, tmp_path):
    window.tmp_path = tmp_path
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    assert scene.overview_mode and scene.nodes == {}  # zoomed out: the overview draws them all
    canvas.action("actionZoomReset").trigger()
    QApplication.processEvents()
    first = set(scene.nodes)
    assert nodes_within(doc, shown(view)) <= first  # every node on show has its item
    assert 0 < len(first) < len(doc) // 2
    before = view.viewport().grab().toImage()
    with scene.detail.everything():
        assert set(scene.nodes) == set(doc.node_ids())
        assert view.viewport().grab().toImage() == before  # nothing on show was missing
    assert set(scene.nodes) == first

    start = shown(view)
    pan(canvas, int(start.width() * 4), 0)
    now = shown(view)
    assert now.right() < start.left()
    assert nodes_within(doc, now) and nodes_within(doc, now) <= set(scene.nodes)
    assert not nodes_within(doc, start) & set(scene.nodes)  # let go
    assert len(scene.nodes) < len(doc) // 2
    canvas.action("actionFit").trigger()
    assert scene.overview_mode and scene.nodes == {}


def test_a_selected_node_stays_selected_when_its_item_is_let_go_and_made_again(
        window, canvas, tmp_path):
    window.tmp_path = tmp_path
    doc, scene, view = zoomed_in(window, canvas)
    node = a_node_in_view(doc, view)
    canvas.click(centre_of(view, doc, node))
    assert scene.selected_node_ids() == [node] and scene.nodes[node].isSelected()
    width = int(shown(view).width() * 4)
    pan(canvas, width, 0)
    assert node not in scene.nodes  # far away: no item
    assert scene.selected_node_ids() == [node]
    pan(canvas, -width, 0)
    assert scene.nodes[node].isSelected() and scene.selected_node_ids() == [node]
    # A click on empty canvas unselects it, whether its item is there or not.
    pan(canvas, width, 0)
    canvas.click(canvas.empty_spot())
    assert scene.selected_node_ids() == []


def test_the_rubber_band_in_the_overview_selects_the_nodes_it_covers(window, canvas, tmp_path):
    window.tmp_path = tmp_path
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    assert scene.overview_mode and scene.nodes == {}
    graph = scene.graph_rect()
    start = view.mapFromScene(graph.topLeft()) - QPoint(5, 5)  # outside the graph: empty
    end = view.mapFromScene(graph.center())
    bands = []  # the band as Qt draws it: whole pixels, so a box on its edge counts right
    view.rubberBandChanged.connect(lambda rect, *_: bands.append(QRect(rect)))
    canvas.drag(start, end, steps=4)
    drawn = [rect for rect in bands if not rect.isNull()][-1]
    assert abs(drawn.width() - abs(end.x() - start.x())) <= 5  # clipped to the view at most
    area = view.mapToScene(drawn).boundingRect()
    expected = boxes_meeting(doc, area)
    assert 0 < len(expected) < len(doc)
    assert scene.selected_node_set() == expected
    # Ctrl and a second band add to it.
    far = view.mapFromScene(graph.bottomRight()) + QPoint(5, 5)
    canvas.drag(far, end + QPoint(1, 1), steps=3, modifiers=CTRL)
    assert expected < scene.selected_node_set()
    assert len(scene.nodes) <= 2  # no items were made for the selection


def test_select_all_then_delete_deletes_every_node_and_undo_brings_them_back(
        window, canvas, tmp_path):
    window.tmp_path = tmp_path
    doc, scene, view = zoomed_in(window, canvas)
    before = canvas.dumps()
    assert len(scene.nodes) < len(doc)
    canvas.action("actionSelectAll").trigger()
    assert scene.selected_node_ids() == doc.node_ids()
    assert all(item.isSelected() for item in scene.nodes.values())
    canvas.key(Qt.Key.Key_Delete)
    assert len(doc) == 0 and scene.nodes == {}
    canvas.action("actionUndo").trigger()
    QApplication.processEvents()
    assert canvas.dumps() == before
    assert nodes_within(doc, shown(view)) <= set(scene.nodes)


def test_a_click_after_select_all_leaves_only_that_node_selected(window, canvas, tmp_path):
    window.tmp_path = tmp_path
    doc, scene, view = zoomed_in(window, canvas)
    canvas.action("actionSelectAll").trigger()
    node = a_node_in_view(doc, view)
    canvas.click(centre_of(view, doc, node))  # on a selected node, without moving
    assert scene.selected_node_ids() == [node]
    other = next(n for n in nodes_within(doc, shown(view).adjusted(WIDTH, HEIGHT, -2 * WIDTH,
                                                                   -2 * HEIGHT)) if n != node)
    canvas.click(centre_of(view, doc, other), modifiers=CTRL)
    assert scene.selected_node_set() == {node, other}


def test_dragging_a_selection_moves_its_nodes_without_items_too_in_one_step(
        window, canvas, tmp_path):
    window.tmp_path = tmp_path
    doc, scene, view = zoomed_in(window, canvas)
    canvas.action("actionSelectAll").trigger()
    before = {n: doc.pos(n) for n in doc.node_ids()}
    node = a_node_in_view(doc, view)
    start = centre_of(view, doc, node)
    zoom = view.transform().m11()
    canvas.drag(start, start + QPoint(40, 20), steps=4)
    dx, dy = 40 / zoom, 20 / zoom
    assert all(doc.pos(n) == (x + dx, y + dy) for n, (x, y) in before.items())
    assert window.session.undo_stack.count() == 1
    canvas.action("actionUndo").trigger()
    assert all(doc.pos(n) == before[n] for n in before)


def test_a_node_added_or_deleted_without_wires_is_drawn_or_gone_after_panning_away_and_back(
        window, canvas, tmp_path):
    from gradgui.document import delete_nodes, new_node
    window.tmp_path = tmp_path
    doc, scene, view = zoomed_in(window, canvas)
    here = shown(view).center()
    command = new_node(doc, "const", (here.x(), here.y()))
    assert window.session.execute(command)
    QApplication.processEvents()
    added = next(n for n in doc.node_ids() if doc.pos(n) == (here.x(), here.y()))
    assert added in scene.nodes
    width = int(shown(view).width() * 4)
    pan(canvas, width, 0)
    pan(canvas, -width, 0)
    assert added in drawing(scene)  # what lies near was measured again: it is there
    assert window.session.execute(delete_nodes(doc, [added]))
    QApplication.processEvents()
    pan(canvas, width, 0)
    pan(canvas, -width, 0)  # making the items near the view again asks for none that is gone
    assert added not in scene.nodes and nodes_within(doc, shown(view)) <= set(scene.nodes)


def test_the_legend_keeps_off_nodes_that_only_the_overview_draws(window, canvas, qtbot, tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view, legend = window.scene, window.view, window.legend
    canvas.key(Qt.Key.Key_B, CTRL)  # Backward: the legend comes
    qtbot.waitUntil(legend.isVisible)
    canvas.action("actionZoomIn").trigger()
    QApplication.processEvents()
    # The graph's top left corner dragged to the middle: nodes fill the bottom right
    # quarter of the canvas, and nothing is in the others.
    corner = view.mapFromScene(scene.graph_rect().topLeft())
    centre = view.viewport().rect().center()
    pan(canvas, centre.x() - corner.x(), centre.y() - corner.y())
    assert scene.overview_mode and scene.nodes == {}  # far out: no node has an item

    def under(place: QRect) -> set:
        return boxes_meeting(doc, view.mapToScene(place.translated(-view.viewport().pos()))
                             .boundingRect())
    assert under(legend.corners()[0])  # bottom right, where the legend first sat
    qtbot.waitUntil(lambda: legend.geometry() != legend.corners()[0])
    assert legend.geometry() in legend.corners() and not under(legend.geometry())
