"""The graphics items of a collapsed group: one box for the group, and the wires that
cross its border.

A box holds only its group id; what it shows comes from the scene's folding
(see folding.py), which asks the document and the evaluation.
"""

from dataclasses import dataclass
from typing import Dict, List, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from ..colors import readable_text
from ..geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH
from .wire_item import hairline, is_long, wire_path

LABEL_PX = 20.0  # the label's height in canvas units: readable when a network is fitted
BOX_HEADER = 30.0
BOX_ROW = (HEIGHT - BOX_HEADER - 4.0) / 2
STACK = 5.0  # the offset of the card drawn behind: a box holds several nodes
BOX_PORT_RADIUS = 4.0
STRAIGHT_END = 24.0  # the level ends of a long link, drawn straight between them
ALL_LONG_BELOW = 500  # fewer long links than this are drawn without looking which show

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


class LinkLayer(QGraphicsItem):
    """Every wire drawn to or from a box's port, as one item.

    Collapsing every neuron of a big network makes thousands of links; as
    an item each, Qt's index took a fraction of a millisecond to take in
    each one, and a view crossed by thousands of long links painted each
    one apart. Here the links are kept per box (the box whose ``box_links``
    list holds them), so a fold change rebuilds the paths of the boxes it
    touched. A long link is straight and drawn with a hairline pen, which
    Qt cuts to the screen before stroking; a short one is a wire's curve,
    drawn with the wires' pen when its box's links are near what is exposed.
    """

    def __init__(self):
        super().__init__()
        self._boxes: Dict[str, "_BoxLinks"] = {}
        self._long: Optional[QPainterPath] = None  # every box's long links, when they are few
        self._long_ends: Optional[List[tuple]] = None  # their ends, gathered when painted
        self._shown: Optional[tuple] = None  # (an area, the path of the long links near it)
        self._rect = QRectF()
        self.setZValue(-1.0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def __len__(self) -> int:
        return sum(len(box.ends) for box in self._boxes.values())

    def set_box(self, gid: str, ends: List[tuple]) -> None:
        """The links a box owns, each as its ends (x1, y1, x2, y2); none: forget the box."""
        if ends:
            self._boxes[gid] = _BoxLinks(ends)
        else:
            self._boxes.pop(gid, None)
        self._long = self._long_ends = self._shown = None

    def clear(self) -> None:
        """No links at all."""
        self._boxes = {}
        self._long = self._long_ends = self._shown = None
        self.commit()

    def commit(self) -> None:
        """Boxes were set: take the new extent and repaint."""
        rect = QRectF()
        for box in self._boxes.values():
            rect = rect.united(box.rect)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None):
        scene = self.scene()
        if scene is None:
            return
        pen = scene.detail.wire_pen
        area = option.exposedRect
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(hairline(pen))
        painter.drawPath(self._long_crossing(area))
        painter.setPen(pen)
        for box in self._boxes.values():
            if box.short is not None and box.short_rect.intersects(area):
                painter.drawPath(box.short)

    def _long_crossing(self, area: QRectF) -> QPainterPath:
        """The long links that may cross ``area``: all of them when few, else only those
        whose line comes near it (Qt cuts each line to the screen, but thousands of links
        mostly far off still took milliseconds to cut)."""
        if self._long_ends is None:
            self._long_ends = [end for box in self._boxes.values() for end in box.long]
        ends = self._long_ends
        if len(ends) < ALL_LONG_BELOW:
            if self._long is None:
                self._long = QPainterPath()
                for end in ends:
                    _add_straight(self._long, *end)
            return self._long
        if self._shown is None or not self._shown[0].contains(area):
            path = QPainterPath()
            for end in _crossing(ends, area):
                _add_straight(path, *end)
            self._shown = (QRectF(area), path)
        return self._shown[1]  # those near a larger area: some more, drawn cut to the screen


def _crossing(ends: List[tuple], area: QRectF) -> List[tuple]:
    """The long links (their ends) whose straight middle comes within their level ends
    and a pixel or two of pen of ``area``."""
    import numpy as np
    grow = STRAIGHT_END + 4.0
    left, top = area.left() - grow, area.top() - grow
    right, bottom = area.right() + grow, area.bottom() + grow
    array = np.array(ends, dtype=float).reshape(-1, 4)
    x1, y1, x2, y2 = array[:, 0] + STRAIGHT_END, array[:, 1], array[:, 2] - STRAIGHT_END, array[:, 3]
    near = ((np.minimum(x1, x2) <= right) & (np.maximum(x1, x2) >= left)
            & (np.minimum(y1, y2) <= bottom) & (np.maximum(y1, y2) >= top))
    sides = [(x2 - x1) * (cy - y1) - (y2 - y1) * (cx - x1)
             for cx, cy in ((left, top), (right, top), (left, bottom), (right, bottom))]
    apart = (np.all([side > 0 for side in sides], axis=0)
             | np.all([side < 0 for side in sides], axis=0))
    return array[near & ~apart].tolist()


class _BoxLinks:
    """One box's links: their ends, the long ones' ends apart, the short ones as a path."""

    __slots__ = ("ends", "long", "short", "short_rect", "rect")

    def __init__(self, ends: List[tuple]):
        self.ends = ends
        short = None
        long = []
        left = top = float("inf")
        right = bottom = float("-inf")
        for end in ends:
            x1, y1, x2, y2 = end
            left, right = min(left, x1, x2), max(right, x1, x2)
            top, bottom = min(top, y1, y2), max(bottom, y1, y2)
            if is_long(x1, y1, x2, y2):
                long.append(end)
            else:
                if short is None:
                    short = QPainterPath()
                short.addPath(wire_path(x1, y1, x2, y2))
        self.long, self.short = long, short
        self.rect = QRectF(left - 4.0, top - 4.0, right - left + 8.0, bottom - top + 8.0)
        self.short_rect = short.controlPointRect().adjusted(-4.0, -4.0, 4.0, 4.0) \
            if short is not None else QRectF()


def link_path(x1: float, y1: float, x2: float, y2: float) -> QPainterPath:
    """A link's route: a wire's curve, or for a long link a straight line with short level
    ends. Links from shared weights to every sample's boxes cross the whole graph, and
    Qt draws a long curve as hundreds of pieces even where little of it shows."""
    if not is_long(x1, y1, x2, y2):
        return wire_path(x1, y1, x2, y2)
    path = QPainterPath()
    _add_straight(path, x1, y1, x2, y2)
    return path


def _add_straight(path: QPainterPath, x1: float, y1: float, x2: float, y2: float) -> None:
    path.moveTo(x1, y1)
    path.lineTo(x1 + STRAIGHT_END, y1)
    path.lineTo(x2 - STRAIGHT_END, y2)
    path.lineTo(x2, y2)


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
