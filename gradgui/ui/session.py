"""The editing session: the document, its undo stack, and what is derived from it.

Every edit goes through ``execute`` as a document command; the undo stack
wraps those commands. After any change the graph is evaluated again, the
stepper ends, and grads from before the change are kept only as stale.
"""

from pathlib import Path
from typing import Dict, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..document import Command, DocumentError, Evaluation, GraphDocument, Group, SetField
from ..engine import Stepper
from .busy import Cancelled


def _moves_only(command: Command) -> bool:
    """True for a command that changes nothing but positions."""
    if isinstance(command, Group):
        return all(_moves_only(c) for c in command.commands)
    return isinstance(command, SetField) and command.field == "pos"


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
        self.session.command_done(self.command)

    def undo(self):
        self.command.undo(self.session.doc)
        self.session.command_done(self.command)


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
        self.build_cancellable = False  # True while a new document's canvas is being built

    # ----- edits ----------------------------------------------------------
    def execute(self, command: Command) -> bool:
        """Do ``command`` as one undo step; on a refused edit say why and return False."""
        try:
            command.do(self.doc)
        except DocumentError as error:
            self.message.emit(str(error))
            return False
        self.undo_stack.push(_UndoEntry(self, command))
        self.command_done(command)
        return True

    def command_done(self, command: Command) -> None:
        """After a command or its undo: evaluate again, unless it only moved nodes.

        Where a node sits changes no number, so moving one mid-step keeps the
        stepper and the grads (and a big graph is not evaluated on every drag).
        """
        if not _moves_only(command):
            self.document_changed()

    def document_changed(self) -> None:
        """Evaluate again after a change; grads shown so far become stale."""
        old = self.evaluation
        if old.has_grads:
            self.stale_grads = {n: v.grad for n, v in old.values.items()}
        self.evaluation = Evaluation(self.doc)
        self.evaluated.emit()

    def replace_document(self, doc: GraphDocument, path: Optional[Path] = None,
                         cancellable: bool = False,
                         evaluation: Optional[Evaluation] = None) -> None:
        """Show another document (new or opened): a fresh undo history, no grads.

        With ``cancellable``, building a big canvas can be cancelled (Cancelled
        is raised): the open document, its undo history and its canvas are
        then as they were. ``evaluation``, if given, is ``doc``'s, already made.
        """
        previous = GraphDocument(self.doc.graph)
        previous.file_extras = self.doc.file_extras
        self.build_cancellable = cancellable
        try:
            self.doc.replace_with(doc)  # the scene rebuilds on the reset event
        except Cancelled:
            self.build_cancellable = False
            self.doc.replace_with(previous)
            raise
        finally:
            self.build_cancellable = False
        self.undo_stack.clear()
        self.path = path
        self.stale_grads = {}
        if evaluation is None:
            evaluation = Evaluation(self.doc)
        evaluation.doc = self.doc  # the same graph: the session's document took it over
        self.evaluation = evaluation
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
        except (DocumentError, ArithmeticError) as error:
            self.message.emit(str(error))
            self.stale_grads = {}
            self.grads_changed.emit()  # the old grads are gone: show that
            return False
        self.stale_grads = {}
        self.grads_changed.emit()
        return True

    def reset_grads(self) -> None:
        """Forget every grad, current and stale."""
        self.evaluation.zero_grad()
        self.evaluation.has_grads = False
        self.evaluation.output = None
        self.stale_grads = {}
        self.grads_changed.emit()

    def start_stepper(self, output: str) -> Optional[Stepper]:
        """Zero every grad and return a stepper from ``output`` (None, with a message, if it can't)."""
        try:
            stepper = self.evaluation.stepper(output)
        except DocumentError as error:
            self.message.emit(str(error))
            return None
        self.stale_grads = {}
        return stepper
