"""Long work without a frozen window: run it on a worker thread behind a cancellable progress box."""

import threading
import time
from typing import Callable, Optional, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

T = TypeVar("T")
SHOW_AFTER_MS = 200
QUICK_MS = 20  # work done this soon needs no event loop
POLL_MS = 10
PUMP_MS = 50  # how often chunked work lets the window repaint before its box shows


_working = 0  # how many run_busy calls are waiting for their worker


def working() -> bool:
    """True while a worker runs on the document (edits must wait for it)."""
    return _working > 0


class Cancelled(Exception):
    """The person pressed Cancel; the work's result is thrown away."""


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
    thread.start()
    _working += 1
    try:
        _wait_for(thread, parent, text, cancellable)
    finally:
        _working -= 1
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _wait_for(thread, parent, text: str, cancellable: bool) -> None:
    """Wait for the worker, showing a progress box after a while; Cancel raises Cancelled."""
    thread.join(QUICK_MS / 1000.0)  # most work is done by now: no event loop at all
    if thread.is_alive():
        _wait(thread, SHOW_AFTER_MS - QUICK_MS)
    if thread.is_alive():
        box = QProgressDialog(text, "Cancel", 0, 0, parent)
        if not cancellable:
            box.setCancelButton(None)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(0)
        box.show()
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
            self._box = QProgressDialog(self.text, "Cancel", 0, self.total, self.parent)
            if not self.cancellable:
                self._box.setCancelButton(None)
            self._box.setWindowModality(Qt.WindowModality.WindowModal)
            self._box.setMinimumDuration(0)
            self._box.show()
        self._box.setValue(done)  # a modal box processes events here: the window repaints
        if self.cancellable and self._box.wasCanceled():
            raise Cancelled()

    def __enter__(self) -> "ChunkProgress":
        return self

    def __exit__(self, *_exc) -> None:
        if self._box is not None:
            self._box.close()
            self._box.deleteLater()
            self._box = None
