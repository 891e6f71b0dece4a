"""The graphics item of a collapsed group: one box for the group (the wires that cross its
border are link_layer.py's).

A box holds only its group id; what it shows comes from the scene's folding
(see folding.py), which asks the document and the evaluation.
"""

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import List, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from ..colors import readable_text
from ..geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH

LABEL_PX = 20.0  # the label's height in canvas units: readable when a network is fitted
BOX_HEADER = 30.0
BOX_ROW = (HEIGHT - BOX_HEADER - 4.0) / 2
STACK = 5.0  # the offset of the card drawn behind: a box holds several nodes
BOX_PORT_RADIUS = 4.0

_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsMovable
          | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
_NO_PEN = QPen(Qt.PenStyle.NoPen)
_LOOK_FLAGS = ("stale", "pending", "problem", "is_output", "role")


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
        self._picture = None  # (what it was drawn for, (the image, its device corner))

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
        t = painter.worldTransform()
        if t.m12() or t.m21() or t.m11() <= 0.0 or t.m22() <= 0.0:
            self._draw(painter, look, theme)
            return
        # Drawn once into a picture for this look and zoom, copied after: a view of a
        # network's boxes repainted (an expand, a step) redrew each box's text and ports.
        left, top = math.floor(t.dx()), math.floor(t.dy())
        key = (look.label, look.data_text, look.grad_text,
               None if look.fill is None else look.fill.rgba()) + tuple(
            getattr(look, name) for name in _LOOK_FLAGS) + (
            self.inputs, self.outputs, self.isSelected(), id(theme), t.m11(), t.m22(),
            t.dx() - left, t.dy() - top, painter.device().devicePixelRatio())
        picture = self._picture
        if picture is None or picture[0] != key:
            picture = self._picture = (key, self._drawn(look, theme, t, left, top, key[-1]))
        BOX_PICTURES.used(self)
        painter.save()
        painter.resetTransform()
        image, corner = picture[1]
        # The picture holds the box's place less whole pixels: a view scrolled by whole
        # pixels draws the same picture, moved with it.
        painter.drawImage(corner + QPointF(left, top), image)
        painter.restore()

    def _drawn(self, look: "GroupLook", theme, t, left: int, top: int, ratio: float):
        """The box drawn into an image (transparent around it), and where its top left
        goes on the device less (``left``, ``top``): drawn at the painter's transform, less
        those whole pixels."""
        local = QTransform(t.m11(), 0.0, 0.0, t.m22(), t.dx() - left, t.dy() - top)
        area = local.mapRect(self.boundingRect()).toAlignedRect()
        image = QImage(round(area.width() * ratio), round(area.height() * ratio),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        drawing = QPainter(image)
        drawing.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        drawing.setTransform(local * QTransform.fromTranslate(-area.left(), -area.top()))
        self._draw(drawing, look, theme)
        drawing.end()
        return image, QPointF(area.left(), area.top())

    def _draw(self, painter, look: "GroupLook", theme) -> None:
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
                             look.grad_text)

    def _paint_ports(self, painter, theme) -> None:
        painter.setPen(QPen(theme.node_border, 1.0))
        painter.setBrush(theme.port)
        for index in range(self.inputs):
            painter.drawEllipse(QPointF(0.0, HEIGHT * (index + 1) / (self.inputs + 1)),
                                BOX_PORT_RADIUS, BOX_PORT_RADIUS)
        for index in range(self.outputs):
            painter.drawEllipse(QPointF(WIDTH, HEIGHT * (index + 1) / (self.outputs + 1)),
                                BOX_PORT_RADIUS, BOX_PORT_RADIUS)


def elided_label(label: str) -> str:
    """A box's label as drawn: cut with an ellipsis where it is wider than the box."""
    return _fonts().label_metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(WIDTH - 20))


class _Pictures:
    """The boxes holding a picture of themselves, least recently painted first: past a
    budget of bytes, the least recent let theirs go."""

    BUDGET = 32 * 1024 * 1024

    def __init__(self):
        self._held: "OrderedDict[int, tuple]" = OrderedDict()  # id -> (item, bytes)
        self._total = 0

    def used(self, item: GroupItem) -> None:
        """``item`` was painted from its picture (made now, maybe)."""
        size = item._picture[1][0].sizeInBytes()  # noqa: SLF001 - its own bookkeeping
        held = self._held.pop(id(item), None)
        if held is not None:
            self._total -= held[1]
        self._held[id(item)] = (item, size)
        self._total += size
        while self._total > self.BUDGET and len(self._held) > 1:
            _, (oldest, bytes_) = self._held.popitem(last=False)
            oldest._picture = None  # noqa: SLF001
            self._total -= bytes_


    def clear(self) -> None:
        """Let every picture go (the boxes they show are gone with their scene)."""
        for item, _bytes in self._held.values():
            item._picture = None  # noqa: SLF001
        self._held.clear()
        self._total = 0


BOX_PICTURES = _Pictures()


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
