"""The graphics items of a collapsed group: one box for the group, and the wires that
cross its border.

A box holds only its group id; what it shows comes from the scene's folding
(see folding.py), which asks the document and the evaluation.
"""

from dataclasses import dataclass
from typing import List, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from ...document.folding import Link
from ..colors import readable_text
from ..geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH
from .wire_item import wire_path

LABEL_PX = 20.0  # the label's height in canvas units: readable when a network is fitted
BOX_HEADER = 30.0
BOX_ROW = (HEIGHT - BOX_HEADER - 4.0) / 2
STACK = 5.0  # the offset of the card drawn behind: a box holds several nodes
BOX_PORT_RADIUS = 4.0

_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsMovable
          | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
_NO_PEN = QPen(Qt.PenStyle.NoPen)


@dataclass(frozen=True)
class GroupLook:
    """Everything a box needs to paint itself."""

    label: str
    data_text: str
    grad_text: str
    fill: Optional[QColor]
    stale: bool
    pending: bool
    problem: bool
    is_output: bool
    role: Optional[str]  # "current" or "changed" while a node inside is being stepped


class GroupItem(QGraphicsRectItem):
    """A collapsed group on the canvas: its label, the data and grad of what it feeds out,
    coloured by that grad, with a port for each wire that crosses its border."""

    def __init__(self, gid: str):
        margin = STACK + BOX_PORT_RADIUS + 2.0
        super().__init__(-margin, -margin, WIDTH + 2 * margin, HEIGHT + 2 * margin)
        self.gid = gid
        self.inputs = 0
        self.outputs = 0
        self.setPen(_NO_PEN)
        self.setFlags(_FLAGS)
        self.setZValue(1.0)

    def set_ports(self, inputs: int, outputs: int) -> None:
        """How many input and output ports the box has now."""
        if (inputs, outputs) != (self.inputs, self.outputs):
            self.inputs, self.outputs = inputs, outputs
            self.update()

    def toolTip(self) -> str:
        """What is inside: counts by kind, labels (trimmed), the outputs' data and grads."""
        scene = self.scene()
        return scene.folding.tooltip(self.gid) if scene else ""

    def paint(self, painter, option: QStyleOptionGraphicsItem, widget=None):
        scene = self.scene()
        theme = scene.theme
        look = scene.folding.look(self.gid)
        zoom = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        rect = QRectF(0, 0, WIDTH, HEIGHT)
        fill = QColor(look.fill) if look.fill is not None else QColor(theme.node_fill)
        border, width = theme.node_border, 1.4
        if look.problem:
            border, width = theme.invalid, 2.0
        if look.role == "current":
            border, width = theme.step_current, 4.0
        elif look.role == "changed":
            border, width = theme.step_changed, 3.0
        if self.isSelected():
            border, width = theme.selection, max(width, 2.5)
        pen = QPen(border, width)
        if look.stale:
            pen.setStyle(Qt.PenStyle.DashLine)
        # The card behind says "several nodes in here" at any zoom.
        painter.setPen(QPen(theme.node_border, 1.2))
        painter.setBrush(QBrush(theme.node_fill))
        painter.drawRoundedRect(rect.translated(STACK, -STACK), 8, 8)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(rect, 8, 8)
        if look.is_output:
            painter.setPen(QPen(theme.output_mark, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-4, -4, 4, 4), 11, 11)
        if zoom < TEXT_MIN_ZOOM:
            return
        self._paint_text(painter, look, theme, fill)
        self._paint_ports(painter, theme)

    def _paint_text(self, painter, look: GroupLook, theme, fill: QColor) -> None:
        fonts = _fonts()
        painter.setPen(readable_text(fill))
        painter.setFont(fonts.label)
        painter.drawText(QRectF(10, 0, WIDTH - 20, BOX_HEADER),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         elided_label(look.label))
        painter.setPen(QPen(theme.node_border, 0.8))
        painter.drawLine(QPointF(6, BOX_HEADER), QPointF(WIDTH - 6, BOX_HEADER))
        painter.setPen(readable_text(fill))
        painter.setFont(fonts.mono)
        painter.drawText(QRectF(12, BOX_HEADER, WIDTH - 20, BOX_ROW), Qt.AlignmentFlag.AlignVCenter,
                         look.data_text)
        if look.grad_text:
            if look.stale or look.pending:
                font = QFont(fonts.mono)
                font.setItalic(True)
                painter.setFont(font)
            if look.pending:
                painter.setPen(theme.muted_text)
            painter.drawText(QRectF(12, BOX_HEADER + BOX_ROW, WIDTH - 20, BOX_ROW),
                             Qt.AlignmentFlag.AlignVCenter,
                             look.grad_text + (" ?" if look.stale else ""))

    def _paint_ports(self, painter, theme) -> None:
        painter.setPen(QPen(theme.node_border, 1.0))
        painter.setBrush(theme.port)
        for index in range(self.inputs):
            painter.drawEllipse(QPointF(0.0, HEIGHT * (index + 1) / (self.inputs + 1)),
                                BOX_PORT_RADIUS, BOX_PORT_RADIUS)
        for index in range(self.outputs):
            painter.drawEllipse(QPointF(WIDTH, HEIGHT * (index + 1) / (self.outputs + 1)),
                                BOX_PORT_RADIUS, BOX_PORT_RADIUS)


class LinkItem(QGraphicsPathItem):
    """A wire drawn to or from a box's port; it holds only its ``Link``.

    A long link is a few straight pieces, drawn cut to what is exposed:
    Qt's antialiased stroke of a line thousands of pixels long costs
    milliseconds even where a few pixels of it show, and a view crossed by
    hundreds of links took seconds a paint.
    """

    def __init__(self, link: Link):
        super().__init__()
        self.link = link
        self.ends = None  # (x1, y1, x2, y2) of the path it has
        self.setZValue(-1.0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def paint(self, painter, option, widget=None):
        path = self.path()
        if path.elementCount() != 4 or not path.elementAt(1).isLineTo():
            super().paint(painter, option, widget)  # a short curve
            return
        area = option.exposedRect.adjusted(-4, -4, 4, 4)
        points = [QPointF(path.elementAt(i).x, path.elementAt(i).y) for i in range(4)]
        painter.setPen(self.pen())
        for a, b in zip(points, points[1:]):
            piece = clipped(a, b, area)
            if piece is not None:
                painter.drawLine(*piece)


LONG_LINK = 3000.0  # canvas units: a link longer than this across is drawn straight


def link_path(x1: float, y1: float, x2: float, y2: float) -> QPainterPath:
    """A link's route: a wire's curve, or for a long link a straight line with short level
    ends. Links from shared weights to every sample's boxes cross the whole graph, and
    Qt draws a long curve as hundreds of pieces even where little of it shows."""
    if abs(x2 - x1) <= LONG_LINK and abs(y2 - y1) <= LONG_LINK:
        return wire_path(x1, y1, x2, y2)
    path = QPainterPath()
    path.moveTo(x1, y1)
    path.lineTo(x1 + 24.0, y1)
    path.lineTo(x2 - 24.0, y2)
    path.lineTo(x2, y2)
    return path


def clipped(a: QPointF, b: QPointF, area: QRectF):
    """The part of the segment a-b inside ``area`` as two points, or None (Liang-Barsky)."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    low, high = 0.0, 1.0
    for p, q in ((-dx, a.x() - area.left()), (dx, area.right() - a.x()),
                 (-dy, a.y() - area.top()), (dy, area.bottom() - a.y())):
        if p == 0.0:
            if q < 0.0:
                return None
            continue
        t = q / p
        if p < 0.0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return (QPointF(a.x() + low * dx, a.y() + low * dy), QPointF(a.x() + high * dx, a.y() + high * dy))


def elided_label(label: str) -> str:
    """A box's label as drawn: cut with an ellipsis where it is wider than the box."""
    return _fonts().label_metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(WIDTH - 20))


class _Fonts:
    def __init__(self):
        self.label = QFont()
        self.label.setBold(True)
        self.label.setPixelSize(int(LABEL_PX))
        self.mono = QFont("monospace")
        self.mono.setStyleHint(QFont.StyleHint.Monospace)
        self.mono.setPointSizeF(9.0)
        self.label_metrics = QFontMetrics(self.label)


_FONTS: List[_Fonts] = []


def _fonts() -> _Fonts:
    # Fonts need a running QGuiApplication, so they are made on first use.
    if not _FONTS:
        _FONTS.append(_Fonts())
    return _FONTS[0]
