"""Long work without a frozen window: run it on a worker thread behind a cancellable progress box."""

import threading
from typing import Callable, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

T = TypeVar("T")
SHOW_AFTER_MS = 200


class Cancelled(Exception):
    """The person pressed Cancel; the work's result is thrown away."""


def run_busy(parent, text: str, work: Callable[[], T]) -> T:
    """Run ``work()`` on a thread while the window keeps repainting; Cancel raises Cancelled.

    A progress box appears only if the work takes longer than 200 ms. The
    work must not touch Qt objects: it builds data (a document, a report)
    that the caller then shows. Its own exceptions are raised here.
    """
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller's thread, raised there
            outcome["error"] = error

    thread = threading.Thread(target=target, name="gradgui-work", daemon=True)
    thread.start()
    thread.join(SHOW_AFTER_MS / 1000.0)
    if thread.is_alive():
        box = QProgressDialog(text, "Cancel", 0, 0, parent)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(0)
        box.show()
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if not thread.is_alive() or box.wasCanceled() else None)
        timer.start(20)
        loop.exec()
        timer.stop()
        cancelled = box.wasCanceled() and thread.is_alive()
        box.close()
        box.deleteLater()  # a child of the window: else every run would leave one behind
        if cancelled:
            raise Cancelled()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]

