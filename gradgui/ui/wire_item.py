"""The graphics item of one wire: a smooth curve from an output to an input port."""

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from ..document import Wire


def wire_path(start: QPointF, end: QPointF) -> QPainterPath:
    """A cubic curve leaving ``start`` to the right and entering ``end`` from the left."""
    path = QPainterPath(start)
    bend = max(40.0, abs(end.x() - start.x()) * 0.5)
    path.cubicTo(QPointF(start.x() + bend, start.y()), QPointF(end.x() - bend, end.y()), end)
    return path


class WireItem(QGraphicsPathItem):
    """A wire on the canvas; it holds only its ``Wire`` (source, target, port)."""

    Type = QGraphicsItem.UserType + 2

    def __init__(self, wire: Wire):
        super().__init__()
        self.wire = wire
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0.0)

    def type(self):
        return WireItem.Type

    def update_path(self, start: QPointF, end: QPointF, pen: QPen) -> None:
        """Redraw between two port positions."""
        self.setPen(pen)
        self.setPath(wire_path(start, end))

    def paint(self, painter, option, widget=None):
        super().paint(painter, option, widget)
        scene = self.scene()
        if scene is None or not scene.show_edge_labels:
            return
        text = scene.edge_label(self.wire)
        if text:
            middle = self.path().pointAtPercent(0.5)
            painter.setPen(scene.theme.muted_text)
            painter.drawText(QRectF(middle.x() - 40, middle.y() - 16, 80, 14),
                             Qt.AlignmentFlag.AlignCenter, text)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10.0)
        return stroker.createStroke(self.path())
