"""Graph > Bug Lab: run the backward pass with a classic mistake and mark the grads it gets wrong.

The buggy grads show on the faces; a node whose grad differs from the
correct one gets a red outline and a "≠" badge, and its tooltip gives both
numbers. On a network bound to a data set the variant runs over every row
(document.bug_lab_rows), as Backward does. Off gives the normal faces back.
Any edit, or a step-through, turns the lab off: its marks belong to one
graph and one whole pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QActionGroup

from ...document import DocumentError

if TYPE_CHECKING:  # the variants' module is imported with the first variant run, not at start
    from ...document.bug_lab import VariantResult

ACTIONS = {None: "actionBugLabOff", "naive-order": "actionBugLabNaiveOrder",
           "assign": "actionBugLabAssign", "no-zero-grad": "actionBugLabNoZeroGrad"}
"""The objectName of each choice of the Bug Lab submenu (None: off)."""


class BugLabOverlay:
    """What faces and tooltips show while a variant is on: its grads, and marks where wrong."""

    def __init__(self, result: VariantResult):
        from ...document.bug_lab import TITLES

        self.result = result
        self.legend = f"≠  grad differs from the correct pass ({TITLES[result.variant]})"

    def face(self, node_id: str, grad: float) -> Tuple[Optional[float], str]:
        """The buggy grad, and "≠" where it is not the correct one."""
        return self.result.buggy.get(node_id, grad), "≠" if node_id in self.result.wrong else ""

    def shown_grads(self) -> List[float]:
        """The grads on the faces: the colour scale covers them as well as the right ones."""
        return list(self.result.buggy.values())

    def marks(self) -> dict:
        """Each node with a badge: "≠" on every grad the bug got wrong."""
        return dict.fromkeys(self.result.wrong, "≠")

    def tooltip(self, node_id: str, grad: float) -> List[str]:
        """The buggy grad and the correct one, in place of the grad line."""
        from ...document.bug_lab import TITLES

        title = TITLES[self.result.variant]
        buggy = self.result.buggy.get(node_id, grad)
        correct = self.result.correct.get(node_id, grad)
        if node_id in self.result.wrong:
            return [f"grad {buggy:.4f}  ({buggy!r})  with the bug ({title})  ≠",
                    f"correct grad {correct:.4f}  ({correct!r})"]
        return [f"grad {buggy:.4f}  ({buggy!r})  with the bug ({title}): the same as the "
                "correct grad"]


class BugLabController(QObject):
    """Turns a bug lab variant on and off and keeps its marks on the canvas."""

    changed = Signal(object)  # the VariantResult on show, or None

    def __init__(self, window, session, scene, display, backprop):
        super().__init__(window)
        self.window = window
        self.session = session
        self.scene = scene
        self.display = display
        self.backprop = backprop
        self.variant: Optional[str] = None
        self.result: Optional[VariantResult] = None
        self.actions = {}
        session.evaluated.connect(self._on_edit)
        backprop.step_shown.connect(self._on_step)

    def install(self, graph_menu, actions: dict) -> None:
        """Add Graph > Bug Lab with its four exclusive choices (already made, by objectName)."""
        menu = graph_menu.addMenu("Bug &Lab")
        menu.setObjectName("menuBugLab")
        menu.menuAction().setObjectName("actionBugLab")
        group = QActionGroup(menu)
        for variant, name in ACTIONS.items():
            action = actions[name]
            action.setCheckable(True)
            action.setChecked(variant is None)
            group.addAction(action)
            menu.addAction(action)
            if variant is None:
                menu.addSeparator()
            self.actions[variant] = action
        actions["actionBugLab"] = menu.menuAction()

    def handlers(self) -> dict:
        """The handler of each Bug Lab action, by objectName."""
        return {name: (lambda v=variant: self.set_variant(v)) for variant, name in ACTIONS.items()}

    def set_variant(self, variant: Optional[str]) -> bool:
        """Run ``variant`` (one of VARIANTS) and mark its wrong grads, or None: back to normal."""
        if variant is None:
            self._off()
            return True
        from ...document.bug_lab import EXPLANATIONS, VARIANTS, run_variant

        if variant not in VARIANTS:
            raise ValueError(f"unknown bug lab variant {variant!r}")
        quiz = getattr(self.window, "quiz", None)
        if quiz is not None and quiz.enabled:
            quiz.turn_off()  # one thing at a time changes what the faces show
        evaluation = self.session.evaluation
        stepping = self.backprop.stepper is not None
        if stepping or not evaluation.has_grads:
            # The correct pass first: the lab compares with it, and faces need grads.
            if not self.backprop.backward():
                self._off(quiet=True)
                return False
            evaluation = self.session.evaluation
        try:
            if hasattr(evaluation, "bound"):  # a network on a data set: over every row
                from ...document.bug_lab_rows import run_on_rows  # numpy, only with data
                doc, row, output = self.session.doc, evaluation.row, evaluation.output
                result = self.session.work.run(
                    "Running the bug lab over every row…",
                    lambda: run_on_rows(doc, variant, row, output), cancellable=False)
            else:
                result = run_variant(evaluation, evaluation.output, variant)
        except (DocumentError, ArithmeticError) as error:
            self.session.message.emit(f"Bug lab: {error}")
            self._off(quiet=True)
            return False
        self.variant, self.result = variant, result
        self.display.set_overlay(BugLabOverlay(result))
        self._check(variant)
        self.scene.refresh_looks()
        self.window.inspector.refresh()
        self.window.legend.refresh()
        self.session.message.emit(f"{result.summary(self.session.doc.label)} The bug: "
                                  f"{EXPLANATIONS[variant]}.")
        self.changed.emit(result)
        return True

    def _off(self, quiet: bool = False) -> None:
        was_on = self.variant is not None
        self.variant, self.result = None, None
        if isinstance(self.display.overlay, BugLabOverlay):
            self.display.set_overlay(None)
            self.scene.refresh_looks()
            self.window.inspector.refresh()
            self.window.legend.refresh()
        self._check(None)
        if was_on:
            if not quiet:
                self.session.message.emit("Bug lab off: the grads are the correct pass's again.")
            self.changed.emit(None)

    def _check(self, variant: Optional[str]) -> None:
        action = self.actions.get(variant)
        if action is not None and not action.isChecked():
            action.setChecked(True)

    def _on_edit(self) -> None:
        if self.variant is not None:
            self._off(quiet=True)
            self.session.message.emit("Bug lab off: the graph changed. Choose the variant again "
                                      "to see its grads.")

    def _on_step(self, stepper, _step) -> None:
        if stepper is not None and self.variant is not None:
            self._off(quiet=True)
