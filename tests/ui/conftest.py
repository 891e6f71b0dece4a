"""Shared setup of the editor tests: a shown main window and gestures made of real events.

Every gesture goes through Qt's event system to the view's viewport, the way
a mouse or keyboard would: ``QTest`` presses, releases, clicks and keys, and
``QApplication.sendEvent`` for the few events ``QTest`` cannot make.

- Moves with a button held: PySide6's ``QTest.mouseMove`` does not carry the
  held buttons, and ``QGraphicsView`` (rubber band, item moves) looks at
  ``event.buttons()``. ``drag`` sends those moves as ``QMouseEvent``s with
  the button in ``buttons``.
- Drops from the palette: a palette drag runs ``QDrag.exec``, which blocks
  in a nested loop until the platform's drag ends, and offscreen there is no
  pointer to end it. ``Canvas.drop_kind`` sends the enter, move and drop
  events that loop would deliver, carrying the palette's own
  ``mimeData(item)``, so the drop side (the view) is tested for real and the
  payload is exactly what the palette hands to ``QDrag``.
- Double-clicks: PySide6's ``QTest.mouseDClick`` delivers a lone
  ``MouseButtonDblClick``. ``double_click`` sends what a real double-click
  delivers: press, release, press, double-click, release.
- Wheel turns: ``QTest`` has no wheel; ``Canvas.wheel`` sends a
  ``QWheelEvent``.
"""

from pathlib import Path
from typing import Optional

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent,
                           QWheelEvent)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from gradgui import examples_dir
from gradgui.document import fileformat
from gradgui.ui.main_window import MainWindow

# Run a second time on a real X server by scripts/test (the "display" marker): keys,
# menus, and the everyday gestures, where the offscreen platform hides real key bindings.
DISPLAY_MODULES = {
    "test_shortcuts", "test_window_state", "test_build_neuron_by_hand", "test_select_move_delete",
    "test_copy_paste_duplicate", "test_files_menu", "test_palette_and_quick_add",
    "test_navigation_and_layout", "test_inline_edit_and_inspector", "test_backward_view",
    "test_toolbar", "test_help", "test_small_window", "test_expression_dialog",
    "test_find", "test_minimap", "test_follow_and_focus", "test_group_edits", "test_expand_room",
    "test_lessons",
    "test_quiz_panel", "test_bug_lab_menu",
    "test_data_panel",  # pyqtgraph's plot on a real X server too
    "test_train_panel",
}


def pytest_collection_modifyitems(items):
    """Mark the tests of DISPLAY_MODULES for the run on a real X server."""
    for item in items:
        if item.module.__name__.rsplit(".", 1)[-1] in DISPLAY_MODULES:
            item.add_marker(pytest.mark.display)


LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def _point(p) -> QPoint:
    return p.toPoint() if isinstance(p, QPointF) else QPoint(p)


def move_with_buttons(viewport, pos, buttons=LEFT, modifiers=NO_MODIFIER) -> None:
    """One mouse move over ``viewport`` with ``buttons`` held (what QTest.mouseMove can't say)."""
    pos = _point(pos)
    local = QPointF(pos)
    event = QMouseEvent(QEvent.Type.MouseMove, local, QPointF(viewport.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, buttons, modifiers)
    QApplication.sendEvent(viewport, event)


def drag(viewport, start, end, steps=5, button=LEFT, modifiers=NO_MODIFIER) -> None:
    """Press at ``start``, move in ``steps`` steps with the button held, release at ``end``."""
    start, end = _point(start), _point(end)
    QTest.mouseMove(viewport, start)
    QTest.mousePress(viewport, button, modifiers, start)
    for i in range(1, steps + 1):
        t = i / steps
        move_with_buttons(viewport, QPoint(round(start.x() + (end.x() - start.x()) * t),
                                           round(start.y() + (end.y() - start.y()) * t)),
                          button, modifiers)
    QTest.mouseRelease(viewport, button, modifiers, end)


def double_click(widget, pos, button=LEFT) -> None:
    """A double-click on ``widget`` as a mouse delivers it."""
    pos = _point(pos)
    QTest.mouseMove(widget, pos)
    QTest.mouseClick(widget, button, NO_MODIFIER, pos)
    QTest.mousePress(widget, button, NO_MODIFIER, pos)
    QApplication.sendEvent(widget, QMouseEvent(QEvent.Type.MouseButtonDblClick, QPointF(pos),
                                               QPointF(widget.mapToGlobal(pos)), button, button,
                                               NO_MODIFIER))
    QTest.mouseRelease(widget, button, NO_MODIFIER, pos)


class Canvas:
    """Gestures on one window's canvas, and where things are on it."""

    def __init__(self, qtbot, window: MainWindow):
        self.qtbot = qtbot
        self.window = window
        self.view = window.view
        self.scene = window.scene
        self.session = window.session

    @property
    def viewport(self):
        """The widget that receives the canvas's mouse events."""
        return self.view.viewport()

    @property
    def doc(self):
        """The open document."""
        return self.session.doc

    # ----- names and places --------------------------------------------
    def action(self, name: str) -> QAction:
        """The window's action with objectName ``name``."""
        action = self.window.findChild(QAction, name)
        assert action is not None, f"no action named {name}"
        return action

    def port(self, node_id: str, index: int) -> QPoint:
        """A port's centre in viewport coordinates (index -1: the output)."""
        QApplication.processEvents()  # what is on screen now, as a person would see it
        return self.view.mapFromScene(self.scene.nodes[node_id].port_scene_pos(index))

    def row(self, node_id: str, row: str = "data") -> QPoint:
        """The middle of a node's text row ('label', 'data' or 'grad') in viewport coordinates."""
        QApplication.processEvents()
        item = self.scene.nodes[node_id]
        return self.view.mapFromScene(item.mapToScene(item.field_rect(row).center()))

    def node_centre(self, node_id: str) -> QPointF:
        """The centre of a node's box in scene coordinates."""
        item = self.scene.nodes[node_id]
        return item.mapToScene(item.boundingRect().center())

    def empty_spot(self) -> QPoint:
        """A viewport point with no item under it."""
        rect = self.viewport.rect()
        for y in range(10, rect.height() - 10, 15):
            for x in range(10, rect.width() - 10, 15):
                if not self.view.items(QPoint(x, y)):
                    return QPoint(x, y)
        raise AssertionError("the canvas has no empty spot")

    def dumps(self) -> str:
        """The document as its file would be written."""
        return fileformat.dumps(self.doc)

    def status(self) -> str:
        """What the status bar says now."""
        return self.window.statusBar().currentMessage()

    # ----- gestures -----------------------------------------------------
    def click(self, pos, modifiers=NO_MODIFIER, button=LEFT) -> None:
        """Click the canvas at a viewport point."""
        QTest.mouseMove(self.viewport, _point(pos))
        QTest.mouseClick(self.viewport, button, modifiers, _point(pos))

    def double_click(self, pos, widget=None) -> None:
        """Double-click the canvas (or ``widget``) at a point."""
        double_click(widget or self.viewport, pos)

    def drag(self, start, end, steps=5, button=LEFT, modifiers=NO_MODIFIER) -> None:
        """A whole drag on the canvas."""
        drag(self.viewport, start, end, steps, button, modifiers)

    def press(self, pos, button=LEFT) -> None:
        """Start a drag (finish it with ``move`` and ``release``)."""
        QTest.mouseMove(self.viewport, _point(pos))
        QTest.mousePress(self.viewport, button, NO_MODIFIER, _point(pos))

    def move(self, pos, buttons=LEFT) -> None:
        """Move with the button held."""
        move_with_buttons(self.viewport, pos, buttons)

    def release(self, pos, button=LEFT) -> None:
        """End a drag."""
        QTest.mouseRelease(self.viewport, button, NO_MODIFIER, _point(pos))

    def key(self, key, modifiers=NO_MODIFIER, widget=None) -> None:
        """Press a key on the canvas (or on ``widget``); shortcuts apply as for a real key."""
        QTest.keyClick(widget or self.view, key, modifiers)

    def wheel(self, pos, notches: float = 1.0, modifiers=NO_MODIFIER) -> None:
        """Turn the wheel over a viewport point (120 units per notch, as a mouse sends)."""
        pos = _point(pos)
        event = QWheelEvent(QPointF(pos), QPointF(self.viewport.mapToGlobal(pos)), QPoint(0, 0),
                            QPoint(0, round(120 * notches)), Qt.MouseButton.NoButton, modifiers,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(self.viewport, event)

    def drop_kind(self, kind: str, pos, palette=None) -> Optional[str]:
        """Drop a palette kind on the canvas; returns the id of the node it made (or None)."""
        palette = palette or self.window.palette_widget
        mime = palette.mimeData([palette.item_for(kind)])
        return self.drop_mime(mime, pos)

    def drop_mime(self, mime, pos) -> Optional[str]:
        """Deliver enter, move and drop events carrying ``mime`` at a viewport point."""
        before = set(self.doc.node_ids())
        pos = _point(pos)
        copy = Qt.DropAction.CopyAction
        for event in (QDragEnterEvent(pos, copy, mime, LEFT, NO_MODIFIER),
                      QDragMoveEvent(pos, copy, mime, LEFT, NO_MODIFIER)):
            QApplication.sendEvent(self.viewport, event)
            if not event.isAccepted():
                return None
        QApplication.sendEvent(self.viewport, QDropEvent(QPointF(pos), copy, mime, LEFT, NO_MODIFIER))
        added = [n for n in self.doc.node_ids() if n not in before]
        assert len(added) <= 1
        return added[0] if added else None


@pytest.fixture
def no_modal_dialogs(monkeypatch):
    """A modal dialog would wait forever for a person: make one fail the test instead."""
    def refuse(*args, **_kwargs):
        texts = [a for a in args if isinstance(a, str)]
        raise AssertionError(f"unexpected modal dialog: {texts}")

    for owner, names in ((QMessageBox, ("question", "warning", "critical", "information")),
                         (QFileDialog, ("getOpenFileName", "getSaveFileName")),
                         (QInputDialog, ("getItem", "getText", "getDouble"))):
        for name in names:
            monkeypatch.setattr(owner, name, refuse)


@pytest.fixture
def settings_dir(tmp_path, monkeypatch) -> Path:
    """Each test's own settings folder, so window layouts don't leak between tests."""
    folder = tmp_path / "settings"
    folder.mkdir()
    monkeypatch.setenv("GRADGUI_SETTINGS_DIR", str(folder))
    return folder


def _discard_changes(window: MainWindow) -> None:
    # Closing with unsaved changes would ask; the test is over, so there is nothing to keep.
    window.session.undo_stack.setClean()


@pytest.fixture
def make_window(qtbot, settings_dir, no_modal_dialogs):
    """Make, show and activate a main window (closed at the end of the test)."""
    def make() -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window, before_close_func=_discard_changes)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.view.setFocus()
        return window
    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    """A shown, active main window on an empty graph; the canvas has the focus."""
    return make_window()


@pytest.fixture
def canvas(qtbot, window) -> Canvas:
    """Gestures on ``window``'s canvas."""
    return Canvas(qtbot, window)


@pytest.fixture
def neuron_path() -> Path:
    """The bundled tutorial neuron."""
    path = examples_dir() / "neuron.json"
    assert path.is_file()
    return path


@pytest.fixture
def neuron(window, canvas, neuron_path) -> Canvas:
    """``canvas`` with the tutorial neuron open (as File > Open does with a chosen file)."""
    assert window.files.open_file(str(neuron_path))
    assert set(canvas.doc.node_ids()) == {"x1", "w1", "x2", "w2", "b", "m1", "m2", "s1", "n", "o"}
    return canvas


# ----- message boxes answered by the test, and places that refuse writes ---------------------
class MessageBoxes:
    """Answers ``QMessageBox.question`` as a test says and records what each box said."""

    def __init__(self):
        self.answers = []  # the answers to the next questions, in order
        self.asked = []    # (title, text) of every question
        self.warned = []   # (title, text) of every warning

    def question(self, _parent, title, text, *_args, **_kwargs):
        self.asked.append((title, text))
        if not self.answers:
            raise AssertionError(f"unexpected question: {text}")
        return self.answers.pop(0)

    def warning(self, _parent, title, text, *_args, **_kwargs):
        self.warned.append((title, text))
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def message_boxes(monkeypatch, no_modal_dialogs) -> MessageBoxes:
    """Questions take the answers queued in ``.answers``; warnings are recorded in ``.warned``."""
    boxes = MessageBoxes()
    monkeypatch.setattr(QMessageBox, "question", boxes.question)
    monkeypatch.setattr(QMessageBox, "warning", boxes.warning)
    return boxes


@pytest.fixture
def read_only(monkeypatch):
    """``read_only(folder)`` makes a folder unwritable.

    Permissions do not stop the superuser, so where they don't, creating,
    renaming or opening for writing inside that folder fails the way the
    system would say it (EACCES).
    """
    import builtins
    import errno
    import os

    blocked = []

    def inside(path) -> bool:
        try:
            folder = os.path.dirname(os.path.realpath(os.fspath(path)))
        except TypeError:
            return False
        return any(folder == b for b in blocked)

    def refuse(path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    real_open, real_os_open = builtins.open, os.open
    real_replace, real_rename = os.replace, os.rename

    def guarded_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+") and inside(file):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR) and inside(path):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guarded(real):
        def move(src, dst, *args, **kwargs):
            if inside(dst) or inside(src):
                refuse(dst)
            return real(src, dst, *args, **kwargs)
        return move

    made = []

    def make(folder: Path) -> Path:
        folder.chmod(0o555)
        made.append(folder)
        probe = folder / ".probe"
        try:
            probe.touch()
        except PermissionError:
            return folder
        probe.unlink()
        if not blocked:
            monkeypatch.setattr(builtins, "open", guarded_open)
            monkeypatch.setattr(os, "open", guarded_os_open)
            monkeypatch.setattr(os, "replace", guarded(real_replace))
            monkeypatch.setattr(os, "rename", guarded(real_rename))
        blocked.append(os.path.realpath(folder))
        return folder

    yield make
    for folder in made:
        folder.chmod(0o755)

