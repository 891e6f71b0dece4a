"""The stepper panel: which step, the chain-rule lines with numbers, what is left."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QVBoxLayout, QWidget

from ...engine import OPS, fmt

if TYPE_CHECKING:  # the stepper's module is loaded when a pass is first stepped
    from ...engine import Step, Stepper

QUEUE_SHOWN = 12  # the panel shows about this many; listing thousands would slow every step


def describe_step(step: Step, stepper: Stepper) -> str:
    """The panel's text for a step: the node, its chain-rule lines, and any += accumulation."""
    name = stepper.name(step.node)
    if step.is_seed:
        if stepper.seed_why:
            return f"Start at the output {name}, {stepper.seed_why}.\n\n{step.lines[0]}"
        return (f"Start at the output {name}: the derivative of {name} with respect to "
                f"itself is 1.\n\n{step.lines[0]}")
    grad = f"({name}).grad" if any(c in name for c in "+-*/ ") else f"{name}.grad"
    expression = _expression(step, stepper)
    # A label that is its own expression ("x1*w1") is not repeated after an equals sign.
    heading = name if _same_text(name, expression) else f"{name} = {expression}"
    parts = [f"Backward through {heading}: each input's grad "
             f"gets its local derivative × {grad} ({fmt(step.upstream)}).", ""]
    parts += step.lines
    notes = [stepper.carry_note(t) or
             f"{stepper.name(t.operand)} already had grad {fmt(t.grad_before)} from another "
             f"use, so += adds to it: {fmt(t.grad_before)} + {fmt(t.contribution)} = {fmt(t.grad_after)}"
             for t in step.terms if t.accumulates]
    if notes:
        parts += [""] + notes
    return "\n".join(parts)


def _same_text(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def _expression(step: Step, stepper: Stepper) -> str:
    node = step.node
    exponent = fmt(node.exponent) if node.exponent is not None else ""
    return OPS[node.op].expression([stepper.name(v) for v in node.operands], exponent)


class StepperPanel(QWidget):
    """Shows "step k of N", the current step's explanation, and the queue."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("stepperPanel")
        self.title = QLabel(objectName="stepTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text = QPlainTextEdit(objectName="stepText")
        self.text.setReadOnly(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(mono)
        self.queue = QListWidget(objectName="stepQueue")
        self.queue.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel("Still to visit:"))
        layout.addWidget(self.queue)
        self.show_step(None, None)

    def show_step(self, stepper: Optional[Stepper], step: Optional[Step]) -> None:
        """Show the stepper's state (None: not stepping)."""
        if stepper is None:
            self._set_queue([])
            self._set_text("Not stepping",
                           "Press Step (F10) to walk the backward pass one node at a time.")
            return
        last = stepper.total - 1
        if step is None:
            self._set_text(f"Step – of {last}: nothing done yet",
                           "All grads are 0. Press Step (F10) to seed the output.")
        else:
            self._set_text(f"Step {step.index} of {last}" + ("  (done)" if stepper.finished else ""),
                           describe_step(step, stepper))
        remaining = stepper.remaining()
        texts = [stepper.name(value) for value in remaining[:QUEUE_SHOWN]]
        if step is None and texts:
            # The output comes twice: seeded first, then its own op passes its grad on.
            texts[0] = f"{texts[0]}  (seed its grad)"
        if len(remaining) > QUEUE_SHOWN:
            texts.append(f"… and {len(remaining) - QUEUE_SHOWN} more")
        self._set_queue(texts)

    def _set_text(self, title: str, text: str) -> None:
        if self.title.text() != title:
            self.title.setText(title)
        # Setting the same text again would lay the whole document out once more.
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)

    def _set_queue(self, texts: list) -> None:
        # A step takes the first names and adds one at the end: drop the items taken and
        # relabel only those that changed, instead of making every item anew each step.
        queue = self.queue
        shown = [queue.item(i).text() for i in range(queue.count())]
        if shown == texts:
            return
        if texts and texts[0] in shown:
            for _ in range(shown.index(texts[0])):
                queue.takeItem(0)  # the list owns nothing once taken; Python drops it
            shown = shown[shown.index(texts[0]):]
        for i, text in enumerate(texts[:len(shown)]):
            if shown[i] != text:
                queue.item(i).setText(text)
        for _ in range(len(shown) - len(texts)):
            queue.takeItem(queue.count() - 1)
        if len(texts) > len(shown):
            queue.addItems(texts[len(shown):])
