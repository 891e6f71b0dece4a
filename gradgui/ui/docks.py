"""The window's docks: each panel in a scroll area, room for the Inspector's rows, and the
docks that come and go with what the open graph has."""

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea

from .settings import settings

TRAIN_DOCK_HEIGHT = 340  # the Training panel: tall enough for its curves when it first shows


def add_dock(window, title: str, name: str, widget, area) -> QDockWidget:
    """A dock named ``name`` holding ``widget`` (None: a LazyPanel puts its panel in when it
    is made) in a scroll area, added to ``window`` at ``area`` and to its list of docks."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    # In a small window a panel scrolls rather than being cut off.
    scroller = QScrollArea(objectName=f"{name}Scroll", widgetResizable=True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    # Not a stop of Tab's own: the keyboard goes to the panel's controls (it sat on the
    # scroll area, showing no focus at all).
    scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if widget is not None:
        scroller.setWidget(widget)
    dock.setWidget(scroller)
    window.addDockWidget(area, dock)
    window.docks.append(dock)
    return dock


def keep_whole(window, dock: QDockWidget, panel) -> None:
    """Give ``dock`` the height of all of ``panel``'s rows, from the docks beside it (with
    the Training panel open, the Inspector's data and grad rows were cut off)."""
    need = panel.sizeHint().height() + dock.height() - dock.widget().height()
    if not dock.isVisible() or dock.isFloating() or dock.height() >= need:
        return
    # Told one dock's size, Qt spreads the change over the column and the dock fell a few
    # pixels short; told every dock's, it keeps to them: the tallest neighbour gives.
    area, place = window.dockWidgetArea(dock), dock.geometry()
    column = [other for other in window.docks
              if other is not dock and other.isVisible() and not other.isFloating()
              and window.dockWidgetArea(other) == area and other.geometry() != place
              and other.x() < place.right() and place.x() < other.geometry().right()]
    if not column:
        window.resizeDocks([dock], [need], Qt.Orientation.Vertical)
        return
    donor = max(column, key=lambda other: other.height())
    spare = donor.height() - donor.minimumSizeHint().height()
    grow = min(need - dock.height(), max(0, spare))
    heights = [other.height() - (grow if other is donor else 0) for other in column]
    window.resizeDocks([dock, *column], [dock.height() + grow, *heights], Qt.Orientation.Vertical)


class WideForText:
    """Keeps a dock as wide as its panel's text needs (``width_needed()``, else the panel's
    own ``width_needed``): wider at a larger text size (the palette cut its names short,
    the Inspector scrolled sideways), and back to the width it had when the text is
    smaller again, unless the person has resized it since."""

    def __init__(self, window, dock: QDockWidget, panel, width_needed=None):
        self.window, self.dock, self.panel = window, dock, panel
        self._width_needed = width_needed or panel.width_needed
        self._before: Optional[int] = None  # the width before it was widened
        self._widened_to: Optional[int] = None

    def follow(self) -> None:
        """The text size changed and the panel is laid out in it: widen or narrow the dock."""
        dock, window = self.dock, self.window
        if not dock.isVisible() or dock.isFloating():
            return
        need = self._width_needed() + dock.width() - self.panel.width()
        if dock.width() < need:
            if self._before is None or not self._as_widened():
                self._before = dock.width()
            window.resizeDocks([dock], [need], Qt.Orientation.Horizontal)
            self._widened_to = need
        elif self._before is not None and self._as_widened():
            width = max(need, self._before)
            window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
            self._widened_to = width
            if width == self._before:
                self._before = self._widened_to = None

    def _as_widened(self) -> bool:
        # Within a pixel or two: the dock layout rounds what it is told.
        return self._widened_to is not None and abs(self.dock.width() - self._widened_to) <= 2


def scrolled_width_needed(area: QScrollArea) -> int:
    """How wide the scroll area ``area`` must be to show its widget without scrolling
    sideways, with room for its vertical scroll bar (which a narrower, taller layout may
    bring in only after the widening)."""
    return (area.widget().minimumSizeHint().width() + 2 * area.frameWidth()
            + area.verticalScrollBar().sizeHint().width())


class ShownWhenUseful:
    """A dock shown (``height`` tall) when a graph it is useful for opens, and hidden again
    when one it is not useful for opens, if it was shown this way: an empty panel is only
    in the way. Once opened or closed from the View menu, it stays as the person left it."""

    def __init__(self, window, dock: QDockWidget, height: int):
        self.window, self.dock, self.height = window, dock, height
        self._shown_by_us = False
        dock.toggleViewAction().triggered.connect(self._chosen)

    def _chosen(self) -> None:
        self._shown_by_us = False

    def follow(self, useful: bool) -> None:
        """Another graph is open: show the dock if it is ``useful`` there, else take it away."""
        dock = self.dock
        if useful:
            if dock.isHidden():
                dock.show()
                self.window.resizeDocks([dock], [self.height], Qt.Orientation.Vertical)
                self._shown_by_us = True
        elif self._shown_by_us and dock.isVisible():
            dock.hide()
            self._shown_by_us = False


def room_when_first_shown(window, dock: QDockWidget) -> None:
    """The first time ``dock`` shows docked, widen and heighten it to its panel's preferred
    size if it is smaller: a panel made on first use has no say in the dock's size, and
    the minimap came out a thumbnail, as narrow as the palette above it."""
    def shown(visible: bool) -> None:
        panel = dock.widget().widget()
        if done or not visible or panel is None:
            return
        done.append(True)
        if dock.isFloating():  # a window of its own, sized as the person makes it
            return
        hint = panel.sizeHint()
        wanted = {Qt.Orientation.Horizontal: (hint.width() + dock.width() - panel.width(),
                                              dock.width()),
                  Qt.Orientation.Vertical: (hint.height() + dock.height() - panel.height(),
                                            dock.height())}
        for orientation, (size, now) in wanted.items():
            if now < size:
                window.resizeDocks([dock], [size], orientation)
    done = []
    dock.visibilityChanged.connect(shown)


def restore_layout(window) -> None:
    """Put the window's geometry and docks back as they were last saved, if ever."""
    store = settings()
    geometry, state = store.value("window/geometry"), store.value("window/state")
    if geometry is not None:
        window.restoreGeometry(geometry)
    if state is not None:
        window.restoreState(state)


def save_layout(window) -> None:
    """Remember the window's geometry and dock layout."""
    store = settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    store.sync()
