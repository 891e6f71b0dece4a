"""The window's docks: each panel in a scroll area, and room for the Inspector's rows."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea


def add_dock(window, title: str, name: str, widget, area) -> QDockWidget:
    """A dock named ``name`` holding ``widget`` (None: a LazyPanel puts its panel in when it
    is made) in a scroll area, added to ``window`` at ``area`` and to its list of docks."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    # In a small window a panel scrolls rather than being cut off.
    scroller = QScrollArea(objectName=f"{name}Scroll", widgetResizable=True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
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
    if dock.isVisible() and not dock.isFloating() and dock.height() < need:
        window.resizeDocks([dock], [need], Qt.Orientation.Vertical)
