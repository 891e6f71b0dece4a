"""When autosave writes: a moment after edits stop, never long after the first change it lacks,
as soon as other work ends (not skipped), and the status bar says when it last wrote. Delays
are the recovery's own settings, made small here."""

import json
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox

from gradgui import examples_dir
from gradgui.document import SetField, mlp_for_size
from gradgui.document.fileformat import dumps, load, save
from gradgui.ui.controllers.recovery import data_dir
from gradgui.ui.crash import offer_recovery

Button = QMessageBox.StandardButton
NEVER = 10**8  # ms: a delay that does not come during a test
WAIT = 20_000  # ms: generous; waitUntil returns as soon as it is so


def test_autosave_writes_a_moment_after_the_edits_stop(qtbot, window):
    recovery = window.recovery
    recovery.quiet_ms, recovery.at_most_ms = 100, NEVER
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    assert not recovery.path.exists()  # a moment later, not at once
    qtbot.waitUntil(recovery.path.is_file, timeout=WAIT)
    assert load(recovery.path).node("w2")["value"] == 2.5
    assert not recovery.due


def test_while_edits_go_on_autosave_writes_at_most_a_set_time_after_the_first(qtbot, window):
    recovery = window.recovery
    recovery.quiet_ms, recovery.at_most_ms = NEVER, 200  # edits never stop for long enough
    window.files.open_example("neuron.json")
    edits, written = [], []

    def edit():
        if recovery.path.exists():
            written.append(load(recovery.path).node("w2")["value"])
        edits.append(len(edits) + 1.0)
        window.session.execute(SetField("w2", "value", edits[-1]))

    editor = QTimer(window)
    editor.timeout.connect(edit)
    editor.start(20)
    try:
        # Written while the edits go on, with the edits made up to then.
        qtbot.waitUntil(lambda: len(set(written)) >= 2, timeout=WAIT)
    finally:
        editor.stop()
    assert set(written) <= set(edits)


def test_an_autosave_due_during_other_work_is_written_as_soon_as_it_ends(
        qtbot, window, tmp_path):
    path = tmp_path / "big.json"
    save(mlp_for_size(3000), path)
    assert window.files.load_path(path)
    recovery = window.recovery
    recovery.quiet_ms = recovery.at_most_ms = NEVER  # only the wait for the work can write it
    doc = window.session.doc
    window.session.execute(SetField(doc.node_ids()[0], "label", "renamed"))  # unsaved work
    assert not recovery.path.exists()
    mid_work = []

    def on_event(event):
        if event.kind == "node_removed" and not mid_work:
            # The autosave comes due half way through a big edit.
            mid_work.append((window.session.work.document_changing, recovery.autosave()))

    unsubscribe = doc.events.sub(on_event)
    try:
        window.findChild(QAction, "actionSelectAll").trigger()
        window.findChild(QAction, "actionDelete").trigger()
    finally:
        unsubscribe()
    assert mid_work == [(True, False)]  # not then: the document was half changed
    assert len(doc) == 0
    qtbot.waitUntil(recovery.path.is_file, timeout=WAIT)  # but once the edit was over
    assert len(load(recovery.path)) == 0


def test_the_status_bar_says_when_recovery_data_was_last_written(
        qtbot, window, message_boxes, monkeypatch, tmp_path):
    label = window.statusBar().findChild(QLabel, "recoveryStatus")
    assert label is not None and not label.isVisible()
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    assert window.recovery.autosave()
    assert label.isVisible()
    when = time.strftime("%H:%M:%S", time.localtime(window.recovery.last_written))
    assert "Recovery data written" in label.text() and when in label.text()

    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "kept.json"), ""))
    window.findChild(QAction, "actionSave").trigger()
    assert not label.isVisible()  # saved: no recovery data


def test_a_recovered_document_keeps_its_name_and_place(window, message_boxes, settings_dir,
                                                        tmp_path, monkeypatch):
    original = tmp_path / "lesson.json"
    save(load(examples_dir() / "neuron.json"), original)
    edited = load(original)
    SetField("w2", "value", 2.5).do(edited)
    folder = data_dir()
    folder.mkdir(parents=True)
    lost = folder / "autosave-2147483647-1.json"  # a session that is gone (no such process)
    lost.write_text(dumps(edited), encoding="utf-8")
    lost.with_suffix(".meta").write_text(
        json.dumps({"original": str(original), "time": time.time()}), encoding="utf-8")

    message_boxes.answers = [Button.Yes]
    assert offer_recovery(window)
    assert window.session.path == original
    assert window.windowTitle().startswith("lesson.json") and window.isWindowModified()
    window.findChild(QAction, "actionSave").trigger()  # no file dialog: it has its file
    assert dumps(load(original)) == dumps(edited)
    assert not window.isWindowModified()
