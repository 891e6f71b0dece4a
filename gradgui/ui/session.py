"""The editing session as the window sees it: Qt signals and an undo stack over the
headless session (document/session.py), and long work shown with progress.

The headless session owns the document, the undo history and the
evaluation. This adapter adds what only a window has: a big edit shows its
progress and may be stopped, a big document is evaluated on a worker, edits
wait while other work runs, and Qt's undo stack mirrors the history for the
Undo and Redo actions.
"""

from pathlib import Path
from typing import Callable, List, Optional, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..document import Command, DocumentError, EditStopped, GraphDocument, Macro
from ..document.session import EditingSession, Prepared, reason
from .work import Activity, Cancelled

T = TypeVar("T")


class _UndoEntry(QUndoCommand):
    """One step of the headless history, shown on Qt's undo stack (already done when pushed)."""

    def __init__(self, session: "Session", command: Command):
        super().__init__(command.text)
        self.session = session
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
            self.session.step(undo)
        except Exception as error:
            # The command took back what it began; the stack must not move.
            self.session.step_failed(self, undo, error)
        finally:
            self.session.settled.emit()


class UndoStack(QUndoStack):
    """Qt's undo stack, kept as a view of the headless history: its clean state follows
    the history's."""

    def __init__(self, history, parent=None):
        super().__init__(parent)
        self._history = history

    def setClean(self):
        self._history.set_clean()
        super().setClean()

    def resetClean(self):
        self._history.reset_clean()
        super().resetClean()

    def clear(self):
        self._history.clear()
        super().clear()


class Session(QObject):
    """One open document with its undo stack, evaluation and grads (see EditingSession)."""

    evaluated = Signal()
    grads_changed = Signal()
    document_replaced = Signal()
    saved = Signal()
    settled = Signal()  # an edit, its undo or redo is complete: views may tidy up once
    message = Signal(str)  # a sentence for the status bar; "" takes the last one back

    def __init__(self, doc: Optional[GraphDocument] = None, parent=None):
        super().__init__(parent)
        self.core = EditingSession(doc)
        self.core.compute = self._computed
        self.core.on_evaluated.append(self.evaluated.emit)
        self.core.on_grads_changed.append(self.grads_changed.emit)
        self.core.on_replaced.append(self.document_replaced.emit)
        self.core.on_message.append(self.message.emit)
        self.undo_stack = UndoStack(self.core.history, self)
        self.work = Activity()  # long work on this document, and what counts as big
        self._failed_step: Optional[tuple] = None  # (entry, was it an undo) the stack moved past
        self.undo_stack.indexChanged.connect(self._step_back)
        # Told before an edit, an undo or a pass: work that reads the document as it
        # stands (a training run) settles first.
        self.before_change: List[Callable[[], None]] = []

    # ----- what the headless session holds --------------------------------
    @property
    def doc(self) -> GraphDocument:
        """The open document."""
        return self.core.doc

    @property
    def path(self) -> Optional[Path]:
        """The file the document was opened from or saved to."""
        return self.core.path

    @path.setter
    def path(self, value: Optional[Path]) -> None:
        self.core.path = value

    @property
    def evaluation(self):
        """The current evaluation of the document."""
        return self.core.evaluation

    @property
    def stale_grads(self):
        """Grads from before the last edit (shown as stale)."""
        return self.core.stale_grads

    @property
    def prepared(self) -> Optional[Prepared]:
        """The bundle being put in place while views rebuild for it, else None."""
        return self.core.prepared

    # ----- edits ----------------------------------------------------------
    def change_coming(self) -> None:
        """The document is about to change (or be read whole): let running work settle."""
        for hook in list(self.before_change):
            hook()

    def execute(self, command: Command) -> bool:
        """Do ``command`` as one undo step; on a refused edit say why and return False."""
        self.change_coming()
        if self.work.edits_refused:
            # A worker is reading or computing on the document, or another edit is
            # half done: an edit now would land half way through it.
            self.message.emit("Wait for the work in progress to finish, then edit.")
            return False
        try:
            self._shown(command, False, stoppable=True,
                        run=lambda progress: self.core.apply(command, progress=progress))
        except DocumentError as error:
            self.settled.emit()  # a refused edit is taken back: what it began is over too
            self.message.emit(str(error))
            return False
        except BaseException:
            self.settled.emit()  # whatever went wrong, the canvas must not stay frozen
            raise
        self.core.history.push(command)
        self.undo_stack.push(_UndoEntry(self, command))
        try:
            self.core.command_done(command)
        finally:
            self.settled.emit()
        return True

    def step(self, undo: bool) -> None:
        """Undo (or redo) one step of the history (Qt's undo stack calls this)."""
        history = self.core.history
        command = history.next_undo if undo else history.next_redo
        if command is None:
            return
        self._shown(command, undo, stoppable=False,
                    run=lambda progress: (self.core.undo if undo else self.core.redo)(progress))

    def _shown(self, command: Command, undo: bool, stoppable: bool,
               run: Callable[[Optional[Callable[[int], None]]], object]) -> None:
        """``run(progress)`` does or undoes ``command``; a big one shows its progress.

        Its parts change the canvas one by one, which takes a while for
        thousands of nodes: events run meanwhile (the canvas waits for the
        end), input waits. With ``stoppable`` the box has Cancel, which takes
        back what was done and raises EditStopped.
        """
        if not isinstance(command, Macro) or not self.work.is_big(len(command.commands)):
            run(None)
            return
        stopped = []

        def report(done: int) -> None:
            try:
                progress.tick(done)
            except Cancelled:
                if not stopped:  # the macro takes back what it did (and tells on)
                    stopped.append(True)
                    raise EditStopped(f"{command.text} stopped; nothing changed.") from None

        # A new edit can be stopped (its group takes back what it did); an undo
        # or redo can't: the undo history already counts it as done.
        text = f"Undoing {command.text}…" if undo else f"{command.text}…"
        with self.work.changing_document(text), \
                self.work.chunks(text, len(command.commands), cancellable=stoppable) as progress:
            run(report)
        self.work.keep_if_big(len(self.doc))  # the nodes it put back, and their items

    def step_failed(self, entry: _UndoEntry, undo: bool, error: Exception) -> None:
        """An undo or redo that failed and was taken back: say so; the stack stays put."""
        self._failed_step = (entry, undo)
        doing = "undo" if undo else "redo"
        self.message.emit(f"Could not {doing} {entry.text()}: {reason(error, doing)}; "
                          "the graph is as it was.")

    def _step_back(self, index: int) -> None:
        # QUndoStack moves its index even when the step failed: move it back
        # (without running the step again), so it matches the history and the document.
        if self._failed_step is None:
            return
        entry, undo = self._failed_step
        self._failed_step = None
        entry.skip = True
        self.undo_stack.setIndex(index + 1 if undo else index - 1)

    def command_done(self, command: Command) -> None:
        """After a command or its undo: evaluate again, unless it only moved nodes."""
        self.core.command_done(command)

    def document_changed(self, edited=None) -> None:
        """Evaluate again after a change; grads shown so far become stale."""
        self.core.document_changed(edited)

    def _computed(self, work: Callable[[], T]) -> T:
        """``work()``, which reads the document; a big document's is done on a worker
        while events run."""
        if not self.work.is_big(len(self.doc)) or self.work.window is None:
            return work()
        # As a change of the document: no edit or autosave meanwhile.
        with self.work.changing_document("Evaluating…", pause_collector=False):
            return self.work.run("Evaluating…", work, cancellable=False)

    # ----- another document -------------------------------------------------
    def replace_document(self, doc: GraphDocument, path: Optional[Path] = None,
                         cancellable: bool = False, evaluation=None) -> None:
        """Show another document (new or opened): a fresh undo history, no grads."""
        self.open_prepared(Prepared(doc, evaluation), path, cancellable)

    def open_prepared(self, prepared: Prepared, path: Optional[Path] = None,
                      cancellable: bool = False) -> None:
        """Show a document made ready elsewhere, with what was derived from it.

        With ``cancellable``, building a big canvas can be cancelled (Cancelled
        is raised): the open document, its undo history and its canvas are
        then as they were.
        """
        # Events run while the canvas makes an item per node: autosave must wait.
        with self.work.changing_document("Replacing the document", cancellable) as change:
            previous = self.core.begin_replace(prepared)  # views rebuild on its reset event
        if change.cancelled:
            with self.work.changing_document("Putting the document back", pause_collector=False):
                self.core.undo_replace(previous)
            raise Cancelled()
        self.undo_stack.clear()
        self.core.finish_replace(prepared, path)
        self.work.keep_if_big(len(self.doc))

    # ----- grads ----------------------------------------------------------
    @property
    def grads_stale(self) -> bool:
        """True when the grads on show are from before the last edit."""
        return self.core.grads_stale

    def grad(self, node_id: str) -> Optional[float]:
        """The grad to show for a node: current, else stale, else None."""
        return self.core.grad(node_id)

    def grads_on_show(self) -> list:
        """Every node's grad that grad() gives, the Nones left out (see EditingSession)."""
        return self.core.grads_on_show()

    def backward(self, output: str, run: Callable = lambda work: work()) -> bool:
        """Zero every grad and backpropagate from ``output`` (see EditingSession.backward)."""
        return self.core.backward(output, run)

    def reset_grads(self) -> None:
        """Forget every grad, current and stale."""
        self.core.reset_grads()

    def start_stepper(self, output: str, run: Callable = lambda work: work(), together=None):
        """Zero every grad and return a stepper from ``output`` (None if it can't); the steps
        of the nodes ``together`` puts in one part run one after another."""
        return self.core.start_stepper(output, run, together)
