"""The recovery folder at startup: a lost session's work is told from a running one's by a lock,
not a process id (in a container every start may be PID 1); nothing the folder holds stops
the editor from starting; what a lost session left half written is swept."""

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

import gradgui
from gradgui import examples_dir
from gradgui.app import main
from gradgui.document import SetField
from gradgui.document.fileformat import dumps, load
from gradgui.ui.crash import offer_recovery
from gradgui.ui.main_window import MainWindow
from gradgui.ui.controllers.recovery import data_dir, orphans
from subprocess_output import wait_for_line

Button = QMessageBox.StandardButton
ROOT = Path(gradgui.__file__).resolve().parent.parent
AN_HOUR_AGO = time.time() - 3600
SHOWN = {os.fsdecode(b"autosave-\xff\n.json"): "autosave-\\xff\\n.json"}  # as it is told

SESSION = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication
    from gradgui.document import SetField
    from gradgui.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.show()
    assert window.files.open_example("neuron.json")
    window.session.execute(SetField("w2", "value", 2.5))
    assert window.recovery.autosave()
    print("saved", window.recovery.path.stem, flush=True)
    app.exec()  # runs until the test kills it
""")


def edited_neuron():
    doc = load(examples_dir() / "neuron.json")
    SetField("w2", "value", 2.5).do(doc)
    return doc


def names(folder=None):
    folder = folder or data_dir()
    return sorted(os.listdir(folder)) if folder.is_dir() else []


@contextmanager
def running_session(settings_dir):
    """An editing session in another process, autosaved; yields the stem of its files."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=str(settings_dir),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("GRADGUI_QUIT_AFTER_MS", None)
    proc = subprocess.Popen([sys.executable, "-c", SESSION], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_line(proc, "saved", "the session")
        stems = {Path(n).stem for n in names() if n.startswith(f"autosave-{proc.pid}-")}
        assert len(stems) == 1
        yield stems.pop()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def rename_session(stem: str, pid: int) -> str:
    """Give a session's files the name they would have had with process id ``pid``."""
    new = f"autosave-{pid}-{stem.rsplit('-', 1)[1]}"
    for name in names():
        if name.startswith(stem + "."):
            os.rename(data_dir() / name, data_dir() / (new + name[len(stem):]))
    return new


def a_gone_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


# ----- whose files are whose ---------------------------------------------------------------------
def test_work_lost_by_a_session_that_had_this_very_process_id_is_offered(
        window, message_boxes, settings_dir):
    # In a container each start may be PID 1: the lost session had the pid this one has.
    with running_session(settings_dir) as stem:
        pass  # killed
    lost = rename_session(stem, os.getpid())
    assert [o.path.name for o in orphans()] == [f"{lost}.json"]

    message_boxes.answers = [Button.Yes]
    assert offer_recovery(window)
    assert dumps(window.session.doc) == dumps(edited_neuron())
    # Cleaned up: the lost session's files are gone; this window's own protect the work now.
    assert not [n for n in names() if n.startswith(lost)]
    assert names() == sorted(window.recovery.path.with_suffix(s).name
                             for s in (".json", ".lock", ".meta"))
    assert orphans() == []


def test_a_running_session_is_never_taken_for_a_lost_one_whatever_its_process_id(
        window, message_boxes, settings_dir):
    with running_session(settings_dir) as stem:
        # It has this process's pid (another container), then the pid of a process that is
        # gone (this one's pid, seen from another container): it is running all the same.
        for pid in (os.getpid(), a_gone_pid()):
            stem = rename_session(stem, pid)
            assert orphans() == []
            assert not offer_recovery(window)  # nothing asked (a question would fail the test)
            assert f"{stem}.json" in names()
    assert [o.path.name for o in orphans()] == [f"{stem}.json"]  # once it is gone, it is lost work


def test_two_windows_of_one_process_are_both_running(make_window, message_boxes):
    first, second = make_window(), make_window()
    for window in (first, second):
        window.files.open_example("neuron.json")
        window.session.execute(SetField("w2", "value", 2.5))
        assert window.recovery.autosave()
    assert first.recovery.path != second.recovery.path
    assert orphans() == []
    assert not offer_recovery(make_window())


def test_files_from_before_the_lock_file_are_judged_by_their_process_id(
        window, message_boxes, settings_dir):
    folder = data_dir()
    folder.mkdir(parents=True)
    running = folder / f"autosave-{os.getppid()}-1.json"  # a gradgui of the old kind, running
    running.write_text(dumps(edited_neuron()), encoding="utf-8")
    lost = folder / f"autosave-{a_gone_pid()}-2.json"
    lost.write_text(dumps(edited_neuron()), encoding="utf-8")
    assert [o.path for o in orphans()] == [lost]
    message_boxes.answers = [Button.Yes]
    assert offer_recovery(window)
    assert running.is_file() and not lost.exists()


# ----- nothing in the folder stops the editor ----------------------------------------------------
def odd_entries(folder: Path) -> dict:
    """Entries gradgui cannot read as recovery files, and the files they must stay as."""
    folder.mkdir(parents=True, exist_ok=True)
    graph = dumps(edited_neuron())
    (folder / "autosave-99999999999999999999-1.json").write_text(graph, encoding="utf-8")
    (folder / "autosave-notes.json").write_text(graph, encoding="utf-8")
    (folder / "autosave-77-ab.json").mkdir()
    (folder / "autosave-78-ab.json").symlink_to(folder / "missing.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "autosave-79-ab.json")
    (folder / "autosave-80-ab.json").write_text(graph, encoding="utf-8")
    (folder / "autosave-80-ab.lock").mkdir()  # its lock file cannot be locked
    if sys.platform.startswith("linux"):  # a name that is no text, with a line break in it
        with open(os.fsencode(folder) + b"/autosave-\xff\n.json", "wb") as file:
            file.write(graph.encode("utf-8"))
    return {name: os.lstat(folder / name).st_mode for name in os.listdir(folder)}


def test_odd_entries_in_the_recovery_folder_do_not_stop_the_editor_and_are_told_once(
        tmp_path, neuron_path):
    settings_dir = tmp_path / "settings"
    left = odd_entries(settings_dir / "recovery")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=str(settings_dir),
               GRADGUI_QUIT_AFTER_MS="400")
    for start in range(2):
        proc = subprocess.run([sys.executable, "-m", "gradgui", str(neuron_path)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        stored = QSettings(str(settings_dir / "gradgui.ini"), QSettings.Format.IniFormat)
        recent = stored.value("files/recent")
        recent = [recent] if isinstance(recent, str) else list(recent or [])
        assert recent and os.path.samefile(recent[0], neuron_path)  # FILE was opened
    log = (settings_dir / "gradgui.log").read_text(encoding="utf-8")
    for name in left:
        if name != "autosave-80-ab.lock":
            shown = SHOWN.get(name, name)
            assert log.count(f"skipped {shown}:") == 1, (name, log)  # told once, not every start
    # Skipped, not deleted: none of them is gradgui's to throw away.
    assert {name: os.lstat(settings_dir / "recovery" / name).st_mode
            for name in os.listdir(settings_dir / "recovery")} == left


@pytest.fixture
def run_main(qapp, monkeypatch):
    """``run_main(args)`` runs the real entry point; the event loop is replaced by a look at
    the windows it opened (returned as (document text, path, status message) each)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    logger = logging.getLogger("gradgui")
    handlers = list(logger.handlers)
    monkeypatch.setattr(logger, "handlers", list(handlers))
    name = qapp.applicationName()
    seen = []

    def look(*_args):
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                seen.append((dumps(window.session.doc), window.session.path,
                             window.statusBar().currentMessage()))
                window.session.undo_stack.setClean()  # the test is over: nothing to keep
                window.close()
                window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", look)

    def run(args):
        seen.clear()
        assert main(args) == 0
        return list(seen)

    yield run
    qapp.setApplicationName(name)
    for handler in logger.handlers:
        if handler not in handlers:
            handler.close()


def test_main_reports_skipped_entries_once_and_still_opens_the_file(
        run_main, settings_dir, message_boxes, neuron_path):
    odd_entries(data_dir())
    [(text, path, status)] = run_main([str(neuron_path)])
    assert path == neuron_path.resolve() and text == dumps(load(neuron_path))
    assert "autosave-99999999999999999999-1.json" in status and "Skipped" in status
    [(_text, _path, status)] = run_main([str(neuron_path)])
    assert "Skipped" not in status  # told once


def test_main_survives_a_recovery_folder_that_cannot_be_listed(
        run_main, settings_dir, message_boxes, neuron_path):
    data_dir().parent.mkdir(parents=True, exist_ok=True)
    data_dir().write_text("a file where the folder should be", encoding="utf-8")
    [(text, path, status)] = run_main([str(neuron_path)])
    assert path == neuron_path.resolve() and text == dumps(load(neuron_path))
    assert "Could not" not in status


# ----- half-written leftovers --------------------------------------------------------------------
def test_what_a_lost_session_left_half_written_is_swept_at_the_next_start(
        window, message_boxes, settings_dir):
    folder = data_dir()
    with running_session(settings_dir) as live:
        live_temps = [f".{live}.json.abcdefgh.tmp", f".{live}.meta.abcdefgh.tmp"]
        with running_session(settings_dir) as lost:
            pass  # killed
        lost_temps = [f".{lost}.json.k2j3h4g5.tmp", f".{lost}.meta.k2j3h4g5.tmp"]
        gone = a_gone_pid()
        lost_parts = [f"autosave-{gone}-abc.meta", f"autosave-{gone}-abd.lock"]  # no .json
        foreign = [".notes.txt.abcdefgh.tmp", f".autosave-{gone}.json.abcdefgh.tmp",
                   f"{lost}.json.k2j3h4g5.tmp", "readme.txt"]
        for name in live_temps + lost_temps + lost_parts + foreign:
            (folder / name).write_bytes(b"half")
        before = set(names())

        message_boxes.answers = [Button.Discard]  # the lost session's work is offered
        assert not offer_recovery(window)
        lost_files = {f"{lost}{suffix}" for suffix in (".json", ".meta", ".lock")} & before
        assert set(names()) == before - set(lost_temps) - set(lost_parts) - lost_files
        assert set(live_temps) <= set(names())  # its session is running: it may be writing them
