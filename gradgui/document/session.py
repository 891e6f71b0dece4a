"""The editing session without a window: a document, its undo history, its evaluation.

Every edit goes through ``execute`` as a command and becomes one step of the
history. After any change the graph is evaluated again and grads from before
it are kept only as stale; a change of labels, values or exponents computes
again only what lies downstream, and moving nodes keeps the evaluation
(and the stepper's place) as it is. Listeners hear of what changed through
plain callbacks; a user interface turns them into its own signals.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, TypeVar

from .commands import Command, Macro, SetField
from .document import GraphDocument
from .errors import DocumentError
from .evaluation import Evaluation, choose_output, evaluate
from .history import History

T = TypeVar("T")
Progress = Optional[Callable[[int], None]]


@dataclass
class Prepared:
    """A new document with what is derived from it, made ready (on any thread) to be shown:
    its evaluation, and whatever views made from it beforehand (``views``, by name)."""

    doc: GraphDocument
    evaluation: Optional[Evaluation] = None
    views: Dict[str, Any] = field(default_factory=dict)


def field_edits(command: Command) -> Optional[Dict[str, str]]:
    """The nodes a command only sets fields of (node id -> a field it sets), else None.

    A command that says it changes no number (``changes_numbers = False``) sets none.
    """
    if not getattr(command, "changes_numbers", True):
        return {}
    if isinstance(command, SetField):
        return {command.node_id: command.field}
    if command.only_groups:
        return {}
    if not isinstance(command, Macro):
        return None
    edits: Dict[str, str] = {}
    for part in command.commands:
        part_edits = field_edits(part)
        if part_edits is None:
            return None
        for node_id, name in part_edits.items():
            if edits.get(node_id, "pos") == "pos":  # a number or label edit outranks a move
                edits[node_id] = name
    return edits


def _changes_no_number(command: Command) -> bool:
    """True for a command that only moves nodes or changes groups."""
    edits = field_edits(command)
    return edits is not None and all(name == "pos" for name in edits.values())


def reason(error: Exception, doing: str) -> str:
    """One sentence on why the session could not do something."""
    if isinstance(error, MemoryError):
        return f"Not enough memory to {doing} on a graph this big."
    return str(error)


def _now(work: Callable[[], T]) -> T:
    return work()


class EditingSession:
    """One open document with its undo history, evaluation and grads.

    ``compute(work)`` runs work that reads the whole document (evaluating
    it); a user interface may hand it to a worker thread. Listeners are
    lists of callbacks: ``on_evaluated``, ``on_grads_changed``,
    ``on_replaced`` and ``on_message`` (a sentence for the person).
    """

    def __init__(self, doc: Optional[GraphDocument] = None):
        self.doc = doc if doc is not None else GraphDocument()
        self.path: Optional[Path] = None
        self.history = History()
        self.row = 0  # the data set's row the canvas shows (not part of the document)
        self.evaluation = evaluate(self.doc)
        self.stale_grads: Dict[str, float] = {}
        # Where the history stood at the last whole pass, and its output: undo or redo
        # back there and that pass's grads are current again.
        self._pass_mark: Optional[tuple] = None
        self.prepared: Optional[Prepared] = None  # what is being put in place, for views
        self.compute: Callable[[Callable[[], T]], T] = _now
        self.on_evaluated: List[Callable[[], None]] = []
        self.on_grads_changed: List[Callable[[], None]] = []
        self.on_replaced: List[Callable[[], None]] = []
        self.on_message: List[Callable[[str], None]] = []

    def _tell(self, listeners: list, *args) -> None:
        for listener in list(listeners):
            listener(*args)

    def message(self, text: str) -> None:
        """Tell the person something (a refused edit, a failed pass)."""
        self._tell(self.on_message, text)

    # ----- edits ----------------------------------------------------------
    def execute(self, command: Command, progress: Progress = None) -> bool:
        """Do ``command`` as one undo step; on a refused edit say why and return False.

        ``progress(done)``, if given, is told how far a macro has come.
        """
        try:
            self.apply(command, progress=progress)
        except DocumentError as error:
            self.message(str(error))
            return False
        self.history.push(command)
        self.command_done(command)
        return True

    def apply(self, command: Command, undo: bool = False, progress: Progress = None) -> None:
        """Do (or undo) ``command`` on the document, outside the history."""
        run = command.undo if undo else command.do
        if progress is not None and isinstance(command, Macro):
            run(self.doc, progress=progress)
        else:
            run(self.doc)

    def undo(self, progress: Progress = None) -> Optional[Command]:
        """Undo the last step (None if there is none); the evaluation follows."""
        command = self.history.next_undo
        if command is None:
            return None
        self.apply(command, undo=True, progress=progress)
        self.history.step_back()
        self.command_done(command)
        return command

    def redo(self, progress: Progress = None) -> Optional[Command]:
        """Do again the last undone step (None if there is none); the evaluation follows."""
        command = self.history.next_redo
        if command is None:
            return None
        self.apply(command, progress=progress)
        self.history.step_forward()
        self.command_done(command)
        return command

    def command_done(self, command: Command) -> None:
        """After a command or its undo: evaluate again, unless it only moved nodes.

        Where a node sits changes no number, so moving one mid-step keeps the
        stepper and the grads (and a big graph is not evaluated on every drag).
        """
        self._forget_lost_pass_mark()
        edits = field_edits(command)
        if edits is None:
            self.document_changed()
        elif any(name != "pos" for name in edits.values()):
            self.document_changed([n for n, name in edits.items() if name != "pos"])
        else:
            return
        self._pass_again_if_back()

    def _forget_lost_pass_mark(self) -> None:
        # A new edit after undoing past the pass's step drops that step for good (and the
        # mark would keep it, and all it holds, alive).
        if self._pass_mark is not None:
            (index, command, _row), _output = self._pass_mark
            commands = self.history.commands
            if index > len(commands) or (index and commands[index - 1] is not command):
                self._pass_mark = None

    def numbers_mark(self) -> tuple:
        """Where the numbers stand: the history's place, steps that change no number left
        out, and the data set's row on show. Equal marks (``at_numbers``), equal numbers:
        a done step stays under the ones done after it."""
        commands, index = self.history.commands, self.history.index
        while index > 0 and _changes_no_number(commands[index - 1]):
            index -= 1
        return index, commands[index - 1] if index else None, self.row

    def at_numbers(self, mark: Optional[tuple]) -> bool:
        """True if the numbers are those ``numbers_mark`` gave ``mark`` for: the very step,
        not an equal one, and the same row."""
        if mark is None:
            return False
        index, command, row = mark
        now_index, now_command, now_row = self.numbers_mark()
        return now_index == index and now_command is command and now_row == row

    def _pass_again_if_back(self) -> None:
        """Undone or redone back to the numbers of the last whole pass: its grads are
        current again, not stale (the pass is run again: same numbers, same grads)."""
        if self._pass_mark is None or not self.grads_stale:
            return
        mark, output = self._pass_mark
        if not self.at_numbers(mark):
            return
        try:
            self.compute(lambda: self.evaluation.backward(output))
        except (DocumentError, ArithmeticError, MemoryError):
            # Not asked for: no word of it, and the stale grads stay on show.
            self._pass_mark = None
            return
        self.stale_grads = {}
        self._tell(self.on_grads_changed)
        self.message("Back to the numbers Backward last ran on: its grads are current again.")

    def document_changed(self, edited: Optional[List[str]] = None) -> None:
        """Evaluate again after a change; grads shown so far become stale.

        ``edited`` names nodes whose label, value or exponent is all that
        changed: then only what lies downstream of them is computed again.
        """
        old = self.evaluation
        if old.has_grads:
            self.stale_grads = {n: v.grad for n, v in old.values.items()}
        fresh = None if edited is None else self.compute(lambda: old.recomputed(edited))
        if fresh is None:
            doc = self.doc
            row = self.row
            self.evaluation = self.compute(lambda: evaluate(doc, row))
            self.row = getattr(self.evaluation, "row", row)  # a shorter data set: its last row
        else:
            old.put_in_place(fresh, edited)
        self._tell(self.on_evaluated)

    # ----- another document ---------------------------------------------
    def begin_replace(self, prepared: Prepared) -> GraphDocument:
        """Put ``prepared``'s document in place (views rebuild on its reset event); returns
        what was there before, for ``undo_replace``. ``finish_replace`` completes it."""
        self.prepared = prepared
        try:
            return self.doc.replace_with(prepared.doc)
        finally:
            self.prepared = None

    def undo_replace(self, previous: GraphDocument) -> GraphDocument:
        """Put back the document ``begin_replace`` took out (showing it was cancelled);
        returns the one that was being put in place."""
        return self.doc.replace_with(previous)

    def finish_replace(self, prepared: Prepared, path: Optional[Path] = None) -> None:
        """After ``begin_replace``: a fresh undo history, no grads, the new evaluation."""
        self.history.clear()
        self.path = path
        self.stale_grads = {}
        self._pass_mark = None
        evaluation = prepared.evaluation
        self.row = 0
        if evaluation is None:
            evaluation = evaluate(self.doc)
        evaluation.doc = self.doc  # the same graph: the session's document took it over
        evaluation.revision = self.doc.revision
        self.evaluation = evaluation
        self.history.set_clean()
        self._tell(self.on_replaced)
        self._tell(self.on_evaluated)

    def replace_document(self, prepared: Prepared, path: Optional[Path] = None) -> None:
        """Show another document (new or opened): a fresh undo history, no grads."""
        self.begin_replace(prepared)
        self.finish_replace(prepared, path)

    # ----- the data set's row ----------------------------------------------
    def select_row(self, row: int) -> None:
        """Show row ``row`` of the data set; grads on show are worked out again for it."""
        if row == self.row:
            return
        self.row = row
        output = self.evaluation.output if self.evaluation.has_grads else None
        doc = self.doc
        self.evaluation = self.compute(lambda: evaluate(doc, row))
        self._tell(self.on_evaluated)
        if output is not None:
            self.backward(output)

    # ----- grads ----------------------------------------------------------
    def output(self, selected: Optional[str] = None) -> str:
        """Where Backward starts: the marked output, else ``selected``, else the only node
        that feeds nothing (OutputChoiceError, with the candidates, when that is unclear)."""
        return choose_output(self.doc, selected)

    @property
    def grads_stale(self) -> bool:
        """True when the grads on show are from before the last edit."""
        return not self.evaluation.has_grads and bool(self.stale_grads)

    def grad(self, node_id: str) -> Optional[float]:
        """The grad to show for a node: current, else stale, else None."""
        if self.evaluation.has_grads:
            return self.evaluation.grad(node_id)
        return self.stale_grads.get(node_id)

    def grads_on_show(self) -> List[float]:
        """Every node's grad that grad() gives (the Nones left out), in no order."""
        nodes = self.doc.nodes()
        if self.evaluation.has_grads:
            values = self.evaluation.values
            # The usual case, asked at once (and known without asking each node when
            # nothing was edited since the values were made).
            if self.evaluation.made_for(self.doc) or values.keys() <= nodes.keys():
                return [v.grad for v in values.values()]
            return [v.grad for n, v in values.items() if n in nodes]
        return [g for n, g in self.stale_grads.items() if g is not None and n in nodes]

    def backward(self, output: str, run: Callable = _now) -> bool:
        """Zero every grad and backpropagate from ``output``; False (with a message) if it can't.

        ``run(work)`` runs the pass: the caller may hand it to a worker
        thread. Listeners hear of the new grads only once it is over.
        """
        try:
            run(lambda: self.evaluation.backward(output))
        except (DocumentError, ArithmeticError, MemoryError) as error:
            self.message(reason(error, "backpropagate"))
            self.reset_grads()  # half a pass is no answer, and the old grads are gone
            return False
        self.stale_grads = {}
        self._pass_mark = (self.numbers_mark(), output)
        self._tell(self.on_grads_changed)
        return True

    def reset_grads(self) -> None:
        """Forget every grad, current and stale."""
        self.evaluation.zero_grad()
        self.evaluation.has_grads = False
        self.evaluation.output = None
        self.stale_grads = {}
        self._pass_mark = None
        self._tell(self.on_grads_changed)

    def start_stepper(self, output: str, run: Callable = _now,
                      together: Optional[Callable[[str], Optional[str]]] = None):
        """Zero every grad and return a stepper from ``output`` (None, with a message, if it can't).

        ``run(work)`` makes it, as for ``backward``, and returns what ``work`` returns;
        ``together`` as for ``Evaluation.stepper``.
        """
        try:
            stepper = run(lambda: self.evaluation.stepper(output, together))
        except (DocumentError, ArithmeticError, MemoryError) as error:
            self.message(reason(error, "step through the pass"))
            self.reset_grads()
            return None
        self.stale_grads = {}
        self._pass_mark = None  # the grads on show are the steps taken so far, not a pass
        return stepper
