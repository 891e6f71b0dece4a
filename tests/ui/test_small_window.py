"""A small window stays usable: a minimum size, docks that scroll, tables that fit, folders remembered."""

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QHeaderView, QScrollArea

from gradgui.document.fileformat import save
from gradgui.ui.main_window import MIN_CANVAS, MIN_SIZE


def test_the_window_keeps_a_size_where_the_canvas_and_the_steps_fit(window, qtbot):
    window.resize(640, 420)
    QApplication.processEvents()
    assert (window.width(), window.height()) >= MIN_SIZE
    assert (window.view.width(), window.view.height()) >= MIN_CANVAS
    for name in ("paletteDock", "inspectorDock", "gradCheckDock", "stepperDock"):
        window.findChild(QDockWidget, name).raise_()  # a tab behind another: its tab clicked
        QApplication.processEvents()
        scroller = window.findChild(QScrollArea, f"{name}Scroll")
        panel = scroller.widget()
        # Never squeezed below what it needs: what does not fit scrolls into view.
        assert panel.height() >= panel.minimumSizeHint().height() or scroller.verticalScrollBar().maximum() > 0
    stepper = window.stepper_panel
    scroller = window.findChild(QScrollArea, "stepperDockScroll")
    scroller.ensureWidgetVisible(stepper.queue)
    QApplication.processEvents()
    assert stepper.queue.visibleRegion().boundingRect().height() > 0


def test_the_gradient_check_table_shows_every_column(make_window):
    from gradgui import examples_dir
    window = make_window()
    assert window.files.load_path(examples_dir() / "mlp.json")
    window.actions["actionGradCheck"].trigger()
    table = window.grad_check_panel.table
    assert table.rowCount() > 0
    header = table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    last = table.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width()
    assert header.sectionSize(last) >= table.fontMetrics().horizontalAdvance("MISMATCH") \
        or all(table.item(r, last).text() == "ok" for r in range(table.rowCount()))


def test_open_and_save_as_start_in_the_last_folder_used(window, tmp_path, neuron_path, monkeypatch):
    folder = tmp_path / "class"
    folder.mkdir()
    copy = folder / "neuron.json"
    copy.write_bytes(Path(neuron_path).read_bytes())
    assert window.files.load_path(copy)
    window.files.new_file()
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, caption, start, *rest: asked.append(start) or ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, *rest: asked.append(start) or ("", ""))
    window.actions["actionOpen"].trigger()
    window.actions["actionSaveAs"].trigger()
    assert asked[0] == str(folder)
    assert Path(asked[1]).parent == folder


def test_with_the_training_panel_open_the_inspector_shows_its_grad_row(window, qtbot):
    assert window.size().toTuple() == (1280, 800)
    assert window.files.open_example("moons.json")
    assert window.train_dock.isVisible()
    grad = window.inspector.grad_text
    # Cut off below the data row before, with the Training panel taking the window's bottom.
    qtbot.waitUntil(lambda: grad.visibleRegion().boundingRect().height() == grad.height())
