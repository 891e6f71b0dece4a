"""Predict the Grad in the window: a whole pass on the tutorial neuron with the keyboard alone."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget

from gradgui.ui.panels.legend import HEIGHT, OVERLAY_HEIGHT, STEP_MARKS_HEIGHT
from tutorial_neuron import GRADS

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def type_answer(qtbot, window, text):
    """Type ``text`` and Enter into whatever has the keyboard, which must be the answer field."""
    panel = window.quiz_panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.answer)
    QTest.keyClicks(QApplication.focusWidget(), text)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def press_enter(qtbot, window):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.quiz_panel.answer)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def label_of(window, text):
    """The label a prompt like '(x1*w1).grad = ?' asks about."""
    name = text[:-len(".grad = ?")]
    return name[1:-1] if name.startswith("(") else name


def test_a_keyboard_only_pass_with_one_wrong_answer(qtbot, neuron):
    window = neuron.window
    panel = window.quiz_panel
    neuron.key(Qt.Key.Key_P, CTRL_SHIFT)  # Graph > Predict the Grad
    assert window.findChild(QAction, "actionQuiz").isChecked()
    neuron.key(Qt.Key.Key_F10)  # the first step: the seed
    asked, verdicts = [], []
    while True:
        label = label_of(window, panel.prompt.text())
        asked.append(label)
        node_id = next(n for n in neuron.doc.node_ids() if neuron.doc.label(n) == label)
        # The grad to predict is hidden on the canvas and in the stepper panel.
        look = window.scene.look(node_id)
        assert (look.grad_text, look.mark, look.fill) == ("?", "?", None)
        assert "?" in window.scene.nodes[node_id].toolTip()
        assert "+=" not in window.stepper_panel.text.toPlainText()
        # x1's grad is w1 * (x1*w1).grad = -3 * 0.5; 0.5 leaves the local derivative out.
        type_answer(qtbot, window, "0.5" if label == "x1" else f"{GRADS[label]:.4g}")
        verdicts.append(panel.verdict.text())
        assert window.scene.look(node_id).grad_text != "?"  # shown once answered
        if label == "x1":
            assert panel.verdict.text() == "✗ Not quite: x1.grad = -1.5, not 0.5"
            assert panel.hint.text().startswith("Wrong factor: the local derivative")
            assert panel.line.text() == "x1.grad += w1.data * (x1*w1).grad = -3.0 * 0.5 = -1.5"
        if panel.next_button.text() == "&Done":
            break
        press_enter(qtbot, window)  # the next question, or the next step
    assert asked == ["o", "n", "x1*w1 + x2*w2", "b", "x1*w1", "x2*w2", "x2", "w2", "x1", "w1"]
    assert sum(v.startswith("✓") for v in verdicts) == 9
    assert panel.score.text() == "Score: 9 of 10 right"
    press_enter(qtbot, window)
    assert "Pass complete: 9 of 10 right. Missed: x1." in panel.context.text()
    # Every grad is the engine's, shown as usual.
    for node_id in neuron.doc.node_ids():
        assert window.scene.look(node_id).mark == ""
    assert window.scene.look("x1").grad_text == "-1.5"


def test_step_waits_for_the_answers_and_bad_text_keeps_the_question(qtbot, neuron):
    window = neuron.window
    panel = window.quiz_panel
    window.findChild(QAction, "actionQuiz").trigger()
    neuron.key(Qt.Key.Key_F10)
    step = window.findChild(QAction, "actionStep")
    assert not step.isEnabled()
    type_answer(qtbot, window, "one")
    assert "not a number" in panel.verdict.text() and panel.prompt.text() == "o.grad = ?"
    QTest.keyClick(panel.answer, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_answer(qtbot, window, "1")
    assert panel.verdict.text().startswith("✓") and step.isEnabled()
    # The chain-rule line is in the stepper panel once the step's grads are answered.
    assert "o.grad = 1.0" in window.stepper_panel.text.toPlainText()


def test_multiple_choice_with_number_keys(qtbot, neuron):
    window = neuron.window
    panel = window.quiz_panel
    window.findChild(QAction, "actionQuiz").trigger()
    QTest.mouseClick(panel.choices_box, Qt.MouseButton.LeftButton)
    assert panel.choices_box.isChecked()
    neuron.key(Qt.Key.Key_F10)
    assert all(b.isVisible() for b in panel.buttons)
    texts = [b.text() for b in panel.buttons]
    right = next(i for i, t in enumerate(texts) if t.endswith(" 1.0"))
    type_answer(qtbot, window, str(right + 1))
    assert panel.verdict.text() == "✓ Right: o.grad = 1.0"
    press_enter(qtbot, window)  # the next step: o = tanh(n), n's grad
    wrong = next(i for i, b in enumerate(panel.buttons) if not b.text().endswith(" 0.5"))
    QTest.mouseClick(panel.buttons[wrong], Qt.MouseButton.LeftButton)
    assert panel.verdict.text().startswith("✗ Not quite: n.grad = 0.5")


def test_turning_the_quiz_off_shows_every_grad(qtbot, neuron):
    window = neuron.window
    quiz = window.findChild(QAction, "actionQuiz")
    quiz.trigger()
    neuron.key(Qt.Key.Key_F10)
    assert window.scene.look("o").grad_text == "?"
    window.inspector.show_node("o")
    assert window.inspector.grad_text.text() == "?"
    # The legend says what "?" means while stepping.
    assert window.legend.height() == HEIGHT + STEP_MARKS_HEIGHT + OVERLAY_HEIGHT
    quiz.trigger()
    assert window.inspector.grad_text.text() == "1.0"
    assert not quiz.isChecked()
    assert window.scene.look("o").grad_text == "1.0"
    assert window.findChild(QAction, "actionStep").isEnabled()


def test_turning_the_quiz_off_brings_the_backward_steps_to_the_front(qtbot, neuron):
    """Ctrl+Shift+P twice, then F10: the step's chain-rule lines show, not the quiz's
    idle panel tabbed over them."""
    window = neuron.window
    steps = window.findChild(QDockWidget, "stepperDock")
    quiz_dock = window.findChild(QDockWidget, "quizDock")
    neuron.key(Qt.Key.Key_P, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not quiz_dock.visibleRegion().isEmpty())
    assert steps.visibleRegion().isEmpty()  # tabbed under the quiz
    neuron.key(Qt.Key.Key_P, CTRL_SHIFT)
    neuron.key(Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: not steps.visibleRegion().isEmpty())
    assert "o.grad" in window.stepper_panel.text.toPlainText()


def test_a_coloured_verdict_follows_the_text_size(qtbot, neuron):
    """The red or green verdict grows with View > Text Size like the rest of the panel (a
    colour in a style sheet kept it at 100 %), and keeps its colour."""
    window = neuron.window
    panel = window.quiz_panel
    window.findChild(QAction, "actionQuiz").trigger()
    neuron.key(Qt.Key.Key_F10)
    type_answer(qtbot, window, "one")
    red = panel.verdict.palette().color(panel.verdict.foregroundRole())
    window.findChild(QAction, "actionTextSize200").trigger()
    window.grab()
    assert panel.verdict.font().pointSizeF() == panel.font().pointSizeF()
    assert panel.font().pointSizeF() == 2 * window.appearance._base_font.pointSizeF()
    assert panel.verdict.palette().color(panel.verdict.foregroundRole()) == red
    assert red.red() > red.green()
