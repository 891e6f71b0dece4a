"""Adding nodes: palette drops, palette double-clicks and quick-add at the cursor."""

from PySide6.QtCore import QMimeData, QPoint, QRectF, Qt
from PySide6.QtGui import QCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gradgui.document import GROUPS, KINDS
from gradgui.ui.geometry import HEIGHT, WIDTH


def _centred_at(canvas, node_id, viewport_point, tolerance=0.51):
    # add_node rounds a position to whole scene units: half a unit off at most.
    QApplication.processEvents()  # the node must stay put once the view has settled
    centre = canvas.view.mapFromScene(canvas.node_centre(node_id))
    return (abs(centre.x() - viewport_point.x()) <= tolerance
            and abs(centre.y() - viewport_point.y()) <= tolerance)


def test_palette_lists_every_kind_in_its_group_with_icon_and_tooltip(window):
    palette = window.palette_widget
    assert palette.topLevelItemCount() == len(GROUPS)
    seen = []
    for g in range(palette.topLevelItemCount()):
        group = palette.topLevelItem(g)
        for i in range(group.childCount()):
            item = group.child(i)
            kind = KINDS[item.text(0)]
            assert kind.group == GROUPS[g]
            assert not item.icon(0).isNull()
            assert kind.name in item.toolTip(0)
            seen.append(kind.name)
    assert seen == list(KINDS)


def test_dropping_a_palette_kind_adds_that_node_where_it_lands(canvas):
    drop_at = QPoint(260, 210)
    node_id = canvas.drop_kind("mul", drop_at)

    assert node_id == "mul1"
    assert canvas.doc.kind(node_id).name == "mul"
    assert node_id in canvas.scene.nodes
    assert _centred_at(canvas, node_id, drop_at)
    assert canvas.scene.selected_node_ids() == [node_id]
    undo = canvas.action("actionUndo")
    assert undo.text() == "Undo Add mul"
    undo.trigger()
    assert canvas.doc.node_ids() == [] and canvas.scene.nodes == {}


def test_dropped_value_kinds_get_unique_ids_and_labels(canvas):
    ids = [canvas.drop_kind("input", QPoint(100 + 40 * i, 120 + 90 * i)) for i in range(3)]
    assert ids == ["x1", "x2", "x3"]
    assert [canvas.doc.label(n) for n in ids] == ids
    assert canvas.drop_kind("weight", QPoint(400, 120)) == "w1"


def test_a_drop_without_a_kind_adds_nothing(canvas):
    mime = QMimeData()
    mime.setText("tanh")
    assert canvas.drop_mime(mime, QPoint(200, 200)) is None
    assert len(canvas.doc) == 0
    assert not canvas.action("actionUndo").isEnabled()


def test_double_clicking_a_palette_kind_adds_it_at_the_view_centre(window, canvas):
    palette = window.palette_widget
    item = palette.item_for("tanh")
    where = palette.visualItemRect(item).center()
    canvas.double_click(where, widget=palette.viewport())

    assert canvas.doc.node_ids() == ["tanh1"]
    assert canvas.doc.kind("tanh1").name == "tanh"
    assert _centred_at(canvas, "tanh1", canvas.viewport.rect().center())


def test_palette_double_clicks_in_a_row_put_each_node_in_a_free_place_near_the_centre(
        window, canvas):
    """Five kinds double-clicked one after another: no node covers another, all show, and
    each undo takes one away."""
    palette = window.palette_widget
    for kind in ("input", "input", "weight", "mul", "tanh"):
        where = palette.visualItemRect(palette.item_for(kind)).center()
        canvas.double_click(where, widget=palette.viewport())
    ids = canvas.doc.node_ids()
    assert ids == ["x1", "x2", "w1", "mul1", "tanh1"]
    assert _centred_at(canvas, "x1", canvas.viewport.rect().center())
    rects = {n: QRectF(*canvas.doc.pos(n), WIDTH, HEIGHT) for n in ids}  # the boxes drawn
    for a in ids:
        for b in ids:
            assert a == b or not rects[a].intersects(rects[b]), (a, b)
    shown = canvas.view.mapToScene(canvas.viewport.rect()).boundingRect()
    assert all(shown.contains(rect) for rect in rects.values())
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.doc.node_ids() == ids[:-1]


def test_tab_on_the_canvas_then_typing_tanh_and_enter_adds_a_tanh_at_the_cursor(qtbot, window,
                                                                               canvas):
    cursor = QPoint(180, 240)
    QCursor.setPos(canvas.viewport.mapToGlobal(cursor))
    canvas.key(Qt.Key.Key_Tab)
    popup = window.typing.popup
    qtbot.waitUntil(popup.isVisible)
    assert popup.filter.text() == ""

    QTest.keyClicks(popup.filter, "tanh")
    assert popup.list.currentItem().text() == "tanh"
    QTest.keyClick(popup.filter, Qt.Key.Key_Return)

    assert not popup.isVisible()
    assert canvas.doc.node_ids() == ["tanh1"]
    assert canvas.doc.kind("tanh1").name == "tanh"
    assert _centred_at(canvas, "tanh1", cursor)


def test_tab_low_on_the_screen_opens_the_popup_above_the_pointer_on_screen(qtbot, window,
                                                                            canvas):
    """It opened below the pointer and ran off the bottom of a 1280x800 screen."""
    screen = window.screen().availableGeometry()
    window.move(screen.bottomRight() - window.frameGeometry().bottomRight() + window.pos())
    qtbot.waitUntil(lambda: window.frameGeometry().bottom() >= screen.bottom() - 1)
    low = canvas.viewport.rect().bottomRight() - QPoint(10, 10)
    assert canvas.viewport.mapToGlobal(low).y() > screen.bottom() - 60
    QCursor.setPos(canvas.viewport.mapToGlobal(low))
    canvas.key(Qt.Key.Key_Tab)
    popup = window.typing.popup
    qtbot.waitUntil(popup.isVisible)
    assert screen.contains(popup.frameGeometry())
    QTest.keyClicks(popup.filter, "exp")
    QTest.keyClick(popup.filter, Qt.Key.Key_Return)
    assert [canvas.doc.kind(n).name for n in canvas.doc.node_ids()] == ["exp"]


def test_typing_a_letter_on_the_canvas_opens_quick_add_with_that_letter(qtbot, window, canvas):
    canvas.key(Qt.Key.Key_E)
    popup = window.typing.popup
    qtbot.waitUntil(popup.isVisible)
    assert popup.filter.text() == "e"
    QTest.keyClicks(popup.filter, "xp")
    QTest.keyClick(popup.filter, Qt.Key.Key_Return)
    assert [canvas.doc.kind(n).name for n in canvas.doc.node_ids()] == ["exp"]


def test_typing_log_on_a_graph_adds_a_log_and_moves_nothing(qtbot, window, canvas):
    """L laid the graph out (Auto Layout's key was a bare L), then "og" went to the search."""
    assert window.files.open_example("neuron.json")
    places = {n: canvas.doc.node(n)["pos"] for n in canvas.doc.node_ids()}
    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_L)
    popup = window.typing.popup
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClicks(popup.filter, "og")
    QTest.keyClick(popup.filter, Qt.Key.Key_Return)
    added = [n for n in canvas.doc.node_ids() if n not in places]
    assert [canvas.doc.kind(n).name for n in added] == ["log"]
    assert {n: canvas.doc.node(n)["pos"] for n in places} == places
    assert canvas.session.undo_stack.count() == 1


def test_quick_add_arrow_keys_choose_among_matches_and_escape_adds_nothing(qtbot, window, canvas):
    canvas.key(Qt.Key.Key_Tab)
    popup = window.typing.popup
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClicks(popup.filter, "s")  # sub, sigmoid: names that start with s
    names = [popup.list.item(i).text() for i in range(popup.list.count())]
    assert names[:2] == ["sub", "sigmoid"]
    QTest.keyClick(popup.filter, Qt.Key.Key_Down)
    QTest.keyClick(popup.filter, Qt.Key.Key_Return)
    assert [canvas.doc.kind(n).name for n in canvas.doc.node_ids()] == ["sigmoid"]

    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_Tab)
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClicks(popup.filter, "mul")
    QTest.keyClick(popup.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert len(canvas.doc) == 1


def test_a_new_node_sits_where_it_was_dropped_in_scene_units_at_any_zoom(canvas):
    canvas.key(Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert canvas.view.zoom < 1.0
    drop_at = QPoint(300, 300)
    scene_point = canvas.view.mapToScene(drop_at)
    node_id = canvas.drop_kind("add", drop_at)
    x, y = canvas.doc.pos(node_id)
    assert abs(x + WIDTH / 2 - scene_point.x()) <= 1.0
    assert abs(y + HEIGHT / 2 - scene_point.y()) <= 1.0
