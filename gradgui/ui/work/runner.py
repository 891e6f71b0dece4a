"""Long work without a frozen window: run it on a worker thread behind a cancellable progress box."""

import sys
import threading
import time
from contextlib import contextmanager
from typing import Callable, Optional, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from .collector import collector_paused

T = TypeVar("T")
SHOW_AFTER_MS = 200
QUICK_MS = 20  # work done this soon needs no event loop
POLL_MS = 10
PUMP_MS = 50  # how often chunked work lets the window repaint before its box shows
TURN_S = 0.0005  # the longest turn a thread has at Python while a worker runs


_working = 0  # how many run_busy calls are waiting for their worker


def working() -> bool:
    """True while a worker runs on the document (edits must wait for it)."""
    return _working > 0


class Cancelled(Exception):
    """The person pressed Cancel; the work's result is thrown away."""


class _ProgressBox(QProgressDialog):
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


def run_busy(parent, text: str, work: Callable[[], T], cancellable: bool = True) -> T:
    """Run ``work()`` on a thread while the window keeps repainting; Cancel raises Cancelled.

    A progress box appears only if the work takes longer than 200 ms; until
    then the window repaints but takes no input. The work must not touch Qt
    objects that the window uses: it builds data (a document, a report) that
    the caller then shows. Its own exceptions are raised here. Without
    ``cancellable`` the box has no Cancel button (for work whose effect can't
    be taken back half way).
    """
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread, raised there
            outcome["error"] = error

    global _working
    thread = threading.Thread(target=target, name="gradgui-work", daemon=True)
    _working += 1
    try:
        # A collection holds the lock that both threads need to run Python: for a
        # big graph's objects the window would stand still for it.
        with collector_paused() as pause, _quick_turns(), guarding_input():
            thread.start()
            _wait_for(thread, parent, text, cancellable)
            pause.keep = "error" not in outcome
    finally:
        _working -= 1
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@contextmanager
def _quick_turns():
    """Let the window's thread get its turn at Python sooner while a worker runs.

    Each Qt call hands the interpreter lock back, and by default getting it
    again can take the worker's whole 5 ms turn: a repaint of a few dozen
    calls then stood still for a quarter of a second.
    """
    was = sys.getswitchinterval()
    sys.setswitchinterval(min(was, TURN_S))
    try:
        yield
    finally:
        sys.setswitchinterval(was)


def _wait_for(thread, parent, text: str, cancellable: bool) -> None:
    """Wait for the worker, showing a progress box after a while; Cancel raises Cancelled."""
    thread.join(QUICK_MS / 1000.0)  # most work is done by now: no event loop at all
    if thread.is_alive():
        _wait(thread, SHOW_AFTER_MS - QUICK_MS)
    if thread.is_alive():
        box = _ProgressBox(text, 0, parent, cancellable)
        box.show()
        with guarding_input(box):  # closed inside: its own closing is input to let through
            _wait(thread, None, box, QEventLoop.ProcessEventsFlag.AllEvents)
            cancelled = box.wasCanceled() and thread.is_alive()
            box.close()
        box.deleteLater()  # a child of the window: else every run would leave one behind
        if cancelled:
            raise Cancelled()


def _wait(thread, limit_ms: Optional[float], box=None,
          flags=QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents) -> None:
    """Handle events until ``thread`` ends, ``box`` is cancelled or ``limit_ms`` has passed."""
    loop = QEventLoop()
    deadline = None if limit_ms is None else time.monotonic() + limit_ms / 1000.0

    def check():
        if (not thread.is_alive() or (box is not None and box.wasCanceled())
                or (deadline is not None and time.monotonic() >= deadline)):
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(POLL_MS)
    loop.exec(flags)
    timer.stop()


class ChunkProgress:
    """Progress of long work that must run on the GUI thread (making items), in chunks.

    Call ``tick(done)`` between chunks: after 200 ms a progress box appears,
    the window repaints while it is up, and Cancel (when allowed) raises
    Cancelled from the next tick. Use as a context manager so the box goes.
    """

    show_after_ms = SHOW_AFTER_MS

    def __init__(self, parent, text: str, total: int, cancellable: bool = True):
        self.parent = parent
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
            self._box = _ProgressBox(self.text, self.total, self.parent, self.cancellable)
            self._box.show()
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
        return self

    def __exit__(self, *exc) -> None:
        if self._box is not None:
            self._box.close()  # while its guard lets it through
            self._box.deleteLater()
            self._box = None
        if self._guard is not None:
            self._guard.__exit__(*exc)
            self._guard = None
        self._outer_guard.__exit__(*exc)
