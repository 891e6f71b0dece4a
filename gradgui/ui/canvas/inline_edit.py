"""In-place editing of a node's label, value or exponent, right on the canvas."""

from typing import Callable, Optional

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLineEdit


_ENDS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class InlineEditor(QObject):
    """A line edit laid over a node's text row; Enter commits, Escape cancels."""

    def __init__(self, view, commit: Callable[[str, str, str], None]):
        super().__init__(view)
        self.view = view
        self.commit = commit
        self.editor: Optional[QLineEdit] = None
        self._target = None

    def start(self, node_id: str, field: str) -> bool:
        """Open the editor over ``field`` ('label', 'value' or 'exponent') of a node."""
        doc = self.view.session.doc
        attrs = doc.node(node_id)
        if field not in attrs:
            return False
        self.finish(False)
        item = self.view.scene().item_of(node_id)
        row = "label" if field == "label" else "data"
        rect = self.view.mapFromScene(item.mapRectToScene(item.field_rect(row))).boundingRect()
        editor = QLineEdit(self.view.viewport())
        editor.setObjectName("inlineEditor")
        value = attrs[field]
        editor.setText(value if field == "label" else repr(value))
        editor.selectAll()
        editor.setGeometry(rect.adjusted(2, 1, -2, -1))
        editor.installEventFilter(self)
        editor.show()
        editor.setFocus()
        self.editor, self._target = editor, (node_id, field, editor.text())
        return True

    def finish(self, accept: bool) -> None:
        """Close the editor, committing its text when ``accept``."""
        editor, target = self.editor, self._target
        if editor is None:
            return
        self.editor, self._target = None, None
        editor.removeEventFilter(self)
        text = editor.text()
        editor.deleteLater()
        self.view.setFocus()
        if accept and text != target[2]:
            self.commit(target[0], target[1], text)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in _ENDS:
            # Taken here: a line edit passes Enter on, and the canvas would open it again.
            self.finish(event.key() != Qt.Key.Key_Escape)
            return True
        if event.type() == QEvent.Type.FocusOut:
            self.finish(True)
        return False
