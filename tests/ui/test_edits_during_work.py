"""What is typed, dragged or autosaved while long work runs: nothing lands half way,
nothing is lost, and failures on the worker are told plainly."""

import threading

import pytest

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from gradgui.document import Evaluation, SetField, mlp_document, mlp_for_size
from gradgui.document import commands as commands_module
from gradgui.document import evaluation as evaluation_module
from gradgui.document.fileformat import dumps, load, loads, save
from gradgui.ui.work import ChunkProgress
from gradgui.ui.controllers import files as file_ops
from gradgui.ui.work import Cancelled

from graph_files import open_doc
from progress_boxes import WhenProgressShows, visible_progress, wait_for


def type_in_inspector(window, qtbot, node_id, text):
    """Select ``node_id`` and type ``text`` into the inspector's value field, without Enter."""
    window.scene.select_nodes([node_id])
    QApplication.processEvents()
    edit = window.inspector.value_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    edit.selectAll()
    QTest.keyClicks(edit, text)


def test_an_action_uses_the_number_just_typed(neuron, qtbot):
    window = neuron.window
    type_in_inspector(window, qtbot, "w2", "9.5")
    assert window.session.doc.node("w2")["value"] == 1.0  # not committed yet
    neuron.action("actionBackward").trigger()
    assert window.session.doc.node("w2")["value"] == 9.5
    fresh = Evaluation(window.session.doc)
    fresh.backward("o")
    assert window.session.grad("x2") == fresh.grad("x2") == pytest.approx(9.5 * 0.5)


def test_an_edit_while_a_save_writes_is_refused_and_the_file_matches_what_is_marked_saved(
        neuron, qtbot, tmp_path, monkeypatch):
    window = neuron.window
    window.session.execute(SetField("w1", "value", 4.0))
    type_in_inspector(window, qtbot, "w2", "9.5")
    release = threading.Event()
    real = file_ops.save

    def slow_save(doc, path):
        real(doc, path)
        wait_for(release)()

    monkeypatch.setattr(file_ops, "save", slow_save)
    WhenProgressShows(qtbot, window, lambda box: release.set())  # the box took the focus
    path = tmp_path / "out.json"
    assert window.files.write(path)  # called directly: no action finished the typing first
    on_disk = loads(path.read_text())
    assert window.session.doc.node("w2")["value"] == on_disk.node("w2")["value"] == 1.0
    assert on_disk.node("w1")["value"] == 4.0
    assert not window.isWindowModified()
    assert "wait" in neuron.status().lower()


def test_a_drag_never_shows_a_progress_box_that_would_take_the_mouse_release(neuron,
                                                                           monkeypatch):
    neuron.window.session.work.show_after_ms = 0  # as if rerouting were slow
    view = neuron.view
    boxes_mid_drag = []
    real = ChunkProgress.tick

    def tick(progress, done):
        real(progress, done)
        if progress._box is not None and view._press_positions:  # a button is held on nodes
            boxes_mid_drag.append(progress.text)

    monkeypatch.setattr(ChunkProgress, "tick", tick)
    before = neuron.window.session.doc.pos("w1")
    start = neuron.view.mapFromScene(neuron.node_centre("w1"))
    neuron.drag(start, start + QPoint(60, 0))
    after = neuron.window.session.doc.pos("w1")
    assert after[0] > before[0] + 30 and after[1] == pytest.approx(before[1])
    assert neuron.window.session.undo_stack.count() == 1
    assert neuron.window.scene.mouseGrabberItem() is None
    assert boxes_mid_drag == []  # a modal box would have taken the release from the window


def test_running_out_of_memory_in_the_backward_pass_is_told_and_leaves_no_grads(
        neuron, monkeypatch):
    def no_memory(*_args):
        raise MemoryError()

    monkeypatch.setattr(evaluation_module, "backward_from", no_memory)
    for action in ("actionBackward", "actionStep"):
        neuron.action(action).trigger()
        assert "not enough memory" in neuron.status().lower(), action
        assert not neuron.window.session.evaluation.has_grads
        assert neuron.window.backprop.stepper is None


def test_autosave_waits_while_another_document_is_put_in_place(neuron, tmp_path, monkeypatch):
    window = neuron.window
    window.session.execute(SetField("w1", "value", 4.0))  # unsaved changes to the neuron
    path = tmp_path / "other.json"
    save(mlp_document(2, (3,), samples=2), path)
    real = ChunkProgress.tick
    autosaved = []

    def tick(progress, done):
        if progress.text.startswith("Building") and not autosaved:
            autosaved.append(window.recovery.autosave())  # its timer, firing mid-build
            raise Cancelled()  # and then the person presses Cancel
        real(progress, done)

    monkeypatch.setattr(ChunkProgress, "tick", tick)
    assert not window.files.load_path(path)
    assert autosaved == [False]
    assert window.recovery.autosave()
    assert load(window.recovery.path).node("w1")["value"] == 4.0


def test_a_big_edit_shows_its_progress_and_nothing_lands_half_way(window, canvas, qtbot,
                                                                   tmp_path, monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    before = dumps(doc)
    window.session.work.show_after_ms = 0  # as if the edit were slow
    seen = []

    def meanwhile():
        # The canvas waits for the end of the edit (repainting half an edit again and
        # again made it several times slower); the box shows and the events run.
        for box in visible_progress(window):
            if box.labelText() in ("Preparing the delete…", "Drawing the overview…"):
                continue  # workers that only read: before the edit, and after it
            if box.labelText() not in [label for label, *_ in seen]:
                seen.append((box.labelText(), box.findChild(QPushButton),
                             window.session.execute(SetField(doc.node_ids()[0], "label", "x")),
                             window.recovery.autosave()))

    watch = QTimer(window)
    watch.timeout.connect(meanwhile)
    watch.start(5)
    canvas.action("actionSelectAll").trigger()
    canvas.key(Qt.Key.Key_Delete)
    assert len(doc) == 0 and window.scene.nodes == {}
    canvas.action("actionUndo").trigger()
    watch.stop()
    # Zoomed out, a big graph's nodes are drawn by the overview: none keeps an item.
    assert dumps(doc) == before and window.scene.overview_mode and window.scene.nodes == {}
    assert window.view.updatesEnabled()
    boxes = {label.split(" ")[0]: cancel for label, cancel, *_ in seen}
    assert boxes["Delete"] is not None  # a new edit can be stopped (see below),
    assert boxes["Undoing"] is None  # an undo not: history already counts it as done
    for _label, _cancel, edited, autosaved in seen:
        assert not edited and not autosaved  # both wait for the edit to finish


def test_stopping_a_big_edit_half_way_takes_back_what_it_did(window, canvas, tmp_path,
                                                              monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    before = dumps(doc)
    window.session.work.show_after_ms = 0
    removed_when_stopped = []

    def stop_half_way():
        for box in visible_progress(window):
            if box.labelText().startswith("Delete") and box.value() > 0 and not box.wasCanceled():
                removed_when_stopped.append(len(doc))
                box.cancel()

    watch = QTimer(window)
    watch.timeout.connect(stop_half_way)
    watch.start(1)
    canvas.action("actionSelectAll").trigger()
    canvas.key(Qt.Key.Key_Delete)
    watch.stop()
    assert removed_when_stopped and removed_when_stopped[0] < 3000  # it was half done
    # Zoomed out, a big graph's nodes are drawn by the overview: none keeps an item.
    assert dumps(doc) == before and window.scene.overview_mode and window.scene.nodes == {}
    assert window.session.undo_stack.count() == 0
    assert "stopped" in canvas.status().lower()
    assert window.view.updatesEnabled()
    assert window.scene.selected_node_ids() == doc.node_ids()  # the selection is back too


def test_keys_during_a_big_edit_reach_only_its_box_and_escape_stops_it(window, canvas,
                                                                      tmp_path, monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    window.session.execute(SetField(doc.node_ids()[0], "label", "renamed"))
    before = dumps(doc)
    window.session.work.show_after_ms = 0
    pressed = []

    def keys_half_way():
        for box in visible_progress(window):
            if box.value() > 2000 and not pressed:
                pressed.append(len(doc))
                QTest.keyClick(canvas.viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
                QTest.keyClick(box, Qt.Key.Key_Escape)

    watch = QTimer(window)
    watch.timeout.connect(keys_half_way)
    watch.start(1)
    canvas.action("actionSelectAll").trigger()
    canvas.key(Qt.Key.Key_Delete)
    watch.stop()
    assert pressed and pressed[0] < 3000
    assert dumps(doc) == before  # Escape stopped the delete; Ctrl+Z did nothing half way
    assert [window.session.undo_stack.text(i) for i in range(window.session.undo_stack.count())] \
        == ["Set label"]


def test_a_failure_inside_a_big_edit_leaves_the_canvas_live(window, canvas, tmp_path,
                                                            monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    real = commands_module.RemoveNode.do
    calls = []

    def failing(command, doc_):
        calls.append(1)
        if len(calls) == 100:
            raise MemoryError()
        return real(command, doc_)

    monkeypatch.setattr(commands_module.RemoveNode, "do", failing)
    canvas.action("actionSelectAll").trigger()
    with pytest.raises(MemoryError):
        window.edits.delete_selection()
    assert window.view.updatesEnabled() and not window.session.work.document_changing
