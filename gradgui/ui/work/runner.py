"""Work on a thread beside the window: with a progress box and Cancel, or silently.

The work must not touch Qt objects that the window uses: it builds data (a
document, a report, bytes) that the window's thread then shows or writes.
"""

import threading
import time
from typing import Callable, Optional, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal

from ... import tuning
from .progress import Cancelled, ProgressBox, guarding_input

T = TypeVar("T")
QUICK_MS = 20  # work done this soon needs no event loop
POLL_MS = 10


class Steps:
    """How far work that counts its steps has come, and whether to stop (shared by threads)."""

    def __init__(self):
        self.done = 0
        self.total = 0
        self.stop = threading.Event()

    def report(self, done: int, total: int) -> bool:
        """Called by the work: ``done`` of ``total`` steps; False once Cancel was pressed."""
        self.done, self.total = done, total
        return not self.stop.is_set()


class _Ended(QObject):
    """Wakes the window's thread as the work ends: waiting for the next poll lost 5 ms on
    average (POLL_MS is a guard, for what does not end)."""

    ended = Signal()


def run_with_box(parent, text: str, work: Callable, cancellable: bool, show_after_ms: float,
                 steps: Optional[Steps] = None):
    """Run ``work()`` on a thread while the window repaints; return what it returns.

    Cancel raises Cancelled at once, and the work's result is thrown away;
    with ``steps``, Cancel instead asks the work to stop (``steps.report``
    returns False) and its result is returned. The work's own exceptions
    are raised here.
    """
    outcome: dict = {}
    done = threading.Event()
    waker = _Ended()  # made here, so it lives on the window's thread

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread, raised there
            outcome["error"] = error
        finally:
            done.set()
            waker.ended.emit()

    thread = threading.Thread(target=target, name="gradgui-work", daemon=True)
    with tuning.collector_paused() as pause, tuning.short_turns(), guarding_input():
        thread.start()
        _wait_for(done, waker, parent, text, cancellable, show_after_ms, steps)
        pause.keep = "error" not in outcome
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _wait_for(done: threading.Event, waker: _Ended, parent, text: str, cancellable: bool,
              show_after_ms: float, steps: Optional[Steps]) -> None:
    """Wait for the worker to be ``done``, showing a progress box after a while; Cancel
    raises Cancelled."""
    done.wait(QUICK_MS / 1000.0)  # most work is done by now: no event loop at all
    if not done.is_set():
        _wait(done, waker, show_after_ms - QUICK_MS)
    if not done.is_set():
        box = ProgressBox(text, 0, parent, cancellable)
        box.open_now()
        with guarding_input(box):  # closed inside: its own closing is input to let through
            _wait(done, waker, None, box, QEventLoop.ProcessEventsFlag.AllEvents, steps)
            cancelled = box.wasCanceled() and not done.is_set()
            if cancelled and steps is not None:
                steps.stop.set()  # the work stops at its next step and returns what it has
                _wait(done, waker, None, None,
                      QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
                cancelled = False
            box.finish()
        if cancelled:
            raise Cancelled()


def _wait(done: threading.Event, waker: _Ended, limit_ms: Optional[float], box=None,
          flags=QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents,
          steps: Optional[Steps] = None) -> None:
    """Handle events until the work is ``done``, ``box`` is cancelled or ``limit_ms`` has
    passed."""
    loop = QEventLoop()
    deadline = None if limit_ms is None else time.monotonic() + limit_ms / 1000.0
    waiting = [True]  # a wake-up that comes once this wait is over does nothing

    def check():
        if not waiting[0]:
            return
        if box is not None and steps is not None and steps.total:
            if box.maximum() != steps.total:
                box.setMaximum(steps.total)
            box.setValue(steps.done)
        if (done.is_set() or (box is not None and box.wasCanceled())
                or (deadline is not None and time.monotonic() >= deadline)):
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(POLL_MS)
    waker.ended.connect(check, Qt.ConnectionType.QueuedConnection)
    if not done.is_set():  # ended before the connection: no call would come
        loop.exec(flags)
    waiting[0] = False
    waker.ended.disconnect(check)
    timer.stop()


class BackgroundJob:
    """Work on a thread with no box and no waiting: ``done(job)`` is called on the window's
    thread once it has ended, with ``value`` or ``error`` set."""

    POLL_MS = 50

    def __init__(self, work: Callable[[], T], done: Optional[Callable[["BackgroundJob"], None]],
                 owner, pause_collector: bool, name: str):
        self.value = None
        self.error: Optional[BaseException] = None
        self._done = done
        self._timer = QTimer(owner)  # goes with its owner: no call back after that
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._check)

        def target():
            try:
                if pause_collector:
                    with tuning.collector_paused():
                        self.value = work()
                else:
                    self.value = work()
            except BaseException as error:  # told to ``done`` on the window's thread
                self.error = error

        self.thread = threading.Thread(target=target, name=name, daemon=True)
        self.thread.start()
        self._timer.start()

    @property
    def running(self) -> bool:
        """True until the work has ended."""
        return self.thread.is_alive()

    def wait(self, timeout: Optional[float] = None) -> bool:
        """Block until the work ends (or ``timeout`` seconds pass); True if it has ended.

        ``done`` is still called from the event loop, not from here.
        """
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def _check(self) -> None:
        if self.thread.is_alive():
            return
        self._timer.stop()
        done, self._done = self._done, None
        if done is not None:
            done(self)
