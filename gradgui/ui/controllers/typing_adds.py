"""Adding nodes by typing: the Tab popup on the canvas and Edit > Insert Expression.

Both are made when first asked for, so a window that never uses them never loads them.
"""

from PySide6.QtCore import QPointF


class TypingAdds:
    """The quick-add popup (a node of a typed kind where the cursor is) and expression insertion."""

    def __init__(self, window, view, edits):
        self.window, self.view, self.edits = window, view, edits
        self._popup = None
        self._point = QPointF()

    @property
    def popup(self):
        """The Tab popup, made the first time it is needed."""
        if self._popup is None:
            from ..panels.quick_add import QuickAdd

            popup = self._popup = QuickAdd(self.window)
            # A popup of its own: the window's palette and font do not reach it by themselves.
            popup.setPalette(self.window.palette())
            popup.setFont(self.window.font())
            popup.chosen.connect(lambda kind: self.edits.add_node(kind, self._point))
        return self._popup

    def popup_if_made(self):
        """The Tab popup if it has been made, else None."""
        return self._popup

    def show_popup(self, scene_point: QPointF, text: str) -> None:
        """Open the popup under ``scene_point`` with ``text`` already typed."""
        self._point = scene_point
        global_pos = self.view.viewport().mapToGlobal(self.view.mapFromScene(scene_point))
        self.popup.popup(global_pos, text)

    def insert_expression(self) -> list:
        """Ask for an expression and add its nodes as one step."""
        from ..panels.expression_dialog import ExpressionDialog

        doc = self.edits.doc
        dialog = ExpressionDialog(self.window, existing=(doc.label(n) for n in doc.node_ids()))
        if dialog.exec() != ExpressionDialog.DialogCode.Accepted or dialog.parsed is None:
            return []
        return self.edits.insert_expression(dialog.parsed, dialog.variables(),
                                            dialog.root_label.text().strip())
