"""Graph > Predict the Grad: Step hides the grads it writes until the learner has predicted them.

The backprop controller still takes the steps; this one follows them. Each
new step's grads show as "?" on the canvas (and its chain-rule lines stay
hidden in the stepper panel) until each is answered in the quiz panel; Step
waits meanwhile. Enter after a verdict goes on to the next question, or
takes the next step. Step Back, Run to End, Backward or any edit end the
questions of the pass on show; the score so far stays.
"""

from typing import TYPE_CHECKING, List, Optional

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from ..settings import settings

# The quiz's own module is imported when the quiz is first turned on: the window starts
# without it.
if TYPE_CHECKING:
    from ...document.quiz import Quiz


class QuizOverlay:
    """Faces and tooltips while the quiz waits: the grads asked about are hidden."""

    legend = "grad ?  predict it in the quiz panel"

    def __init__(self):
        self.hidden = set()

    def face(self, node_id: str, grad: float):
        """No number and a "?" badge for a grad to predict; else the grad as it is."""
        return (None, "?") if node_id in self.hidden else (grad, "")

    def marks(self) -> dict:
        """Each node with a badge: "?" on every grad to predict."""
        return dict.fromkeys(self.hidden, "?")

    def tooltip(self, node_id: str, grad: float) -> List[str]:
        """The grad line, or a question mark while it is to be predicted."""
        if node_id in self.hidden:
            return ["grad ?  (Predict the Grad: answer in the quiz panel first)"]
        return [f"grad {grad:.4f}  ({grad!r})"]


class QuizController(QObject):
    """Keeps a ``Quiz`` in step with the backprop controller's stepper and the quiz panel."""

    def __init__(self, window, session, scene, display, backprop, lazy_panel, step_action):
        super().__init__(window)
        self.window = window
        self.session = session
        self.scene = scene
        self.display = display
        self.backprop = backprop
        self._panel = lazy_panel  # the quiz dock's: made when the quiz first shows
        self.step_action = step_action
        self.dock = lazy_panel.dock
        self.action = None  # Graph > Predict the Grad, once installed
        self.enabled = False
        self.quiz: Optional["Quiz"] = None
        self.step = None  # the step whose questions are on show
        self.overlay = QuizOverlay()
        self.choices = str(settings().value("quiz/choices", "false")).lower() == "true"
        lazy_panel.when_made(self._connect_panel)
        backprop.step_shown.connect(self._on_step)

    @property
    def panel(self):
        """The quiz panel (made when first asked for)."""
        return self._panel.get()

    def _connect_panel(self, panel) -> None:
        panel.choices_box.setChecked(self.choices)
        panel.submitted.connect(self.answer)
        panel.chosen.connect(self.choose)
        panel.next_requested.connect(self.next)
        panel.choices_toggled.connect(self.set_choices)

    # ----- the mode ------------------------------------------------------------
    def install(self, action) -> None:
        """Make ``action`` (Graph > Predict the Grad, checkable) the mode's switch."""
        self.action = action

    def turn_off(self) -> None:
        """Leave the mode and uncheck its menu item."""
        if self.action is not None:
            self.action.setChecked(False)
        self.set_enabled(False)

    def set_enabled(self, on: bool) -> None:
        """Turn Predict the Grad on (grads reset, Step asks) or off (everything shows)."""
        if on == self.enabled:
            return
        self.enabled = on
        if on:
            bug_lab = getattr(self.window, "bug_lab", None)
            if bug_lab is not None:
                bug_lab.set_variant(None)
            self.backprop.reset_grads()  # a fresh pass: nothing shown is an answer yet
            self.display.set_overlay(self.overlay)
            self.window.legend.refresh()
            if self.dock is not None:
                self.dock.show()
                self.dock.raise_()
            self.panel.show_idle("Press Step (F10): each grad the step writes is hidden until "
                                 "you have predicted it.")
            self.session.message.emit("Predict the Grad: press Step (F10), type each grad, Enter.")
        else:
            self._end_questions()
            if self.display.overlay is self.overlay:
                self.display.set_overlay(None)
            self.window.legend.refresh()
            self.quiz = None
            self.scene.refresh_looks()
            self.panel.show_idle("Turn on Graph > Predict the Grad, then press Step (F10).")
            steps = self.window.findChild(QDockWidget, "stepperDock")
            if self.dock is not None and self.dock.isVisible() and steps is not None:
                steps.raise_()  # the chain rule's lines again, where the questions were

    def set_choices(self, on: bool) -> None:
        """Ask with four choices (on) or a typed number (off), from the next question on."""
        self.choices = on
        settings().setValue("quiz/choices", "true" if on else "false")
        if self.quiz is not None:
            self.quiz.choices = on

    # ----- following the stepper ----------------------------------------------
    def _on_step(self, stepper, step) -> None:
        if not self.enabled:
            return
        if stepper is None:  # Backward, Reset Grads or an edit ended the step-through
            self._end_questions()
            self.quiz = None
            self.panel.show_idle("Press Step (F10) to start a pass.")
            return
        if self.quiz is None or self.quiz.stepper is not stepper:
            from ...document.quiz import Quiz

            self.quiz = Quiz(stepper, choices=self.choices)
        is_new = step is not None and step is stepper.done[-1] and step is not self.step \
            and (self.step is None or step.index == self.step.index + 1)
        if not is_new:  # Step Back or Run to End: what is on show is no question any more
            self._end_questions()
            self.panel.show_idle("Stepping went back or ran ahead: press Step (F10) to go on "
                                 "predicting.", self.quiz.score)
            return
        self.step = step
        question = self.quiz.begin_step(step)
        self._hide(step)
        self.window.stepper_panel.text.setPlainText(
            "Predict the grads of this step in the quiz panel: the chain-rule lines show once "
            "you have answered.")
        self._ask(question)

    def _ask(self, question) -> None:
        self.step_action.setEnabled(False)
        self.panel.show_question(question, self.quiz.total, self.quiz.score)

    def _hide(self, step) -> None:
        evaluation = self.session.evaluation
        touched = set(self.overlay.hidden)
        self.overlay.hidden = {evaluation.id_of(v) for v in self.quiz.hidden()}
        touched |= self.overlay.hidden
        self.scene.refresh_nodes(touched)
        self.window.inspector.refresh()

    def _end_questions(self) -> None:
        if self.quiz is not None:
            self.quiz.drop()
        self.step = None
        touched = set(self.overlay.hidden)
        self.overlay.hidden = set()
        self.scene.refresh_nodes(touched)
        self.window.inspector.refresh()
        self.step_action.setEnabled(True)

    # ----- answers ----------------------------------------------------------------
    def answer(self, text: str) -> None:
        """Check a typed answer."""
        if self.quiz is None or self.quiz.current is None:
            return
        from ...document.quiz import QuizError

        try:
            verdict = self.quiz.answer(text)
        except QuizError as error:
            self.panel.show_error(str(error))
            return
        self._judged(verdict)

    def choose(self, index: int) -> None:
        """Answer with choice ``index``."""
        if self.quiz is None or self.quiz.current is None:
            return
        from ...document.quiz import QuizError

        try:
            verdict = self.quiz.choose(index)
        except QuizError as error:
            self.panel.show_error(str(error))
            return
        self._judged(verdict)

    def _judged(self, verdict) -> None:
        self._hide(self.step)
        last = self.quiz.step_done
        if last:
            self.step_action.setEnabled(True)
            stepper = self.quiz.stepper
            self.window.stepper_panel.show_step(stepper, self.step)
        self.panel.show_verdict(verdict, self.quiz.score, last and not self.quiz.finished)
        if self.quiz.finished:
            self.panel.next_button.setText("&Done")
            self.session.message.emit(f"Pass complete: {self.quiz.score.text()}.")

    def next(self) -> None:
        """Go on: the step's next question, else the next step, else say the pass is over."""
        if self.quiz is None:
            return
        question = self.quiz.advance()
        if question is not None:
            self._ask(question)
            return
        if not self.quiz.step_done:
            return
        if self.quiz.finished:
            missed = ", ".join(self.quiz.score.wrong)
            self.panel.show_idle(f"Pass complete: {self.quiz.score.text()}."
                                 + (f" Missed: {missed}." if missed else " Every grad right!")
                                 + " Reset Grads, then Step, to go again.", self.quiz.score)
            return
        self.step_action.trigger()
