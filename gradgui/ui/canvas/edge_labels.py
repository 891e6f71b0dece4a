"""Edge labels: each wire's local derivative, named by its nodes (``do/dn = 0.5``), on a
small plate of the canvas colour so it reads over the wires it crosses."""

import re

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from ...document import Wire
from ...engine import fmt

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
    try:
        return f"{name} = {fmt(value.local_derivatives()[wire.port])}"
    except ArithmeticError:
        return f"{name} = ?"


def paint_edge_labels(painter: QPainter, scene, wire_items) -> None:
    """Draw each wire item's label at its middle, on a plate of the canvas colour."""
    theme = scene.theme
    plate = QColor(theme.canvas)
    plate.setAlphaF(0.9)
    border = QPen(theme.wire, 0.8)
    font = QFont(painter.font())
    font.setPointSizeF(LABEL_POINTS)
    painter.setFont(font)
    metrics = painter.fontMetrics()
    for item in wire_items:
        text = scene.edge_label(item.wire)
        if not text:
            continue
        middle = item.path().pointAtPercent(0.5)
        width = metrics.horizontalAdvance(text) + 2 * PAD_X
        height = metrics.height() + 2 * PAD_Y
        box = QRectF(middle.x() - width / 2, middle.y() - height / 2, width, height)
        painter.setPen(border)
        painter.setBrush(plate)
        painter.drawRoundedRect(box, 3.0, 3.0)
        painter.setPen(theme.text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
