"""A running run is drawn in turns (one picture to a pass of the event loop), and Pause lands
its steps with the document's own numbers on the canvas; Undo and Redo of them follow."""

import time

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QMessageBox, QSpinBox

from gradgui import examples_dir
from gradgui.document import GraphDocument
from gradgui.document.evaluation import evaluate
from gradgui.engine import fmt
from test_train_responsive import moons  # noqa: F401 - the fixture: moons, trained until Pause

MOONS = examples_dir() / "moons.json"


def load_example():
    """The moons example as its file has it."""
    from gradgui.document import load
    return load(MOONS)




class Paints(QObject):
    """Notes which of some widgets paint, between the ticks of a 1 ms timer."""

    def __init__(self, widgets: dict):
        super().__init__()
        self.names = {widget: name for name, widget in widgets.items()}
        self.passes = [set()]  # what painted since each tick
        for widget in widgets.values():
            widget.installEventFilter(self)
        self.timer = QTimer(self, interval=1)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.passes.append(set()))

        self.timer.start()

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched in self.names:
            self.passes[-1].add(self.names[watched])
        return False


def test_a_running_run_draws_one_picture_at_a_time(window, moons, qtbot):
    training, panel = window.training, window.train_panel
    paints = Paints({"canvas": window.view.viewport(), "curves": panel.curves.viewport(),
                     "boundary": panel.boundary.viewport()})

    def each_drawn(steps: int):
        drawn = set()

        def check() -> bool:
            drawn.update(*paints.passes)
            return len(drawn) == 3 and training.trainer.steps_done >= steps
        return check

    window.actions["actionTrainPlay"].trigger()
    # Once the panel has first shown (its first paints come with the window's others).
    qtbot.waitUntil(each_drawn(5), timeout=60000)
    paints.passes = [set()]
    qtbot.waitUntil(each_drawn(training.trainer.steps_done + 10), timeout=60000)
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    paints.timer.stop()
    # The window handled its timers between any two of the pictures: none waited for the
    # others to be drawn too, while the run trained or once it stopped.
    assert max(len(painted) for painted in paints.passes) == 1
    assert panel.curves.points() == training.trainer.steps_done


def shown_numbers(session) -> dict:
    return {node: value.data for node, value in session.evaluation.values.items()}


def fresh_numbers(session) -> dict:
    return {node: value.data for node, value in evaluate(session.doc, session.core.row).values.items()}


def test_pause_shows_the_documents_numbers_on_the_row_shown_and_undo_redo_follow(
        window, moons, qtbot):
    training, session, scene = window.training, window.session, window.scene
    row = window.findChild(QSpinBox, "dataRow")
    row.setFocus()
    QTest.keyClick(row.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(row.lineEdit(), "7")
    QTest.keyClick(row.lineEdit(), Qt.Key.Key_Return)
    assert session.core.row == 7  # the canvas shows a row other than the run's first
    weight = training.trainer.program.weights[0]
    before = session.doc.node(weight)["value"]
    untrained = fresh_numbers(session)
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 5 and training.show.live, timeout=60000)
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    steps = training.trainer.steps_done
    assert session.undo_stack.undoText() == f"Train {steps} steps"
    trained = session.doc.node(weight)["value"]
    assert trained != before
    # Every number on the canvas is the document's own, on the row the Data panel shows.
    assert shown_numbers(session) == fresh_numbers(session) != untrained
    assert scene.look(weight).data_text == fmt(trained)
    # The grads on show are the run's last pass, now stale (Backward shows the new ones).
    datas, grads = training.trainer.last_batch.at_row(0)
    assert session.grads_stale
    order = training.trainer.program.order
    assert session.stale_grads[weight] == grads.tolist()[order.index(weight)]
    assert f"Paused: {steps} of 100000 steps done" in window.train_panel.status.text()
    assert window.actions["actionTrainPlay"].isEnabled()

    window.actions["actionUndo"].trigger()
    assert session.doc.node(weight)["value"] == before
    assert shown_numbers(session) == fresh_numbers(session) == untrained
    assert scene.look(weight).data_text == fmt(before)
    window.actions["actionRedo"].trigger()
    assert session.doc.node(weight)["value"] == trained
    assert shown_numbers(session) == fresh_numbers(session)
    assert scene.look(weight).data_text == fmt(trained)


def test_a_running_run_redraws_each_picture_at_most_about_ten_times_a_second(
        window, moons, qtbot):
    training, show = window.training, window.training.show
    drawn = {}

    def noted(name, picture):
        drawn[name] = []

        def draw(*args, **kwargs):
            asked = time.monotonic()  # when the turn chose it: a slow drawing then adds nothing
            widget = picture(*args, **kwargs)
            if widget is not None and training.job is not None:
                drawn[name].append(asked)
            return widget
        return draw
    show.show_canvas = noted("canvas", show.show_canvas)
    show.show_curves = noted("curves", show.show_curves)
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: min(len(times) for times in drawn.values()) >= 6, timeout=60000)
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    # While the run trained, each picture was drawn about ten times a second at most (the
    # steps come far faster): its first six drawings span five tenths of a second or more.
    # A busy machine only spreads them further apart.
    assert training.trainer.steps_done > 60
    for times in drawn.values():
        assert times[5] - times[0] >= 5 * 0.08, drawn


def test_file_new_during_a_run_asks_to_save_its_steps_and_then_starts_empty(
        window, moons, qtbot, monkeypatch):
    training = window.training
    asked = []

    def answer(*args, **kwargs):
        asked.append(window.session.undo_stack.undoText())
        return QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", answer)
    window.session.undo_stack.setClean()  # as if saved: only the run's steps are new
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 5, timeout=60000)
    window.actions["actionNew"].trigger()
    # The run's steps landed as an undo step before the question, which they made needed.
    assert len(asked) == 1 and asked[0].startswith("Train ")
    assert len(window.session.doc) == 0 and not training.running
    qtbot.wait(300)  # turns that were due keep coming for a while: none may fail
    assert training.trainer is None and not training.show.timer.isActive()


def test_a_document_put_in_place_during_a_run_stops_its_turns(window, moons, qtbot):
    training = window.training
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 5, timeout=60000)
    # As a lesson or the bug lab does: the document replaced without Pause first.
    window.session.replace_document(GraphDocument(), None)
    assert not training.show.timer.isActive()
    qtbot.wait(300)  # an error in a turn would fail the test here
    qtbot.waitUntil(lambda: training.job is None, timeout=60000)
    assert training.trainer is None and window.train_panel.curves.points() == 0


def test_undo_of_steps_takes_the_run_back_to_where_it_stood_and_it_goes_on_from_there(
        window, qtbot):
    from gradgui.document.training import Trainer
    assert window.files.open_example("moons.json")
    training, panel = window.training, window.train_panel
    every_row = panel.findChild(QCheckBox, "trainFullBatch")
    qtbot.mouseClick(every_row, Qt.MouseButton.LeftButton, pos=QPoint(4, every_row.height() // 2))
    batch = panel.findChild(QSpinBox, "trainBatch")  # mini-batches: random draws too
    batch.setFocus()
    batch.lineEdit().selectAll()
    QTest.keyClicks(batch.lineEdit(), "16")
    QTest.keyClick(batch.lineEdit(), Qt.Key.Key_Return)
    assert training.trainer.settings.batch == 16
    step = window.actions["actionTrainStep"]
    for _ in range(3):
        step.trigger()
    assert training.trainer.steps_done == 3
    window.actions["actionUndo"].trigger()
    # Back to step 2: the curves, the status line, and the next step's rate and draw.
    assert training.trainer.steps_done == 2 and panel.curves.points() == 2
    assert "2 of 100 steps done · step 1:" in panel.status.text()
    step.trigger()
    step.trigger()
    # The same numbers as four steps straight through from the example's weights.
    fresh = Trainer(load_example(), training.trainer.settings)
    fresh.run(4)
    assert [r.loss for r in training.trainer.history] == [r.loss for r in fresh.history]
    assert training.trainer.weights() == fresh.weights()
    # Undo back to before the first step; Redo forward again; Reset to the example's weights.
    for _ in range(4):
        window.actions["actionUndo"].trigger()
    assert training.trainer.steps_done == 0
    window.actions["actionRedo"].trigger()
    assert training.trainer.steps_done == 1
    window.actions["actionTrainReset"].trigger()
    assert training.trainer.steps_done == 0
    assert training.trainer.weights() == Trainer(load_example()).weights()
