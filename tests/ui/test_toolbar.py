"""The toolbar: buttons that keep their place, tooltips with the detail and the shortcut."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar, QToolButton


def toolbar_buttons(window):
    """The buttons on show in the window's toolbars, by their text."""
    return {b.defaultAction().text(): b for toolbar in window.findChildren(QToolBar)
            for b in toolbar.findChildren(QToolButton)
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


ALL_BUTTONS = {"Open", "Save", "Undo", "Redo", "Backward", "Step", "Step Back", "Step Over",
               "Run to End", "Reset Grads", "Descent Step", "Gradient Check", "Fit Graph"}


def _rows(window):
    """The toolbars' rows, top down, each a list of the toolbars' object names."""
    rows = {}
    for bar in sorted(window.toolbars, key=lambda bar: bar.geometry().x()):
        rows.setdefault(bar.geometry().y(), []).append(bar.objectName())
    return [rows[y] for y in sorted(rows)]


def test_at_a_large_text_size_the_toolbars_take_a_second_row_and_hide_no_button(window, qtbot):
    assert window.width() == 1280
    assert set(toolbar_buttons(window)) == ALL_BUTTONS
    assert len(_rows(window)) == 1
    for size in ("150", "200"):
        window.actions[f"actionTextSize{size}"].trigger()
        qtbot.waitUntil(lambda: len(_rows(window)) == 2)
        # Before, Gradient Check and Fit (and at 200 % more) went behind the » arrow.
        assert set(toolbar_buttons(window)) == ALL_BUTTONS, size
        assert _rows(window) == [["mainToolBar", "backwardToolBar"], ["descentToolBar"]]
    window.actions["actionTextSize100"].trigger()
    qtbot.waitUntil(lambda: len(_rows(window)) == 1)  # one row again: the canvas gets it back


def test_a_narrower_window_puts_the_toolbars_in_rows_and_a_wider_one_back_in_one(window, qtbot):
    window.resize(900, 700)
    qtbot.waitUntil(lambda: len(_rows(window)) == 2)
    assert _rows(window) == [["mainToolBar", "backwardToolBar"], ["descentToolBar"]]
    assert set(toolbar_buttons(window)) == ALL_BUTTONS
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: len(_rows(window)) == 1)


def test_toolbars_put_in_another_order_keep_it_when_they_take_rows(window, qtbot):
    bars = {bar.objectName(): bar for bar in window.toolbars}
    window.insertToolBar(bars["mainToolBar"], bars["descentToolBar"])  # as a drag would
    qtbot.waitUntil(lambda: _rows(window) == [["descentToolBar", "mainToolBar",
                                                "backwardToolBar"]])
    window.actions["actionTextSize150"].trigger()
    qtbot.waitUntil(lambda: len(_rows(window)) == 2)
    assert _rows(window) == [["descentToolBar", "mainToolBar"], ["backwardToolBar"]]
    assert set(toolbar_buttons(window)) == ALL_BUTTONS


def test_a_toolbar_starts_a_row_only_where_the_one_before_fills_it():
    from gradgui.ui.toolbar_rows import rows_for
    assert rows_for([217, 465, 398], 1280) == [False, False, False]
    assert rows_for([294, 663, 564], 1280) == [False, False, True]
    assert rows_for([900, 500, 500], 1000) == [False, True, False]
    assert rows_for([1500, 100], 1000) == [False, True]  # one too wide still gets its own row
