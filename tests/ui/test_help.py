"""The Help menu (user guide, keyboard shortcuts, About) and the hint on an empty canvas."""

import platform

import PySide6
from PySide6.QtCore import QPoint, Qt, qVersion
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QLabel, QMenu, QTableWidget, QTextBrowser

from gradgui import __version__
from gradgui.ui.panels.help import CANVAS_KEYS


def help_menu(window) -> QMenu:
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Help")


def test_f1_opens_the_bundled_user_guide_inside_the_app(window, canvas, qtbot):
    canvas.key(Qt.Key.Key_F1)
    dialog = window.findChild(object, "userGuideDialog")
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.findChild(QTextBrowser, "userGuide").toPlainText()
    assert text.startswith("gradgui user guide")
    # It covers every menu of the window.
    for menu in ("File", "Edit", "Graph", "View", "Help"):
        assert f"{menu} menu" in text


def test_the_user_guide_names_every_menu_action(window):
    window.findChild(QAction, "actionUserGuide").trigger()
    text = window.findChild(QTextBrowser, "userGuide").toPlainText()
    for action in window.actions.values():
        name = action.text().replace("&", "").rstrip("…")
        if action.objectName().startswith("action") and not name.startswith(("Undo ", "Redo ")):
            assert name.split(" (")[0] in text, name


def test_keyboard_shortcuts_are_read_from_the_actions(window, qtbot):
    help_menu(window)  # the menu is there, with the three entries
    names = [a.objectName() for a in help_menu(window).actions()]
    assert names == ["actionUserGuide", "menuLessonsAction", "actionShortcuts", "actionAbout"]
    window.findChild(QAction, "actionShortcuts").trigger()
    table = window.findChild(QTableWidget, "shortcutsTable")
    qtbot.waitUntil(table.isVisible)
    rows = {(table.item(r, 0).text(), table.item(r, 1).text()): table.item(r, 2).text()
            for r in range(table.rowCount())}
    assert rows[("Graph", "Backward")] == "Ctrl+B"
    assert rows[("Edit", "Duplicate")] == "Ctrl+D"
    assert "Ctrl+Y" in rows[("Edit", "Redo")]
    bound = [a for a in window.actions.values() if a.shortcuts() and a.objectName().startswith("action")]
    # Then the keys the canvas takes itself, which no menu shows.
    assert rows[("Canvas", "Add a node")] == "Tab, or type its name"
    assert rows[("Canvas", "Leave the canvas for the panels")] == "Ctrl+Tab, Shift+Tab"
    assert len(rows) == len(bound) + len(CANVAS_KEYS)


def test_about_names_the_versions_and_the_licence(window, qtbot):
    window.findChild(QAction, "actionAbout").trigger()
    text = window.findChild(QLabel, "aboutText").text()
    for part in (f"gradgui {__version__}", f"Python {platform.python_version()}", f"Qt {qVersion()}",
                 f"PySide6 {PySide6.__version__}", "networkx ", "Licence: MIT"):
        assert part in text


def paint(view) -> QImage:
    return view.viewport().grab().toImage()


def distinct_colours(image: QImage, rect) -> int:
    return len({image.pixel(x, y) for x in range(rect.left(), rect.right(), 2)
                for y in range(rect.top(), rect.bottom(), 2)})


def test_an_empty_canvas_says_how_to_begin_until_a_node_is_added(window, canvas, qtbot):
    view = window.view
    assert "palette" in view.empty_hint() and "Tab" in view.empty_hint()
    middle = view.viewport().rect().adjusted(200, 150, -200, -150)
    assert distinct_colours(paint(view), middle) > 2  # text is drawn there

    assert canvas.drop_kind("tanh", QPoint(10, 10)) == "tanh1"  # in a corner, away from the hint

    assert view.empty_hint() == ""
    assert distinct_colours(paint(view), middle) == 1
