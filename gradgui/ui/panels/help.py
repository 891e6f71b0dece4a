"""The Help menu's windows: the bundled user guide, the keyboard shortcuts, About."""

from typing import Dict, List, Tuple

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from ...package_info import __version__, resources_dir
from .markdown_view import MarkdownBrowser

LICENCE = "MIT"


def user_guide_text() -> str:
    """The user guide, as Markdown (bundled with the package: no network needed)."""
    return (resources_dir() / "help" / "user_guide.md").read_text(encoding="utf-8")


_EDITING_KEYS = {Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Insert, Qt.Key.Key_Tab,
                 Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Home,
                 Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def _on_a_keyboard(sequence: QKeySequence) -> bool:
    """True for keys most keyboards have (not the 'Save' or F16 keys of a few)."""
    key = sequence[0].key()
    return (key.value < Qt.Key.Key_Escape.value or key in _EDITING_KEYS
            or Qt.Key.Key_F1.value <= key.value <= Qt.Key.Key_F12.value)


# Keys the canvas takes itself (no menu holds them): listed after the menus' keys.
CANVAS_KEYS = (
    ("Add a node", "Tab, or type its name"),
    ("Edit the selected node's value or label", "Enter"),
    ("Leave the canvas for the panels", "Ctrl+Tab, Shift+Tab"),
    ("Pan", "Space+drag, middle button drag"),
    ("Zoom about the pointer", "Wheel"),
    ("Cancel the wire being dragged", "Esc"),
)


def shortcut_rows(actions: Dict[str, QAction], menus: Dict[str, object]) -> List[Tuple[str, str, str]]:
    """(menu, action, keys) for every action that has a key, in menu order, then the
    canvas's own keys (menu "Canvas")."""
    rows = []
    for menu_name, menu in menus.items():
        for action in menu.actions():
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                             for s in action.shortcuts() if _on_a_keyboard(s))
            if keys and action in actions.values():
                rows.append((menu_name, action.text().replace("&", "").rstrip("…"), keys))
    return rows + [("Canvas", what, keys) for what, keys in CANVAS_KEYS]


def about_text() -> str:
    """What About says: the version of gradgui and of what it runs on, and the licence."""
    import platform  # here: importlib.metadata brings the email package, not needed at start
    from importlib import metadata
    try:
        networkx = metadata.version("networkx")
    except metadata.PackageNotFoundError:
        networkx = "not installed"
    return (f"<h3>gradgui {__version__}</h3>"
            "<p>A desktop editor that makes backpropagation visible.</p>"
            f"<p>Python {platform.python_version()}<br>Qt {qVersion()}<br>"
            f"PySide6 {PySide6.__version__}<br>networkx {networkx}</p>"
            f"<p>Licence: {LICENCE}.</p>")


class _Window(QDialog):
    """A Help window: not modal, so the guide can stay open beside the canvas."""

    def __init__(self, parent, name: str, title: str, body):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


class HelpWindows:
    """Opens the Help menu's windows for a main window, each made once."""

    def __init__(self, window):
        self.window = window
        self._open: Dict[str, QDialog] = {}

    def user_guide(self) -> QDialog:
        """Show the user guide."""
        return self._show("userGuideDialog", self._make_guide)

    def shortcuts(self) -> QDialog:
        """Show every action's keys (read from the actions each time)."""
        dialog = self._show("shortcutsDialog", self._make_shortcuts)
        self._fill_shortcuts(dialog.findChild(QTableWidget))
        return dialog

    def about(self) -> QDialog:
        """Show the version, what gradgui runs on, and the licence."""
        return self._show("aboutDialog", lambda: _Window(
            self.window, "aboutDialog", "About gradgui", QLabel(about_text(), objectName="aboutText")))

    def _show(self, name, make) -> QDialog:
        if name not in self._open:
            self._open[name] = make()
        dialog = self._open[name]
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _make_guide(self) -> QDialog:
        browser = MarkdownBrowser(objectName="userGuide")
        browser.setOpenExternalLinks(False)
        browser.setMarkdown(user_guide_text())
        dialog = _Window(self.window, "userGuideDialog", "gradgui User Guide", browser)
        dialog.resize(720, 640)
        return dialog

    def _make_shortcuts(self) -> QDialog:
        table = QTableWidget(0, 3, objectName="shortcutsTable")
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        dialog = _Window(self.window, "shortcutsDialog", "Keyboard Shortcuts", table)
        dialog.resize(600, 560)
        return dialog

    def _fill_shortcuts(self, table: QTableWidget) -> None:
        rows = shortcut_rows(self.window.actions, self.window.menus)
        table.setRowCount(len(rows))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, column, item)
