"""Modules the window opens without, imported on a thread of their own once it has painted.

A new window's document is empty, and its graph becomes networkx's only when
it is first edited (document/empty_graph.py). Importing networkx before the
first paint would make the window appear later; importing it at the first
edit would make that edit wait. So it is imported beside the window, right
after the canvas first paints. If the window needs it sooner, its own import
waits for this one to finish, as any second import of a module does.
"""

import importlib
import sys
import threading
from typing import Callable, Iterable, Optional

from PySide6.QtCore import QEvent, QObject, QTimer

LATER = ("networkx",)


def import_beside(names: Iterable[str] = LATER) -> Optional[threading.Thread]:
    """Import those of ``names`` not imported yet on a daemon thread; the thread, or None."""
    missing = [name for name in names if name not in sys.modules]
    if not missing:
        return None
    thread = threading.Thread(target=_import, args=(missing,), name="gradgui-preload",
                              daemon=True)
    thread.start()
    return thread


def import_now(names: Iterable[str] = LATER) -> None:
    """Import ``names`` here and now (a window opening on a file needs them at once)."""
    for name in names:
        importlib.import_module(name)


def _import(names) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # whoever needs it imports it again, and is told why it failed
            pass


def after_first_paint(widget, names: Iterable[str] = LATER,
                      then: Optional[Callable[[], None]] = None) -> None:
    """Import ``names`` beside the window once ``widget`` has painted for the first time
    (calling ``then`` first, if given, once that frame is done)."""
    widget.installEventFilter(_FirstPaint(widget, tuple(names), then))


class _FirstPaint(QObject):
    """Watches a widget until its first paint, then starts the imports and goes."""

    def __init__(self, widget, names, then):
        super().__init__(widget)
        self.names = names
        self.then = then

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Once the frame is done: the thread would share the interpreter with the paint.
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        if self.then is not None:
            self.then()
        import_beside(self.names)
        self.deleteLater()
