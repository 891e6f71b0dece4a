"""A network of one input (the line regression) shows its fitted curve where two inputs
show a decision boundary."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QPushButton


def _gap(view, x, y) -> float:
    """Mean squared distance of the rows from the shown curve, read at each row's x."""
    curve_x, curve_y = view.zero_line.getData()
    return float(np.mean((np.interp(x, curve_x, curve_y) - y) ** 2))


def test_the_line_regression_shows_its_rows_and_the_curve_through_them(window, canvas, qtbot):
    window.session.work.show_after_ms = 60_000
    assert window.files.open_example("line_regression.json")
    qtbot.waitUntil(window.train_dock.isVisible)
    panel = window.train_panel
    view = panel.boundary
    assert view.fit and not view.getPlotItem().getViewBox().state["aspectLocked"]
    assert not panel.boundary_note.isVisible()
    assert panel.save_boundary.text() == "Save Fit PNG…"
    assert view.getPlotItem().getAxis("bottom").labelText == "x"
    assert view.getPlotItem().getAxis("left").labelText == "y"
    columns = window.training.trainer.program.columns
    x, y = view.points_item.getData()
    assert np.array_equal(x, columns["x"]) and np.array_equal(y, columns["y"])
    before = _gap(view, x, y)
    for _ in range(20):
        canvas.key(Qt.Key.Key_F7)  # Step Once
    qtbot.waitUntil(lambda: view.steps == 20)
    assert _gap(view, x, y) < before / 4  # the curve has come to the rows
    # The curve is the network's prediction: a pass over the rows gives the same numbers.
    trainer = window.training.trainer
    rows = trainer.program.run(None).data(trainer.prediction)
    shown = np.interp(x, *view.zero_line.getData())
    assert np.allclose(shown, np.broadcast_to(rows, shown.shape), atol=0.02)
    window.session.undo_stack.setClean()  # the steps are not worth keeping
    assert window.files.open_example("moons.json")  # two inputs: a boundary again
    qtbot.waitUntil(lambda: not view.fit)
    assert view.getPlotItem().getViewBox().state["aspectLocked"]
    assert panel.save_boundary.text() == "Save Boundary PNG…"


def test_the_fit_is_saved_as_a_png_named_for_it(window, tmp_path, monkeypatch, qtbot):
    window.session.work.show_after_ms = 60_000
    assert window.files.open_example("line_regression.json")
    qtbot.waitUntil(window.train_dock.isVisible)
    asked = []

    def answer(parent, title, suggested, *rest, **named):
        asked.append((title, suggested))
        return str(tmp_path / "fit.png"), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    QTest.mouseClick(window.findChild(QPushButton, "trainSaveBoundary"), Qt.MouseButton.LeftButton)
    assert asked[0][0] == "Save Fit PNG" and asked[0][1].endswith("_fit.png")
    assert (tmp_path / "fit.png").stat().st_size > 1000
