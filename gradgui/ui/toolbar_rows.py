"""The window's toolbars laid out in as many rows as the window's width needs.

Qt puts toolbars side by side and, when they do not fit, hides their last
buttons behind an extension arrow. At a large text size that hid Gradient
Check, Fit and more on a 1280-pixel window; here a toolbar that would not fit
beside the ones before it starts a row of its own instead.
"""

from typing import List

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QToolBar

_TOP = Qt.ToolBarArea.TopToolBarArea
_REARRANGE_ON = (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.FontChange)


def rows_for(widths: List[int], room: int) -> List[bool]:
    """For toolbars of ``widths`` in order, whether each starts a new row (the first never
    does) when a row holds ``room`` pixels."""
    breaks, used = [], 0
    for width in widths:
        new_row = bool(breaks) and used + width > room
        breaks.append(new_row)
        used = width if new_row else used + width
    return breaks


class ToolbarRows(QObject):
    """Keeps ``toolbars`` (in the window's top area) in rows that fit."""

    def __init__(self, window: QMainWindow, toolbars: List[QToolBar]):
        super().__init__(window)
        self.window = window
        self.toolbars = toolbars
        self._due = QTimer(self, singleShot=True, interval=0)
        self._due.timeout.connect(self.arrange)
        # The toolbars' own events are enough: a wider or narrower window resizes the
        # last toolbar of each row. (Watching the window would hand Python all its events.)
        for bar in toolbars:
            bar.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() in _REARRANGE_ON and not self._due.isActive():
            self._due.start()  # once the event loop comes round: not inside Qt's layout
        return False

    def arrange(self) -> None:
        """Break the rows where the window's width needs it, and nowhere else."""
        window = self.window
        # Toolbars the person has moved elsewhere, or floated, are theirs to place.
        if any(window.toolBarArea(bar) != _TOP or bar.isFloating() for bar in self.toolbars):
            return
        # In the order they stand, which the person may have changed by dragging them.
        placed = sorted(self.toolbars, key=lambda bar: (bar.y(), bar.x()))
        widths = [bar.sizeHint().width() for bar in placed]
        for bar, new_row in zip(placed, rows_for(widths, window.width())):
            if new_row != window.toolBarBreak(bar):
                if new_row:
                    window.insertToolBarBreak(bar)
                else:
                    window.removeToolBarBreak(bar)
