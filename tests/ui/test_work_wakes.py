"""Work on a thread wakes the window's thread as it ends, rather than being noticed by
the next poll."""

import time

from PySide6.QtCore import QTimer

from gradgui.ui.work import runner


class CountingTimer(QTimer):
    """A QTimer that counts how often it fired."""

    fired = 0

    def timerEvent(self, event):
        CountingTimer.fired += 1
        super().timerEvent(event)


def test_work_that_ends_wakes_the_wait_before_any_poll(qapp, monkeypatch):
    monkeypatch.setattr(runner, "QTimer", CountingTimer)
    monkeypatch.setattr(runner, "POLL_MS", 20_000)  # a poll would come long after the work
    CountingTimer.fired = 0
    outcome = runner.run_with_box(None, "Working…", lambda: time.sleep(0.2) or "done",
                                  cancellable=False, show_after_ms=60_000)
    assert outcome == "done"
    assert CountingTimer.fired == 0  # woken by the work's end, not by the timer


def test_work_that_fails_wakes_the_wait_too(qapp, monkeypatch):
    monkeypatch.setattr(runner, "QTimer", CountingTimer)
    monkeypatch.setattr(runner, "POLL_MS", 20_000)
    CountingTimer.fired = 0

    def failing():
        time.sleep(0.2)
        raise ValueError("no")
    try:
        runner.run_with_box(None, "Working…", failing, cancellable=False, show_after_ms=60_000)
    except ValueError as error:
        assert str(error) == "no"
    else:
        raise AssertionError("the work's error was not raised")
    assert CountingTimer.fired == 0
