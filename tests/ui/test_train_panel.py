"""The Training panel with real events: Play, Pause, Step and Reset on micrograd's moons demo."""

import struct
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QPushButton, QSpinBox

from gradgui import examples_dir
from gradgui.document import SetField
from gradgui.document.fileformat import load
from gradgui.document.training import Trainer
from gradgui.document.training_settings import training_settings

MOONS = examples_dir() / "moons.json"


def headless(count: int, **changes) -> Trainer:
    """The command line's trainer on the same file, run for ``count`` steps."""
    doc = load(MOONS)
    trainer = Trainer(doc, replace(training_settings(doc), **changes))
    trainer.run(count)
    return trainer


def weights(doc, names) -> dict:
    return {name: doc.node(name)["value"] for name in names}


@pytest.fixture
def moons(window, canvas, qtbot):
    """The moons example open, as File > Open does."""
    # No progress box for the open (a box may leave the offscreen platform with no
    # active window for a while, and keys reach shortcuts only in the active one).
    window.session.work.show_after_ms = 60_000
    assert window.files.open_file(str(MOONS))
    assert window.train_dock.isVisible()  # a graph with a data set shows the panel
    assert window.isActiveWindow()
    return canvas


def type_into(qtbot, spin, text: str) -> None:
    """Click into a spin box, replace its text and press Enter, as a person would."""
    QTest.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin.lineEdit(), text)
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def test_play_runs_to_the_last_step_with_the_headless_numbers_as_one_undo_step(window, moons, qtbot):
    training, panel = window.training, window.train_panel
    type_into(qtbot, panel.findChild(QSpinBox, "trainSteps"), "30")
    assert window.session.doc.graph.graph["training"]["steps"] == 30  # saved with the document
    start = weights(window.session.doc, training.trainer.program.weights)
    moons.key(Qt.Key.Key_F5)  # Play
    assert training.running
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    reference = headless(30, steps=30)
    losses = [r.loss for r in training.trainer.history]
    assert losses == [r.loss for r in reference.history]  # the same numbers, step for step
    assert [r.accuracy for r in training.trainer.history] == [r.accuracy for r in reference.history]
    assert losses[-1] < losses[0] / 5
    assert weights(window.session.doc, reference.weights()) == reference.weights()
    assert panel.curves.points() == 30
    assert "Finished: 30 of 30 steps done · step 29:" in panel.status.text()
    assert window.session.undo_stack.undoText() == "Train 30 steps"
    assert not window.actions["actionTrainPlay"].isEnabled()  # all steps taken
    moons.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo: one step back
    assert weights(window.session.doc, start) == start
    assert window.session.undo_stack.undoText() == "Set training settings"


def test_pause_keeps_the_steps_so_far_and_play_goes_on_from_there(window, moons, qtbot):
    training = window.training
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 5, timeout=60000)
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    first = training.trainer.steps_done
    assert 5 <= first < 100
    assert window.session.undo_stack.undoText() == f"Train {first} steps"
    reference = headless(first)
    assert weights(window.session.doc, reference.weights()) == reference.weights()
    assert f"Paused: {first} of 100 steps done · step {first - 1}:" in window.train_panel.status.text()
    qtbot.waitUntil(lambda: window.train_panel.curves.points() == first)
    # Play again: the same run goes on (its mini-batch draws and schedule too).
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= first + 3, timeout=60000)
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    total = training.trainer.steps_done
    reference = headless(total)
    assert weights(window.session.doc, reference.weights()) == reference.weights()
    assert window.session.undo_stack.undoText() == f"Train {total - first} steps"
    assert window.train_panel.curves.points() == total


def test_the_canvas_shows_the_runs_changing_weights_and_grads(window, moons, qtbot):
    training, session = window.training, window.session
    # A run that lasts until Pause: the example's 100 steps can be over before the canvas,
    # redrawn ten times a second, has shown three of them.
    window.train_panel.findChild(QSpinBox, "trainSteps").setValue(100_000)
    weight = training.trainer.program.weights[0]
    saved = session.doc.node(weight)["value"]
    shown = set()

    def moved() -> bool:
        data = session.evaluation.data(weight)
        shown.add(data)
        return len(shown) >= 3 and session.evaluation.has_grads

    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(moved, timeout=60000)
    assert session.doc.node(weight)["value"] == saved  # the document waits for the pause
    assert window.scene.look(weight).fill is not None  # coloured by its grad
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    assert session.evaluation.data(weight) == session.doc.node(weight)["value"] != saved


def test_an_edit_while_training_pauses_the_run_first(window, moons, qtbot):
    training, session = window.training, window.session
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= 3, timeout=60000)
    assert session.execute(SetField("x1", "label", "first input"))
    assert not training.running
    steps = training.trainer.steps_done
    texts = [session.undo_stack.text(i) for i in range(session.undo_stack.count())]
    assert texts[-2:] == [f"Train {steps} steps", "Set label"]
    # A label changes no number: Play goes on with the same run.
    window.actions["actionTrainPlay"].trigger()
    qtbot.waitUntil(lambda: training.trainer.steps_done >= steps + 1, timeout=60000)
    window.actions["actionTrainPause"].trigger()
    qtbot.waitUntil(lambda: not training.running, timeout=60000)
    total = training.trainer.steps_done
    assert weights(session.doc, headless(total).weights()) == headless(total).weights()
    # A weight's new value does change the numbers: the next Play starts a run afresh.
    weight = training.trainer.program.weights[0]
    assert session.execute(SetField(weight, "value", 0.25))
    window.actions["actionTrainStep"].trigger()
    assert training.trainer.steps_done == 1
    assert training.trainer.start[0] == 0.25


def test_step_takes_one_step_each_and_reset_puts_the_weights_back(window, moons, qtbot):
    training, session = window.training, window.session
    names = training.trainer.program.weights
    start = weights(session.doc, names)
    moons.key(Qt.Key.Key_F7)
    moons.key(Qt.Key.Key_F7)
    assert training.trainer.steps_done == 2
    assert session.undo_stack.undoText() == "Train 1 step"
    reference = headless(2)
    assert weights(session.doc, names) == reference.weights()
    assert window.train_panel.curves.points() == 2
    window.findChild(QPushButton, "trainSaveCurves")  # the panel is there with its buttons
    reset = window.train_panel.buttons["actionTrainReset"]
    QTest.mouseClick(reset, Qt.MouseButton.LeftButton)
    assert weights(session.doc, names) == start
    assert session.undo_stack.undoText() == "Reset training"
    assert window.train_panel.curves.points() == 0
    session.undo_stack.undo()  # the reset is one undo step too
    assert weights(session.doc, names) == reference.weights()


def png_size(path) -> tuple:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_curves_and_boundary_are_saved_as_png(window, moons, qtbot, tmp_path, monkeypatch):
    for _ in range(3):
        window.actions["actionTrainStep"].trigger()
    answers = iter([str(tmp_path / "loss"), str(tmp_path / "boundary.png")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(answers), ""))
    QTest.mouseClick(window.findChild(QPushButton, "trainSaveCurves"), Qt.MouseButton.LeftButton)
    QTest.mouseClick(window.findChild(QPushButton, "trainSaveBoundary"), Qt.MouseButton.LeftButton)
    for name in ("loss.png", "boundary.png"):
        width, height = png_size(tmp_path / name)
        assert width == 1200 and 300 <= height <= 2400
        image = QImage(str(tmp_path / name))
        assert not image.isNull()
        colours = {image.pixel(x, y) for x in range(0, width, 37) for y in range(0, height, 37)}
        assert len(colours) > 3  # a picture, not a blank


def test_settings_typed_in_the_panel_are_one_undo_step_each(window, moons, qtbot):
    session = window.session
    rate = window.train_panel.rate
    type_into(qtbot, rate, "0.5")
    assert session.doc.graph.graph["training"]["lr"] == 0.5
    assert session.undo_stack.undoText() == "Set training settings"
    window.train_panel.full_batch.click()  # mini-batches
    assert session.doc.graph.graph["training"]["batch"] == window.train_panel.batch.value()
    session.undo_stack.undo()
    assert session.doc.graph.graph["training"]["batch"] is None
    assert window.train_panel.full_batch.isChecked()  # the panel follows the document
    session.undo_stack.undo()
    assert session.doc.graph.graph["training"]["lr"] == 1.0
    assert window.train_panel.rate.value() == 1.0


def test_a_graph_without_data_cannot_be_trained(window, neuron):
    for name in ("actionTrainPlay", "actionTrainStep", "actionTrainReset", "actionTrainPause"):
        assert not window.actions[name].isEnabled()
    assert "no data set" in window.train_panel.status.text()
    assert window.training.play() is False


def test_a_graph_without_data_leaves_no_points_of_the_last_one(window, moons, neuron_path):
    boundary = window.train_panel.boundary
    assert len(boundary.points_item.data) == 100  # the moons rows
    assert window.files.load_path(neuron_path)
    assert len(boundary.points_item.data) == 0
    assert not window.actions["actionTrainPlay"].isEnabled()


def _pixels_near(image: QImage, colour) -> int:
    """How many pixels of ``image`` are within a few levels of ``colour``."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    target = (colour.red(), colour.green(), colour.blue())
    count = 0
    for y in range(0, image.height()):
        for x in range(0, image.width()):
            pixel = image.pixelColor(x, y)
            if all(abs(a - b) <= 12 for a, b in zip((pixel.red(), pixel.green(), pixel.blue()),
                                                    target)):
                count += 1
    return count


def test_one_step_once_shows_its_loss_and_accuracy_on_the_curves(window, moons):
    from gradgui.ui.colors import ACCURACY_CURVE, LOSS_CURVE
    curves = window.train_panel.curves
    assert _pixels_near(curves.image(400), LOSS_CURVE) == 0
    moons.key(Qt.Key.Key_F7)
    assert curves.points() == 1
    picture = curves.image(400)
    assert _pixels_near(picture, LOSS_CURVE) >= 6  # a dot (half of it left of the axis), though one point makes no line
    assert _pixels_near(picture, ACCURACY_CURVE) >= 6


def test_a_small_loss_keeps_its_axis_label_and_shows_the_numbers_on_the_ticks(qtbot):
    from gradgui.ui.panels.train_plots import CurvesView
    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    view.show_history([0.003, 0.002, 0.0012], [None, None, None], 20_000)
    qtbot.wait(10)
    loss_axis, step_axis = view.loss_plot.getAxis("left"), view.loss_plot.getAxis("bottom")
    # "loss (x0.001)" did not fit beside the curve and was cut to "loss (x0.001".
    assert ">loss </span>" in loss_axis.labelString()
    assert "(x" not in step_axis.labelString()
    assert loss_axis.tickStrings([0.001, 0.002], loss_axis.scale, 0.001) == ["0.001", "0.002"]


def test_inputs_under_one_keep_their_names_on_the_boundary_and_scatter_axes(qtbot):
    import numpy as np

    from gradgui.ui.panels.data_scatter import DataScatter
    from gradgui.ui.panels.train_plots import BoundaryView
    xs, ys = np.array([-0.8, 0.0, 0.75]), np.array([-0.2, 0.5, 0.9])
    boundary, scatter = BoundaryView(), DataScatter(lambda _row: None)
    for view in (boundary, scatter):
        qtbot.addWidget(view)
        view.resize(400, 300)
        view.show()
    boundary.set_axes("x1", "x2")
    boundary.set_points(xs, ys, np.array([-1.0, 1.0, -1.0]))
    scatter.show_columns("x1", xs, "x2", ys, np.array([-1.0, 1.0, -1.0]))
    qtbot.wait(10)
    for view in (boundary, scatter):
        view.getPlotItem().getViewBox().setRange(xRange=(-0.8, 0.75), padding=0.0)
        bottom = view.getPlotItem().getAxis("bottom")
        # Not "x1 (x0.001)" with ticks of -500 to 500: the numbers as they are.
        assert ">x1 </span>" in bottom.labelString(), bottom.labelString()


def test_before_the_first_step_the_curves_span_the_run_to_come(window):
    assert window.files.open_example("moons.json")
    (left, right), _ = window.train_panel.curves.loss_plot.viewRange()
    # 100 steps, the file's setting: not an axis of fractions of one step.
    assert left < 0 and 100 < right < 105
    window.actions["actionTrainStep"].trigger()
    assert window.train_panel.curves.loss_plot.viewRange()[0] == [left, right]


def test_the_training_panel_shown_for_a_network_with_data_goes_with_it(window, moons):
    window.session.undo_stack.setClean()
    assert window.files.open_example("neuron.json")  # no data: nothing to train
    assert not window.train_dock.isVisible()
    assert window.files.open_example("moons.json")
    assert window.train_dock.isVisible()
    window.train_dock.toggleViewAction().trigger()  # View: closed by hand
    window.train_dock.toggleViewAction().trigger()  # and opened again by hand
    window.session.undo_stack.setClean()
    assert window.files.open_example("neuron.json")
    assert window.train_dock.isVisible()  # the person's own choice stays


def test_a_rate_out_of_range_is_refused_as_typed_and_the_tip_says_the_range(window, moons, qtbot):
    rate = window.train_panel.rate
    assert rate.toolTip().endswith("(0.000001 to 100)")
    type_into(qtbot, rate, "500")  # the third digit is refused: 50 is what was typed
    assert window.session.doc.graph.graph["training"]["lr"] == 50.0
    assert window.train_panel.steps.toolTip().endswith("(1 to 1000000)")


def test_a_range_tip_keeps_the_zeros_of_a_whole_number(qtbot):
    """A box with no decimals writes 100 as 100: the tip's trailing zeros go only after a
    decimal point."""
    from gradgui.ui.panels.train_panel import _spin
    whole = _spin("whole", 0, 100, "Rows", decimals=0)
    fine = _spin("fine", 0.5, 100, "Rate", decimals=6)
    assert whole.toolTip() == "Rows (0 to 100)"
    assert fine.toolTip() == "Rate (0.5 to 100)"


def test_the_status_line_numbers_a_step_as_the_command_line_prints_it(window, moons):
    """Two Step Once: the panel says two steps are done and gives step 1's loss, the line
    `gradgui --train` prints as "step 1 loss ..."."""
    import subprocess
    import sys

    from gradgui.engine import fmt
    moons.key(Qt.Key.Key_F7)
    moons.key(Qt.Key.Key_F7)
    printed = subprocess.run([sys.executable, "-m", "gradgui", "--train", str(MOONS)],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    line = next(text for text in printed if text.startswith("step 1 loss "))
    loss = float(line.split()[3].rstrip(","))
    status = window.train_panel.status.text()
    assert "2 of 100 steps done · step 1: " in status
    assert f"loss {fmt(loss)}" in status


@pytest.mark.parametrize("percent", [150, 200])
def test_the_status_line_shows_whole_at_a_larger_text_size(window, moons, qtbot, percent):
    """At 1280x800 with View > Text Size up, the line about the run is not cut short."""
    window.resize(1280, 800)
    window.findChild(QAction, f"actionTextSize{percent}").trigger()
    moons.key(Qt.Key.Key_F7)
    moons.key(Qt.Key.Key_F7)
    status = window.train_panel.status
    qtbot.waitUntil(lambda: "2 of 100 steps done" in status.text())
    window.grab()
    assert status.height() >= status.heightForWidth(status.width()), status.text()


def test_a_regression_shows_no_accuracy_axis_a_classifier_does(window, qtbot):
    """The line fit has no accuracy to plot: its empty axis waited for one all the same."""
    assert window.files.open_example("line_regression.json")
    curves = window.train_panel.curves
    qtbot.waitUntil(window.train_dock.isVisible)
    assert curves.loss_plot.isVisible() and not curves.accuracy_plot.isVisible()
    window.findChild(QAction, "actionTrainStep").trigger()
    assert not curves.accuracy_plot.isVisible()
    window.session.undo_stack.setClean()  # the step is not worth keeping
    assert window.files.open_example("moons.json")
    qtbot.waitUntil(curves.accuracy_plot.isVisible)
