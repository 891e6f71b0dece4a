"""The File menu as a person uses it: New, Open, Open Example, Open Recent, Save, Save As,
Revert, Close and Quit, the unsaved-changes prompt, dropping a file on the window, and every
failure told in one sentence that changes nothing."""

import builtins
import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gradgui import examples_dir
from gradgui.document import SetField
from gradgui.document.fileformat import dumps, load

Button = QMessageBox.StandardButton
CTRL = Qt.KeyboardModifier.ControlModifier


# ----- helpers ----------------------------------------------------------------------------
def act(window, name):
    action = window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


def state(window):
    """Everything a failed or cancelled file operation must leave as it was."""
    stack = window.session.undo_stack
    return (dumps(window.session.doc), stack.count(), stack.index(), stack.isClean(),
            window.session.path, window.windowTitle(), window.isWindowModified())


def shown_title(window) -> str:
    """The title as the window system shows it ([*] resolved to * or nothing)."""
    return window.windowHandle().title()


def recent_entries(window):
    """The file entries of File > Open Recent, in menu order."""
    return [a for a in window.recent_menu.actions()
            if not a.isSeparator() and a.text() != "Clear Recent Files"]


def entry_path(action) -> str:
    return action.text().split(" ", 1)[1]


def dialog_returning(path, calls=None):
    """A stand-in for QFileDialog.getOpenFileName/getSaveFileName that 'chooses' ``path``."""
    def choose(*args, **_kwargs):
        if calls is not None:
            calls.append(args)
        return (str(path) if path else "", "")
    return choose


def copy_example(name, folder: Path, as_name=None) -> Path:
    target = folder / (as_name or name)
    shutil.copyfile(examples_dir() / name, target)
    return target


@pytest.fixture
def opened(window, tmp_path):
    """A copy of the tutorial neuron opened from disk, then edited twice and undone once:
    modified, with an undo history of two steps at index 1."""
    path = copy_example("neuron.json", tmp_path)
    assert window.files.open_file(str(path))
    session = window.session
    assert session.execute(SetField("w2", "value", 2.0))
    assert session.execute(SetField("x1", "label", "first input"))
    session.undo_stack.undo()
    assert (session.undo_stack.count(), session.undo_stack.index()) == (2, 1)
    assert window.isWindowModified()
    return path


# ----- the unsaved-changes prompt ---------------------------------------------------------
TRIGGERS = ("actionNew", "actionOpen", "actionClose", "actionQuit")


@pytest.mark.parametrize("answer", ["Cancel", "Discard", "Save"])
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_new_open_close_and_quit_ask_about_unsaved_changes(window, opened, message_boxes,
                                                           monkeypatch, tmp_path, trigger, answer):
    other = copy_example("neuron_loss.json", tmp_path)
    open_dialogs, quits = [], []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog_returning(other, open_dialogs))
    monkeypatch.setattr(QApplication, "quit", lambda *_a: quits.append(True))
    old_bytes = opened.read_bytes()
    edited = dumps(window.session.doc)
    before = state(window)
    message_boxes.answers = [getattr(Button, answer)]

    act(window, trigger)

    assert len(message_boxes.asked) == 1
    assert "neuron.json" in message_boxes.asked[0][1]
    assert message_boxes.warned == []
    if answer == "Cancel":
        assert state(window) == before
        assert window.isVisible()
        assert open_dialogs == [] and quits == []
        assert opened.read_bytes() == old_bytes
        return
    if answer == "Save":
        assert opened.read_text(encoding="utf-8") == edited
    else:
        assert opened.read_bytes() == old_bytes
    if trigger == "actionNew":
        assert len(window.session.doc) == 0 and window.session.path is None
        assert window.session.undo_stack.count() == 0 and not window.isWindowModified()
    elif trigger == "actionOpen":
        assert len(open_dialogs) == 1
        assert window.session.path == other.resolve()
        assert dumps(window.session.doc) == dumps(load(other))
    else:
        assert not window.isVisible()
        assert quits == ([True] if trigger == "actionQuit" else [])


def test_save_for_an_untitled_graph_asks_for_a_name_then_goes_on(window, message_boxes,
                                                                 monkeypatch, tmp_path):
    act(window, "actionExample_neuron")
    window.session.execute(SetField("b", "value", 1.25))
    edited = dumps(window.session.doc)
    chosen = tmp_path / "my neuron"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog_returning(chosen))
    message_boxes.answers = [Button.Save]

    act(window, "actionNew")

    saved = tmp_path / "my neuron.json"
    assert saved.read_text(encoding="utf-8") == edited
    assert len(window.session.doc) == 0 and window.session.path is None
    assert entry_path(recent_entries(window)[0]) == str(saved.resolve())


def test_cancelling_the_save_dialog_cancels_what_was_asked_for(window, message_boxes, monkeypatch):
    act(window, "actionExample_neuron")
    window.session.execute(SetField("b", "value", 1.25))
    before = state(window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog_returning(""))
    message_boxes.answers = [Button.Save]
    act(window, "actionClose")
    assert window.isVisible()
    assert state(window) == before


def test_opening_a_file_says_so_in_the_status_bar(window, neuron_path, monkeypatch, qtbot):
    window.statusBar().showMessage("Exported tut.py")  # the last thing done before
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog_returning(neuron_path, []))
    qtbot.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Opened neuron.json: 10 nodes."


def test_nothing_unsaved_nothing_asked(window, neuron_path):
    # no_modal_dialogs: any question would fail the test
    assert window.files.open_file(str(neuron_path))
    act(window, "actionNew")
    assert len(window.session.doc) == 0
    act(window, "actionClose")
    assert not window.isVisible()


# ----- examples, recent files, revert -----------------------------------------------------
def test_open_example_opens_the_bundled_graph_as_untitled(window, message_boxes, monkeypatch):
    names = {a.objectName() for a in window.examples_menu.actions()}
    assert {"actionExample_neuron", "actionExample_neuron_loss", "actionExample_mlp"} <= names
    bundled = (examples_dir() / "neuron.json").read_bytes()

    act(window, "actionExample_neuron")

    assert set(window.session.doc.node_ids()) == {"x1", "w1", "x2", "w2", "b", "m1", "m2", "s1",
                                                   "n", "o"}
    assert dumps(window.session.doc) == dumps(load(examples_dir() / "neuron.json"))
    assert window.session.path is None
    assert shown_title(window).startswith("The tutorial neuron —")
    titles = [a.text() for a in window.examples_menu.actions()]
    assert titles[:3] == ["The tutorial neuron", "The neuron with a squared-error loss",
                          "A small network (MLP)"]
    assert recent_entries(window) == []
    # Save asks for a new name: the bundled file is never written.
    window.session.execute(SetField("w2", "value", 3.0))
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog_returning("", asked))
    act(window, "actionSave")
    assert len(asked) == 1
    assert (examples_dir() / "neuron.json").read_bytes() == bundled
    assert asked[0][2].endswith("neuron.json")  # Save As offers the example's file name
    window.session.undo_stack.setClean()
    act(window, "actionNew")
    assert shown_title(window).startswith("untitled.json —")


def test_the_bundled_example_opened_by_its_path_is_never_saved_over(window, monkeypatch,
                                                                   tmp_path):
    # As scripts/run starts the editor: on the bundled neuron's file itself.
    bundled_path = examples_dir() / "neuron.json"
    bundled = bundled_path.read_bytes()
    assert window.files.open_file(str(bundled_path))
    window.session.execute(SetField("w2", "value", 5.0))
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog_returning("", asked))
    act(window, "actionSave")  # Ctrl+S: a name is asked for, as for Open Example
    assert len(asked) == 1 and bundled_path.read_bytes() == bundled
    assert window.statusBar().currentMessage().startswith("The bundled example stays as it is")
    # The dialog starts in the person's own folder, not in the installed package.
    assert Path(asked[0][2]).parent == Path.home() and asked[0][2].endswith("neuron.json")
    target = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog_returning(target, asked))
    act(window, "actionSave")
    assert bundled_path.read_bytes() == bundled
    assert load(target).node("w2")["value"] == 5.0 and window.session.path == target.resolve()
    window.session.undo_stack.setClean()
    act(window, "actionNew")
    act(window, "actionSave")  # an untitled graph's Save As starts where the copy went
    assert Path(asked[-1][2]).parent == tmp_path


def test_open_recent_lists_the_last_ten_files_newest_first_and_opens_them(
        window, make_window, tmp_path, message_boxes):
    files = [copy_example("neuron.json", tmp_path, f"graph{i:02}.json") for i in range(12)]
    for path in files:
        assert window.files.open_file(str(path))
    entries = recent_entries(window)
    assert [entry_path(a) for a in entries] == [str(p.resolve()) for p in reversed(files[2:])]

    # Opening a listed file moves it to the top, without a duplicate.
    target = files[5]
    next(a for a in entries if entry_path(a) == str(target.resolve())).trigger()
    assert window.session.path == target.resolve()
    paths = [entry_path(a) for a in recent_entries(window)]
    assert paths[0] == str(target.resolve()) and len(paths) == 10 == len(set(paths))

    # Another window (the next start) sees the same list.
    assert [entry_path(a) for a in recent_entries(make_window())] == paths

    clear = next(a for a in window.recent_menu.actions() if a.text() == "Clear Recent Files")
    clear.trigger()
    assert recent_entries(window) == []
    assert not next(a for a in window.recent_menu.actions()
                    if a.text() == "Clear Recent Files").isEnabled()


def test_revert_reloads_the_file_from_disk(window, opened, message_boxes):
    # The file changed on disk since it was opened; Revert shows what is there now.
    on_disk = load(opened)
    on_disk.set_field("w1", "value", -4.0)
    opened.write_text(dumps(on_disk), encoding="utf-8")
    before = state(window)

    message_boxes.answers = [Button.Cancel]
    act(window, "actionRevert")
    assert state(window) == before

    message_boxes.answers = [Button.Discard]
    act(window, "actionRevert")
    assert "neuron.json" in message_boxes.asked[-1][1]
    assert dumps(window.session.doc) == dumps(on_disk)
    stack = window.session.undo_stack
    assert stack.count() == 0 and stack.isClean() and not window.isWindowModified()
    assert window.session.path == opened.resolve()


def test_revert_without_changes_does_nothing(window, neuron_path):
    assert window.files.open_file(str(neuron_path))
    before = state(window)
    act(window, "actionRevert")  # no question: no_modal_dialogs would fail the test
    assert state(window) == before


# ----- saving -----------------------------------------------------------------------------
def test_save_marks_the_undo_stack_clean_and_the_title_loses_its_star(qtbot, window, opened):
    assert shown_title(window) == "neuron.json* — gradgui"
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL)
    stack = window.session.undo_stack
    assert stack.isClean() and (stack.count(), stack.index()) == (2, 1)  # history kept
    assert not window.isWindowModified()
    assert shown_title(window) == "neuron.json — gradgui"
    assert opened.read_text(encoding="utf-8") == dumps(window.session.doc)
    assert load(opened).node("w2")["value"] == 2.0
    stack.undo()  # back past the saved state: modified again
    assert shown_title(window) == "neuron.json* — gradgui"


def test_save_as_writes_the_new_file_and_takes_its_name(window, opened, monkeypatch, tmp_path):
    target = tmp_path / "copy.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog_returning(target))
    old = opened.read_bytes()
    act(window, "actionSaveAs")
    assert target.read_text(encoding="utf-8") == dumps(window.session.doc)
    assert opened.read_bytes() == old
    assert window.session.path == target.resolve()
    assert shown_title(window) == "copy.json — gradgui"


EXTRAS = {
    "directed": True, "multigraph": True,
    "graph": {"format": "gradgui", "version": 1, "output": "o", "author": "a teacher"},
    "comment": {"lesson": 3, "tags": ["backprop", "tanh"]},
    "nodes": [
        {"id": "x", "kind": "input", "label": "x", "value": 0.5, "pos": [0.0, 0.0],
         "note": "try 2.0 next"},
        {"id": "o", "kind": "tanh", "label": "o", "pos": [200.0, 0.0], "colour": "#ff0000"},
    ],
    "edges": [{"source": "x", "target": "o", "key": 0, "port": 0, "style": "dashed"}],
}


def test_save_keeps_unknown_fields_and_replaces_the_file_atomically(qtbot, window, tmp_path):
    path = tmp_path / "extras.json"
    path.write_text(json.dumps(EXTRAS, indent=1), encoding="utf-8")
    path.chmod(0o640)
    inode = path.stat().st_ino
    assert window.files.open_file(str(path))
    window.session.execute(SetField("x", "value", 2.0))
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL)

    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["comment"] == EXTRAS["comment"]
    assert saved["graph"]["author"] == "a teacher"
    x = next(n for n in saved["nodes"] if n["id"] == "x")
    assert x["note"] == "try 2.0 next" and x["value"] == 2.0
    assert next(n for n in saved["nodes"] if n["id"] == "o")["colour"] == "#ff0000"
    assert saved["edges"][0]["style"] == "dashed"
    # A new file renamed over the old one (a save never writes into the old file),
    # with the old file's permissions and no temporary file left behind.
    assert path.stat().st_ino != inode
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extras.json", "settings"]


def test_open_edit_save_close_reopen_gives_the_same_graph(qtbot, make_window, tmp_path,
                                                          message_boxes):
    path = copy_example("neuron_loss.json", tmp_path)
    first = make_window()
    assert first.files.open_file(str(path))
    first.session.execute(SetField("w1", "value", 0.25))
    first.session.execute(SetField("o", "label", "out"))
    first.edits.select_all()
    act(first, "actionAutoLayout")
    act(first, "actionSave")
    graph = dumps(first.session.doc)
    assert first.close()  # saved: nothing to ask

    second = make_window()
    assert second.files.open_file(str(path))
    assert dumps(second.session.doc) == graph


# ----- dropping a file on the window ------------------------------------------------------
def url_mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(widget, mime, pos=QPoint(300, 300)) -> bool:
    """Enter, move and drop ``mime`` on ``widget`` as the platform's drag delivers them;
    False if the drag was refused.

    As in Qt's own drag handling, a move that follows an accepted enter arrives
    already accepted (accepting the enter suffices), and the drop is sent only
    while the move stays accepted.
    """
    copy, left = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, copy, mime, left, none)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted() or enter.dropAction() == Qt.DropAction.IgnoreAction:
        return False
    move = QDragMoveEvent(pos, copy, mime, left, none)
    move.setDropAction(enter.dropAction())
    move.accept()
    QApplication.sendEvent(widget, move)
    if not move.isAccepted():
        return False
    QApplication.sendEvent(widget, QDropEvent(QPointF(pos), copy, mime, left, none))
    return True


def test_dropping_a_json_file_on_the_window_opens_it(window, tmp_path, qtbot):
    path = copy_example("mlp.json", tmp_path)
    assert drop(window, url_mime(path))
    qtbot.waitUntil(lambda: window.session.path == path.resolve())
    assert dumps(window.session.doc) == dumps(load(path))


def test_dropping_a_json_file_on_the_canvas_opens_it(window, canvas, tmp_path, qtbot):
    path = copy_example("neuron_loss.json", tmp_path)
    assert drop(canvas.viewport, url_mime(path), canvas.empty_spot())
    qtbot.waitUntil(lambda: window.session.path == path.resolve())


def test_only_a_single_json_file_is_taken(window, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a graph", encoding="utf-8")
    two = [copy_example("neuron.json", tmp_path), copy_example("mlp.json", tmp_path)]
    before = state(window)
    assert not drop(window, url_mime(text))
    assert not drop(window, url_mime(*two))
    assert state(window) == before


def test_a_dropped_file_asks_about_unsaved_changes_first(window, opened, tmp_path, message_boxes,
                                                       qtbot):
    other = copy_example("mlp.json", tmp_path)
    before = state(window)
    message_boxes.answers = [Button.Cancel]
    drop(window, url_mime(other))
    qtbot.waitUntil(lambda: not message_boxes.answers)
    assert state(window) == before
    message_boxes.answers = [Button.Discard]
    drop(window, url_mime(other))
    qtbot.waitUntil(lambda: window.session.path == other.resolve())


# ----- failures are told, never fatal -----------------------------------------------------
def good():
    return json.loads((examples_dir() / "neuron.json").read_text(encoding="utf-8"))


def spoiled(change):
    data = good()
    change(data)
    return json.dumps(data)


MALFORMED = {
    "not-json": ("{ this is not json", "not JSON"),
    "empty": ("", "not JSON"),
    "not-utf8": (b"\xff\xfe\x00garbage", "UTF-8"),
    "other-format": (spoiled(lambda d: d["graph"].update(format="cytoscape")), "format"),
    "newer-version": (spoiled(lambda d: d["graph"].update(version=2)), "version"),
    "unknown-kind": (spoiled(lambda d: d["nodes"][0].update(kind="softmax")), "softmax"),
    "missing-value": (spoiled(lambda d: d["nodes"][0].pop("value")), "value"),
    "nan": (spoiled(lambda d: d["nodes"][0].update(value=float("nan"))), "NaN"),
    "duplicate-id": (spoiled(lambda d: d["nodes"][1].update(id=d["nodes"][0]["id"])), "duplicate"),
    "missing-node": (spoiled(lambda d: d["edges"][0].update(source="ghost")), "ghost"),
    "port-out-of-range": (spoiled(lambda d: d["edges"][0].update(port=7)), "port"),
    "cycle": (spoiled(lambda d: d["edges"].append(
        {"source": "o", "target": "m1", "key": 5, "port": 0})), "cycle"),
    "list": ("[1, 2, 3]", "object"),
}


def assert_refused_quietly(window, message_boxes, before, old_bytes, opened, *words):
    assert len(message_boxes.warned) == 1, message_boxes.warned
    text = message_boxes.warned[0][1]
    assert text and "\n" not in text, text
    for word in words:
        assert word.lower() in text.lower(), text
    assert state(window) == before
    assert opened.read_bytes() == old_bytes
    assert window.isVisible()


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_file_is_refused_and_the_open_document_stays(
        window, opened, message_boxes, monkeypatch, tmp_path, case):
    content, word = MALFORMED[case]
    bad = tmp_path / f"{case}.json"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    bad_bytes = bad.read_bytes()
    recent = [entry_path(a) for a in recent_entries(window)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog_returning(bad))
    before, old_bytes = state(window), opened.read_bytes()
    message_boxes.answers = [Button.Discard]

    act(window, "actionOpen")

    assert_refused_quietly(window, message_boxes, before, old_bytes, opened, bad.name, word)
    assert message_boxes.warned[0][1].startswith(f"{bad.name}: ")
    assert bad.read_bytes() == bad_bytes
    assert [entry_path(a) for a in recent_entries(window)] == recent


def make_missing(tmp_path, monkeypatch):
    return tmp_path / "gone.json", "no such file"


def make_folder(tmp_path, monkeypatch):
    folder = tmp_path / "folder.json"
    folder.mkdir()
    return folder, "folder"


def make_unreadable(tmp_path, monkeypatch):
    path = copy_example("mlp.json", tmp_path, "locked.json")
    path.chmod(0)
    if os.access(path, os.R_OK):  # the superuser reads anything: say no the way the system would
        real_open = builtins.open

        def guarded(file, *args, **kwargs):
            if (isinstance(file, (str, os.PathLike))
                    and os.path.realpath(file) == str(path.resolve())):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return real_open(file, *args, **kwargs)
        monkeypatch.setattr(builtins, "open", guarded)
    return path, "permission denied"


@pytest.mark.parametrize("make", [make_missing, make_folder, make_unreadable],
                         ids=["missing", "directory", "unreadable"])
def test_a_file_that_cannot_be_read_is_told_and_changes_nothing(
        window, opened, message_boxes, monkeypatch, tmp_path, make):
    path, words = make(tmp_path, monkeypatch)
    before, old_bytes = state(window), opened.read_bytes()
    try:
        assert not window.files.load_path(str(path))
    finally:
        if path.exists() and not path.is_dir():
            path.chmod(0o644)
    assert_refused_quietly(window, message_boxes, before, old_bytes, opened, path.name, words)


def test_a_recent_file_that_was_deleted_is_told_and_changes_nothing(
        window, opened, message_boxes, tmp_path):
    gone = copy_example("mlp.json", tmp_path)
    assert window.files.load_path(str(gone))
    assert window.files.load_path(str(opened))  # back to the first file, unmodified now
    window.session.execute(SetField("w2", "value", -1.0))
    gone.unlink()
    before, old_bytes = state(window), opened.read_bytes()
    message_boxes.answers = [Button.Discard]
    next(a for a in recent_entries(window) if entry_path(a) == str(gone.resolve())).trigger()
    assert_refused_quietly(window, message_boxes, before, old_bytes, opened, "mlp.json")


def test_saving_into_a_read_only_folder_is_told_and_changes_nothing(
        window, message_boxes, read_only, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = copy_example("neuron.json", folder)
    assert window.files.open_file(str(path))
    window.session.execute(SetField("w2", "value", 2.0))
    read_only(folder)
    before, old_bytes = state(window), path.read_bytes()

    act(window, "actionSave")

    assert_refused_quietly(window, message_boxes, before, old_bytes, path, "neuron.json",
                           "permission denied")
    assert sorted(p.name for p in folder.iterdir()) == ["neuron.json"]


def test_save_as_into_a_missing_folder_is_told_and_changes_nothing(
        window, opened, message_boxes, monkeypatch, tmp_path):
    target = tmp_path / "no such folder" / "copy.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog_returning(target))
    before, old_bytes = state(window), opened.read_bytes()
    act(window, "actionSaveAs")
    assert_refused_quietly(window, message_boxes, before, old_bytes, opened, "copy.json",
                           "folder does not exist")
    assert not target.parent.exists()


def test_a_save_interrupted_before_the_rename_leaves_the_old_file_intact(
        window, opened, message_boxes, monkeypatch, tmp_path):
    def fail(*_args, **_kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    listing = sorted(p.name for p in tmp_path.iterdir())
    before, old_bytes = state(window), opened.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", fail)
        patch.setattr(os, "rename", fail)
        act(window, "actionSave")
    assert_refused_quietly(window, message_boxes, before, old_bytes, opened, "neuron.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no temporary file left
    act(window, "actionSave")  # and the next save works
    assert opened.read_text(encoding="utf-8") == dumps(window.session.doc)
