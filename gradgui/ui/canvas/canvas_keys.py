"""The keys the canvas takes itself: Tab and letters add a node where the pointer is,
Enter edits the selected node, Ctrl+Tab and Shift+Tab leave for the panels."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QKeyEvent

from ..geometry import TEXT_MIN_ZOOM

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TABS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def take_key(view, event: QKeyEvent) -> bool:
    """Do what ``event`` asks of the canvas ``view``; False for a key it leaves to Qt."""
    key, modifiers = event.key(), event.modifiers()
    if key in _TABS and modifiers != Qt.KeyboardModifier.NoModifier:
        # Tab adds a node here: Ctrl+Tab and Shift+Tab leave the canvas, as in a text box.
        forward = key == Qt.Key.Key_Tab and not modifiers & Qt.KeyboardModifier.ShiftModifier
        view.leave_canvas(forward)
        return True
    node = view.scene().queries.sole_selected_node()
    if key in _ENTER and node is not None:
        _edit(view, node)
        return True
    text = event.text()
    plain = not (modifiers & ~Qt.KeyboardModifier.ShiftModifier)
    if key == Qt.Key.Key_Tab or (plain and text.isalpha() and len(text) == 1):
        # Viewport coordinates: the view's own are off by its frame.
        cursor = view.viewport().mapFromGlobal(QCursor.pos())
        if not view.viewport().rect().contains(cursor):
            cursor = view.viewport().rect().center()
        view.quick_add_requested.emit(view.mapToScene(cursor), "" if key == Qt.Key.Key_Tab else text)
        return True
    return False


def _edit(view, node: str) -> None:
    """Edit the node's number (an operation's label) in place, where it can be read: the
    selected node may be off screen, or too small to type over."""
    if view.zoom < TEXT_MIN_ZOOM:
        view.zoom_by(view.read_zoom() / view.zoom)
    view.show_nodes([node])
    view.field_edit_requested.emit(node, "any")  # as a double-click on its number
