"""Long work behind a progress box: Cancel keeps what was open, and the window repaints."""

import threading
import time

import pytest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from gradgui.document import SetField, mlp_document, mlp_for_size
from gradgui.document import gradcheck, layout
from gradgui.document.fileformat import dumps, loads, save
from gradgui.ui.controllers import edit as editing
from gradgui.ui.controllers import files as file_ops
from gradgui.ui.work import BIG, Cancelled
from gradgui.ui.panels.generate_dialog import GenerateMlpDialog
from gradgui.ui.geometry import TEXT_MIN_ZOOM

from graph_files import open_doc
from progress_boxes import (CancelWhenShown, WhenProgressShows, click_cancel, leftovers,
                            visible_progress, wait_for, wait_for_workers)


def test_long_work_shows_a_progress_box_and_cancel_raises(window, qtbot):
    release = threading.Event()
    watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
    try:
        with pytest.raises(Cancelled):
            window.session.work.run("Working on it…", wait_for(release))
    finally:
        release.set()
    assert watch.boxes == [("Working on it…", True)]
    assert watch.painted > 0
    assert not visible_progress(window) and leftovers(window, QProgressDialog) == []


def test_long_work_that_finishes_returns_its_value_and_closes_the_box(window, qtbot):
    release = threading.Event()
    watch = WhenProgressShows(qtbot, window, lambda box: release.set())
    assert window.session.work.run("Working…", wait_for(release)) == "finished"
    assert len(watch.boxes) == 1
    assert leftovers(window, QProgressDialog) == []


def test_quick_work_returns_its_value_without_a_progress_box(window):
    before = len(window.findChildren(QProgressDialog))
    assert window.session.work.run("Quick", lambda: 42) == 42
    assert len(window.findChildren(QProgressDialog)) == before
    assert not visible_progress(window), [(b.labelText(), b.wasCanceled(), b.isModal()) for b in visible_progress(window)]


def test_errors_of_the_work_are_raised_to_the_caller(window, qtbot):
    with pytest.raises(ZeroDivisionError):
        window.session.work.run("Quick", lambda: 1 / 0)

    release = threading.Event()

    def slow_failure():
        wait_for(release)()
        raise ValueError("bad graph")

    WhenProgressShows(qtbot, window, lambda box: release.set())
    with pytest.raises(ValueError, match="bad graph"):
        window.session.work.run("Slow", slow_failure)
    assert not visible_progress(window), [(b.labelText(), b.wasCanceled(), b.isModal()) for b in visible_progress(window)]


@pytest.fixture
def slow(monkeypatch):
    """Make ``module.name`` (file_ops' by default) wait for an event before doing its
    work; returns the event."""
    release = threading.Event()

    def make(name, module=file_ops):
        real = getattr(module, name)

        def waiting(*args, **kwargs):
            wait_for(release)()
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, waiting)
        return release

    yield make
    release.set()


def test_cancelling_an_open_keeps_the_open_document(neuron, qtbot, tmp_path, slow):
    window = neuron.window
    path = tmp_path / "big.json"
    save(mlp_document(2, (3,), samples=3), path)
    before, before_path = neuron.dumps(), window.session.path
    release = slow("load")
    watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
    assert not window.files.load_path(path)
    assert watch.boxes and "big.json" in watch.boxes[0][0]
    assert "cancelled" in neuron.status().lower()
    release.set()
    wait_for_workers(qtbot)  # the finished load is thrown away
    assert neuron.dumps() == before and window.session.path == before_path
    assert str(path) not in window.files.recent()


def test_a_long_save_shows_progress_without_cancel_and_saves(neuron, qtbot, tmp_path, slow):
    window = neuron.window
    window.session.execute(SetField("w1", "value", 4.0))
    assert window.isWindowModified()
    release = slow("save")
    seen = []

    def look(box):
        seen.append(box.findChild(QPushButton))
        release.set()

    watch = WhenProgressShows(qtbot, window, look)
    path = tmp_path / "saved.json"
    assert window.files.write(path)
    assert watch.boxes and "saved.json" in watch.boxes[0][0]
    assert seen == [None]  # no Cancel: the old file stays whole until the new one is
    assert loads(path.read_text()).node("w1")["value"] == 4.0
    assert not window.isWindowModified() and window.session.path == path.resolve()


def test_cancelling_generate_mlp_while_it_works_keeps_the_open_document(neuron, qtbot, slow,
                                                                        monkeypatch):
    window = neuron.window
    before = neuron.dumps()
    release = slow("generate")
    monkeypatch.setattr(GenerateMlpDialog, "exec",
                        lambda dialog: GenerateMlpDialog.DialogCode.Accepted)
    watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
    neuron.action("actionGenerateMlp").trigger()
    assert watch.boxes and "MLP" in watch.boxes[0][0]
    release.set()
    wait_for_workers(qtbot)
    assert neuron.dumps() == before and "cancelled" in neuron.status().lower()


def slow_leaves(monkeypatch, seconds=0.02):
    """Make each leaf of a gradient check take a moment, as on a big graph."""
    real = gradcheck._check_leaf

    def check_leaf(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(gradcheck, "_check_leaf", check_leaf)


def test_a_long_gradient_check_shows_progress_and_can_be_cancelled(window, canvas, qtbot,
                                                                   tmp_path, monkeypatch):
    doc = open_doc(window, mlp_document(3, (4,), samples=10), tmp_path)
    before = dumps(doc)
    slow_leaves(monkeypatch)
    watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
    canvas.action("actionGradCheck").trigger()
    report = window.backprop.last_report
    assert watch.boxes and "gradient" in watch.boxes[0][0].lower()
    assert report.cancelled and not report.passed
    assert 0 < len(report.rows) < report.total == 61
    assert "cancelled" in window.grad_check_panel.summary.text()
    assert window.grad_check_panel.table.rowCount() == len(report.rows)
    assert "cancelled" in canvas.status()
    assert leftovers(window, QProgressDialog) == []
    assert dumps(window.session.doc) == before


def test_a_long_gradient_check_left_to_finish_checks_every_leaf(window, canvas, qtbot, tmp_path,
                                                               monkeypatch):
    open_doc(window, mlp_document(3, (4,), samples=10), tmp_path)
    slow_leaves(monkeypatch, 0.01)
    watch = WhenProgressShows(qtbot, window, lambda box: None)
    canvas.action("actionGradCheck").trigger()
    report = window.backprop.last_report
    assert watch.boxes
    assert report.passed and len(report.rows) == report.total == 61
    assert leftovers(window, QProgressDialog) == []


# ----- building the canvas of a big graph: progress, and Cancel keeps what was open ---------
def test_cancelling_the_canvas_of_a_big_file_keeps_the_open_document(window, canvas, tmp_path,
                                                                      neuron_path, monkeypatch):
    from gradgui.document import SetField
    assert window.files.load_path(neuron_path)
    window.session.execute(SetField("w2", "value", 2.0))
    before, undo = canvas.dumps(), window.session.undo_stack.count()
    path = tmp_path / "big.json"
    # Below the big size: a bigger graph's node items are made near the view, not here.
    save(mlp_for_size(1800), path)
    window.session.work.show_after_ms = 0
    heard = []  # a listener after the canvas: the Cancel must not stop the event on its way
    window.session.doc.events.sub(lambda event: heard.append((event.kind, len(window.session.doc))))
    presser = CancelWhenShown(window, "Building the canvas…")
    assert not window.files.load_path(path)
    presser.stop()
    assert presser.pressed == 1
    assert heard == [("reset", len(loads(path.read_text()))), ("reset", 10)]  # the new, the old
    assert canvas.dumps() == before and window.session.undo_stack.count() == undo
    assert set(window.scene.nodes) == set(window.session.doc.node_ids())
    assert "cancelled" in window.statusBar().currentMessage()
    # Drawn as it was, at the zoom it had: boxes with their text, and wires.
    QApplication.processEvents()
    assert window.view.zoom >= TEXT_MIN_ZOOM and not window.scene.overview_mode
    assert window.scene.wires and all(item.isVisible() for item in window.scene.wires.values())
    assert window.files.load_path(path)  # no Cancel: it opens
    assert len(window.scene.nodes) == len(window.session.doc)


def test_the_first_zoom_in_of_a_big_graph_makes_only_what_it_shows_with_no_box_to_wait_on(
        window, tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    assert window.scene.overview_mode and not window.scene.wires
    window.session.work.show_after_ms = 0
    presser = CancelWhenShown(window, "Drawing the wires…")
    switch = CancelWhenShown(window, "Showing every node and wire…")
    window.view.reset_zoom()
    QApplication.processEvents()  # the view's paint makes the items near it
    presser.stop()
    switch.stop()
    assert presser.pressed == 0 and switch.pressed == 0  # no long work: nothing to cancel
    assert not window.scene.overview_mode
    assert window.scene.detail.layer.on  # the wires are drawn without an item each
    assert len(window.scene.wires) < doc.graph.number_of_edges()
    assert all(item.isVisible() for item in window.scene.wires.values())


def test_cancelling_the_switch_out_of_the_overview_leaves_it_whole(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QGraphicsItem
    from gradgui.ui.canvas import detail as scene_detail
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    # Below the size whose items are made only near the view: the switch touches every item.
    doc = open_doc(window, mlp_for_size(1500), tmp_path)
    scene = window.scene
    window.actions["actionFit"].trigger()  # a network opens readable: Fit shows it whole
    assert len(doc) < BIG and scene.overview_mode
    window.session.work.show_after_ms = 0
    monkeypatch.setattr(scene_detail, "SWITCH_CHUNK", 1000)  # a few chunks: Cancel comes half way
    reached = []
    real = scene_detail.LevelOfDetail._switched_so_far
    monkeypatch.setattr(scene_detail.LevelOfDetail, "_switched_so_far",
                        lambda self, progress, count: (reached.append((self.overview_mode, count)),
                                                       real(self, progress, count)))
    presser = CancelWhenShown(window, "Showing every node and wire…")
    window.view.reset_zoom()
    presser.stop()
    assert presser.pressed == 1
    assert any(count > 0 for back, count in reached if not back)  # cancelled half way
    # All of it is still the overview: no item half switched draws itself.
    assert scene.overview_mode and scene.wires
    assert not any(item.isVisible() for item in scene.wires.values())
    assert all(item.flags() & no_contents for item in scene.nodes.values())
    window.view.zoom_by(1.1)  # the next zoom asks again, and it goes through
    assert not scene.overview_mode
    assert all(item.isVisible() for item in scene.wires.values())
    assert not any(item.flags() & no_contents for item in scene.nodes.values())


def test_cancelling_a_long_auto_layout_moves_nothing(neuron, qtbot, slow):
    window = neuron.window
    before = neuron.dumps()
    release = slow("auto_layout", layout)  # the editor imports it when Auto Layout runs
    watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
    neuron.action("actionAutoLayout").trigger()
    release.set()
    wait_for_workers(qtbot)
    assert watch.boxes and "laying" in watch.boxes[0][0].lower()
    assert neuron.dumps() == before and window.session.undo_stack.count() == 0
    assert "cancelled" in neuron.status().lower()


def test_a_long_copy_can_be_cancelled_and_leaves_the_clipboard_alone(neuron, qtbot, slow):
    window = neuron.window
    QApplication.clipboard().setText("kept")
    release = slow("copy_fragment", editing)
    neuron.action("actionSelectAll").trigger()
    watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
    neuron.action("actionCopy").trigger()
    release.set()
    wait_for_workers(qtbot)
    assert watch.boxes and QApplication.clipboard().text() == "kept"


def test_a_long_paste_or_duplicate_can_be_cancelled_and_adds_nothing(neuron, qtbot, slow):
    window = neuron.window
    neuron.action("actionSelectAll").trigger()
    neuron.action("actionCopy").trigger()
    before, undo = neuron.dumps(), window.session.undo_stack.count()
    for name, action, text in (("paste_fragment", "actionPaste", "Reading the clipboard…"),
                               ("duplicate", "actionDuplicate", "Copying…")):
        release = slow(name, editing)
        release.clear()  # one event for the test: set again by the last round
        watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
        neuron.action(action).trigger()
        release.set()
        wait_for_workers(qtbot)
        assert watch.boxes == [(text, True)]
        assert neuron.dumps() == before and window.session.undo_stack.count() == undo
        assert "cancelled" in neuron.status()
    neuron.action("actionPaste").trigger()  # left to finish: the nodes come in, as one step
    assert len(neuron.doc) == 20 and window.session.undo_stack.count() == undo + 1


def test_cancelling_a_long_delete_before_it_starts_deletes_nothing(neuron, qtbot, slow):
    window = neuron.window
    before = neuron.dumps()
    release = slow("delete_nodes", editing)
    neuron.action("actionSelectAll").trigger()
    watch = WhenProgressShows(qtbot, window, click_cancel(qtbot))
    neuron.action("actionDelete").trigger()
    release.set()
    wait_for_workers(qtbot)
    assert watch.boxes and neuron.dumps() == before
    assert window.session.undo_stack.count() == 0 and "cancelled" in neuron.status().lower()


def test_once_a_progress_box_is_gone_the_window_has_the_keyboard_again(qtbot, window, canvas,
                                                                        tmp_path):
    from PySide6.QtCore import Qt
    window.session.work.show_after_ms = 0  # every piece of work shows its box
    # The window has the keyboard to begin with (a window left by another test may have it).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    assert leftovers(window, QProgressDialog) == []
    # The activation comes back through the event queue: on a busy machine one pass of
    # events may not have reached it yet.
    qtbot.waitUntil(window.isActiveWindow)
    canvas.action("actionSelectAll").trigger()
    canvas.key(Qt.Key.Key_Delete)  # a shortcut: it works only in the active window
    assert len(doc) == 0


def test_a_box_opened_while_another_still_has_the_keyboard_hands_it_back_to_the_window(window):
    from PySide6.QtCore import QCoreApplication, QEvent
    from gradgui.ui.work.progress import ProgressBox
    first = ProgressBox("first", 0, window, False)
    first.open_now()
    QApplication.processEvents()
    assert QApplication.activeWindow() is first
    second = ProgressBox("second", 0, window, False)  # the next piece of work, straight after
    second.open_now()
    first.finish()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the first box is gone
    second.finish()  # gives the keyboard to the window, not to the box gone before it
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    assert QApplication.activeWindow() is window
    assert leftovers(window, QProgressDialog) == []
