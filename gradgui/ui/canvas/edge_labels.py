"""Edge labels: each wire's local derivative, named by its nodes (``do/dn = 0.5``), on a
small plate of the canvas colour so it reads over the wires it crosses, placed clear of
the node boxes."""

import re
from typing import Dict, List, Optional, Tuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from ...document import Wire
from ...engine import fmt
from ..geometry import HEIGHT, PORT_RADIUS, WIDTH

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
PAD_X, PAD_Y = 4.0, 1.5
LABEL_POINTS = 7.5  # smaller than node text: a label sits between two nodes


def _part(label: str) -> str:
    """A node's name in a derivative: as it is when it reads as one name, else in brackets."""
    return label if _PLAIN.match(label) else f"({label})"


def derivative_name(target: str, source: str) -> str:
    """``do/dn`` for the derivative of node ``target`` by node ``source`` (their labels)."""
    return f"d{_part(target)}/d{_part(source)}"


def edge_label(session, wire: Wire) -> str:
    """The local derivative of ``wire``'s target by its source, e.g. ``do/dn = 0.5``;
    empty when the target has no value."""
    value = session.evaluation.values.get(wire.target)
    if value is None:
        return ""
    doc = session.doc
    name = derivative_name(doc.label(wire.target), doc.label(wire.source))
    ports = [port for port, source in enumerate(doc.inputs(wire.target)) if source == wire.source]
    if len(ports) > 1:
        # b = a + a: each wire is one share of db/da (2 in all), not db/da itself.
        name += f" ({ports.index(wire.port) + 1} of {len(ports)})"
    try:
        return f"{name} = {fmt(value.local_derivatives()[wire.port])}"
    except ArithmeticError:
        return f"{name} = ?"


PLACES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)  # along the wire, from its middle outwards
CLEAR = 2.0  # kept between a label and a node's box or ports


def label_font(base: QFont) -> QFont:
    """The font edge labels are drawn in (smaller than node text)."""
    font = QFont(base)
    font.setPointSizeF(LABEL_POINTS)
    return font


def place_edge_labels(scene, wire_items, metrics: QFontMetricsF) -> List[Tuple[object, str, QRectF]]:
    """Where each wire's label goes: (item, text, rect) for the labels that find room.

    A label sits on its wire, as near the middle as it can without covering a
    node's box or port or the label of another wire into the same node; with
    no room for the whole ``do/dn = 0.5`` it tries ``do/dn=0.5``, then only
    the number, and with no room for that it is left out. The place depends only on the graph, never on
    which part of the canvas is being repainted.
    """
    placed: Dict[object, Optional[Tuple[str, QRectF]]] = {}
    out = []
    for item in wire_items:
        found = _place(scene, item, metrics, placed)
        if found is not None:
            out.append((item, *found))
    return out


def _place(scene, item, metrics, placed):
    if item in placed:
        return placed[item]
    placed[item] = None  # guards against a loop while the siblings are placed
    text = scene.edge_label(item.wire)
    taken = []
    wire = item.wire
    sources = scene.session.doc.inputs(wire.target) if text else []
    for port in range(min(wire.port, len(sources))):  # wires into earlier ports go first
        sibling = scene.wires.get(Wire(sources[port], wire.target, port)) if sources[port] else None
        if sibling is not None and (found := _place(scene, sibling, metrics, placed)) is not None:
            taken.append(found[1])
    result = None
    for shown in _shorter(text):
        width = metrics.horizontalAdvance(shown) + 2 * PAD_X
        height = metrics.height() + 2 * PAD_Y
        for t in PLACES:
            middle = item.path().pointAtPercent(t)
            box = QRectF(middle.x() - width / 2, middle.y() - height / 2, width, height)
            if not any(box.intersects(r) for r in taken) and not _covers_a_node(scene, box):
                result = (shown, box)
                break
        if result is not None:
            break
    placed[item] = result
    return result


def _shorter(text: str) -> list:
    """A label and its shorter forms: ``do/dn = 0.5``, ``do/dn=0.5``, ``0.5``."""
    if not text:
        return []
    name, _, number = text.rpartition(" = ")
    return [text, f"{name}={number}", number]


def _covers_a_node(scene, box: QRectF) -> bool:
    """True if ``box`` comes within CLEAR of a node's box or one of its ports, or of a
    collapsed group's box."""
    near = box.adjusted(-CLEAR, -CLEAR, CLEAR, CLEAR)
    for other in scene.items(near):
        if not other.isVisible():
            continue
        if hasattr(other, "node_id"):  # a node's item: its box and ports, not its margin
            if near.intersects(QRectF(other.pos().x(), other.pos().y(), WIDTH, HEIGHT)):
                return True
            for index in range(-1, other.arity):
                centre = other.port_scene_pos(index)
                if near.intersects(QRectF(centre.x() - PORT_RADIUS, centre.y() - PORT_RADIUS,
                                          2 * PORT_RADIUS, 2 * PORT_RADIUS)):
                    return True
        elif hasattr(other, "gid") and near.intersects(other.sceneBoundingRect()):
            return True  # a collapsed group's box with the cards behind it
    return False


def paint_edge_labels(painter: QPainter, scene, wire_items) -> None:
    """Draw each wire item's label on its wire, clear of the nodes, on a plate of the
    canvas colour."""
    theme = scene.theme
    plate = QColor(theme.canvas)
    plate.setAlphaF(0.9)
    border = QPen(theme.wire, 0.8)
    font = label_font(painter.font())
    painter.setFont(font)
    for _item, text, box in place_edge_labels(scene, wire_items, QFontMetricsF(font)):
        painter.setPen(border)
        painter.setBrush(plate)
        painter.drawRoundedRect(box, 3.0, 3.0)
        painter.setPen(theme.text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
