"""The Data panel, CSV import and New Network from Data, driven with real events."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QApplication, QDialogButtonBox, QDockWidget, QFileDialog,
                               QMessageBox, QTabBar)

from gradgui import examples_dir
from gradgui.document import dumps
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.generators import generate
from gradgui.document.network import network_document
from gradgui.ui.canvas.node_look import node_tooltip
from gradgui.ui.panels.data_panel import DataPanel
from gradgui.ui.panels.network_dialog import NewNetworkDialog, network_size


def type_into(widget, text):
    """Select what a field holds and type ``text`` over it, then Enter."""
    widget.setFocus()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot, table, row):
    index = table.model().index(row, 0)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())


def answer_next_dialog(qtbot, act):
    """Run ``act(dialog)`` on the next modal dialog once it shows."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, NewNetworkDialog) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def test_generate_build_a_network_choose_a_row_and_step_it(qtbot, window, canvas, monkeypatch):
    panel = window.data.panel
    assert window.findChild(DataPanel, "dataPanel") is panel
    dock = window.findChild(QDockWidget, "dataDock")
    assert not dock.isVisible()  # a graph without data keeps its canvas wide
    dock.toggleViewAction().trigger()  # View > Data
    assert dock.isVisible() and not panel.row.isEnabled() and panel.scatter is None
    panel.generator.setCurrentIndex(panel.generator.findData("moons"))
    type_into(panel.count, "40")
    type_into(panel.seed, "3")
    click(qtbot, panel.generate_button)
    bound = bound_dataset(canvas.doc)
    assert bound.n_rows == 40 and bound.dataset.recipe["seed"] == 3
    assert panel.scatter.axes == ("x1", "x2")
    assert panel.model.rowCount() == 40 and panel.model.columnCount() == 3
    assert window.session.undo_stack.undoText() == "Set data set"
    canvas.action("actionUndo").trigger()
    assert bound_dataset(canvas.doc) is None and panel.model.rowCount() == 0
    canvas.action("actionRedo").trigger()
    assert panel.model.rowCount() == 40

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Discard)

    def build(dialog):
        assert dialog.source.currentData() is None  # the graph's own data comes first
        assert dialog.loss.currentData() == "max-margin"  # labels of -1 and +1
        type_into(dialog.hidden, "4")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    answer_next_dialog(qtbot, build)
    canvas.action("actionNewNetwork").trigger()
    doc = canvas.doc
    bound = bound_dataset(doc)
    assert bound.n_rows == 40 and bound.inputs == {"x1": "x1", "x2": "x2"}
    assert "L1.n4" in doc and "L1.n5" not in doc
    assert panel.model.rowCount() == 40 and "target → y" in panel.model.headerData(
        2, Qt.Orientation.Horizontal)

    click_row(qtbot, panel.table, 5)
    assert window.session.core.row == 5
    x1 = bound.dataset.column("x1")
    assert window.session.evaluation.data("x1") == x1[5]
    tip = node_tooltip(window.session, "x1")
    assert f"{float(x1[5])!r}" in tip and "row 5 of 40: column 'x1'" in tip

    canvas.action("actionBackward").trigger()
    weight_grad = window.session.grad("L1.n1.w1")
    assert weight_grad is not None and weight_grad != 0.0
    type_into(panel.row, "7")
    assert window.session.core.row == 7 and panel.table.currentIndex().row() == 7
    assert window.session.evaluation.data("x1") == x1[7]
    assert window.session.grad("L1.n1.w1") == weight_grad  # a weight's grad sums every row
    assert window.session.grad("x1") is not None

    canvas.action("actionStep").trigger()
    text = window.stepper_panel.text.toPlainText()
    assert "row 7 of 40" in text and "1/40" in text
    for _ in range(6):
        canvas.action("actionStep").trigger()
    shown = window.stepper_panel.text.toPlainText()
    while "from rows 0 to 6" not in shown and not window.backprop.stepper.finished:
        canvas.action("actionStep").trigger()
        shown = window.stepper_panel.text.toPlainText()
    assert "from rows 0 to 6, so += adds on top of it" in shown


def test_a_bad_csv_is_refused_in_one_line_and_nothing_changes(qtbot, window, canvas, monkeypatch,
                                                              tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3,oops\n")
    good = tmp_path / "good.csv"
    good.write_text("a,b\n1,2\n3,4\n5,6\n")
    chosen = [str(bad)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (chosen[0], ""))
    before = dumps(canvas.doc)
    canvas.action("actionImportCsv").trigger()
    assert window.findChild(QDockWidget, "dataDock").isVisible()  # where the news is
    said = window.data.panel.message.text()
    assert said == "Not imported: bad.csv: line 3, column 'b': 'oops' is not a number"
    assert window.data.panel.message.isVisible()
    assert dumps(canvas.doc) == before and window.session.undo_stack.count() == 0
    chosen[0] = str(good)
    click(qtbot, window.data.panel.import_button)
    bound = bound_dataset(canvas.doc)
    assert bound.dataset.names == ["a", "b"] and bound.n_rows == 3
    assert window.session.undo_stack.undoText() == "Set data set"
    assert window.data.panel.scatter.axes == ("a", "b")
    assert window.data.panel.model.data(window.data.panel.model.index(2, 1)) == "6.0"


def test_the_new_network_dialog_refuses_what_it_cannot_build(qtbot):
    line = generate("line", 20, seed=1)
    dialog = NewNetworkDialog(None, line)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.loss.currentData() == "squared" and dialog.inputs_label.text() == "x"
    assert ok.isEnabled()
    dialog.loss.setCurrentIndex(dialog.loss.findData("max-margin"))
    assert not ok.isEnabled() and "needs labels of -1 and +1" in dialog.summary.text()
    dialog.loss.setCurrentIndex(dialog.loss.findData("squared"))
    type_into(dialog.hidden, "3 x")
    assert not ok.isEnabled() and dialog.summary.text().startswith("Hidden layers:")
    assert dialog.isVisible()  # Enter does not take a bad entry
    type_into(dialog.hidden, "3, 2")
    assert dialog.result() == NewNetworkDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert choice["hidden"] == (3, 2) and choice["inputs"] == ["x"] and choice["target"] == "y"
    # The count it shows is what is built.
    for loss in ("squared", "max-margin"):
        for activation in ("relu", "linear"):
            data = generate("moons", 10, seed=1)
            doc = network_document(data, ["x1", "x2"], "y", hidden=(3, 2), activation=activation,
                                   loss=loss)
            assert network_size(2, (3, 2), activation, loss) == len(doc)


def test_a_table_of_a_hundred_thousand_rows(qtbot):
    panel = DataPanel()
    qtbot.addWidget(panel)
    panel.show()
    doc = network_document(generate("moons", 100_000, seed=1), ["x1", "x2"], "y", hidden=(),
                           loss="max-margin")
    bound = bound_dataset(doc)
    panel.show_dataset(bound, 99_999)
    assert panel.model.rowCount() == 100_000
    assert panel.table.currentIndex().row() == 99_999 and panel.row.value() == 99_999
    last = bound.dataset.row(99_999)
    assert panel.model.data(panel.model.index(99_999, 0)) is not None
    assert f"x1 = {last['x1']:.4g}" in panel.row_info.text()
    chosen = []
    panel.row_chosen.connect(chosen.append)
    click_row(qtbot, panel.table, 99_990)
    assert chosen == [99_990]
    scatter = panel.scatter
    assert len(scatter.points.data) == 100_000
    assert np.allclose(scatter.ring.getData()[0], [bound.dataset.column("x1")[99_999]])


def test_the_data_dock_opens_wide_enough_for_every_control(qtbot, window):
    assert window.size().toTuple() == (1280, 800)  # the window as it first opens
    assert window.files.open_example("moons.json")
    dock = window.findChild(QDockWidget, "dataDock")
    viewport = dock.widget().viewport()
    panel = window.data.panel

    def across(widget):
        left = widget.mapTo(viewport, QPoint(0, 0)).x()
        return left, left + widget.width()

    # The dock is sized once more after the window lays it out.
    qtbot.waitUntil(lambda: across(panel.binding.unbind_button)[1] <= viewport.width())
    qtbot.wait(50)
    assert not dock.widget().horizontalScrollBar().isVisible()
    for widget in (panel.binding.unbind_button, panel.binding.bind_button, panel.binding.column,
                   panel.seed, panel.import_button, panel.generator):
        assert widget.isVisible()
        left, right = across(widget)
        assert 0 <= left and right <= viewport.width(), widget.objectName()


def test_the_data_dock_shows_when_a_graph_with_data_opens(window, qtbot):
    dock = window.findChild(QDockWidget, "dataDock")
    assert not dock.isVisible()
    assert window.files.open_example("neuron.json") and not dock.isVisible()
    assert window.files.open_example("moons.json")
    assert dock.isVisible() and window.data.panel.model.rowCount() == 100
    assert window.data.panel.scatter.axes == ("x1", "x2")
    # In a tab beside the palette's, on show: stacked under it, each had half the column.
    palette = window.findChild(QDockWidget, "paletteDock")
    assert window.tabifiedDockWidgets(palette) == [dock]
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    assert palette.visibleRegion().isEmpty()
    bar = next(b for b in window.findChildren(QTabBar) if b.count() == 2 and b.tabText(0) == "Palette")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    qtbot.waitUntil(lambda: not palette.visibleRegion().isEmpty())


def test_the_data_dock_goes_with_the_data_unless_the_person_opened_it(window, qtbot):
    """Moons, then the neuron: the dock that came with the data goes (it stayed, saying "No
    data set" in the palette's place); opened from the View menu, it stays."""
    dock = window.findChild(QDockWidget, "dataDock")
    palette = window.findChild(QDockWidget, "paletteDock")
    assert window.files.open_example("moons.json")
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    assert window.files.open_example("neuron.json")
    assert not dock.isVisible()
    qtbot.waitUntil(lambda: not palette.visibleRegion().isEmpty())
    dock.toggleViewAction().trigger()  # View > Data
    assert dock.isVisible()
    assert window.files.open_example("moons.json") and window.files.open_example("neuron.json")
    assert dock.isVisible()


def test_the_generator_controls_show_how_the_data_on_show_was_made(qtbot, window):
    assert window.files.open_example("moons.json")
    panel = window.data.panel
    assert (panel.generator.currentData(), panel.count.value(), panel.noise.value(),
            panel.seed.value()) == ("moons", 100, 0.1, 1)
    def data():
        return bound_dataset(window.session.doc).dataset
    rows = data().column("x1").tolist()
    # Generate as the controls stand makes the same rows again; a new seed typed in, others.
    click(qtbot, panel.generate_button)
    assert data().column("x1").tolist() == rows
    type_into(panel.seed, "2")
    click(qtbot, panel.generate_button)
    assert data().recipe["seed"] == 2
    assert data().column("x1").tolist() != rows
    assert panel.seed.value() == 2


def test_a_recipe_the_controls_cannot_hold_exactly_leaves_them_as_they_are(window, tmp_path):
    panel = window.data.panel
    text = (examples_dir() / "moons.json").read_text()
    odd = text.replace('"noise": 0.1, "seed": 1}', '"noise": 0.0125, "seed": 1}')
    assert odd != text
    (tmp_path / "odd.json").write_text(odd)
    assert window.files.open_file(str(tmp_path / "odd.json"))
    assert bound_dataset(window.session.doc).dataset.recipe["noise"] == 0.0125
    # 0.0125 shown as 0.013 would make other data: the defaults stay instead.
    assert (panel.generator.currentData(), panel.noise.value(), panel.seed.value()) == (
        "moons", 0.1, 0)


def test_new_data_shows_at_once_in_the_training_plots(qtbot, window):
    assert window.files.open_example("moons.json")
    panel, plots = window.data.panel, window.train_panel
    window.actions["actionTrainStep"].trigger()
    assert plots.curves.points() == 1
    panel.generator.setCurrentIndex(panel.generator.findData("spiral"))
    click(qtbot, panel.generate_button)
    spiral = bound_dataset(window.session.doc).dataset
    assert spiral.recipe["name"] == "spiral"
    # The boundary's points are the spiral's rows and the old data's curves are gone,
    # before any step of the new data.
    xs, ys = plots.boundary.points_item.getData()
    assert xs.tolist() == spiral.column("x1").tolist() and ys.tolist() == spiral.column("x2").tolist()
    assert plots.curves.points() == 0 and plots.boundary.steps == 0
    window.actions["actionUndo"].trigger()  # the moons rows again
    xs, _ = plots.boundary.points_item.getData()
    assert xs.tolist() == bound_dataset(window.session.doc).dataset.column("x1").tolist()


def test_data_without_the_bound_columns_says_which_bindings_it_dropped(qtbot, window, monkeypatch,
                                                                        tmp_path):
    assert window.files.open_example("moons.json")
    other = tmp_path / "other.csv"
    other.write_text("a,x2\n1,2\n3,4\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(other), ""))
    click(qtbot, window.data.panel.import_button)
    bound = bound_dataset(window.session.doc)
    assert bound.dataset.names == ["a", "x2"]
    said = window.data.panel.message.text()
    assert said.startswith("Replace data set: 2 rows from other.csv. It has no column for "
                           "x1 (column x1), the target y (column y): now unbound")
    assert "x2 (column x2)" not in said  # still bound: the file has x2
    assert window.statusBar().currentMessage() == said
    window.actions["actionUndo"].trigger()  # the moons rows and every binding again
    assert sorted(bound_dataset(window.session.doc).inputs.values()) == ["x1", "x2"]
    window.session.undo_stack.setClean()
    assert window.files.open_example("line_regression.json")  # another graph: the news is gone
    assert window.data.panel.message.text() == "" and window.data.panel.message.isHidden()
