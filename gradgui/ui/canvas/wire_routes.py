"""Where a wire item runs: between its nodes' ports, taken from their items where they
have them (a node being dragged), else from the document (a big graph's far node)."""

from typing import Dict, Tuple

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPen

from ...document import KINDS, Wire
from ..geometry import port_offset
from .node_item import NodeItem
from .wire_item import WireItem, hairline, is_long, wire_path


def port_at(doc, nodes: Dict[str, NodeItem], node_id: str, port: int) -> Tuple[float, float]:
    """Where a port is: on its node's item, else where the document puts the node."""
    item = nodes.get(node_id)
    if item is not None:
        pos, arity = item.pos(), item.arity
        x, y = pos.x(), pos.y()
    else:
        x, y = doc.pos(node_id)
        arity = KINDS[doc.node(node_id)["kind"]].arity
    dx, dy = port_offset(port, arity)
    return x + dx, y + dy


def pen_of(item: WireItem, wire_pen: QPen, thin: bool = False) -> QPen:
    """The pen a wire item draws with: the wires' pen, a hairline for a long wire or
    for every wire when ``thin`` (a big graph's)."""
    return hairline(wire_pen) if item.long or thin else wire_pen


def route(item: WireItem, doc, nodes: Dict[str, NodeItem], wire_pen: QPen,
          thin: bool = False) -> None:
    """Lay a wire item's curve between its ports (its pen thins if it became long)."""
    # Port positions follow from the node items' positions: no mapping calls.
    wire = item.wire
    x1, y1 = port_at(doc, nodes, wire.source, -1)
    x2, y2 = port_at(doc, nodes, wire.target, wire.port)
    item.set_path(wire_path(x1, y1, x2, y2))
    long = is_long(x1, y1, x2, y2)
    if long != item.long:
        item.long = long
        item.setPen(pen_of(item, wire_pen, thin))


def bounds_of(doc, wire: Wire) -> QRectF:
    """A rectangle the wire's curve lies in (generous: its bend reaches out)."""
    (x1, y1), (x2, y2) = doc.pos(wire.source), doc.pos(wire.target)
    reach = 200.0 + abs(x2 - x1) * 0.5
    return QRectF(min(x1, x2) - reach, min(y1, y2) - reach,
                  abs(x2 - x1) + 2 * reach, abs(y2 - y1) + 2 * reach)
