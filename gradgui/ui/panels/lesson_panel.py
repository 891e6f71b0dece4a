"""The lesson panel: a step's text, what to do, an answer box, Back and Next."""

import math
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..colors import tint
from .markdown_view import MarkdownBrowser

if TYPE_CHECKING:  # the lessons' module comes with the first lesson
    from ...document.lesson import LessonStep


def parse_answer(text: str) -> Optional[float]:
    """A typed number ("-1.5", "0,5", "1e-3"), or None if it is not one."""
    text = text.strip().replace(",", ".").replace("\u2212", "-")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


ASKED_LINES = 2  # the step's text asks for this many lines; it takes whatever room is left


class _StepText(MarkdownBrowser):
    """A step's text: it fills the room the panel has and scrolls within it.

    A panel in a short dock is scrolled whole once its parts' preferred heights do
    not fit (its labels wrap, so the dock's scroll area asks it for its height at
    its width), and that scrolled Back and Next out of sight. Asking for a few
    lines keeps them in view; the text still grows into any room there is.
    """

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = 2 * (self.frameWidth() + self.document().documentMargin())
        asked = round(ASKED_LINES * self.fontMetrics().lineSpacing() + margins)
        return QSize(hint.width(), min(hint.height(), asked))


class LessonPanel(QWidget):
    """Shows one step of a lesson; says what to do and when it is done."""

    back_requested = Signal()
    next_requested = Signal()
    leave_requested = Signal()
    answer_given = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.title = QLabel(objectName="lessonTitle")
        self._size_title()
        self.title.setWordWrap(True)
        self.progress = QLabel(objectName="lessonProgress")
        self.text = _StepText(objectName="lessonText")
        self.text.setOpenExternalLinks(False)
        self.do_line = QLabel(objectName="lessonDo")
        self.do_line.setWordWrap(True)
        self.do_line.setTextFormat(Qt.TextFormat.PlainText)
        self._size_do_line()
        self.answer = QLineEdit(objectName="lessonAnswer")
        self.answer.setPlaceholderText("your answer: a number")
        self.check = QPushButton("Check", objectName="lessonCheck")
        self.feedback = QLabel(objectName="lessonFeedback")
        self.feedback.setWordWrap(True)
        self.back = QPushButton("◀ Back", objectName="lessonBack")
        self.next = QPushButton("Next ▶", objectName="lessonNext")
        self.leave = QPushButton("Leave", objectName="lessonLeave")
        self.leave.setToolTip("Leave the lesson; the graph stays as it is")
        for button in (self.back, self.next, self.leave):
            button.setAutoDefault(True)  # Enter presses the button that has the keyboard
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer, 1)
        answer_row.addWidget(self.check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.leave)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.do_line)
        layout.addLayout(answer_row)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        self.back.clicked.connect(self.back_requested)
        self.next.clicked.connect(self.next_requested)
        self.leave.clicked.connect(self.leave_requested)
        self.check.clicked.connect(self._give_answer)
        self.answer.returnPressed.connect(self._give_answer)
        self.show_nothing()

    def show_nothing(self) -> None:
        """No lesson open: say where lessons are."""
        self.title.setText("No lesson open")
        self.progress.setText("")
        self.text.setMarkdown("Help > Lessons has short lessons on backpropagation, "
                              "from the tutorial's neuron to a descent step.")
        for widget in (self.do_line, self.answer, self.check, self.feedback):
            widget.hide()
        self.back.setEnabled(False)
        self.next.setEnabled(False)
        self.leave.setEnabled(False)

    def _size_title(self) -> None:
        # Bold and a little larger than the panel's text, whatever View > Text Size makes it.
        font = self.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)

    def _size_do_line(self) -> None:
        font = self.font()  # bold, in the panel's size (set again when that changes)
        font.setBold(True)
        self.do_line.setFont(font)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_title()
            self._size_do_line()

    def show_step(self, title: str, index: int, count: int, step: "LessonStep", done: bool,
                  feedback: str = "", new_step: bool = True) -> None:
        """Show step ``index`` (from 0) of ``count``; ``done`` when its action is done."""
        answering = self.answer.hasFocus()
        self.title.setText(title)
        self.progress.setText(f"Step {index + 1} of {count}")
        if new_step:
            self.text.setMarkdown(step.text)
            self.answer.clear()
        action = step.action
        asks = action is not None and action.done.kind == "predict"
        self.do_line.setVisible(action is not None)
        if action is not None:
            self.do_line.setText(("✓ Done: " if done else "Do: ") + action.text)
            tint(self.do_line, None if done else self.palette().color(QPalette.ColorRole.Link))
        for widget in (self.answer, self.check):
            widget.setVisible(asks)
            widget.setEnabled(asks and not done)
        self.feedback.setText(feedback)
        self.feedback.setVisible(bool(feedback))
        self.back.setEnabled(index > 0)
        self.leave.setEnabled(True)
        last = index == count - 1
        self.next.setText("Finish" if last else "Next ▶")
        self.next.setEnabled(done or action is None)
        if asks and not done and new_step:
            self.answer.setFocus()
        elif answering and done:
            self.next.setFocus()  # the box is done with: a second Enter goes on

    def _give_answer(self) -> None:
        number = parse_answer(self.answer.text())
        if number is None:
            self.feedback.setText("Type a number, such as 2 or -0.25.")
            self.feedback.show()
            return
        self.answer_given.emit(number)
