"""Watching long work from a test: the progress box it shows, Cancel, and work that waits."""

import threading
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton


def leftovers(window, kind):
    """Dialogs of ``kind`` still owned by the window once deferred deletions have run."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return window.findChildren(kind)


def visible_progress(window):
    return [box for box in window.findChildren(QProgressDialog) if box.isVisible()]


class WhenProgressShows:
    """Once a progress box is on screen, do ``then(box)`` (from inside the nested event loop)."""

    def __init__(self, qtbot, window, then):
        self.boxes = []
        self.painted = 0

        def act():
            # Looked for without waiting here: the work's own event loop must run to show it.
            if not visible_progress(window):
                return
            self.timer.stop()
            box = visible_progress(window)[0]
            self.boxes.append((box.labelText(), box.isModal()))
            # The window keeps repainting while the work runs.
            before = self.painted
            window.view.viewport().update()
            qtbot.waitUntil(lambda: self.painted > before, timeout=5000)
            then(box)

        self.timer = QTimer(window)
        self.timer.timeout.connect(act)
        self.timer.start(10)
        counter = self

        class CountPaints(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    counter.painted += 1
                return False

        self._filter = CountPaints(window)
        window.view.viewport().installEventFilter(self._filter)


def click_cancel(qtbot):
    def then(box):
        cancel = box.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Cancel"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    return then


def wait_for(event):
    """Work that runs until ``event`` is set (or gives up after a while)."""
    def work():
        for _ in range(2000):
            if event.is_set():
                return "finished"
            time.sleep(0.005)
        return "gave up"
    return work


def wait_for_workers(qtbot):
    qtbot.waitUntil(lambda: not any(t.name == "gradgui-work" for t in threading.enumerate()),
                    timeout=20000)
    QApplication.processEvents()


class CancelWhenShown:
    """Presses Cancel on the progress box saying ``text`` as soon as it shows."""

    def __init__(self, window, text):
        self.window, self.text, self.pressed = window, text, 0
        self.timer = QTimer(window)  # goes with the window, even if a test fails before stop()
        self.timer.timeout.connect(self._look)
        self.timer.start(5)

    def _look(self):
        for box in self.window.findChildren(QProgressDialog):
            if box.isVisible() and box.labelText() == self.text and not box.wasCanceled():
                box.cancel()
                self.pressed += 1

    def stop(self):
        self.timer.stop()

