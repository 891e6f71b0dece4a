"""The minimap dock: the whole graph and the view's rectangle; click or drag to move the view."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from gradgui import examples_dir
from gradgui.document import move_nodes

from conftest import drag


def view_centre(canvas) -> QPointF:
    return canvas.view.mapToScene(canvas.viewport.rect().center())


def open_mlp_with_minimap(window, canvas, qtbot):
    assert window.files.open_file(str(examples_dir() / "mlp.json"))
    minimap = window.minimap
    assert not window.minimap_dock.isVisible()
    assert window.actions["actionMinimap"] in window.menus["View"].actions()
    window.actions["actionMinimap"].trigger()
    qtbot.waitUntil(minimap.isVisible)
    canvas.view.reset_zoom()  # 1:1: the view shows a part of the graph
    QApplication.processEvents()
    return minimap


def test_dragging_on_the_minimap_moves_the_view_centre_along(window, canvas, qtbot):
    minimap = open_mlp_with_minimap(window, canvas, qtbot)
    graph = canvas.scene.graph_rect()
    start = minimap.from_scene(graph.topLeft() + QPointF(200, 200)).toPoint()
    end = minimap.from_scene(graph.bottomRight() - QPointF(200, 200)).toPoint()
    drag(minimap, start, end, steps=6)
    wanted = minimap.to_scene(QPointF(end))
    centre = view_centre(canvas)
    # Within a minimap pixel of where the mouse let go.
    pixel = graph.width() / minimap.width()
    assert abs(centre.x() - wanted.x()) <= pixel and abs(centre.y() - wanted.y()) <= pixel
    assert canvas.session.undo_stack.count() == 0  # moving the view edits nothing


def test_a_click_centres_the_view_there(window, canvas, qtbot):
    minimap = open_mlp_with_minimap(window, canvas, qtbot)
    output = canvas.node_centre(canvas.doc.output)
    where = minimap.from_scene(output).toPoint()
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=where)
    centre = view_centre(canvas)
    pixel = canvas.scene.graph_rect().width() / minimap.width()
    assert abs(centre.x() - output.x()) <= pixel and abs(centre.y() - output.y()) <= pixel


def test_the_rectangle_follows_the_view_and_the_picture_is_made_once_per_edit(window, canvas, qtbot):
    minimap = open_mlp_with_minimap(window, canvas, qtbot)
    image, _ = minimap.picture()
    first = image.cacheKey()
    # The graph's middle: the rectangle then lies inside the picture, not cut at its edge.
    canvas.view.centerOn(canvas.scene.graph_rect().center())
    minimap.repaint()
    assert minimap.picture()[0].cacheKey() == first  # a moved view draws only the rectangle
    # The rectangle drawn is what the view shows: its middle is the view's middle.
    grabbed = minimap.grab().toImage()
    frame_centre = minimap.from_scene(view_centre(canvas)).toPoint()
    selection = canvas.scene.theme.selection
    row = [grabbed.pixelColor(x, frame_centre.y()) for x in range(grabbed.width())]
    edges = [x for x, colour in enumerate(row) if _close(colour, selection)]
    assert edges and abs((edges[0] + edges[-1]) / 2 - frame_centre.x()) <= 2
    canvas.session.execute(move_nodes({"x1": (-900.0, -600.0)}))
    QApplication.processEvents()
    assert minimap.picture()[0].cacheKey() != first  # the graph changed: a new picture


def _close(a, b, within=40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= within


def test_an_empty_graph_says_so(window, qtbot):
    window.actions["actionMinimap"].trigger()
    qtbot.waitUntil(window.minimap.isVisible)
    image, shown = window.minimap.picture()
    assert shown.isEmpty()
    # Nothing to click on: a click does not move the view.
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    qtbot.mouseClick(window.minimap, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert window.view.mapToScene(window.view.viewport().rect().center()) == centre


def test_a_ring_marks_the_node_being_stepped(window, canvas, qtbot):
    minimap = open_mlp_with_minimap(window, canvas, qtbot)
    ring = canvas.scene.theme.step_current

    def ring_pixels():
        image = minimap.grab().toImage()
        return sum(_close(image.pixelColor(x, y), ring) for x in range(image.width())
                   for y in range(0, image.height()))

    assert ring_pixels() == 0
    canvas.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    canvas.key(Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: ring_pixels() > 10)
    output = minimap.from_scene(canvas.node_centre(canvas.doc.output)).toPoint()
    image = minimap.grab().toImage()
    near = [(x, y) for x in range(output.x() - 8, output.x() + 9)
            for y in range(output.y() - 8, output.y() + 9) if _close(image.pixelColor(x, y), ring)]
    assert near  # round the output, the first step's node


def test_shown_the_first_time_the_minimap_is_a_readable_size_not_a_thumbnail(window, canvas, qtbot):
    window.resize(1600, 1000)
    minimap = open_mlp_with_minimap(window, canvas, qtbot)
    qtbot.waitUntil(lambda: minimap.width() >= 200)
    assert minimap.height() >= 140
    # The person's own size is kept from then on: hidden and shown again, it stays.
    window.resizeDocks([window.minimap_dock], [150], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    narrowed = window.minimap_dock.width()
    assert narrowed < 200
    window.actions["actionMinimap"].trigger()
    qtbot.waitUntil(lambda: not window.minimap_dock.isVisible())
    window.actions["actionMinimap"].trigger()
    qtbot.waitUntil(minimap.isVisible)
    QApplication.processEvents()
    assert window.minimap_dock.width() == narrowed


def test_a_minimap_restored_shown_keeps_the_size_it_was_left_at(make_window, canvas, qtbot):
    window = canvas.window
    window.resize(1600, 1000)
    open_mlp_with_minimap(window, canvas, qtbot)
    qtbot.waitUntil(lambda: window.minimap_dock.width() >= 200)
    window.resizeDocks([window.minimap_dock], [150], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    assert window.minimap_dock.width() < 180
    window.save_layout()
    window.session.undo_stack.setClean()
    window.close()
    again = make_window()
    qtbot.waitUntil(again.minimap_dock.isVisible)
    for _ in range(5):
        QApplication.processEvents()
        qtbot.wait(20)
    assert again.minimap_dock.width() < 180  # not widened again to the picture's 240
