"""Progress boxes, and input kept from the window while long work runs.

A box shows only once work has taken ``show_after_ms`` (200 ms unless a
window's Activity says otherwise); until then the window repaints but takes
no input. ``ChunkProgress`` is the box of work done on the window's own
thread in chunks (making canvas items), ticked between chunks.
"""

import time
from contextlib import contextmanager
from typing import Optional

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from shiboken6 import isValid

from ... import tuning

SHOW_AFTER_MS = 200
PUMP_MS = 50  # how often chunked work lets the window repaint before its box shows
HAND_BACK_AGAIN_MS = (0, 100, 500)  # when a closed box checks again that the window has the keys


class Cancelled(Exception):
    """The person pressed Cancel; the work's result is thrown away."""


class ProgressBox(QProgressDialog):
    """A progress box whose Escape means Cancel, or nothing when there is no Cancel.

    (A plain one hides on Escape while its work goes on, and the window
    would take input half way through.)
    """

    def __init__(self, text: str, maximum: int, parent, cancellable: bool):
        super().__init__(text, "Cancel", 0, maximum, parent)
        self._cancellable = cancellable
        if not cancellable:
            self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        # Work may go on at the full count (putting the order back after an undo):
        # the box stays until the work says it is over.
        self.setAutoReset(False)
        self.setAutoClose(False)
        self._was_active = None  # the window that had the keyboard before the box took it

    def open_now(self) -> None:
        """Show the box (it takes the keyboard while it is up)."""
        # Its parent's window if none is active (another box has just handed it back).
        parent = self.parentWidget()
        active = QApplication.activeWindow()
        if isinstance(active, ProgressBox):  # one closing now: the window it took the keys from
            active = active._was_active
        self._was_active = active or (parent.window() if parent else None)
        self.show()

    def finish(self) -> None:
        """Close the box for good and give the keyboard back to the window that had it.

        Without that, no window may be active once the box is gone (some
        platforms leave it so), and the window's shortcuts stop working.
        """
        self.close()
        # A box Qt showed by itself (from setValue) never went through open_now.
        parent = self.parentWidget()
        was = self._was_active or (parent.window() if parent else None)
        if was is not None and not isValid(was):  # a window closed while the box was up
            was = parent.window() if parent else None
        if was is not None:
            _hand_keyboard_back(was)
            # Again after what is queued, and a little later: the news of a box's showing or
            # closing comes through the event queue, and on a busy machine may take the
            # keyboard from the window after this (seen about one run in three of the suite).
            for delay in HAND_BACK_AGAIN_MS:
                QTimer.singleShot(delay, lambda: _hand_keyboard_back(was))
        self.deleteLater()  # a child of the window: else every run would leave one behind

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            if self._cancellable:
                self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event):
        if event.spontaneous():  # its title bar's close button: as Escape
            if self._cancellable:
                self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
          QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
          QEvent.Type.Wheel, QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride,
          QEvent.Type.ContextMenu}


class _InputGuard(QObject):
    """While long work runs, input reaches only its progress box: no undo, no edit
    half way (a box's own modality ends once it hides, e.g. after Cancel)."""

    def __init__(self):
        super().__init__()
        self.boxes: list = []
        self.depth = 0

    def eventFilter(self, watched, event):
        if event.type() not in _INPUT:
            return False
        owner = watched  # the box, a widget in it, or its own Escape shortcut
        while owner is not None:
            if any(owner is box for box in self.boxes):
                return False
            owner = owner.parent()
        return True


_guard: Optional[_InputGuard] = None


@contextmanager
def guarding_input(box=None):
    """Let input reach only ``box`` (if any) while the block runs."""
    global _guard
    app = QCoreApplication.instance()
    if _guard is None:
        _guard = _InputGuard()
    if _guard.depth == 0 and app is not None:
        app.installEventFilter(_guard)
    _guard.depth += 1
    if box is not None:
        _guard.boxes.append(box)
    try:
        yield
    finally:
        if box is not None:
            _guard.boxes.remove(box)
        _guard.depth -= 1
        if _guard.depth == 0 and app is not None:
            app.removeEventFilter(_guard)


class ChunkProgress:
    """Progress of long work that must run on the GUI thread (making items), in chunks.

    Call ``tick(done)`` between chunks: after ``show_after_ms`` a progress box
    appears, the window repaints while it is up, and Cancel (when allowed)
    raises Cancelled from the next tick. Use as a context manager so the box goes.
    """

    def __init__(self, parent, text: str, total: int, cancellable: bool = True,
                 show_after_ms: float = SHOW_AFTER_MS):
        self.parent = parent
        self.show_after_ms = show_after_ms
        self.text = text
        self.total = total
        self.cancellable = cancellable
        self._started = self._pumped = time.monotonic()
        self._box = None
        self._guard = None

    def tick(self, done: int) -> None:
        """Report progress; raises Cancelled if the person pressed Cancel."""
        if self._box is None:
            now = time.monotonic()
            if self.parent is None:
                return
            if now - self._started < self.show_after_ms / 1000.0:
                if now - self._pumped >= PUMP_MS / 1000.0:
                    # Before the box shows, the window still repaints (but takes no input).
                    self._pumped = now
                    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
                return
            self._box = ProgressBox(self.text, self.total, self.parent, self.cancellable)
            self._box.open_now()
            self._guard = guarding_input(self._box)
            self._guard.__enter__()
        if done != self._box.value():
            self._box.setValue(done)  # a modal box processes events here: the window repaints
            self._pumped = time.monotonic()
        elif time.monotonic() - self._pumped >= PUMP_MS / 1000.0:
            # Work between two steps: the box ignores a count it already shows.
            self._pumped = time.monotonic()
            QCoreApplication.processEvents()
        if self.cancellable and self._box.wasCanceled():
            raise Cancelled()

    def __enter__(self) -> "ChunkProgress":
        self._outer_guard = guarding_input()  # before its box shows, input waits too
        self._outer_guard.__enter__()
        # Work in chunks makes thousands of items, which live on: the collector waits.
        self._pause = tuning.collector_paused()
        self._pause.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._box is not None:
            self._box.finish()  # while its guard lets it through
            self._box = None
        if self._guard is not None:
            self._guard.__exit__(*exc)
            self._guard = None
        self._outer_guard.__exit__(*exc)
        self._pause.__exit__(*exc)


def _hand_keyboard_back(window) -> None:
    """Make ``window`` the active one if no window is, or only a progress box (one closed just
    before may still be): never take the keyboard from another window the person chose."""
    if not isValid(window) or not window.isVisible():
        return
    active = QApplication.activeWindow()
    if active is None or isinstance(active, ProgressBox) or not active.isVisible():
        window.activateWindow()
