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


def _line_copy(tmp_path, change) -> str:
    """The line regression saved again after ``change`` to its JSON."""
    import json

    from gradgui import examples_dir
    data = json.loads((examples_dir() / "line_regression.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_graph_with_no_picture_keeps_nothing_of_the_last_fit(window, tmp_path, qtbot):
    window.session.work.show_after_ms = 60_000
    assert window.files.open_example("line_regression.json")
    panel = window.train_panel
    qtbot.waitUntil(lambda: panel.boundary.fit)

    def no_prediction(data):
        del data["graph"]["dataset"]["prediction"], data["graph"]["dataset"]["target"]
    assert window.files.open_file(_line_copy(tmp_path, no_prediction))
    qtbot.waitUntil(panel.boundary_note.isVisible)
    assert "one or two inputs and a prediction" in panel.boundary_note.text()
    assert not panel.boundary.fit and panel.save_boundary.text() == "Save Boundary PNG…"
    assert panel.boundary.getPlotItem().getAxis("bottom").labelText == ""


def test_a_prediction_that_overflows_says_why_there_is_no_curve(window, tmp_path, qtbot):
    window.session.work.show_after_ms = 60_000

    def huge_weights(data):
        for node in data["nodes"]:
            if node.get("kind") == "weight":
                node["value"] = 1e308
    assert window.files.open_file(_line_copy(tmp_path, huge_weights))
    panel = window.train_panel
    qtbot.waitUntil(panel.boundary_note.isVisible)
    assert "not a finite number" in panel.boundary_note.text()
    # Nothing is drawn, so there is nothing to save; the curves still can be.
    assert panel.save_curves.isEnabled() and not panel.save_boundary.isEnabled()
    window.session.undo_stack.setClean()
    assert window.files.open_example("line_regression.json")  # a curve again: it can be saved
    qtbot.waitUntil(lambda: not panel.boundary_note.isVisible())
    assert panel.save_boundary.isEnabled()
