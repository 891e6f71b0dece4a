"""The graphics item of one wire: a smooth curve from an output to an input port."""

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPainterPathStroker
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from ...document import Wire


def wire_path(x1: float, y1: float, x2: float, y2: float) -> QPainterPath:
    """A cubic curve leaving (x1, y1) to the right and entering (x2, y2) from the left."""
    path = QPainterPath()
    path.moveTo(x1, y1)
    bend = max(40.0, abs(x2 - x1) * 0.5)
    path.cubicTo(x1 + bend, y1, x2 - bend, y2, x2, y2)
    return path


_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable


class WireItem(QGraphicsPathItem):
    """A wire on the canvas; it holds only its ``Wire`` (source, target, port).

    ``shape`` stays Qt's own: Qt asks for it to size every wire, and a wide
    stroke made in Python for thousands of wires costs more than a whole
    render. Clicks near a wire are found with ``hit`` instead.
    """

    def __init__(self, wire: Wire, parent=None):
        super().__init__(parent)
        self.wire = wire
        self.setFlag(_SELECTABLE)
        self.setZValue(-1.0)  # under the nodes, whose ports its ends meet

    def set_path(self, path: QPainterPath) -> None:
        """Follow a new route between the ports."""
        self.setPath(path)

    def hit(self, scene_point: QPointF, reach: float = 5.0) -> bool:
        """True if ``scene_point`` is within ``reach`` of the curve (easier than the thin line)."""
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * reach)
        return stroker.createStroke(self.path()).contains(scene_point)
