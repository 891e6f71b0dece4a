"""Lessons in the window, done the way a learner does them: menus, keys, clicks and drags."""

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit, QMenu

from gradgui.document.lesson import bundled_lessons
from tutorial_neuron import GRADS

CTRL = Qt.KeyboardModifier.ControlModifier
NEURON_PREDICTIONS = {"o": "1", "n": "0.5", "b": "0.5", "x1": "-1.5", "w1": "1.0", "x2": "0.5",
                      "w2": "0"}


def panel(window):
    return window.lesson_panel


def click(widget):
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def next_step(qtbot, window):
    before = window.lessons.index
    click(panel(window).next)
    qtbot.waitUntil(lambda: window.lessons.index == before + 1)


def predict(qtbot, window, text):
    box = panel(window).answer
    qtbot.waitUntil(box.isVisible)
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)
    QTest.keyClick(box, Qt.Key.Key_Return)


def step_text(window) -> str:
    return panel(window).text.toPlainText()


def do_line(window) -> str:
    return panel(window).do_line.text()


def open_from_menu(qtbot, window, action_name):
    menu = window.menuBar().findChild(QMenu, "menuLessons")
    assert menu is not None
    action = window.findChild(QAction, action_name)
    assert action in menu.actions()
    action.trigger()
    qtbot.waitUntil(lambda: window.lessons.lesson is not None)


def type_into_row(qtbot, canvas, node_id, row, text):
    canvas.double_click(canvas.row(node_id, row))
    qtbot.waitUntil(lambda: canvas.viewport.findChild(QLineEdit, "inlineEditor") is not None)
    editor = canvas.viewport.findChild(QLineEdit, "inlineEditor")
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: canvas.viewport.findChild(QLineEdit, "inlineEditor") is None)


def test_help_lessons_lists_every_bundled_lesson_in_order(window):
    menu = window.menuBar().findChild(QMenu, "menuLessons")
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    expected = [n for n in (
        "actionLessonNeuron", "actionLessonUsedTwice", "actionLessonTopologicalOrder",
        "actionLessonZeroGrad", "actionLessonDescent") if n in window.actions]
    assert names == expected + ["actionOpenLesson"]
    assert len(expected) == len(bundled_lessons())


def test_the_neuron_lesson_done_with_real_events(qtbot, window, canvas):
    open_from_menu(qtbot, window, "actionLessonNeuron")
    dock = window.findChild(QDockWidget, "lessonDock")
    assert dock.isVisible()
    lessons, view = window.lessons, window.view
    assert "The neuron" in panel(window).title.text()
    assert panel(window).progress.text() == f"Step 1 of {len(lessons.lesson.steps)}"
    assert set(lessons.highlights.node_ids) == {"x1", "x2", "w1", "w2", "b"}
    assert lessons.highlights.halo_of("x1").isVisible()
    assert not panel(window).back.isEnabled()
    next_step(qtbot, window)

    # Set w1: Next waits until it is done.
    assert do_line(window) == "Do: Set w1 to -3."
    assert not panel(window).next.isEnabled()
    type_into_row(qtbot, canvas, "w1", "data", "-3")
    qtbot.waitUntil(panel(window).next.isEnabled)
    assert do_line(window).startswith("✓ Done")
    next_step(qtbot, window)

    # Wire n into o with a drag from port to port.
    assert canvas.session.evaluation.data("o") is None
    canvas.drag(canvas.port("n", -1), canvas.port("o", 0), steps=8)
    qtbot.waitUntil(panel(window).next.isEnabled)
    assert canvas.session.evaluation.data("o") == pytest.approx(math.sqrt(0.5))
    next_step(qtbot, window)
    assert "0.7071" in step_text(window) and "0.8814" in step_text(window)
    next_step(qtbot, window)

    # Predict each grad, a wrong answer first; step when the lesson says so.
    predicted = []
    while lessons.index < len(lessons.lesson.steps) - 1:
        action = lessons.lesson.steps[lessons.index].action
        assert action is not None
        kind, node = action.done.kind, action.done.node
        if kind == "predict":
            assert not panel(window).next.isEnabled()
            predict(qtbot, window, "0.4")
            feedback = panel(window).feedback.text()
            if node == "o":
                assert feedback == "Not 0.4. The backward pass starts here, at the output: its grad is do/do = 1."
            else:
                assert feedback.startswith(f"Not 0.4. By the chain rule, the grad of {node} is the grad of ")
                assert feedback.endswith("Work out each factor and try again.")
            assert not panel(window).next.isEnabled()
            if node == "w1":  # a second miss: the factors' numbers, to multiply
                predict(qtbot, window, "0.4")
                assert panel(window).feedback.text() == (
                    "Not 0.4. By the chain rule, the grad of w1 is the grad of x1*w1 × "
                    "d(x1*w1)/dw1. Here the grad of x1*w1 is 0.5 and d(x1*w1)/dw1 is 2.0.")
            predict(qtbot, window, NEURON_PREDICTIONS[node])
            qtbot.waitUntil(panel(window).next.isEnabled)
            assert panel(window).feedback.text().startswith("Right")
            predicted.append(node)
            # The keyboard goes on to Next: a second Enter takes the next step.
            assert QApplication.focusWidget() is panel(window).next
            before = lessons.index
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: lessons.index == before + 1)
            continue
        elif kind == "step":
            view.setFocus()
            QTest.keyClick(view, Qt.Key.Key_F10)
            qtbot.waitUntil(panel(window).next.isEnabled)
            stepper = window.backprop.stepper
            assert stepper.reached(canvas.session.evaluation.values[node])
        else:
            assert kind == "backward"
            view.setFocus()
            QTest.keyClick(view, Qt.Key.Key_F10, CTRL)  # Run to End
            qtbot.waitUntil(panel(window).next.isEnabled)
        next_step(qtbot, window)
    assert predicted == list(NEURON_PREDICTIONS)

    # The last step's table is the engine's numbers.
    evaluation, doc = canvas.session.evaluation, canvas.doc
    assert {doc.label(n): evaluation.grad(n) for n in doc.node_ids()} == pytest.approx(GRADS)
    for node, text in NEURON_PREDICTIONS.items():
        assert float(text) == pytest.approx(evaluation.grad(node))
    assert set(lessons.highlights.node_ids) == set(doc.node_ids())
    assert panel(window).next.text() == "Finish"
    click(panel(window).next)
    qtbot.waitUntil(lambda: lessons.lesson is None)
    assert lessons.highlights.halo_of("o") is None


def test_back_keeps_what_was_done_and_highlights_follow_the_step(qtbot, window, canvas):
    open_from_menu(qtbot, window, "actionLessonNeuron")
    next_step(qtbot, window)
    type_into_row(qtbot, canvas, "w1", "data", "-3")
    qtbot.waitUntil(panel(window).next.isEnabled)
    assert window.lessons.highlights.node_ids == ("w1",)
    assert window.lessons.highlights.halo_of("x1") is None
    click(panel(window).back)
    qtbot.waitUntil(lambda: window.lessons.index == 0)
    next_step(qtbot, window)
    assert panel(window).next.isEnabled()  # done once, done for good
    assert do_line(window).startswith("✓ Done")


def test_the_descent_lesson_done_with_real_events(qtbot, window, canvas):
    open_from_menu(qtbot, window, "actionLessonDescent")
    view, session = window.view, canvas.session
    assert session.evaluation.data("loss") == pytest.approx(0.5)
    next_step(qtbot, window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(panel(window).next.isEnabled)
    next_step(qtbot, window)
    predict(qtbot, window, "1.414")
    qtbot.waitUntil(panel(window).next.isEnabled)
    assert session.evaluation.grad("w1") == pytest.approx(math.sqrt(2))
    next_step(qtbot, window)

    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_G, CTRL)
    qtbot.waitUntil(panel(window).next.isEnabled)
    assert session.evaluation.data("loss") == pytest.approx(0.3688, abs=5e-5)
    assert canvas.doc.node("w1")["value"] == pytest.approx(-3.0707, abs=5e-5)
    next_step(qtbot, window)
    losses = []
    for _ in range(10):  # the lesson says about three
        if panel(window).next.isEnabled():
            break
        QTest.keyClick(view, Qt.Key.Key_G, CTRL)
        losses.append(session.evaluation.data("loss"))
    assert losses == sorted(losses, reverse=True) and len(losses) == 3 and losses[-1] < 0.05
    next_step(qtbot, window)

    # Undo every step, raise the learning rate, step once: the loss goes up.
    for _ in range(4):
        QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert session.evaluation.data("loss") == pytest.approx(0.5)
    spin = window.learning_rate
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, "1")
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert window.backprop.learning_rate == 1.0
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_G, CTRL)
    qtbot.waitUntil(panel(window).next.isEnabled)
    assert session.evaluation.data("loss") == pytest.approx(0.9804, abs=5e-5)
    assert session.evaluation.data("o") == pytest.approx(-0.9901, abs=5e-5)
    next_step(qtbot, window)
    assert "0.9804" in step_text(window)
    click(panel(window).next)
    qtbot.waitUntil(lambda: window.lessons.lesson is None)


def test_a_bad_lesson_file_is_refused_and_the_graph_stays(qtbot, window, canvas, neuron_path,
                                                          tmp_path, message_boxes):
    assert window.files.open_file(str(neuron_path))
    before = canvas.dumps()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "gradgui-lesson", "version": 1}', encoding="utf-8")
    assert not window.lessons.open_lesson(str(bad))
    assert message_boxes.warned == [("Could not open the lesson",
                                     "bad.json: 'title' must be non-empty text")]
    assert canvas.dumps() == before and window.lessons.lesson is None


# The answers a learner works out by hand, in the order the lesson asks; and what the
# comparison with the bug lab's variant shows for the node the bug gets wrong.
BUG_LESSONS = {
    "actionLessonUsedTwice": (["2", "13", "3"], "a", "13.0", "3.0 ✗"),
    "actionLessonTopologicalOrder": (["7", "1"], "a", "7.0", "1.0 ✗"),
    "actionLessonZeroGrad": (["2"], "w1", "1.0", "2.0 ✗"),
}


BUG_LAB_ACTIONS = {"assign": "actionBugLabAssign", "naive-order": "actionBugLabNaiveOrder",
                   "no-zero-grad": "actionBugLabNoZeroGrad"}


@pytest.mark.parametrize("action_name", list(BUG_LESSONS))
def test_the_bug_lessons_done_with_real_events(qtbot, window, canvas, action_name):
    answers, wrong_node, right, buggy = BUG_LESSONS[action_name]
    open_from_menu(qtbot, window, action_name)
    lessons, view = window.lessons, window.view
    answers = list(answers)
    compared = False
    while lessons.lesson is not None:
        step = lessons.lesson.steps[lessons.index]
        if step.action is not None:
            assert not panel(window).next.isEnabled()
            if step.action.done.kind == "predict":
                predict(qtbot, window, answers.pop(0))
                done = step.action.done
                if done.output is not None:  # of a part of the graph: a derivative, not a grad
                    out, node = canvas.doc.label(done.output), canvas.doc.label(done.node)
                    qtbot.waitUntil(panel(window).next.isEnabled)
                    assert panel(window).feedback.text() == f"Right: d{out}/d{node} is 2.0."
            elif step.action.done.kind == "bug_lab":
                variant = step.action.done.variant
                window.findChild(QAction, BUG_LAB_ACTIONS[variant]).trigger()
                qtbot.waitUntil(panel(window).next.isEnabled)
                # The canvas marks the grad the bug gets wrong, with both numbers.
                assert wrong_node in window.bug_lab.result.wrong
                assert "≠" in canvas.scene.nodes[wrong_node].toolTip()
            else:
                assert step.action.done.kind == "backward"
                view.setFocus()
                for _ in range(len(canvas.doc.node_ids()) + 1):  # step through it, key by key
                    QTest.keyClick(view, Qt.Key.Key_F10)
            qtbot.waitUntil(panel(window).next.isEnabled)
        if step.compare is not None:
            # The table's cells, one a line: node, right grad, grad with the bug.
            cells = step_text(window).splitlines()
            at = cells.index(canvas.doc.label(wrong_node))
            assert cells[at + 1:at + 3] == [right, buggy]
            compared = True
        click(panel(window).next)
    assert not answers and compared
    assert window.bug_lab.variant is not None  # the learner turns it off when done


def test_leave_ends_the_lesson_and_keeps_the_graph(qtbot, window, canvas):
    open_from_menu(qtbot, window, "actionLessonNeuron")
    next_step(qtbot, window)
    type_into_row(qtbot, canvas, "w1", "data", "-3")
    before = canvas.dumps()
    click(panel(window).leave)
    qtbot.waitUntil(lambda: window.lessons.lesson is None)
    assert canvas.dumps() == before
    assert window.lessons.highlights.halo_of("w1") is None
    assert panel(window).title.text() == "No lesson open"
    assert not panel(window).next.isEnabled() and not panel(window).leave.isEnabled()
    # Its dock goes, and the Inspector in its place shows again.
    assert not window.findChild(QDockWidget, "lessonDock").isVisible()
    qtbot.waitUntil(lambda: not window.inspector.visibleRegion().isEmpty())


def test_opening_another_graph_leaves_the_lesson(qtbot, window, canvas, neuron_path):
    open_from_menu(qtbot, window, "actionLessonDescent")
    assert window.lessons.highlights.halo_of("loss") is not None
    window.session.undo_stack.setClean()  # nothing to ask about
    assert window.files.open_file(str(neuron_path))
    assert window.lessons.lesson is None
    assert "Left the lesson" in canvas.status()
    assert window.lessons.highlights.node_ids == ()


def test_a_lesson_opened_over_an_example_does_not_keep_the_examples_name(qtbot, window):
    assert window.files.open_example("moons.json")
    assert window.windowTitle().startswith("micrograd's demo")
    open_from_menu(qtbot, window, "actionLessonNeuron")
    # The neuron lesson's own graph, not micrograd's demo: Save must not offer its name.
    assert not window.windowTitle().startswith("micrograd's demo")
    assert window.files.suggested_file_name() != "moons.json"


def test_at_200_percent_text_the_do_line_grows_and_the_answer_row_shows(qtbot, window):
    """A teacher's setting on a 1280x800 screen: the "Do:" line grows with the text (it
    stayed at 100 %), and the answer box, Check, Back and Next still show (the text
    scrolls in the room left; Back and Next were scrolled out of the dock)."""
    window.resize(1280, 800)
    open_from_menu(qtbot, window, "actionLessonUsedTwice")
    next_step(qtbot, window)
    lesson = panel(window)
    qtbot.waitUntil(lesson.check.isVisible)
    dock = window.findChild(QDockWidget, "lessonDock")
    scroller = dock.widget()

    def answer_row_shows():
        shown = scroller.viewport().rect()
        return all(shown.contains(widget.mapTo(scroller.viewport(), widget.rect().bottomRight()))
                   for widget in (lesson.do_line, lesson.answer, lesson.check, lesson.back,
                                  lesson.next))

    qtbot.waitUntil(answer_row_shows)
    window.findChild(QAction, "actionTextSize200").trigger()
    assert lesson.font().pointSizeF() == 2 * window.appearance._base_font.pointSizeF()
    window.grab()  # as it is drawn: a label with a style sheet takes its font when polished
    assert lesson.do_line.font().pointSizeF() == lesson.font().pointSizeF()
    # The docks are laid out again in the event loop.
    qtbot.waitUntil(answer_row_shows)


def test_a_lesson_turns_predict_the_grad_off_and_shows_the_backward_steps(qtbot, window, canvas):
    """Ctrl+Shift+P, then Help > Lessons: the quiz would hide the grads the lesson asks
    about, and its panel the Backward steps the lesson points at."""
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    canvas.key(Qt.Key.Key_P, ctrl_shift)
    quiz = window.findChild(QAction, "actionQuiz")
    assert quiz.isChecked() and window.quiz.enabled
    open_from_menu(qtbot, window, "actionLessonUsedTwice")
    assert not quiz.isChecked() and not window.quiz.enabled
    steps = window.findChild(QDockWidget, "stepperDock")
    qtbot.waitUntil(lambda: not steps.visibleRegion().isEmpty())
    assert window.findChild(QDockWidget, "quizDock").visibleRegion().isEmpty()


def test_a_lesson_opened_at_200_percent_text_takes_most_of_its_column(qtbot, window):
    """Text Size 200 % first, then a lesson on 1280x800: the lesson's dock is taller than
    the Backward steps below it (it was given a size before the new text size's layout,
    which undid it), and its text shows several lines above Back and Next."""
    window.resize(1280, 800)
    window.findChild(QAction, "actionTextSize200").trigger()
    open_from_menu(qtbot, window, "actionLessonUsedTwice")
    lesson = panel(window)
    dock = window.findChild(QDockWidget, "lessonDock")
    steps = window.findChild(QDockWidget, "stepperDock")
    qtbot.waitUntil(lambda: dock.height() > 1.2 * steps.height())  # in the event loop
    assert not steps.visibleRegion().isEmpty()
    assert lesson.text.viewport().height() > 5 * lesson.text.fontMetrics().lineSpacing()
    scroller = dock.widget()

    def back_and_next_show():
        shown = scroller.viewport().rect()
        return all(shown.contains(button.mapTo(scroller.viewport(), button.rect().bottomRight()))
                   for button in (lesson.back, lesson.next))
    assert back_and_next_show()
    # The person gives the steps panel most of the column: the lesson's text scrolls in
    # what is left, and Back and Next stay in sight.
    window.resizeDocks([dock, steps], [330, 370], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: dock.height() < steps.height())
    assert lesson.height() <= scroller.viewport().height()
    assert back_and_next_show()
