"""What keeps the zoomed-out picture legible: wires that fade as it zooms out, and node
boxes never smaller than a couple of pixels, drawn over the wires."""

import math
from typing import Dict, List, Optional

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ..geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH

MIN_NODE_PX = 2.0
"""No node is drawn smaller than this on screen, however far out."""

_NO_PEN = QPen(Qt.PenStyle.NoPen)

FAINTEST_WIRE = 0.12
"""The wires' opacity far out, where at full strength they would hide the colours."""


def wire_opacity(zoom: float) -> float:
    """How opaque the overview draws wires at ``zoom``: fading as it zooms out, so the
    nodes' colours, not the wires between them, make the picture."""
    return max(FAINTEST_WIRE, min(1.0, math.sqrt(max(zoom, 0.0) / TEXT_MIN_ZOOM)))


def faded(colour: QColor, background: QColor, opacity: float) -> QColor:
    """``colour`` as if drawn at ``opacity`` over ``background``, but opaque: wires that
    cross then look alike whichever way they are drawn (straight or via the wire picture)."""
    return QColor.fromRgbF(*(b + (c - b) * opacity for c, b in (
        (colour.redF(), background.redF()), (colour.greenF(), background.greenF()),
        (colour.blueF(), background.blueF()))))


def min_size_pen(colour: QColor, zoom: float) -> Optional[QPen]:
    """A pen that grows boxes drawn at ``zoom`` to MIN_NODE_PX on screen (None if they are)."""
    short = MIN_NODE_PX - zoom * min(WIDTH, HEIGHT)
    if short <= 0.0:
        return None
    pen = QPen(colour, max(1.0, short))
    pen.setCosmetic(True)
    return pen


def fill_boxes(painter: QPainter, boxes, colour: QColor) -> None:
    """Fill node boxes, each at least MIN_NODE_PX a side on screen."""
    BoxFiller(painter).fill_with(boxes, colour)


class BoxFiller:
    """``fill_boxes`` for the many groups of boxes of one paint, each group its own colour:
    one pen, its width worked out once (a new pen per group was a tenth of the time)."""

    def __init__(self, painter: QPainter):
        self._painter = painter
        self._pen = min_size_pen(QColor(), painter.transform().m11())
        self._colours: Dict[int, QColor] = {}

    def fill(self, boxes, rgb: int) -> None:
        """Fill ``boxes`` with the colour ``rgb`` (as QColor.rgb() gives it)."""
        colour = self._colours.get(rgb)
        if colour is None:
            colour = self._colours[rgb] = QColor.fromRgb(rgb)
        self.fill_with(boxes, colour)

    def fill_with(self, boxes, colour: QColor) -> None:
        """Fill ``boxes`` with ``colour``."""
        if self._pen is None:
            self._painter.setPen(_NO_PEN)
        else:
            self._pen.setColor(colour)
            self._painter.setPen(self._pen)
        self._painter.setBrush(colour)
        self._painter.drawRects(boxes if isinstance(boxes, list) else boxes.rects())


def fill_box(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """Fill one node box, at least MIN_NODE_PX a side on screen."""
    pen = min_size_pen(colour, painter.transform().m11())
    if pen is None:
        painter.fillRect(rect, colour)
    else:
        painter.setPen(pen)
        painter.setBrush(colour)
        painter.drawRect(rect)
