"""Waiting until a gradgui window is idle: what the benchmarks and the screenshot script
use to time, or picture, a window that has finished what an action set off."""


def pending_work(window) -> list:
    """What the window has still to do: long or background work, or a single-shot timer
    of its own that is running (work put off until the event loop comes round to it)."""
    from PySide6.QtCore import QTimer

    work = window.session.work
    pending = [name for name, busy in (("long work", work.edits_refused),
                                       ("background work", work.background_running)) if busy]
    return pending + [timer for timer in window.findChildren(QTimer)
                      if timer.isSingleShot() and timer.isActive()]


def until_idle(app, window) -> None:
    """Run the event loop until the window is idle: twice in a row, a pass that handled all
    that was posted leaves no pending work (waiting for events while there is some)."""
    from PySide6.QtCore import QEventLoop

    quiet = 0
    while quiet < 2:
        if pending_work(window):
            quiet = 0
            # Woken by the timer that is due or by the poll of the work on a thread.
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        else:
            quiet += 1
            app.processEvents()
