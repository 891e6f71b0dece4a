"""Halos around the nodes a lesson step talks about, drawn behind their boxes."""

from typing import Dict, Iterable, Tuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem
from shiboken6 import isValid

from ..colors import lesson_highlight
from ..geometry import HEIGHT, WIDTH

HALO = 9.0  # how far the halo reaches beyond the node's box


class NodeHighlights:
    """Keeps a halo on each highlighted node of a scene.

    Each halo is a child of its node's item, so it moves with the node and
    goes when the node goes; ``refresh`` puts them back after the scene has
    made its items again (another document, an undone delete).
    """

    def __init__(self, scene):
        self.scene = scene
        self.node_ids: Tuple[str, ...] = ()
        self._halos: Dict[str, QGraphicsPathItem] = {}
        scene.node_items.made.connect(self._items_made)

    def _items_made(self, node_ids) -> None:
        # A big graph makes items near the view: a highlighted node's may be new.
        if self.node_ids and not set(node_ids).isdisjoint(self.node_ids):
            self.refresh()

    def show(self, node_ids: Iterable[str]) -> None:
        """Highlight exactly these nodes."""
        self.node_ids = tuple(node_ids)
        self.refresh()

    def refresh(self) -> None:
        """Give every highlighted node that has an item a halo, and no other node one."""
        for node_id, halo in list(self._halos.items()):
            item = self.scene.nodes.get(node_id)
            if not isValid(halo) or node_id not in self.node_ids or halo.parentItem() is not item:
                if isValid(halo) and halo.scene() is not None:
                    halo.scene().removeItem(halo)
                del self._halos[node_id]
        color = lesson_highlight(self.scene.theme)
        for node_id in self.node_ids:
            item = self.scene.nodes.get(node_id)
            if item is not None and node_id not in self._halos:
                self._halos[node_id] = _halo(item, color)

    def halo_of(self, node_id: str):
        """The halo item of a node, or None."""
        halo = self._halos.get(node_id)
        return halo if halo is not None and isValid(halo) else None


def _halo(item, color: QColor) -> QGraphicsPathItem:
    path = QPainterPath()
    path.addRoundedRect(QRectF(-HALO, -HALO, WIDTH + 2 * HALO, HEIGHT + 2 * HALO), 14, 14)
    halo = QGraphicsPathItem(path, item)
    halo.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
    fill = QColor(color)
    fill.setAlphaF(0.45)  # a marker pen's stroke: the node reads through it
    halo.setBrush(QBrush(fill))
    halo.setPen(QPen(color.darker(115), 1.5))
    halo.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    halo.setAcceptHoverEvents(False)
    return halo
