"""Backward, step-through, gradient check and descent: the actions of the Graph menu."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

from PySide6.QtCore import QObject, Signal

from ...document import DocumentError, OutputChoiceError, choose_output
from ...engine import fmt
from ..colors import GradScale, scale_of

if TYPE_CHECKING:  # imported when first used, not at start
    from ...document.gradcheck import GradCheckReport  # (with networkx)
    from ...engine import Stepper


class BackpropController(QObject):
    """Runs the backward pass whole or a step at a time and shows it on the scene."""

    step_shown = Signal(object, object)  # (stepper or None, step or None)
    grad_check_done = Signal(object)
    check_current = Signal(object)  # the last check's report: the numbers are its own again
    check_stale = Signal()  # the numbers are no longer those of the last check

    def __init__(self, window, session, scene, display):
        super().__init__(window)
        self.window = window
        self.session = session
        self.scene = scene
        self.display = display  # what the scene shows of the pass
        self.stepper: Optional[Stepper] = None
        self.learning_rate = 0.05
        self.last_report: Optional["GradCheckReport"] = None
        self._report_mark: Optional[tuple] = None  # the numbers it checked (numbers_mark)
        # Step Over's runs of steps: (the position after one, how many it took), so Step
        # Back takes a run back as one.
        self._runs: List[Tuple[int, int]] = []
        session.evaluated.connect(self._end_stepping)
        session.evaluated.connect(self._follow_check)
        session.document_replaced.connect(self._forget_check)

    # ----- which output -----------------------------------------------
    def output(self) -> Optional[str]:
        """The node Backward starts from; asks when several could be."""
        from PySide6.QtWidgets import QInputDialog
        # Only a lone selected node counts: no need to list a big graph's nodes in order.
        selected = self.scene.selected_node_set()
        try:
            return choose_output(self.session.doc, next(iter(selected)) if len(selected) == 1
                                 else None)
        except OutputChoiceError as error:
            if not error.candidates:
                self.session.message.emit(str(error))
                return None
            labels = [f"{self.session.doc.label(n)}  ({n})" for n in error.candidates]
            choice, ok = QInputDialog.getItem(self.window, "Backward from which node?",
                                              "Several nodes feed nothing. Backpropagate from:",
                                              labels, 0, False)
            if not ok:
                return None
            return error.candidates[labels.index(choice)]

    # ----- whole pass ---------------------------------------------------
    def backward(self) -> bool:
        """Zero all grads, backpropagate from the output, colour every node."""
        output = self.output()
        if output is None:
            return False
        self._end_stepping()
        # The pass, and the overview's fills for its grads, are made on a worker.
        evaluation, mode = self.session.evaluation, self.display.scale_mode
        make_fills = self.scene.overview.fills_maker(evaluation)
        made = {}

        def run(backward_pass):
            def work():
                backward_pass()
                if make_fills is not None:
                    made["fills"] = make_fills(scale_of((v.grad for v in evaluation.values.values()), mode))
            self.session.work.run("Running the backward pass…", work, cancellable=False)

        if not self.session.backward(output, run):
            return False
        if "fills" in made:
            self.scene.overview.adopt_fills(made["fills"])
        self.session.message.emit(f"Backward from '{self.session.doc.label(output)}': "
                                  "every node now shows d(output)/d(node).")
        return True

    def reset_grads(self) -> None:
        """Forget every grad (and end stepping)."""
        self._end_stepping()
        self.session.reset_grads()

    # ----- one step at a time --------------------------------------------
    def step(self) -> None:
        """Take the next step of the backward pass (starting one if needed)."""
        if self.stepper is not None and self.stepper.finished:
            self.session.message.emit("The backward pass is complete: Step Back to review it, "
                                      "or Backward to start again.")
            return
        if self.stepper is None and not self._start():
            return
        self._show(self.stepper.step())

    def _start(self) -> bool:
        output = self.output()
        if output is None:
            return False
        # Colours hold still while stepping: they use the finished pass's scale,
        # found (with the fills it gives) on a worker along with the stepper.
        evaluation, mode = self.session.evaluation, self.display.scale_mode
        make_fills = self.scene.overview.fills_maker(evaluation)
        made = {}

        def run(make_stepper):
            def work():
                stepper = make_stepper()
                made["scale"] = scale_of(evaluation.pass_grads(output), mode) or GradScale(0.0, mode)
                if make_fills is not None:
                    made["fills"] = make_fills(made["scale"])
                return stepper
            return self.session.work.run("Preparing the step-through…", work, cancellable=False)

        # A collapsed box's steps run one after another, so Step Over takes all of them.
        hidden = self.scene.folding.plan.hidden
        stepper = self.session.start_stepper(output, run, hidden.get if hidden else None)
        if stepper is None:
            return False
        self.display.start_stepping(stepper, made["scale"])
        self.stepper = stepper
        self._runs = []
        self.session.grads_changed.emit()
        if "fills" in made:
            self.scene.overview.adopt_fills(made["fills"])
        return True

    def step_back(self) -> None:
        """Undo the last step exactly."""
        if self.stepper is None or self.stepper.position == 0:
            self.session.message.emit("Nothing to step back: the pass has not started.")
            return
        if self._runs and self._runs[-1][0] == self.stepper.position:
            count = self._runs.pop()[1]
            undone = [self.stepper.step_back() for _ in range(count)]
            self._show(self.stepper.done[-1] if self.stepper.done else None, *undone)
            return
        undone = self.stepper.step_back()
        self._show(self.stepper.done[-1] if self.stepper.done else None, undone)

    def step_over(self) -> None:
        """Take, as one, the steps inside the collapsed group being stepped: the rest of the
        group the last step was in, else of the group the next step is in (else one step).

        The pass was ordered to keep each box's steps together (see _start); a group
        collapsed after the pass began, or one the pass must leave and come back to,
        is stepped over as far as its steps run together.
        """
        if self.stepper is not None and self.stepper.finished:
            self.step()
            return
        if self.stepper is None and not self._start():
            return
        stepper, hidden = self.stepper, self.scene.folding.plan.hidden
        id_of = self.session.evaluation.id_of

        def box_of(value) -> Optional[str]:
            return hidden.get(id_of(value))
        gid = box_of(stepper.done[-1].node) if stepper.done else None
        if gid is None or box_of(stepper.queue[stepper.position]) != gid:
            gid = box_of(stepper.queue[stepper.position])
        if gid is None:
            self._show(stepper.step())
            return
        taken = []
        while not stepper.finished and box_of(stepper.queue[stepper.position]) == gid:
            taken.append(stepper.step())
        self._runs.append((stepper.position, len(taken)))
        self._show(taken[-1], *taken[:-1])
        self.session.message.emit(
            f"Stepped over {len(taken)} step(s) inside {self.session.doc.groups.label(gid)}; "
            "Step Back takes them back as one.")

    def run_to_end(self) -> None:
        """Finish the pass; the grads then equal Backward's."""
        if self.stepper is None and not self._start():
            return
        self.stepper.run_to_end()
        self.display.show_step({})
        self.scene.refresh_looks()
        self._show(self.stepper.done[-1])

    def _show(self, step, *others) -> None:
        """Highlight ``step`` and repaint only the nodes it (or the ``others``, steps undone
        or taken with it) touched."""
        # A message about the last step (one taken over a box) is not about this one.
        self.session.message.emit("")
        evaluation = self.session.evaluation
        roles = {}
        if step is not None:
            for term in step.terms:
                roles[evaluation.id_of(term.operand)] = "changed"
            roles[evaluation.id_of(step.node)] = "current"
        touched = self.display.show_step(roles)
        for other in others:
            if other is not None:
                touched.add(evaluation.id_of(other.node))
                touched.update(evaluation.id_of(t.operand) for t in other.terms)
        self.scene.refresh_nodes(touched)
        self.step_shown.emit(self.stepper, step)

    def _end_stepping(self) -> None:
        if self.stepper is None and not self.display.step_roles:
            return
        self.stepper = None
        self.display.end_stepping()
        self.scene.refresh_looks()
        self.step_shown.emit(None, None)

    # ----- checks and training --------------------------------------------
    def grad_check(self) -> Optional["GradCheckReport"]:
        """Compare every leaf's grad with a finite difference; flag and list mismatches."""
        output = self.output()
        if output is None:
            return None
        doc = self.session.doc
        evaluation = self.session.evaluation
        bound = getattr(evaluation, "bound", None)  # a data set: Backward's grads are the batch's

        def check(report):
            if bound is None:
                from ...document.gradcheck import grad_check
                return grad_check(doc, output, progress=report)
            from ...document.gradcheck_batch import batch_grad_check  # numpy: only with data
            return batch_grad_check(doc, bound, output, evaluation.row, progress=report)
        try:
            # Cancel stops it at the next leaf: the report then holds the leaves checked.
            report = self.session.work.run("Checking gradients…", check, counts_steps=True)
        except (DocumentError, ArithmeticError) as error:
            self.session.message.emit(str(error))
            return None
        self.last_report, self._report_mark = report, self.session.core.numbers_mark()
        self.display.set_check_flags(_check_flags(report))
        self.scene.update()
        self.session.message.emit(report.summary())
        self.grad_check_done.emit(report)
        return report

    def _follow_check(self) -> None:
        """After an evaluation: an undo or redo back to the numbers of the last check
        brings its report and flags back (the scene dropped the flags); else it is stale."""
        if self.last_report is not None and self.session.core.at_numbers(self._report_mark):
            self.display.set_check_flags(_check_flags(self.last_report))
            self.scene.update()
            self.check_current.emit(self.last_report)
        else:
            self.check_stale.emit()

    def _forget_check(self) -> None:
        """Another document: the last check was of the one before."""
        self.last_report, self._report_mark = None, None

    def descend(self) -> bool:
        """Move every weight by -lr * grad as one undo step; show the output before and after."""
        # Half way through a step-through the grads are partial: take the whole pass.
        partial = self.stepper is not None and not self.stepper.finished
        if (partial or not self.session.evaluation.has_grads) and not self.backward():
            return False
        output = self.session.evaluation.output
        before = self.session.evaluation.data(output)
        from ...document.descent import descent_step
        try:
            command = descent_step(self.session.doc, self.session.evaluation, self.learning_rate)
        except DocumentError as error:
            self.session.message.emit(str(error))
            return False
        if not self.session.execute(command):
            return False
        after = self.session.evaluation.data(output)
        label = self.session.doc.label(output)
        self.session.message.emit(
            f"Descent step (lr={self.learning_rate:g}): {label} {fmt(before)} → "
            f"{'—' if after is None else fmt(after)}. Press Backward for the new grads.")
        return True


def _check_flags(report) -> dict:
    """The canvas's marks of a check: True for each node whose grad did not match."""
    return {row.node: not row.ok for row in report.rows}
