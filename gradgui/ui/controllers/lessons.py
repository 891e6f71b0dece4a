"""Lessons in the window: open one, show its steps, watch for each action to be done."""

from pathlib import Path
from typing import TYPE_CHECKING, Dict, Optional, Set

from PySide6.QtCore import QObject, Qt, QTimer

from ...document import DocumentError
from ...engine import fmt
from ..canvas.highlight import NodeHighlights

if TYPE_CHECKING:  # the lesson modules: imported with the first lesson, not at start
    from ...document.lesson import Lesson

LESSON_ACTIONS = {
    "neuron": "actionLessonNeuron",
    "used-twice": "actionLessonUsedTwice",
    "topological-order": "actionLessonTopologicalOrder",
    "zero-grad": "actionLessonZeroGrad",
    "descent": "actionLessonDescent",
}
"""Each bundled lesson's action in Help > Lessons, by the lesson's name."""

# The lesson's share of its column, beside the Backward steps panel below it (pixels,
# scaled to the column's height).
LESSON_HEIGHT, STEPS_HEIGHT = 420, 260
FILTER = "gradgui lessons (*.json);;All files (*)"


class LessonController(QObject):
    """Runs one lesson at a time in a window: its graph, its steps, its checks."""

    def __init__(self, window, session, backprop, scene, lazy_panel):
        super().__init__(window)
        self.window = window
        self.session = session
        self.backprop = backprop
        self._panel = lazy_panel  # the Lesson dock's: made when a lesson first shows
        self.dock = lazy_panel.dock
        self.highlights = NodeHighlights(scene)
        self.lesson: Optional["Lesson"] = None
        self.index = 0
        self.done: Set[int] = set()  # steps whose action has been done (it stays done)
        self.answers: Dict[int, float] = {}  # the last answer typed at each step
        self.misses: Dict[int, int] = {}  # how many wrong answers each step has had
        self.feedback = ""
        lazy_panel.when_made(self._connect_panel)
        for signal in (session.evaluated, session.grads_changed, backprop.step_shown):
            signal.connect(self.check)
        bug_lab = getattr(window, "bug_lab", None)
        if bug_lab is not None:
            bug_lab.changed.connect(self.check)
        session.document_replaced.connect(self._on_document_replaced)
        session.settled.connect(self.highlights.refresh)
        self._opening = False  # the lesson itself is putting its graph in place

    @property
    def panel(self):
        """The Lesson panel (made when first asked for)."""
        return self._panel.get()

    def _connect_panel(self, panel) -> None:
        panel.back_requested.connect(self.back)
        panel.next_requested.connect(self.next)
        panel.leave_requested.connect(self.leave)
        panel.answer_given.connect(self.answer)

    def handlers(self) -> Dict[str, object]:
        """The window's action handlers for Help > Lessons: one per bundled lesson, and a file."""
        handlers = {action: (lambda name=name: self.open_lesson(name))
                    for name, action in LESSON_ACTIONS.items()}
        handlers["actionOpenLesson"] = self.open_lesson_file
        return handlers

    # ----- opening ----------------------------------------------------------
    def open_lesson_file(self) -> bool:
        """Ask for a lesson file and open it."""
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(self.window, "Open lesson", str(Path.home()), FILTER)
        return bool(path) and self.open_lesson(path)

    def open_lesson(self, name_or_path: str) -> bool:
        """Open a bundled lesson (by name) or a lesson file: its graph replaces the open one
        (after asking about unsaved changes). A bad file is refused in one line."""
        from ...document.lesson import LessonFormatError, find_lesson, load_lesson
        from PySide6.QtWidgets import QMessageBox
        try:
            lesson = load_lesson(find_lesson(name_or_path))
        except LessonFormatError as error:
            self.window.statusBar().showMessage(str(error), 10000)
            QMessageBox.warning(self.window, "Could not open the lesson", str(error))
            return False
        if not self.window.files.maybe_save():
            return False
        self._make_way()
        self.lesson, self.index, self.done, self.answers = lesson, 0, set(), {}
        self.misses = {}
        self.dock.show()
        self.dock.raise_()
        # Once pending layouts are done (a new text size, the dock just shown): they would
        # set the docks' sizes again after ours.
        QTimer.singleShot(0, self._give_room)
        # The docks shown (their heights come later, their widths are set): the new graph is
        # fitted into the canvas left.
        self._opening = True
        try:
            self.session.replace_document(lesson.document(), None)
        finally:
            self._opening = False
        self._show_step()
        self.window.statusBar().showMessage(f"Lesson: {lesson.title}. Follow the Lesson panel.",
                                            8000)
        return True

    def _give_room(self) -> None:
        """Most of the column's height for the lesson's text, the rest for the steps panel
        below it (told both: given one dock's size, Qt split the column about evenly)."""
        from PySide6.QtWidgets import QDockWidget
        window = self.window
        steps = window.findChild(QDockWidget, "stepperDock")
        if (steps is not None and steps.isVisible() and not steps.isFloating()
                and window.dockWidgetArea(steps) == window.dockWidgetArea(self.dock)
                and steps not in window.tabifiedDockWidgets(self.dock)):  # not one tab area
            window.resizeDocks([self.dock, steps], [LESSON_HEIGHT, STEPS_HEIGHT],
                               Qt.Orientation.Vertical)
        else:
            window.resizeDocks([self.dock], [LESSON_HEIGHT], Qt.Orientation.Vertical)

    def _make_way(self) -> None:
        """Predict the Grad off, Backward steps in front: a lesson asks about grads that
        show, and points at that panel, which the quiz's would hide."""
        from PySide6.QtWidgets import QDockWidget
        quiz = getattr(self.window, "quiz", None)
        if quiz is not None and quiz.enabled:
            quiz.turn_off()
        steps = self.window.findChild(QDockWidget, "stepperDock")
        if steps is not None and steps.isVisible():
            steps.raise_()

    def _on_document_replaced(self) -> None:
        self.highlights.refresh()
        if self.lesson is not None and not self._opening:
            # Another graph (New, Open, an example): the lesson's steps no longer apply.
            title = self.lesson.title
            self.close_lesson()
            self.window.statusBar().showMessage(
                f"Left the lesson “{title}”: another graph was opened.", 8000)

    def close_lesson(self) -> None:
        """Leave the lesson (the graph stays); its dock goes until the next lesson, giving
        its room back to the panels beside it."""
        self.lesson = None
        self.highlights.show(())
        self.panel.show_nothing()
        self.dock.hide()

    def leave(self) -> None:
        """Leave the lesson half way (the graph stays as it is)."""
        if self.lesson is not None:
            title = self.lesson.title
            self.close_lesson()
            self.window.statusBar().showMessage(f"Left the lesson “{title}”.", 8000)

    # ----- moving between steps --------------------------------------------
    def next(self) -> None:
        """Go on to the next step (or finish, after the last)."""
        if self.lesson is None or not self._step_done(self.index):
            return
        if self.index == len(self.lesson.steps) - 1:
            title = self.lesson.title
            self.close_lesson()
            self.window.statusBar().showMessage(f"Lesson complete: {title}.", 8000)
            return
        self.index += 1
        self._show_step()

    def back(self) -> None:
        """Go back a step (what was done there stays done)."""
        if self.lesson is None or self.index == 0:
            return
        self.index -= 1
        self._show_step()

    def answer(self, number: float) -> None:
        """Check a predicted grad typed in the panel."""
        if self.lesson is None:
            return
        step = self.lesson.steps[self.index]
        if step.action is None or step.action.done.kind != "predict":
            return
        self.answers[self.index] = number
        from ...document.lesson_check import expected_answer
        from .lesson_hint import grad_name, wrong_answer_text
        done, doc = step.action.done, self.session.doc
        truth = expected_answer(doc, done)
        if truth is None:
            self.feedback = "The graph cannot be evaluated as it is now; undo your edits first."
        elif self._met(self.index):
            self.feedback = f"Right: {grad_name(doc, done.output, done.node)} is {fmt(truth)}."
        else:
            self.misses[self.index] = self.misses.get(self.index, 0) + 1
            self.feedback = wrong_answer_text(doc, done, number, self.misses[self.index])
        self.check(new_step=False)

    # ----- checking -----------------------------------------------------------
    def check(self, *_args, new_step: bool = False) -> None:
        """See whether the step's action is now done, and show the step."""
        if self.lesson is None:
            return
        if self.index not in self.done and self._met(self.index):
            self.done.add(self.index)
        self._show(new_step)

    def _met(self, index: int) -> bool:
        action = self.lesson.steps[index].action
        if action is None:
            return True
        from ...document.lesson_check import LessonState, is_done
        bug_lab = getattr(self.window, "bug_lab", None)
        state = LessonState(self.session.doc, self.session.evaluation, self.backprop.stepper,
                            self.answers.get(index), bug_lab.variant if bug_lab else None)
        return is_done(action.done, state, self.lesson)

    def _step_done(self, index: int) -> bool:
        return self.lesson.steps[index].action is None or index in self.done

    def _show_step(self) -> None:
        self.feedback = ""
        self.check(new_step=True)

    def _show(self, new_step: bool) -> None:
        step = self.lesson.steps[self.index]
        text_step = step
        if step.compare is not None and new_step:
            text_step = type(step)(step.text + "\n\n" + self._comparison(step), step.action,
                                   step.highlight, step.compare)
        self.panel.show_step(self.lesson.title, self.index, len(self.lesson.steps),
                             text_step, self._step_done(self.index), self.feedback, new_step)
        if new_step:
            self.highlights.show(step.highlight)

    def _comparison(self, step) -> str:
        """A table of the right grads beside the bug lab variant's, for the step's nodes."""
        from ...document.lesson_check import variant_grads
        doc = self.session.doc
        try:
            right = variant_grads(doc, None)
            wrong = variant_grads(doc, step.compare)
        except (DocumentError, ArithmeticError) as error:  # a graph the learner broke
            return f"(The comparison cannot be made on the graph as it is now: {error}.)"
        nodes = step.highlight or tuple(right)
        rows = ["| node | right grad | with the bug |", "|---|---|---|"]
        for node_id in nodes:
            if node_id in right and node_id in wrong:
                mark = "" if right[node_id] == wrong[node_id] else " ✗"
                rows.append(f"| `{doc.label(node_id)}` | {fmt(right[node_id])} | "
                            f"{fmt(wrong[node_id])}{mark} |")
        return "\n".join(rows)
