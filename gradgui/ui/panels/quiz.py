"""The Predict the Grad panel: the question, an answer field (or four choices), the verdict, the score.

It only shows and reports: Enter in the answer field sends what was typed,
or, once a verdict is on show, asks for the next question. The quiz
controller decides everything.
"""

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ...engine import fmt
from ..colors import Theme, tint

if TYPE_CHECKING:  # the panel is made at start; the quiz's module comes with the first quiz
    from ...document.quiz import Question, Score, Verdict


class QuizPanel(QWidget):
    """Shows one question at a time and what the quiz said to the answer."""

    submitted = Signal(str)  # the text typed, Enter pressed
    chosen = Signal(int)  # a choice's index (0-3)
    next_requested = Signal()  # Enter (or Next) after a verdict
    choices_toggled = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("quizPanel")
        self.answered = False  # a verdict is on show: Enter means "next"
        self.title = QLabel(objectName="quizTitle")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.context = QLabel(objectName="quizContext", wordWrap=True)
        self.prompt = QLabel(objectName="quizPrompt")
        self._size_prompt()
        self.answer = QLineEdit(objectName="quizAnswer")
        self.answer.setPlaceholderText("type the grad, then Enter")
        self.answer.returnPressed.connect(self._enter)
        self.buttons = []
        grid = QGridLayout()
        for index in range(4):
            button = QPushButton(objectName=f"quizChoice{index + 1}")
            button.clicked.connect(lambda _c=False, i=index: self.chosen.emit(i))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons.append(button)
        self.verdict = QLabel(objectName="quizVerdict", wordWrap=True)
        self.hint = QLabel(objectName="quizHint", wordWrap=True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.line = QLabel(objectName="quizLine", wordWrap=True)
        self.line.setFont(mono)
        self.line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_button = QPushButton("&Next", objectName="quizNext")
        self.next_button.clicked.connect(self.next_requested.emit)
        self.score = QLabel(objectName="quizScore")
        self.keys = QLabel("Enter checks the answer; Enter again goes on.", objectName="quizKeys")
        self.keys.setEnabled(False)
        self.choices_box = QCheckBox("&Multiple choice (type 1-4 or click)", objectName="quizChoices")
        self.choices_box.toggled.connect(self.choices_toggled.emit)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.context, self.prompt, self.answer):
            layout.addWidget(widget)
        layout.addLayout(grid)
        for widget in (self.verdict, self.hint, self.line, self.next_button, self.score,
                       self.keys, self.choices_box):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.show_idle("Turn on Graph > Predict the Grad, then press Step (F10).")

    # ----- what the controller shows ---------------------------------------
    def _size_prompt(self) -> None:
        # Bold and larger than the panel's text, whatever View > Text Size makes it.
        big = QFont(self.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.prompt.setFont(big)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_prompt()

    def show_idle(self, text: str, score: "Optional[Score]" = None) -> None:
        """No question waiting: ``text`` says what to do."""
        self.answered = False
        self.title.setText("Predict the grad")
        self.context.setText(text)
        self.prompt.setText("")
        self.answer.clear()
        self.answer.setEnabled(False)
        self._show_choices(())
        self._verdict(None)
        self.next_button.setVisible(False)
        self.score.setText("" if score is None or not score.answered else f"Score: {score.text()}")

    def show_question(self, question: "Question", total: int, score: "Score") -> None:
        """Ask ``question`` (number k of ``total``) and put the keyboard in the answer field."""
        self.answered = False
        self.title.setText(f"Predict the grad — question {question.number} of {total}")
        self.context.setText(question.context)
        self.prompt.setText(question.prompt)
        self.answer.clear()
        self.answer.setEnabled(True)
        self.answer.setPlaceholderText("the choice's number (1-4), then Enter" if question.choices
                                       else "type the grad, then Enter")
        self._show_choices(question.choices)
        self._verdict(None)
        self.next_button.setVisible(False)
        self.score.setText(f"Score: {score.text()}" if score.answered else "")
        self.answer.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_verdict(self, verdict: "Verdict", score: "Score", last: bool) -> None:
        """Say whether the answer was right, the hint, and the chain-rule line; Enter goes on."""
        self.answered = True
        self._verdict(verdict)
        for button in self.buttons:
            button.setEnabled(False)
        self.next_button.setVisible(True)
        self.next_button.setText("&Next step" if last else "&Next")
        self.score.setText(f"Score: {score.text()}")
        self.answer.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, text: str) -> None:
        """An answer that could not be read: say so, keep the question open."""
        self.verdict.setText(text)
        tint(self.verdict, self._colours().invalid)
        self.answer.selectAll()
        self.answer.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- inside -------------------------------------------------------------
    def _enter(self) -> None:
        if self.answered:
            self.next_requested.emit()
            return
        text = self.answer.text()
        if self.buttons[0].isVisible() and text.strip() in ("1", "2", "3", "4"):
            self.chosen.emit(int(text.strip()) - 1)
        else:
            self.submitted.emit(text)

    def _colours(self) -> Theme:
        return Theme.from_palette(self.palette())

    def _show_choices(self, choices) -> None:
        for index, button in enumerate(self.buttons):
            button.setVisible(bool(choices))
            button.setEnabled(bool(choices))
            if choices:
                button.setText(f"&{index + 1})  {fmt(choices[index])}")

    def _verdict(self, verdict: "Optional[Verdict]") -> None:
        if verdict is None:
            for label in (self.verdict, self.hint, self.line):
                label.setText("")
            return
        self.verdict.setText(("✓ " if verdict.correct else "✗ ") + verdict.message)
        theme = self._colours()
        colour = theme.valid_port if verdict.correct else theme.invalid
        tint(self.verdict, colour)
        self.hint.setText(f"Wrong factor: {verdict.hint}" if verdict.hint else "")
        self.line.setText(verdict.line)
