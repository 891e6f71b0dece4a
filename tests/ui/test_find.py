"""Edit > Find: Ctrl+F, type, Enter goes to a match (selected, in the middle of the view)."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from gradgui import examples_dir
from gradgui.document import SetField
from gradgui.ui.geometry import TEXT_MIN_ZOOM

from conftest import double_click

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def view_centre(canvas) -> QPointF:
    return canvas.view.mapToScene(canvas.viewport.rect().center())


def assert_centred_on(canvas, qtbot, node_id):
    qtbot.waitUntil(lambda: not canvas.window.navigate.pan.running)
    centre, node = view_centre(canvas), canvas.node_centre(node_id)
    tolerance = 2.0 / canvas.view.zoom
    assert abs(centre.x() - node.x()) <= tolerance and abs(centre.y() - node.y()) <= tolerance


def open_find(canvas, qtbot):
    """Ctrl+F on the canvas, as a person presses it; returns the find bar."""
    bar = canvas.window.find_bar
    canvas.key(Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: bar.field.hasFocus())
    return bar


def test_ctrl_f_typing_and_enter_go_to_and_select_a_node(neuron, qtbot):
    before = neuron.dumps()
    neuron.view.reset_zoom()
    neuron.view.centerOn(neuron.node_centre("x1"))
    bar = open_find(neuron, qtbot)
    assert neuron.window.find_dock.isVisible()
    qtbot.keyClicks(bar.field, "x2*")
    items = [bar.list.item(i).text() for i in range(bar.list.count())]
    assert items == ["x2*w2    (m2)", "x1*w1 + x2*w2    (s1)"]
    assert bar.count.text() == "2 matches"

    qtbot.keyClick(bar.field, Qt.Key.Key_Return)

    assert neuron.scene.selected_node_ids() == ["m2"]
    assert_centred_on(neuron, qtbot, "m2")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # Enter again: the next match
    assert neuron.scene.selected_node_ids() == ["s1"]
    assert_centred_on(neuron, qtbot, "s1")

    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not neuron.window.find_dock.isVisible()
    assert neuron.view.hasFocus()
    assert neuron.dumps() == before and neuron.session.undo_stack.count() == 0  # no edit


def test_f3_and_shift_f3_go_to_the_next_and_previous_match(neuron, qtbot):
    bar = open_find(neuron, qtbot)
    qtbot.keyClicks(bar.field, "W")  # w1 and w2 first (they start with it), then m1, m2, s1
    assert bar.matches.node_ids == ["w1", "w2", "m1", "m2", "s1"]
    neuron.view.setFocus()
    neuron.key(Qt.Key.Key_F3)
    assert neuron.scene.selected_node_ids() == ["w1"]
    neuron.key(Qt.Key.Key_F3)
    assert neuron.scene.selected_node_ids() == ["w2"]
    neuron.key(Qt.Key.Key_F3, SHIFT)
    assert neuron.scene.selected_node_ids() == ["w1"]
    neuron.key(Qt.Key.Key_F3, SHIFT)  # round to the last
    assert neuron.scene.selected_node_ids() == ["s1"]
    assert_centred_on(neuron, qtbot, "s1")
    # In the field too, where the typing goes on after it.
    bar.start()
    qtbot.keyClick(bar.field, Qt.Key.Key_End)
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert neuron.scene.selected_node_ids() == ["w1"]
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, SHIFT)
    assert neuron.scene.selected_node_ids() == ["s1"]
    assert bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "2")
    assert bar.field.text() == "W2"


def test_down_and_enter_or_a_double_click_in_the_list_go_to_that_match(neuron, qtbot):
    bar = open_find(neuron, qtbot)
    qtbot.keyClicks(bar.field, "x")
    qtbot.keyClick(bar.field, Qt.Key.Key_Down)
    qtbot.keyClick(bar.field, Qt.Key.Key_Down)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert neuron.scene.selected_node_ids() == [bar.matches.node_ids[2]]
    last = bar.list.item(bar.list.count() - 1)
    double_click(bar.list.viewport(), bar.list.visualItemRect(last).center())
    assert neuron.scene.selected_node_ids() == [bar.matches.node_ids[-1]]
    assert_centred_on(neuron, qtbot, bar.matches.node_ids[-1])


def test_a_far_zoomed_out_view_zooms_in_to_show_the_found_node(window, canvas, qtbot):
    assert window.files.open_file(str(examples_dir() / "mlp.json"))
    canvas.key(Qt.Key.Key_F)
    assert canvas.view.zoom < TEXT_MIN_ZOOM
    bar = open_find(canvas, qtbot)
    qtbot.keyClicks(bar.field, "L2.n1.b")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert canvas.view.zoom == pytest.approx(1.0)
    assert canvas.scene.selected_node_ids() == ["L2.n1.b"]
    assert_centred_on(canvas, qtbot, "L2.n1.b")


def test_the_matches_follow_edits_and_say_when_there_are_none(neuron, qtbot):
    bar = open_find(neuron, qtbot)
    qtbot.keyClicks(bar.field, "bias")
    assert bar.list.count() == 0 and bar.count.text() == "No matches"
    neuron.session.execute(SetField("b", "label", "Bias"))
    QApplication.processEvents()
    qtbot.waitUntil(lambda: bar.list.count() == 1)
    assert bar.list.item(0).text() == "Bias    (b)"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert neuron.scene.selected_node_ids() == ["b"]


def test_find_is_in_the_edit_menu_with_its_keys(window):
    edit = window.menus["Edit"]
    names = [a.objectName() for a in edit.actions()]
    assert {"actionFind", "actionFindNext", "actionFindPrevious"} <= set(names)
    assert window.actions["actionFind"].shortcut().toString() == "Ctrl+F"
    assert window.actions["actionFindNext"].shortcut().toString() == "F3"


def rows_shown(bar) -> int:
    """How many of the match list's rows show whole, without scrolling."""
    height = bar.list.sizeHintForRow(0)
    return bar.list.viewport().height() // height if height > 0 else 0


def test_many_matches_get_room_to_show_a_dozen_rows_with_the_minimap_open(window, canvas, qtbot):
    """At 1280x800 the find bar's list showed two rows under the palette, and one with the
    minimap open too: the dock takes the room it needs from the palette."""
    window.resize(1280, 800)
    assert window.files.open_file(str(examples_dir() / "mlp.json"))
    canvas.action("actionMinimap").trigger()
    bar = open_find(canvas, qtbot)
    qtbot.keyClicks(bar.field, "w")
    assert bar.list.count() > 12
    qtbot.waitUntil(lambda: rows_shown(bar) >= 12)
