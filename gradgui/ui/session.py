"""The editing session: the document, its undo stack, and what is derived from it.

Every edit goes through ``execute`` as a document command; the undo stack
wraps those commands. After any change the graph is evaluated again, the
stepper ends, and grads from before the change are kept only as stale.
"""

from pathlib import Path
from typing import Dict, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..document import Command, DocumentError, Evaluation, GraphDocument


class _UndoEntry(QUndoCommand):
    """A document command on the Qt undo stack (already done when pushed)."""

    def __init__(self, session: "Session", command: Command):
        super().__init__(command.text)
        self.session = session
        self.command = command
        self._done = True

    def redo(self):
        if self._done:
            self._done = False
            return
        self.command.do(self.session.doc)
        self.session.document_changed()

    def undo(self):
        self.command.undo(self.session.doc)
        self.session.document_changed()


class Session(QObject):
    """One open document with its undo stack, evaluation and grads."""

    evaluated = Signal()
    grads_changed = Signal()
    document_replaced = Signal()
    saved = Signal()
    message = Signal(str)

    def __init__(self, doc: Optional[GraphDocument] = None, parent=None):
        super().__init__(parent)
        self.doc = doc if doc is not None else GraphDocument()
        self.path: Optional[Path] = None
        self.undo_stack = QUndoStack(self)
        self.evaluation = Evaluation(self.doc)
        self.stale_grads: Dict[str, float] = {}

    # ----- edits ----------------------------------------------------------
    def execute(self, command: Command) -> bool:
        """Do ``command`` as one undo step; on a refused edit say why and return False."""
        try:
            command.do(self.doc)
        except DocumentError as error:
            self.message.emit(str(error))
            return False
        self.undo_stack.push(_UndoEntry(self, command))
        self.document_changed()
        return True

    def document_changed(self) -> None:
        """Evaluate again after a change; grads shown so far become stale."""
        old = self.evaluation
        if old.has_grads:
            self.stale_grads = {n: v.grad for n, v in old.values.items()}
        self.evaluation = Evaluation(self.doc)
        self.evaluated.emit()

    def replace_document(self, doc: GraphDocument, path: Optional[Path] = None) -> None:
        """Show another document (new or opened): a fresh undo history, no grads."""
        self.undo_stack.clear()
        self.doc.replace_with(doc)  # the scene rebuilds on the reset event
        self.path = path
        self.stale_grads = {}
        self.evaluation = Evaluation(self.doc)
        self.undo_stack.setClean()
        self.document_replaced.emit()
        self.evaluated.emit()

    # ----- grads ----------------------------------------------------------
    @property
    def grads_stale(self) -> bool:
        """True when the grads on show are from before the last edit."""
        return not self.evaluation.has_grads and bool(self.stale_grads)

    def grad(self, node_id: str) -> Optional[float]:
        """The grad to show for a node: current, else stale, else None."""
        if self.evaluation.has_grads:
            return self.evaluation.grad(node_id)
        return self.stale_grads.get(node_id)

    def backward(self, output: str) -> bool:
        """Zero every grad and backpropagate from ``output``; False (with a message) if it can't."""
        try:
            self.evaluation.backward(output)
        except DocumentError as error:
            self.message.emit(str(error))
            return False
        except ArithmeticError as error:
            self.message.emit(str(error))
            return False
        self.stale_grads = {}
        self.grads_changed.emit()
        return True
