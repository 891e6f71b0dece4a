"""The toolbar: buttons that keep their place, tooltips with the detail and the shortcut."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar, QToolButton


def toolbar_buttons(window):
    toolbar = window.findChild(QToolBar, "mainToolBar")
    return {b.defaultAction().text(): b for b in toolbar.findChildren(QToolButton)
            if b.defaultAction() is not None and b.isVisible()}


def test_an_edit_changes_undos_tooltip_but_no_buttons_place(neuron):
    buttons = toolbar_buttons(neuron.window)
    places = {text: (b.x(), b.width()) for text, b in buttons.items()}
    undo = buttons["Undo"]
    assert not undo.isEnabled()

    neuron.click(neuron.row("b"))
    neuron.key(Qt.Key.Key_Delete)

    assert {text: (b.x(), b.width()) for text, b in toolbar_buttons(neuron.window).items()} == places
    assert undo.isEnabled() and undo.text() == "Undo"
    assert undo.toolTip().startswith("Undo Delete") and "(Ctrl+Z)" in undo.toolTip()
    QTest.mouseClick(undo, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert "b" in neuron.doc


def test_every_toolbar_button_with_a_key_names_it_in_its_tooltip(window):
    buttons = toolbar_buttons(window)
    assert {"Open", "Save", "Undo", "Redo", "Backward", "Step"} <= set(buttons)
    for text, button in buttons.items():
        name = button.defaultAction().objectName().removeprefix("toolbar_")
        key = window.findChild(QAction, name).shortcut().toString()
        if key:
            assert button.toolTip().endswith(f"({key})"), (text, button.toolTip())
    assert buttons["Backward"].toolTip() == "Backpropagate from the output (Ctrl+B)"
