"""Crash safety: autosave to a recovery file, recovery after a real crash (a killed process),
a clean close that removes the file, and an unexpected exception that is shown, logged and
survived."""

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

import gradgui
from gradgui import examples_dir
from gradgui.app import main
from gradgui.document import SetField
from gradgui.document.fileformat import dumps, load
from gradgui.ui.crash import install_exception_hook, offer_recovery
from gradgui.ui.main_window import MainWindow
from gradgui.ui.controllers import recovery as recovery_module
from gradgui.ui.controllers.recovery import data_dir, orphans
from subprocess_output import wait_for_line

Button = QMessageBox.StandardButton
ROOT = Path(gradgui.__file__).resolve().parent.parent

CRASHING_SESSION = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication
    from gradgui.document import SetField
    from gradgui.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.recovery.quiet_ms = window.recovery.at_most_ms = 50
    window.show()
    assert window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    window.session.execute(SetField("x1", "label", "first input"))
    if sys.argv[1] == "timer":
        # Let autosave do it on its own, a short while after the edits.
        window.recovery.written.connect(lambda: print("saved", flush=True))
    else:
        assert window.recovery.autosave()
        print("saved", flush=True)
    app.exec()  # runs until the test kills it
""")


def the_edit():
    """What the crashed session had built."""
    doc = load(examples_dir() / "neuron.json")
    SetField("w2", "value", 2.5).do(doc)
    SetField("x1", "label", "first input").do(doc)
    return doc


def recovery_files(folder=None):
    folder = folder or data_dir()
    return sorted(p.name for p in folder.glob("*")) if folder.is_dir() else []


def crash_after_autosave(settings_dir, how="now"):
    """Run an editing session in another process, wait for its autosave, then kill it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=str(settings_dir),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("GRADGUI_QUIT_AFTER_MS", None)
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_SESSION, how], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_line(proc, "saved", "the session")
        # While it runs, its recovery file belongs to it: not an orphan.
        assert orphans() == []
        assert any(name.startswith(f"autosave-{proc.pid}-") for name in recovery_files())
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return proc.pid


@pytest.mark.parametrize("how", ["now", "timer"])
def test_after_a_crash_the_autosaved_work_is_recovered(window, message_boxes, settings_dir, how):
    pid = crash_after_autosave(settings_dir, how)

    found = orphans()
    assert len(found) == 1
    assert found[0].path.name.startswith(f"autosave-{pid}-")
    assert found[0].original is None

    message_boxes.answers = [Button.Yes]
    assert offer_recovery(window)

    assert "untitled graph" in message_boxes.asked[0][1]
    assert dumps(window.session.doc) == dumps(the_edit())
    assert window.session.doc.label("x1") == "first input"
    assert window.isWindowModified() and not window.session.undo_stack.isClean()
    assert window.session.path is None
    assert orphans() == []
    assert not any(name.startswith(f"autosave-{pid}-") for name in recovery_files())
    # The recovered work is protected again, by this window's own recovery file.
    assert window.recovery.path.is_file()
    assert dumps(load(window.recovery.path)) == dumps(the_edit())


def test_declining_recovery_keeps_the_window_as_it_was(window, message_boxes, settings_dir):
    crash_after_autosave(settings_dir)
    message_boxes.answers = [Button.Discard]
    assert not offer_recovery(window)
    assert len(window.session.doc) == 0 and not window.isWindowModified()
    assert orphans() == []


def test_the_next_start_offers_the_recovery(qtbot, settings_dir, message_boxes, monkeypatch):
    crash_after_autosave(settings_dir)
    seen = []

    def run_until_looked_at(*_args):
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        for window in windows:
            seen.append(dumps(window.session.doc))
            window.session.undo_stack.setClean()  # the test is over: nothing to keep
            window.close()
            window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_until_looked_at)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    logger = logging.getLogger("gradgui")
    handlers = list(logger.handlers)
    monkeypatch.setattr(logger, "handlers", list(handlers))
    app = QApplication.instance()
    name = app.applicationName()
    message_boxes.answers = [Button.Yes]
    try:
        assert main([str(examples_dir() / "mlp.json")]) == 0
    finally:
        app.setApplicationName(name)
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
    # The recovered graph, and the file named on the command line in a window of its own.
    assert sorted(seen) == sorted([dumps(the_edit()), dumps(load(examples_dir() / "mlp.json"))])
    assert orphans() == []


def test_a_recovered_file_is_described_by_its_name(window, message_boxes, settings_dir, tmp_path):
    leave_orphan(the_edit(), str(tmp_path / "lesson.json"), time.time())
    message_boxes.answers = [Button.Yes]
    assert offer_recovery(window)
    assert "lesson.json" in message_boxes.asked[0][1]
    assert dumps(window.session.doc) == dumps(the_edit())


def test_autosave_writes_only_while_there_are_unsaved_changes(qtbot, window, tmp_path):
    recovery = window.recovery
    recovery.quiet_ms = recovery.at_most_ms = 20
    window.files.open_example("neuron.json")
    assert not recovery.due and not recovery.path.exists()  # nothing unsaved: nothing written

    window.session.execute(SetField("w2", "value", 2.5))
    qtbot.waitUntil(recovery.path.is_file)
    assert load(recovery.path).node("w2")["value"] == 2.5
    window.session.execute(SetField("x1", "label", "first input"))
    qtbot.waitUntil(lambda: load(recovery.path).label("x1") == "first input")
    assert dumps(load(recovery.path)) == dumps(the_edit())

    window.session.undo_stack.setClean()  # as after a save
    qtbot.waitUntil(lambda: not recovery.path.exists())
    assert not recovery.path.with_suffix(".meta").exists()
    assert not recovery.due


def test_saving_removes_the_recovery_file(window, message_boxes, monkeypatch, tmp_path):
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    assert window.recovery.autosave() and window.recovery.path.is_file()
    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "kept.json"), ""))
    window.findChild(QAction, "actionSave").trigger()
    assert (tmp_path / "kept.json").is_file()
    assert not window.recovery.path.exists()
    assert not window.recovery.path.with_suffix(".meta").exists()


def test_a_clean_close_removes_the_recovery_file_and_a_cancelled_one_keeps_it(
        window, message_boxes):
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    assert window.recovery.autosave()
    path = window.recovery.path

    message_boxes.answers = [Button.Cancel]
    assert not window.close()
    assert path.is_file()  # still open, still unsaved: still protected

    message_boxes.answers = [Button.Discard]
    assert window.close()
    assert not path.exists() and not path.with_suffix(".meta").exists()
    assert recovery_files() == []


# ----- an unexpected exception in a slot ----------------------------------------------------
@pytest.fixture
def exception_hook(monkeypatch):
    """install_exception_hook, undone afterwards (the hook and the log handler it adds)."""
    logger = logging.getLogger("gradgui")
    handlers = list(logger.handlers)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(logger, "handlers", list(handlers))
    install_exception_hook()
    yield
    for handler in logger.handlers:
        if handler not in handlers:
            handler.close()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_an_action_is_shown_logged_and_survived(
        window, settings_dir, exception_hook, monkeypatch, capsys):
    shown = []

    def exec_box(box):
        shown.append((box.windowTitle(), box.text(), box.detailedText()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    window.files.open_example("neuron.json")

    def broken():
        raise RuntimeError("the output finder broke")

    with monkeypatch.context() as patch:
        patch.setattr(window.backprop, "output", broken)
        window.findChild(QAction, "actionBackward").trigger()

    assert len(shown) == 1
    title, text, details = shown[0]
    assert "the output finder broke" in text
    assert "RuntimeError" in details and "Traceback" in details
    log = (settings_dir / "gradgui.log").read_text(encoding="utf-8")
    assert "the output finder broke" in log and "Traceback" in log
    assert "the output finder broke" in capsys.readouterr().err

    # The application keeps running: the window still works.
    assert window.isVisible()
    window.findChild(QAction, "actionBackward").trigger()
    assert window.session.grad("x1") == pytest.approx(-1.5)
    assert len(shown) == 1


def leave_orphan(doc, original, when) -> Path:
    """A recovery file as a session that is gone left it."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"autosave-{gone.pid}-1.json"
    path.write_text(dumps(doc), encoding="utf-8")
    path.with_suffix(".meta").write_text(json.dumps({"original": original, "time": when}),
                                         encoding="utf-8")
    return path


def test_work_from_two_lost_sessions_is_offered_one_after_the_other(
        make_window, message_boxes, settings_dir, tmp_path):
    older = load(examples_dir() / "mlp.json")
    leave_orphan(older, str(tmp_path / "mlp.json"), time.time() - 3600)
    leave_orphan(the_edit(), None, time.time())

    first = make_window()
    message_boxes.answers = [Button.Yes]
    assert offer_recovery(first)
    assert dumps(first.session.doc) == dumps(the_edit())
    assert "1 more" in message_boxes.asked[0][1]
    assert [o.original for o in orphans()] == [str(tmp_path / "mlp.json")]  # not thrown away

    second = make_window()  # the next start
    message_boxes.answers = [Button.Yes]
    assert offer_recovery(second)
    assert "mlp.json" in message_boxes.asked[1][1] and "more" not in message_boxes.asked[1][1]
    assert dumps(second.session.doc) == dumps(older)
    assert orphans() == []


@pytest.fixture
def big_autosave(window, monkeypatch):
    """Treat every document as big (encoded on a worker) and make encoding wait for a go."""
    go = threading.Event()
    real = recovery_module.encode

    def waiting(doc):
        assert go.wait(10)
        return real(doc)

    window.recovery.background_above = 0
    monkeypatch.setattr(recovery_module, "encode", waiting)
    yield go
    go.set()


def test_a_big_document_is_autosaved_from_a_worker_while_the_window_goes_on(
        qtbot, window, big_autosave):
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    recovery = window.recovery
    assert not recovery.autosave()  # started, not written yet: the window is free meanwhile
    assert not recovery.path.exists()
    big_autosave.set()
    qtbot.waitUntil(recovery.path.is_file)
    assert load(recovery.path).node("w2")["value"] == 2.5


def test_an_edit_during_a_background_autosave_leaves_the_stale_copy_unwritten(
        qtbot, window, big_autosave):
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    recovery = window.recovery
    recovery.autosave()
    window.session.execute(SetField("w2", "value", 3.5))  # while it encodes
    big_autosave.set()
    qtbot.waitUntil(lambda: not recovery.writing)
    assert not recovery.path.exists()  # what it encoded is out of date: not written
    recovery.autosave()
    qtbot.waitUntil(recovery.path.is_file)
    assert load(recovery.path).node("w2")["value"] == 3.5


def test_a_big_documents_recovery_file_is_written_by_the_worker(qtbot, window, big_autosave,
                                                                monkeypatch):
    threads = []
    real = recovery_module.write_encoded
    monkeypatch.setattr(recovery_module, "write_encoded", lambda *args: (
        threads.append(threading.current_thread().name), real(*args)))
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    window.recovery.autosave()
    big_autosave.set()
    qtbot.waitUntil(lambda: not window.recovery.writing)
    assert threads == ["gradgui-autosave"]  # 17 MB for 100,000 nodes: not on the window's thread
    assert load(window.recovery.path).node("w2")["value"] == 2.5


def test_saving_while_a_big_autosave_runs_leaves_no_recovery_file(qtbot, window, big_autosave,
                                                                 monkeypatch, tmp_path):
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    window.recovery.autosave()
    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "kept.json"), ""))
    window.findChild(QAction, "actionSave").trigger()  # while the worker still encodes
    big_autosave.set()
    qtbot.waitUntil(lambda: not window.recovery.writing)
    assert not window.recovery.path.exists()  # nothing unsaved is left to recover


def test_a_failed_background_autosave_says_so(qtbot, window, big_autosave, monkeypatch):
    def failing(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(recovery_module, "write_encoded", failing)
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    said = []
    window.session.message.connect(said.append)
    window.recovery.autosave()
    big_autosave.set()
    qtbot.waitUntil(lambda: not window.recovery.writing)
    assert said == ["Autosave failed: disk full"]


def test_a_big_autosave_still_encoding_when_the_file_is_discarded_writes_nothing(
        window, big_autosave):
    window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    recovery = window.recovery
    recovery.autosave()
    job = recovery._job
    recovery.discard()  # as a save or a clean close does, with no event loop after it
    big_autosave.set()
    assert job.wait(10)
    assert not recovery.path.exists()  # else the next start would offer to recover it
