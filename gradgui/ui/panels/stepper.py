"""The stepper panel: which step, the chain-rule lines with numbers, what is left."""

from typing import Optional

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QVBoxLayout, QWidget

from ...engine import OPS, Step, Stepper, fmt

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
        self.queue.clear()
        if stepper is None:
            self.title.setText("Not stepping")
            self.text.setPlainText("Press Step (F10) to walk the backward pass one node at a time.")
            return
        last = stepper.total - 1
        if step is None:
            self.title.setText(f"Step – of {last}: nothing done yet")
            self.text.setPlainText("All grads are 0. Press Step (F10) to seed the output.")
        else:
            self.title.setText(f"Step {step.index} of {last}"
                               + ("  (done)" if stepper.finished else ""))
            self.text.setPlainText(describe_step(step, stepper))
        remaining = stepper.remaining()
        for value in remaining[:QUEUE_SHOWN]:
            self.queue.addItem(stepper.name(value))
        if step is None and remaining:
            # The output comes twice: seeded first, then its own op passes its grad on.
            first = self.queue.item(0)
            first.setText(f"{first.text()}  (seed its grad)")
        if len(remaining) > QUEUE_SHOWN:
            self.queue.addItem(f"… and {len(remaining) - QUEUE_SHOWN} more")
