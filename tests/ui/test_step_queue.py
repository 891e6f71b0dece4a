"""The "Still to visit" list of the Backward steps panel always shows exactly the nodes
the pass has left, in order, however the user got there: steps, Step Back, a new pass."""

from PySide6.QtWidgets import QApplication

import test_collapsed_groups as collapsed
from gradgui.ui.panels.stepper import QUEUE_SHOWN


def shown(canvas) -> list:
    """The texts of the list, top to bottom."""
    queue = canvas.window.stepper_panel.queue
    return [queue.item(i).text() for i in range(queue.count())]


def expected(stepper, nothing_done: bool = False) -> list:
    """What the list should say: the next names, and how many more there are."""
    left = [stepper.name(v) for v in stepper.remaining()]
    texts = left[:QUEUE_SHOWN]
    if nothing_done:
        texts[0] += "  (seed its grad)"
    if len(left) > QUEUE_SHOWN:
        texts.append(f"… and {len(left) - QUEUE_SHOWN} more")
    return texts


def press(canvas, name: str) -> None:
    """A Graph menu action, and the repaint it asks for."""
    canvas.action(name).trigger()
    QApplication.processEvents()


def test_the_queue_list_follows_steps_step_back_and_a_new_pass(canvas):
    collapsed.open_network(canvas)
    backprop = canvas.window.backprop
    press(canvas, "actionStep")
    stepper = backprop.stepper
    assert stepper.total > 3 * QUEUE_SHOWN  # the list is cut short and shifts each step
    seen = [shown(canvas)]
    for _ in range(2 * QUEUE_SHOWN):
        press(canvas, "actionStep")
        assert shown(canvas) == expected(stepper)
        seen.append(shown(canvas))
    for _ in range(QUEUE_SHOWN + 3):
        press(canvas, "actionStepBack")
        assert shown(canvas) == expected(stepper, nothing_done=stepper.position == 0)
    # Stepping forward again lists the same as the first time through.
    while stepper.position > 0:
        press(canvas, "actionStepBack")
    assert shown(canvas)[0].endswith("  (seed its grad)")
    for texts in seen:
        press(canvas, "actionStep")
        assert shown(canvas) == texts
    press(canvas, "actionBackward")
    canvas.qtbot.waitUntil(lambda: backprop.stepper is None)
    QApplication.processEvents()
    assert shown(canvas) == []
    press(canvas, "actionStep")
    assert backprop.stepper is not stepper
    assert shown(canvas) == expected(backprop.stepper)
    for _ in range(5):
        press(canvas, "actionStep")
        assert shown(canvas) == expected(backprop.stepper)


def test_near_the_end_the_list_shrinks_to_nothing(neuron):
    window = neuron.window
    press(neuron, "actionStep")
    stepper = window.backprop.stepper
    while not stepper.finished:
        press(neuron, "actionStep")
        assert shown(neuron) == expected(stepper)
    assert shown(neuron) == []
    press(neuron, "actionStepBack")
    assert shown(neuron) == expected(stepper) != []
