"""The editing session: the document, its undo stack, and what is derived from it.

Every edit goes through ``execute`` as a document command; the undo stack
wraps those commands. After any change the graph is evaluated again, the
stepper ends, and grads from before the change are kept only as stale.
"""

from pathlib import Path
from typing import Callable, Dict, List, Optional, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..document import (Command, DocumentError, EditStopped, Evaluation, GraphDocument, Group,
                         SetField)
from ..engine import Stepper
from .work import Activity, Cancelled


def _field_edits(command: Command) -> Optional[Dict[str, str]]:
    """The nodes a command only sets fields of (node id -> a field it sets), else None."""
    if isinstance(command, SetField):
        return {command.node_id: command.field}
    if not isinstance(command, Group):
        return None
    edits: Dict[str, str] = {}
    for part in command.commands:
        part_edits = _field_edits(part)
        if part_edits is None:
            return None
        for node_id, field in part_edits.items():
            if edits.get(node_id, "pos") == "pos":  # a number or label edit outranks a move
                edits[node_id] = field
    return edits


def _reason(error: Exception, doing: str) -> str:
    """One sentence on why the session could not do something."""
    if isinstance(error, MemoryError):
        return f"Not enough memory to {doing} on a graph this big."
    return str(error)


T = TypeVar("T")


class _UndoEntry(QUndoCommand):
    """A document command on the Qt undo stack (already done when pushed)."""

    def __init__(self, session: "Session", command: Command):
        super().__init__(command.text)
        self.session = session
        self.command = command
        self.skip = True  # pushed done: the stack's first redo has nothing to do

    def redo(self):
        self._step(undo=False)

    def undo(self):
        self._step(undo=True)

    def _step(self, undo: bool) -> None:
        if self.skip:
            self.skip = False
            return
        try:
            self.session.apply(self.command, undo=undo)
        except Exception as error:
            # The command took back what it began; the stack must not move.
            self.session.step_failed(self, undo, error)
        else:
            self.session.command_done(self.command)
        finally:
            self.session.settled.emit()


class Session(QObject):
    """One open document with its undo stack, evaluation and grads."""

    evaluated = Signal()
    grads_changed = Signal()
    document_replaced = Signal()
    saved = Signal()
    settled = Signal()  # an edit, its undo or redo is complete: views may tidy up once
    message = Signal(str)

    def __init__(self, doc: Optional[GraphDocument] = None, parent=None):
        super().__init__(parent)
        self.doc = doc if doc is not None else GraphDocument()
        self.path: Optional[Path] = None
        self.undo_stack = QUndoStack(self)
        self.evaluation = Evaluation(self.doc)
        self.stale_grads: Dict[str, float] = {}
        self.work = Activity()  # long work on this document, and what counts as big
        self._failed_step: Optional[tuple] = None  # (entry, was it an undo) the stack moved past
        self.undo_stack.indexChanged.connect(self._step_back)

    @property
    def changing(self) -> bool:
        """True while the document is being changed (see Activity.document_changing)."""
        return self.work.document_changing

    # ----- edits ----------------------------------------------------------
    def execute(self, command: Command) -> bool:
        """Do ``command`` as one undo step; on a refused edit say why and return False."""
        if self.work.edits_refused:
            # A worker is reading or computing on the document, or another edit is
            # half done: an edit now would land half way through it.
            self.message.emit("Wait for the work in progress to finish, then edit.")
            return False
        try:
            self.apply(command, stoppable=True)
        except DocumentError as error:
            self.settled.emit()  # a refused edit is taken back: what it began is over too
            self.message.emit(str(error))
            return False
        except BaseException:
            self.settled.emit()  # whatever went wrong, the canvas must not stay frozen
            raise
        self.undo_stack.push(_UndoEntry(self, command))
        try:
            self.command_done(command)
        finally:
            self.settled.emit()
        return True

    def apply(self, command: Command, undo: bool = False, stoppable: bool = False) -> None:
        """Do (or undo) ``command`` on the document; a big one shows its progress.

        Its parts change the canvas one by one, which takes a while for
        thousands of nodes: events run meanwhile (the canvas waits for the
        end), input waits. With ``stoppable`` the box has Cancel, which takes
        back what was done and raises EditStopped.
        """
        run = command.undo if undo else command.do
        if not isinstance(command, Group) or not self.work.is_big(len(command.commands)):
            run(self.doc)
            return
        stopped = []

        def report(done: int) -> None:
            try:
                progress.tick(done)
            except Cancelled:
                if not stopped:  # the group takes back what it did (and tells on)
                    stopped.append(True)
                    raise EditStopped(f"{command.text} stopped; nothing changed.") from None

        # A new edit can be stopped (its group takes back what it did); an undo
        # or redo can't: the undo history already counts it as done.
        text = f"Undoing {command.text}…" if undo else f"{command.text}…"
        with self.work.changing_document(text), \
                self.work.chunks(text, len(command.commands), cancellable=stoppable) as progress:
            run(self.doc, progress=report)
        self.work.keep_if_big(len(self.doc))  # the nodes it put back, and their items

    def step_failed(self, entry: _UndoEntry, undo: bool, error: Exception) -> None:
        """An undo or redo that failed and was taken back: say so; the stack stays put."""
        self._failed_step = (entry, undo)
        doing = "undo" if undo else "redo"
        self.message.emit(f"Could not {doing} {entry.text()}: {_reason(error, doing)}; "
                          "the graph is as it was.")

    def _step_back(self, index: int) -> None:
        # QUndoStack moves its index even when the step failed: move it back
        # (without running the step again), so the history and the clean
        # state match the document.
        if self._failed_step is None:
            return
        entry, undo = self._failed_step
        self._failed_step = None
        entry.skip = True
        self.undo_stack.setIndex(index + 1 if undo else index - 1)

    def command_done(self, command: Command) -> None:
        """After a command or its undo: evaluate again, unless it only moved nodes.

        Where a node sits changes no number, so moving one mid-step keeps the
        stepper and the grads (and a big graph is not evaluated on every drag).
        """
        edits = _field_edits(command)
        if edits is None:
            self.document_changed()
        elif any(field != "pos" for field in edits.values()):
            self.document_changed([n for n, field in edits.items() if field != "pos"])

    def document_changed(self, edited: Optional[List[str]] = None) -> None:
        """Evaluate again after a change; grads shown so far become stale.

        ``edited`` names nodes whose label, value or exponent is all that
        changed: then only what lies downstream of them is computed again.
        """
        old = self.evaluation
        if old.has_grads:
            self.stale_grads = {n: v.grad for n, v in old.values.items()}
        fresh = None if edited is None else self._computed(lambda: old.recomputed(edited))
        if fresh is None:
            doc = self.doc
            self.evaluation = self._computed(lambda: Evaluation(doc))
        else:
            old.take(fresh, edited)
        self.evaluated.emit()

    def _computed(self, work: Callable[[], T]) -> T:
        """``work()``, which reads the document; a big document's is done on a worker
        while events run."""
        if not self.work.is_big(len(self.doc)) or self.work.window is None:
            return work()
        # As a change of the document: no edit or autosave meanwhile.
        with self.work.changing_document("Evaluating…", pause_collector=False):
            return self.work.run("Evaluating…", work, cancellable=False)

    def replace_document(self, doc: GraphDocument, path: Optional[Path] = None,
                         cancellable: bool = False,
                         evaluation: Optional[Evaluation] = None) -> None:
        """Show another document (new or opened): a fresh undo history, no grads.

        With ``cancellable``, building a big canvas can be cancelled (Cancelled
        is raised): the open document, its undo history and its canvas are
        then as they were. ``evaluation``, if given, is ``doc``'s, already made.
        """
        # Events run while the canvas makes an item per node: autosave must wait.
        with self.work.changing_document("Replacing the document", cancellable) as change:
            previous = self.doc.replace_with(doc)  # the scene rebuilds on the reset event
        if change.cancelled:
            with self.work.changing_document("Putting the document back", pause_collector=False):
                self.doc.replace_with(previous)
            raise Cancelled()
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
        self.work.keep_if_big(len(self.doc))

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

    def backward(self, output: str, run: Callable = lambda work: work()) -> bool:
        """Zero every grad and backpropagate from ``output``; False (with a message) if it can't.

        ``run(work)`` runs the pass: the caller may hand it to a worker
        thread. Listeners hear of the new grads only once it is over.
        """
        try:
            run(lambda: self.evaluation.backward(output))
        except (DocumentError, ArithmeticError, MemoryError) as error:
            self.message.emit(_reason(error, "backpropagate"))
            self.reset_grads()  # half a pass is no answer, and the old grads are gone
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

    def start_stepper(self, output: str, run: Callable = lambda work: work()) -> Optional[Stepper]:
        """Zero every grad and return a stepper from ``output`` (None, with a message, if it can't).

        ``run(work)`` makes it, as for ``backward``, and returns what ``work`` returns.
        """
        try:
            stepper = run(lambda: self.evaluation.stepper(output))
        except (DocumentError, ArithmeticError, MemoryError) as error:
            self.message.emit(_reason(error, "step through the pass"))
            self.reset_grads()
            return None
        self.stale_grads = {}
        return stepper
