"""A training run leaves the window its turn: the worker waits while the window draws the run,
and no full collection of the cycle collector runs meanwhile."""

import gc

import pytest
from PySide6.QtWidgets import QSpinBox

from gradgui import examples_dir
from gradgui.ui.controllers import training_run

MOONS = examples_dir() / "moons.json"


@pytest.fixture
def moons(window, canvas):
    """The moons example open, with a run long enough to go on until Pause."""
    window.session.work.show_after_ms = 60_000
    assert window.files.open_file(str(MOONS))
    window.train_panel.findChild(QSpinBox, "trainSteps").setValue(100_000)
    return canvas


def test_the_worker_waits_while_the_window_draws_the_run(window, moons, qtbot, monkeypatch):
    # The worker's wait is bounded (in case the window never lets it go); here it is long
    # enough that only the window's own timer can end it.
    monkeypatch.setattr(training_run, "HOLD_MAX_S", 600.0)
    training = window.training
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 3, timeout=60000)
    training.show_progress()  # what the window's timer calls ten times a second
    held = training.trainer.steps_done
    assert not training.run.go.is_set()
    for _ in range(20):  # time passes on the window's thread, no events handled
        training.run.go.wait(0.01)
    assert training.trainer.steps_done <= held + 1  # at most the step it was taking
    # Once the window has handled its events (the repaints), the worker goes on.
    qtbot.waitUntil(lambda: training.trainer.steps_done >= held + 3, timeout=60000)
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    assert window.session.undo_stack.undoText() == f"Train {training.trainer.steps_done} steps"


def test_pause_stops_a_worker_that_waits_for_the_window(window, moons, qtbot, monkeypatch):
    monkeypatch.setattr(training_run, "HOLD_MAX_S", 600.0)
    training = window.training
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 2, timeout=60000)
    training.show_progress()
    assert not training.run.go.is_set()
    training.pause_now()  # as an edit does: returns once the run has stopped
    assert not training.running
    assert window.session.undo_stack.undoText().startswith("Train ")


def test_the_collector_waits_while_a_run_trains(window, moons, qtbot):
    assert gc.isenabled()
    training = window.training
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 2, timeout=60000)
    # A full collection walks every object of the window (most of a tenth of a second for
    # the moons example), holding the interpreter: during a run it would freeze the window.
    assert not gc.isenabled()
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    assert gc.isenabled()


def test_autosave_writes_on_a_worker_while_a_run_trains(window, moons, qtbot):
    training, recovery = window.training, window.recovery
    assert not window.session.undo_stack.isClean()  # the steps typed in are unsaved
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 2, timeout=60000)
    # Waiting for the disk here would freeze the window the run animates.
    assert not recovery.autosave()
    assert recovery.writing
    qtbot.waitUntil(lambda: not recovery.writing, timeout=60000)
    assert recovery.path.is_file()
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    assert recovery.autosave()  # nothing beside the window now: written at once
