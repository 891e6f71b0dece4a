"""Editing labels and values: in place on the canvas, and in the inspector dock."""

import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QStyleOptionButton

from tutorial_neuron import LEAVES

CTRL = Qt.KeyboardModifier.ControlModifier
B = LEAVES["b"][1]


def inline_editor(canvas):
    return canvas.viewport.findChild(QLineEdit, "inlineEditor")


def open_inline(qtbot, canvas, node_id, row):
    canvas.double_click(canvas.row(node_id, row))
    qtbot.waitUntil(lambda: inline_editor(canvas) is not None and inline_editor(canvas).hasFocus())
    return inline_editor(canvas)


def gone(canvas):
    editor = inline_editor(canvas)
    return editor is None or not editor.isVisible()


def test_double_click_a_value_type_and_enter_changes_the_data_downstream(qtbot, neuron):
    evaluation = neuron.session.evaluation
    assert evaluation.data("o") == pytest.approx(math.sqrt(0.5))
    editor = open_inline(qtbot, neuron, "w1", "data")
    assert editor.text() == "-3.0" and editor.selectedText() == "-3.0"
    row = neuron.view.mapFromScene(neuron.scene.nodes["w1"].mapToScene(
        neuron.scene.nodes["w1"].field_rect("data"))).boundingRect()
    assert row.contains(editor.geometry().center())

    QTest.keyClicks(editor, "-2")
    QTest.keyClick(editor, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: gone(neuron))
    assert neuron.doc.node("w1")["value"] == -2.0
    evaluation = neuron.session.evaluation
    assert evaluation.data("m1") == -4.0
    assert evaluation.data("o") == math.tanh(2.0 * -2.0 + 0.0 * 1.0 + B)
    assert "-4.0000" in neuron.scene.nodes["m1"].toolTip()
    assert neuron.action("actionUndo").text() == "Undo Set value"
    assert neuron.view.hasFocus()


def test_double_click_a_label_renames_the_node(qtbot, neuron):
    editor = open_inline(qtbot, neuron, "m1", "label")
    assert editor.text() == "x1*w1"
    QTest.keyClicks(editor, "first product")
    QTest.keyClick(editor, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: gone(neuron))
    assert neuron.doc.label("m1") == "first product"
    assert neuron.scene.nodes["m1"].toolTip().startswith("first product")


def test_escape_cancels_an_inline_edit(qtbot, neuron):
    before = neuron.dumps()
    editor = open_inline(qtbot, neuron, "x2", "data")
    QTest.keyClicks(editor, "5")
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(neuron))
    assert neuron.dumps() == before
    assert neuron.session.undo_stack.count() == 0


def test_an_inline_edit_that_is_not_a_number_is_refused_in_words(qtbot, neuron):
    before = neuron.dumps()
    editor = open_inline(qtbot, neuron, "x1", "data")
    QTest.keyClicks(editor, "two")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(neuron))
    assert neuron.dumps() == before
    assert "not a number" in neuron.status()


def test_double_click_on_an_op_nodes_data_row_opens_no_editor(qtbot, neuron):
    neuron.double_click(neuron.row("m1", "data"))
    assert inline_editor(neuron) is None


def test_the_inspector_follows_the_selection(neuron):
    inspector = neuron.window.inspector
    neuron.click(neuron.row("w2"))
    assert inspector.id_text.text() == "w2"
    assert inspector.kind_text.text() == "weight"
    assert inspector.label_edit.text() == "w2" and inspector.value_edit.text() == "1.0"
    assert inspector.data_text.text().startswith("1")
    neuron.click(neuron.row("x1"), CTRL)
    assert not inspector.label_edit.isEnabled()


def _retype(qtbot, edit, text):
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(edit.hasFocus)
    QTest.keyClick(edit, Qt.Key.Key_A, CTRL)  # in a line edit, Ctrl+A selects its text
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def test_the_inspector_edits_label_and_value(qtbot, neuron):
    inspector = neuron.window.inspector
    neuron.click(neuron.row("x2"))
    _retype(qtbot, inspector.label_edit, "second input")
    assert neuron.doc.label("x2") == "second input"
    assert len(neuron.doc) == 10  # Ctrl+A went to the line edit, not to Select All + ...
    _retype(qtbot, inspector.value_edit, "1.5")
    assert neuron.doc.node("x2")["value"] == 1.5
    assert neuron.session.evaluation.data("m2") == 1.5
    assert neuron.action("actionUndo").text() == "Undo Set value"
    assert neuron.session.undo_stack.count() == 2


def test_the_inspector_marks_the_output(qtbot, neuron):
    inspector = neuron.window.inspector
    neuron.click(neuron.row("n"))
    box = inspector.output_box
    assert not box.isChecked()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     indicator.center())
    assert neuron.doc.output == "n"
    assert box.isChecked()
    assert neuron.scene.look("n").is_output and not neuron.scene.look("o").is_output
    neuron.action("actionUndo").trigger()
    assert neuron.doc.output == "o"
    assert not box.isChecked()


def test_a_pow_nodes_exponent_is_edited_in_place(qtbot, canvas):
    node_id = canvas.drop_kind("pow", QPoint(300, 250))
    editor = open_inline(qtbot, canvas, node_id, "data")
    assert editor.text() == "2.0"
    QTest.keyClicks(editor, "3")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(canvas))
    assert canvas.doc.node(node_id)["exponent"] == 3.0


def test_while_stepping_the_inspector_shows_a_grad_not_reached_yet_as_the_canvas_does(neuron):
    inspector = neuron.window.inspector
    neuron.click(neuron.row("x1"))
    assert inspector.id_text.text() == "x1"
    neuron.key(Qt.Key.Key_F10)  # Step: the output is seeded, x1 is not reached yet
    assert neuron.window.scene.look("x1").grad_text == "—"
    assert inspector.grad_text.text() == "—"  # not "0.0", which reads as an answer
    while not neuron.window.backprop.stepper.finished:
        neuron.key(Qt.Key.Key_F10)
    assert inspector.grad_text.text() == neuron.window.scene.look("x1").grad_text == "-1.5"


def test_undoing_an_edit_after_backward_shows_the_grads_as_current_again(qtbot, neuron):
    neuron.key(Qt.Key.Key_B, CTRL)  # Backward
    grads = {n: neuron.session.grad(n) for n in neuron.doc.node_ids()}
    editor = open_inline(qtbot, neuron, "w1", "data")
    QTest.keyClicks(editor, "-2")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(neuron))
    assert neuron.scene.look("x1").stale and "stale" in neuron.scene.nodes["x1"].toolTip()

    neuron.key(Qt.Key.Key_Z, CTRL)
    assert neuron.doc.node("w1")["value"] == -3.0
    assert neuron.status().startswith("Back to the numbers Backward last ran on")
    assert not neuron.scene.look("x1").stale
    assert "stale" not in neuron.scene.nodes["x1"].toolTip()
    assert {n: neuron.session.grad(n) for n in neuron.doc.node_ids()} == grads
    neuron.click(neuron.row("x1", "label"))
    assert neuron.window.inspector.grad_text.text() == "-1.5"  # no "(stale)"


def test_enter_on_a_selected_node_edits_its_number_or_else_its_label(qtbot, neuron):
    neuron.click(neuron.row("w1", "label"))
    neuron.key(Qt.Key.Key_Return)
    editor = inline_editor(neuron)
    qtbot.waitUntil(lambda: editor is not None and editor.hasFocus())
    assert editor.selectedText() == "-3.0"
    QTest.keyClicks(editor, "-2")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(neuron))
    assert neuron.doc.node("w1")["value"] == -2.0

    neuron.click(neuron.row("m1", "label"))  # an operation: no number of its own
    neuron.key(Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: inline_editor(neuron) is not None and inline_editor(neuron).hasFocus())
    assert inline_editor(neuron).selectedText() == "x1*w1"
    QTest.keyClick(inline_editor(neuron), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(neuron))

    # Panned far away and zoomed out: Enter brings the node into view, where its number
    # can be read and typed over (the editor opened off screen, a pixel high).
    neuron.view.zoom_by(0.1)
    neuron.view.centerOn(5000, 5000)
    neuron.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: inline_editor(neuron) is not None and inline_editor(neuron).hasFocus())
    editor = inline_editor(neuron)
    assert neuron.viewport.rect().contains(editor.geometry())
    assert editor.height() >= editor.fontMetrics().height()
    QTest.keyClick(editor, Qt.Key.Key_Escape)


def test_ctrl_tab_and_shift_tab_take_the_keyboard_off_the_canvas_and_tab_adds(qtbot, neuron):
    window = neuron.window
    for modifiers in (CTRL, Qt.KeyboardModifier.ShiftModifier):
        neuron.view.setFocus()
        qtbot.waitUntil(neuron.view.hasFocus)
        neuron.key(Qt.Key.Key_Tab, modifiers)
        focus = QApplication.focusWidget()
        assert focus is not None and focus is not neuron.view and window.isAncestorOf(focus)
        assert not window.typing.popup_if_made() or not window.typing.popup.isVisible()
    # From the canvas to the palette (not to its dock's scroll area, which showed no
    # focus), where Down and Enter add a kind; Tab then reaches the Inspector's fields.
    neuron.click(neuron.row("w1", "label"))
    neuron.key(Qt.Key.Key_Tab, CTRL)
    palette = window.palette_widget
    assert QApplication.focusWidget() is palette
    assert palette.currentItem().text(0) == "input"
    before = set(neuron.doc.node_ids())
    QTest.keyClick(palette, Qt.Key.Key_Down)
    QTest.keyClick(palette, Qt.Key.Key_Return)
    added = [n for n in neuron.doc.node_ids() if n not in before]
    assert [neuron.doc.kind(n).name for n in added] == ["weight"]
    neuron.click(neuron.row("w1", "label"))
    neuron.key(Qt.Key.Key_Tab, CTRL)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.inspector.label_edit
    neuron.view.setFocus()
    neuron.key(Qt.Key.Key_Tab)  # plain Tab: the quick-add popup, as before
    qtbot.waitUntil(lambda: window.typing.popup_if_made() is not None
                    and window.typing.popup.isVisible())
    QTest.keyClick(window.typing.popup, Qt.Key.Key_Escape)


def test_undoing_an_edit_after_a_gradient_check_brings_its_report_back(qtbot, neuron, monkeypatch):
    """The check's table and its marks on the canvas go with an edit and come back with
    its undo: the numbers are the ones it checked again."""
    from gradgui.engine import ops
    broken = ops.OPS["mul"].replace(local=lambda a, b, o, k: (b, 2 * a))
    monkeypatch.setitem(ops.OPS, "mul", broken)  # a mismatch to mark
    neuron.action("actionGradCheck").trigger()
    panel = neuron.window.grad_check_panel
    rows, summary = panel.table.rowCount(), panel.summary.text()
    assert rows and neuron.scene.display.check_flags["w1"]
    editor = open_inline(qtbot, neuron, "b", "data")
    QTest.keyClicks(editor, "7")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(neuron))
    assert panel.table.rowCount() == 0 and "changed since the last check" in panel.summary.text()
    assert not neuron.scene.display.check_flags

    neuron.key(Qt.Key.Key_Z, CTRL)
    assert panel.table.rowCount() == rows and panel.summary.text() == summary
    assert neuron.scene.display.check_flags["w1"]
    neuron.key(Qt.Key.Key_Y, CTRL)  # Redo: the edited numbers again
    assert panel.table.rowCount() == 0 and not neuron.scene.display.check_flags
