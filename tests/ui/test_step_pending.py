"""During a step-through, a grad not reached yet reads as pending, not as zero; the legend
explains the step outlines."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from gradgui.ui.panels.legend import HEIGHT, STEP_MARKS_HEIGHT


def step(window, times=1):
    for _ in range(times):
        window.findChild(QAction, "actionStep").trigger()


def grad_text(window, node_id):
    return window.scene.look(node_id).grad_text


def test_nodes_the_pass_has_not_reached_show_no_grad(neuron):
    window = neuron.window
    neuron.key(Qt.Key.Key_F10)  # step 0 seeds the output
    assert grad_text(window, "o") == "1.0"
    for node_id in ("n", "b", "x1", "w2"):
        assert grad_text(window, node_id) == "—", node_id
        assert window.scene.look(node_id).fill is None
    assert "not reached it yet" in window.scene.nodes["w2"].toolTip()

    step(window, 5)  # to the end: w2's true zero is an answer now
    assert grad_text(window, "w2") == "0.0" and grad_text(window, "x1") == "-1.5"
    assert "not reached" not in window.scene.nodes["w2"].toolTip()


def test_step_back_makes_a_grad_pending_again(neuron):
    window = neuron.window
    step(window, 2)  # the seed, then o's step writes n
    assert grad_text(window, "n") == "0.5"
    neuron.key(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert grad_text(window, "n") == "—"


def test_the_legend_shows_the_step_outlines_while_stepping(neuron):
    window = neuron.window
    window.findChild(QAction, "actionBackward").trigger()
    assert window.legend.isVisible() and window.legend.height() == HEIGHT
    step(window)
    assert window.legend.height() == HEIGHT + STEP_MARKS_HEIGHT
    image = window.legend.grab().toImage()
    marks = image.copy(0, HEIGHT, image.width(), STEP_MARKS_HEIGHT)
    colours = {marks.pixelColor(x, y).name() for x in range(marks.width()) for y in range(marks.height())}
    assert window.scene.theme.step_current.name() in colours
    window.edits.set_field_text("w2", "value", "2")  # an edit ends the step-through
    assert window.legend.height() == HEIGHT
