"""The graphics item of one node: a rounded box with label, data, grad and ports.

The item holds only its node id; everything it shows comes from the scene.
"""

from dataclasses import dataclass
from typing import List, Optional, Tuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetrics, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from ..colors import readable_text
from ..geometry import HEADER, HEIGHT, PORT_HIT, PORT_RADIUS, ROW, TEXT_MIN_ZOOM, WIDTH, port_offset
from .node_look import node_tooltip
from .node_text import MOST_KEPT, LaidOutText

@dataclass(frozen=True)
class PortRef:
    """One port of a node: its output (index -1) or input ``index``."""

    node_id: str
    index: int

    @property
    def is_output(self) -> bool:
        """True for the node's output port."""
        return self.index < 0

_NO_PEN = QPen(Qt.PenStyle.NoPen)


_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsMovable
          | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
_MARGIN = max(PORT_RADIUS + 4.0, PORT_HIT + 1.0)  # the ports' hit circles too
_SHAPES: dict = {}


def _shape_for(arity: int) -> QPainterPath:
    """The clickable outline of a node with ``arity`` inputs: the box and its ports."""
    if arity not in _SHAPES:
        # A union, not subpaths added to one path: with the default odd-even
        # fill, the half of a port circle lying over the box would be a hole.
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, WIDTH, HEIGHT), 8, 8)
        for index in range(-1, arity):
            port = QPainterPath()
            port.addEllipse(QPointF(*port_offset(index, arity)), PORT_HIT, PORT_HIT)
            path = path.united(port)
        _SHAPES[arity] = path
    return _SHAPES[arity]


class NodeItem(QGraphicsRectItem):
    """A node on the canvas, drawn from the scene's look of its node id.

    A rect item underneath, so Qt's spatial index asks C++ for the bounds of
    thousands of nodes instead of calling into Python for each.
    """

    def __init__(self, node_id: str, arity: int):
        super().__init__(-_MARGIN, -_MARGIN, WIDTH + 2 * _MARGIN, HEIGHT + 2 * _MARGIN)
        self.node_id = node_id
        self.arity = arity
        self.setPen(_NO_PEN)
        self.setFlags(_FLAGS)
        self.setZValue(1.0)

    def shape(self) -> QPainterPath:
        return _shape_for(self.arity)

    def port_pos(self, index: int) -> QPointF:
        """A port's centre in item coordinates (index -1 is the output)."""
        return QPointF(*port_offset(index, self.arity))

    def port_scene_pos(self, index: int) -> QPointF:
        """A port's centre in scene coordinates."""
        return self.mapToScene(self.port_pos(index))

    def port_at(self, scene_point: QPointF) -> Optional[PortRef]:
        """The port under ``scene_point``, if any."""
        local = self.mapFromScene(scene_point)
        for index in range(-1, self.arity):
            delta = local - self.port_pos(index)
            if delta.x() ** 2 + delta.y() ** 2 <= PORT_HIT ** 2:
                return PortRef(self.node_id, index)
        return None

    def field_at(self, scene_point: QPointF) -> str:
        """Which text row is under ``scene_point``: 'label', 'data' or 'grad'."""
        y = self.mapFromScene(scene_point).y()
        if y < HEADER:
            return "label"
        return "data" if y < HEADER + ROW else "grad"

    def field_rect(self, field: str) -> QRectF:
        """The rectangle (item coordinates) of a text row, for in-place editing."""
        top = {"label": 0.0, "data": HEADER, "grad": HEADER + ROW}[field]
        return QRectF(0, top, WIDTH, HEADER if field == "label" else ROW)

    # ----- Qt hooks -------------------------------------------------------
    def toolTip(self) -> str:
        """Label, kind, data and grad (4 decimals and full), local derivatives."""
        scene = self.scene()
        if not scene:
            return ""
        return node_tooltip(scene.session, self.node_id, scene.is_pending(self.node_id),
                            scene.display.overlay)

    def paint(self, painter, option: QStyleOptionGraphicsItem, widget=None):
        scene = self.scene()
        theme = scene.theme
        look = scene.look(self.node_id)
        zoom = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        fill = look.fill if look.fill is not None else theme.node_fill
        if look.stale and look.fill is not None:
            fill = _blend(fill, theme.node_fill, 0.65)
        border, width = theme.node_border, 1.2
        role = scene.display.step_role(self.node_id)
        if look.problem or look.mark == "≠":
            border, width = theme.invalid, 2.0 if look.problem else 3.5
        if role == "current":
            border, width = theme.step_current, 4.0
        elif role == "changed":
            border, width = theme.step_changed, 3.0
        if self.isSelected():
            border, width = theme.selection, max(width, 2.5)
        painter.setPen(_pen(border, width, look.stale))
        painter.setBrush(fill)
        painter.drawRoundedRect(_BOX, 8, 8)
        if look.is_output:
            painter.setPen(_pen(theme.output_mark, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(_BOX.adjusted(-4, -4, 4, 4), 11, 11)
        if zoom < TEXT_MIN_ZOOM:
            return
        if look.mark:
            _paint_mark(painter, look.mark, theme.invalid if look.mark == "≠" else theme.step_current)
        if scene.display.check_flags.get(self.node_id):
            painter.setPen(QPen(theme.invalid, 2.5))
            painter.drawText(QRectF(WIDTH - 22, HEIGHT - 20, 18, 18), Qt.AlignmentFlag.AlignCenter, "✗")
        self._paint_text(painter, look, theme, fill, scene.port_highlights)

    def _paint_text(self, painter, look, theme, fill, highlights):
        text_color = readable_text(fill)
        painter.setPen(_pen(theme.node_border, 0.8))
        painter.drawLine(_RULE_LEFT, _RULE_RIGHT)
        fonts = _fonts()
        painter.setFont(fonts.bold)
        painter.setPen(text_color)
        label, badge_width = fonts.header(look.label, look.badge)
        label_width = WIDTH - 20 - badge_width
        fonts.bold_text.draw(painter, QRectF(10, 0, label_width, HEADER), label)
        painter.setFont(fonts.small)
        fonts.small_text.draw(painter, QRectF(WIDTH - 8 - badge_width, 0, badge_width, HEADER),
                              look.badge, right=True)
        painter.setFont(fonts.mono)
        data = look.data_text if not look.problem else "— !"
        fonts.mono_text.draw(painter, _DATA_ROW, f"data {data}")
        if look.grad_text:
            text = fonts.mono_text
            if look.stale or look.pending:
                painter.setFont(fonts.mono_italic)
                text = fonts.mono_italic_text
            if look.pending:
                painter.setPen(theme.muted_text)
            text.draw(painter, _GRAD_ROW, f"grad {look.grad_text}")
        self._paint_ports(painter, theme, highlights)

    def _paint_ports(self, painter, theme, highlights):
        painter.setPen(_pen(theme.node_border, 1.0))
        if not highlights:  # as a path of every port: the same pixels, one call
            painter.setBrush(theme.port)
            painter.drawPath(_ports_path(self.arity))
            return
        for index in range(-1, self.arity):
            # Most paints have no highlights: no port reference made to look for one.
            state = highlights.get(PortRef(self.node_id, index)) if highlights else None
            color = (theme.port if state is None else
                     theme.valid_port if state == "valid" else theme.invalid)
            painter.setBrush(color)
            radius = PORT_RADIUS + (2.0 if state == "valid" else 0.0)
            painter.drawEllipse(QPointF(*port_offset(index, self.arity)), radius, radius)


_BOX = QRectF(0, 0, WIDTH, HEIGHT)
_RULE_LEFT, _RULE_RIGHT = QPointF(6, HEADER), QPointF(WIDTH - 6, HEADER)
_DATA_ROW = QRectF(12, HEADER, WIDTH - 20, ROW)
_GRAD_ROW = QRectF(12, HEADER + ROW, WIDTH - 20, ROW)
# Made once and kept: a step paints some forty boxes, each with four pens made afresh.
_PENS: dict = {}
_PORTS: dict = {}


def _pen(color: QColor, width: float, dashed: bool = False) -> QPen:
    """The pen of ``color`` and ``width`` (dashed: a stale grad's box)."""
    key = (color.rgba(), width, dashed)
    pen = _PENS.get(key)
    if pen is None:
        pen = _PENS[key] = QPen(color, width)  # the theme's few colours: a few dozen pens
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _ports_path(arity: int) -> QPainterPath:
    """The circles of a node's ports, as drawEllipse draws each, in one path."""
    if arity not in _PORTS:
        path = QPainterPath()
        for index in range(-1, arity):
            path.addEllipse(QPointF(*port_offset(index, arity)), PORT_RADIUS, PORT_RADIUS)
        _PORTS[arity] = path
    return _PORTS[arity]


MARK_CENTRE = (WIDTH - 1.0, -1.0)  # a badge's centre: on the corner, clear of the kind's name
MARK_RADIUS = 9.0  # inside the item's margin


def _paint_mark(painter, mark: str, color: QColor) -> None:
    """A round badge on the top right corner: the bug lab's "≠" or the quiz's "?"."""
    x, y = MARK_CENTRE
    painter.setPen(QPen(QColor("white"), 1.5))
    painter.setBrush(color)
    painter.drawEllipse(QPointF(x, y), MARK_RADIUS, MARK_RADIUS)
    painter.setFont(_fonts().bold)
    painter.drawText(QRectF(x - MARK_RADIUS, y - MARK_RADIUS, 2 * MARK_RADIUS, 2 * MARK_RADIUS),
                     Qt.AlignmentFlag.AlignCenter, mark)


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


class _Fonts:
    def __init__(self):
        self.bold = QFont()
        self.bold.setBold(True)
        self.bold.setPointSizeF(9.5)
        self.small = QFont()
        self.small.setPointSizeF(8.5)
        self.mono = QFont("monospace")
        self.mono.setStyleHint(QFont.StyleHint.Monospace)
        self.mono.setPointSizeF(9.0)
        self.mono_italic = QFont(self.mono)
        self.mono_italic.setItalic(True)
        self.bold_metrics = QFontMetrics(self.bold)
        self.small_metrics = QFontMetrics(self.small)
        self.bold_text, self.small_text = LaidOutText(self.bold), LaidOutText(self.small)
        self.mono_text, self.mono_italic_text = LaidOutText(self.mono), LaidOutText(self.mono_italic)
        self._headers: dict = {}

    def header(self, label: str, badge: str) -> Tuple[str, float]:
        """A box's label, elided to fit beside its badge, and the badge's width: measured
        once per label and badge (Qt's measuring took a fifth of a box's paint)."""
        known = self._headers.get((label, badge))
        if known is None:
            if len(self._headers) >= MOST_KEPT:
                self._headers.clear()
            badge_width = self.small_metrics.horizontalAdvance(badge) + 4
            elided = self.bold_metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                  int(WIDTH - 20 - badge_width))
            known = self._headers[(label, badge)] = (elided, badge_width)
        return known


_FONTS: List[_Fonts] = []


def _fonts() -> _Fonts:
    # Fonts need a running QGuiApplication, so they are made on first paint.
    if not _FONTS:
        _FONTS.append(_Fonts())
    return _FONTS[0]


def label_px() -> float:
    """The height of a node's label text in canvas units (on screen at 1:1, in pixels)."""
    return float(QFontInfo(_fonts().bold).pixelSize())
