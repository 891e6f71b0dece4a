"""While stepping, a collapsed box shows the grad of what it feeds out of only once the
pass has reached it: a layer's box waits for every one of its outputs."""

from PySide6.QtWidgets import QApplication

import test_collapsed_groups as collapsed


def backward_and_first_step(canvas) -> None:
    """Backward, then the first step."""
    canvas.action("actionBackward").trigger()
    step(canvas)
    assert canvas.window.backprop.stepper is not None


def step(canvas) -> None:
    """Graph > Step (F10), and the repaint it asks for."""
    canvas.action("actionStep").trigger()
    QApplication.processEvents()


def test_a_layer_box_shows_its_max_grad_only_once_every_output_is_reached(canvas):
    collapsed.open_network(canvas, collapsed_level="layer")
    scene = canvas.scene
    fold = scene.folding
    outputs = fold.plan.boxes["L2"].outputs
    assert len(outputs) == 16
    backward_and_first_step(canvas)
    stepper = canvas.window.backprop.stepper
    partly = full = 0
    for _ in range(stepper.total - stepper.position):  # ends, never hangs
        reached = [n for n in outputs if not scene.is_pending(n)]
        look = fold.look("L2")
        if len(reached) < len(outputs):
            assert look.pending and look.grad_text == "grad —", (stepper.position, len(reached))
            assert look.fill is None
            partly += bool(reached)
        else:
            assert not look.pending and look.grad_text.startswith("max grad ")
            assert look.fill is not None
            full += 1
        step(canvas)
    assert stepper.position == stepper.total
    assert partly and full  # seen with some outputs reached, then with all of them


def test_a_neuron_box_shows_its_grad_once_its_output_is_reached(canvas):
    collapsed.open_network(canvas, collapsed_level="neuron")
    scene = canvas.scene
    fold = scene.folding
    (output,) = fold.plan.boxes["L2.n3"].outputs
    backward_and_first_step(canvas)
    stepper = canvas.window.backprop.stepper
    seen = set()
    for _ in range(stepper.total - stepper.position):
        look = fold.look("L2.n3")
        pending = scene.is_pending(output)
        assert look.pending == pending
        assert (look.grad_text == "grad —") == pending
        seen.add(pending)
        step(canvas)
    assert stepper.position == stepper.total
    assert seen == {True, False}


def test_before_the_first_step_the_queue_says_the_output_is_seeded_first(neuron):
    window = neuron.window
    neuron.action("actionStep").trigger()
    neuron.action("actionStepBack").trigger()  # back before step 0: nothing done yet
    queue = window.stepper_panel.queue
    shown = [queue.item(i).text() for i in range(queue.count())]
    # The output comes twice, once to be seeded and once for its own op: say which is which.
    assert shown[:3] == ["o  (seed its grad)", "o", "n"]
    neuron.action("actionStep").trigger()
    shown = [queue.item(i).text() for i in range(queue.count())]
    assert shown[:2] == ["o", "n"]
