"""The palette: every node kind, grouped, to drag onto the canvas or double-click."""

from PySide6.QtCore import QEvent, QMimeData, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from ...document import GROUPS, KINDS
from ..mime import KIND_MIME

_GROUP_TITLES = {"values": "Values", "operations": "Operations", "functions": "Functions"}
_KIND_ROLE = Qt.ItemDataRole.UserRole


_FILLS = {False: {"values": "#e8f0fe", "operations": "#fef7e0", "functions": "#e6f4ea"},
          True: {"values": "#27354d", "operations": "#45391c", "functions": "#22402d"}}
_INKS = {False: ("#5f6368", "#202124"), True: ("#8a8f98", "#e8e8e8")}  # border, symbol


def kind_icon(kind, size: int = 32, dark: bool = False) -> QIcon:
    """A small rounded box with the kind's symbol, drawn rather than loaded (for a dark
    or a light palette)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    border, ink = _INKS[dark]
    painter.setPen(QPen(QColor(border), 1.5))
    painter.setBrush(QColor(_FILLS[dark][kind.group]))
    painter.drawRoundedRect(QRectF(2, 2, size - 4, size - 4), 6, 6)
    font = QFont()
    font.setBold(True)
    text = kind.glyph
    font.setPixelSize(int(size * (0.5 if len(text) <= 2 else 0.34)))
    painter.setFont(font)
    painter.setPen(QColor(ink))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class Palette(QTreeWidget):
    """Node kinds grouped as values, operations and functions."""

    kind_activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("palette")
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setRootIsDecorated(False)
        self.setIndentation(8)
        for group in GROUPS:
            header = QTreeWidgetItem(self, [_GROUP_TITLES[group]])
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            for kind in KINDS.values():
                if kind.group != group:
                    continue
                item = QTreeWidgetItem(header, [kind.name])
                item.setToolTip(0, f"{kind.name}: {kind.description}\nDrag onto the canvas, or double-click.")
                item.setData(0, _KIND_ROLE, kind.name)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
        self._draw_icons()
        self._size_icons()
        self.expandAll()
        self.itemDoubleClicked.connect(self._on_double_click)

    def changeEvent(self, event):
        if event.type() == QEvent.Type.PaletteChange:
            self._draw_icons()
        elif event.type() == QEvent.Type.FontChange:
            self._size_icons()
        super().changeEvent(event)

    def _size_icons(self) -> None:
        # As tall as a line of text: icons grow with View > Text Size.
        side = self.fontMetrics().height()
        self.setIconSize(QSize(side, side))

    def _draw_icons(self) -> None:
        """Icons to suit the palette: light boxes on a light one, dark on a dark one."""
        dark = self.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.5
        for group_index in range(self.topLevelItemCount()):
            group = self.topLevelItem(group_index)
            for i in range(group.childCount()):
                item = group.child(i)
                item.setIcon(0, kind_icon(KINDS[item.data(0, _KIND_ROLE)], dark=dark))

    def sizeHint(self) -> QSize:
        # One-word entries: a narrow dock leaves the room to the canvas.
        return QSize(150, 420)

    def width_needed(self) -> int:
        """How wide the palette must be for every name to show whole at its text size."""
        scroll_bar = self.verticalScrollBar()
        return (self.sizeHintForColumn(0) + 2 * self.frameWidth()
                + (scroll_bar.width() if scroll_bar.isVisible() else 0))

    def focusInEvent(self, event):
        first_time = self.currentItem() is None  # Qt would make the first group's title current
        super().focusInEvent(event)
        if first_time:
            self.setCurrentItem(self.topLevelItem(0).child(0))  # a kind to show the focus on

    def keyPressEvent(self, event):
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self._on_double_click(item, 0)  # the keyboard's double-click: add the kind
            return
        super().keyPressEvent(event)

    def item_for(self, kind: str) -> QTreeWidgetItem:
        """The palette entry of a kind."""
        for group_index in range(self.topLevelItemCount()):
            group = self.topLevelItem(group_index)
            for i in range(group.childCount()):
                if group.child(i).data(0, _KIND_ROLE) == kind:
                    return group.child(i)
        raise KeyError(kind)

    def mimeTypes(self):
        return [KIND_MIME]

    def mimeData(self, items):
        data = QMimeData()
        kinds = [item.data(0, _KIND_ROLE) for item in items if item.data(0, _KIND_ROLE)]
        if kinds:
            data.setData(KIND_MIME, kinds[0].encode("utf-8"))
        return data

    def _on_double_click(self, item, _column):
        kind = item.data(0, _KIND_ROLE)
        if kind:
            self.kind_activated.emit(kind)
