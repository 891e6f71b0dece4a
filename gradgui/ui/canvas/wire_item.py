"""The graphics item of one wire: a smooth curve from an output to an input port."""

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from ...document import Wire


def wire_path(x1: float, y1: float, x2: float, y2: float) -> QPainterPath:
    """A cubic curve leaving (x1, y1) to the right and entering (x2, y2) from the left."""
    path = QPainterPath()
    path.moveTo(x1, y1)
    bend = max(40.0, abs(x2 - x1) * 0.5)
    path.cubicTo(x1 + bend, y1, x2 - bend, y2, x2, y2)
    return path


# A path's elements as Qt reads them from a data stream: type (0 move, 2 cubic, 3 the
# cubic's next points), x, y; big-endian, as QDataStream writes by default.
_ELEMENT = [("type", ">i4"), ("x", ">f8"), ("y", ">f8")]


def wire_paths(ends) -> QPainterPath:
    """The curves of ``wire_path`` for many wires, as subpaths of one path in their order;
    ``ends`` holds x1, y1, x2, y2 as four rows of an array."""
    import numpy as np  # here: the window's start needs none of these
    from PySide6.QtCore import QByteArray, QDataStream
    # Qt drops a streamed path whole if one number is out of its range (1e128 and more):
    # such a wire is left out, not every wire with it.
    ends = ends[:, np.all(np.abs(ends) < 1e127, axis=0)]
    x1, y1, x2, y2 = ends
    count = len(x1)
    path = QPainterPath()
    if not count:
        return path
    bend = np.maximum(40.0, np.abs(x2 - x1) * 0.5)
    # Read from bytes made in numpy, as pyqtgraph's arrayToQPath does: a moveTo and a
    # cubicTo a wire, called from Python, took longer than Qt's stroking of them.
    elements = np.empty((count, 4), dtype=_ELEMENT)
    elements["type"] = (0, 2, 3, 3)
    elements["x"] = np.stack([x1, x1 + bend, x2 - bend, x2], axis=1)
    elements["y"] = np.stack([y1, y1, y2, y2], axis=1)
    # The element count, the elements, where the last subpath starts, the odd-even fill.
    data = QByteArray(np.array([4 * count], ">i4").tobytes() + elements.tobytes()
                      + np.array([4 * count - 4, 0], ">i4").tobytes())
    stream = QDataStream(data)  # kept by name until read: the stream does not own the bytes
    stream >> path
    return path


LONG_WIRE = 2000.0
"""Canvas units: a wire longer than this across is drawn with a hairline pen (see hairline).
About two 1:1 views' widths: such a wire never shows whole, and the few dozen of them
crossing a view of a big network took as long to stroke with the wide pen as the
hundreds of hairlines beside them."""


def hairline(pen: QPen) -> QPen:
    """A pen like ``pen`` but one pixel wide. Qt strokes it fast and cut to the screen,
    where a wider stroke of a curve thousands of pixels long costs a millisecond or more
    however little of it shows: a view crossed by hundreds of long wires took a fraction
    of a second to paint."""
    thin = QPen(pen)
    thin.setWidthF(1.0)
    thin.setCosmetic(True)
    return thin


def is_long(x1: float, y1: float, x2: float, y2: float) -> bool:
    """True for a wire or link drawn with a hairline pen: longer than LONG_WIRE across."""
    return abs(x2 - x1) > LONG_WIRE or abs(y2 - y1) > LONG_WIRE


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
        self.long = False  # drawn with the hairline pen
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
