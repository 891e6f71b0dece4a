"""Quick add: type at the cursor to find a node kind and add it there."""

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from ...document import KINDS
from .palette import kind_icon


def matching_kinds(text: str) -> list:
    """Kind names whose name starts with, then contains, ``text`` (case-insensitive)."""
    text = text.strip().lower()
    names = list(KINDS)
    starts = [n for n in names if n.startswith(text)]
    rest = [n for n in names if text in n and n not in starts]
    symbols = [n for n in names if text and KINDS[n].symbol == text and n not in starts + rest]
    return symbols + starts + rest


class QuickAdd(QFrame):
    """A small popup: a filter line and the matching kinds; Enter adds the first."""

    chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("quickAdd")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Add node: type a kind (tanh, mul, +, ...)")
        self.list = QListWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.resize(260, 280)
        self.filter.textChanged.connect(self._refill)
        self.filter.returnPressed.connect(self._choose_current)
        self.list.itemActivated.connect(lambda item: self._choose(item.text()))
        self._refill("")

    def popup(self, global_pos: QPoint, text: str = "") -> None:
        """Show at ``global_pos`` with ``text`` already typed."""
        self.filter.setText(text)
        self._refill(text)
        self.move(self._place(global_pos))
        self.show()
        self.filter.setFocus()

    def _place(self, point: QPoint) -> QPoint:
        """Where the popup's corner goes for ``point``: there, unless the popup would run off
        the screen: then above the point (pointer low), or against the screen's right edge."""
        screen = QGuiApplication.screenAt(point) or self.screen()
        area = screen.availableGeometry()
        x, y = point.x(), point.y()
        if y + self.height() > area.bottom():
            y = max(area.top(), y - self.height())
        if x + self.width() > area.right():
            x = max(area.left(), area.right() - self.width())
        return QPoint(x, y)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.list.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
            return
        super().keyPressEvent(event)

    def _refill(self, text: str) -> None:
        self.list.clear()
        for name in matching_kinds(text):
            dark = self.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.5
            item = QListWidgetItem(kind_icon(KINDS[name], 20, dark=dark), name)
            item.setToolTip(KINDS[name].description)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item.text())

    def _choose(self, kind: str) -> None:
        self.hide()
        self.chosen.emit(kind)
