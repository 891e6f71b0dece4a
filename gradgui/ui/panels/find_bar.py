"""The find bar: type part of a label or id, see the matching nodes, go to one."""

from typing import Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...document.search import Matches, SearchIndex

_ID = Qt.ItemDataRole.UserRole
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindBar(QWidget):
    """A search field over a list of matches, best first.

    Typing searches at once; Enter in the field goes to the selected match,
    and each Enter after that to the next (Shift+Enter: the previous); Up and
    Down move along the list; Enter or a double-click in the list goes to that
    match; F3 and Shift+F3 go to the next and previous; Esc closes the bar.
    """

    chosen = Signal(str)  # the node id to go to
    closed = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self.session = session
        self.index = SearchIndex(session.doc)
        self.field = QLineEdit(objectName="findText", placeholderText="Label or id…")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(objectName="findCount")
        self.list = QListWidget(objectName="findList")
        self.list.setUniformItemSizes(True)  # a long list lays out at once
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.field)
        layout.addWidget(self.count)
        layout.addWidget(self.list, 1)
        self.matches = Matches("", 0, [])
        self._went = False  # Enter went to a match since the text last changed
        self.field.textChanged.connect(self.search)
        self.list.itemDoubleClicked.connect(self._go_to_item)
        for widget in (self.field, self.list):
            widget.installEventFilter(self)
        for signal in (session.settled, session.document_replaced):
            signal.connect(self._graph_changed)
        self.search("")

    def start(self) -> None:
        """Put the cursor in the field, its text selected, ready to type over."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def search(self, text: Optional[str] = None) -> Matches:
        """Search for ``text`` (default: what the field says) and list the matches."""
        text = self.field.text() if text is None else text
        self.matches = self.index.find(text)
        self._went = False
        self.list.clear()
        doc = self.session.doc
        for node_id in self.matches.node_ids:
            label = doc.label(node_id)
            item = QListWidgetItem(label if label == node_id else f"{label}    ({node_id})")
            item.setData(_ID, node_id)
            self.list.addItem(item)
        if self.matches.node_ids:
            self.list.setCurrentRow(0)
        self.count.setText(self._count_text())
        return self.matches

    def _count_text(self) -> str:
        total = self.matches.total
        if not self.field.text().strip():
            return "Type part of a label or id."
        if total == 0:
            return "No matches"
        shown = len(self.matches.node_ids)
        noun = "match" if total == 1 else "matches"
        return f"{total:,} {noun}" + (f" (the first {shown:,} listed)" if shown < total else "")

    def _graph_changed(self) -> None:
        if self.field.text().strip():
            row = self.list.currentRow()
            self.search()
            if 0 <= row < self.list.count():
                self.list.setCurrentRow(row)

    def current(self) -> Optional[str]:
        """The node id of the selected match, if any."""
        item = self.list.currentItem()
        return None if item is None else item.data(_ID)

    def go(self, step: int = 0) -> Optional[str]:
        """Go to the selected match moved by ``step`` rows (wrapping round); its id."""
        count = self.list.count()
        if count == 0:
            return None
        row = (max(0, self.list.currentRow()) + step) % count
        self.list.setCurrentRow(row)
        self._went = True
        node_id = self.current()
        self.chosen.emit(node_id)
        return node_id

    def next(self) -> Optional[str]:
        """Go to the next match (the first, if Enter has not gone anywhere yet)."""
        return self.go(1 if self._went else 0)

    def previous(self) -> Optional[str]:
        """Go to the previous match."""
        return self.go(-1)

    def _go_to_item(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self._went = True
        self.chosen.emit(item.data(_ID))

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_F3:
            # F3 here is the bar's own: as the window's Find Next it would first take
            # the focus from the field (every action ends typing in a field).
            event.accept()
            return True
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.closed.emit()
            return True
        if key == Qt.Key.Key_F3:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous()
            else:
                self.next()
            return True
        if key in _ENTER:
            if watched is self.list:
                self.go(0)  # the row the person picked
            elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous()
            else:
                self.next()
            return True
        if watched is self.field and key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
            step = 1 if key == Qt.Key.Key_Down else -1
            self.list.setCurrentRow(min(self.list.count() - 1, max(0, self.list.currentRow() + step)))
            self._went = False  # Enter goes to the row chosen, then on from it
            return True
        return super().eventFilter(watched, event)
