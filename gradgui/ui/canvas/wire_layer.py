"""The wires of a big graph zoomed in, drawn in one item: only those a paint exposes,
straight from where the wires lie, with no item for each."""

from typing import Iterator, Optional, Tuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker
from PySide6.QtWidgets import QGraphicsItem

from ...document import Wire
from .nearby import REACH
from .wire_item import hairline, wire_path, wire_paths

PEN_REACH_PX = 4.0  # screen pixels from a wire's curve that its stroke may touch

_EXTENDED = QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption


class WireLayer(QGraphicsItem):
    """Draws every wire that has no item of its own and is not hidden in a collapsed box,
    while it is on (a big graph zoomed in); draws nothing while off.

    Making an item for each wire a view comes to cost more than drawing the wires:
    a step that pans to a new place came to about a thousand. Items are still
    made for the wires that need one (selected, picked up by a gesture, on a node
    being dragged): the layer leaves those to them.
    """

    def __init__(self, detail):
        super().__init__()
        self.detail = detail
        self.on = False
        self._rect = QRectF()
        self.setFlag(_EXTENDED)  # the paint is told what it exposes
        self.setZValue(-1.0)  # as wire items: under the nodes, whose ports the ends meet
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_on(self, on: bool) -> None:
        """Draw the wires (True) or nothing."""
        if on != self.on:
            if self.on:
                self.update()
            self.prepareGeometryChange()  # off, it covers nothing: no view or query meets it
            self.on = on
            self.update()

    def set_rect(self, rect: QRectF) -> None:
        """Cover ``rect`` (the scene's own rect, which every wire lies inside) while on."""
        if rect != self._rect:
            if self.on:
                self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect if self.on else QRectF()

    def shape(self) -> QPainterPath:
        # Nothing to click or to find under a point: a click near a wire is found by
        # wire_at, and the items under a point are those of the nodes and boxes.
        return QPainterPath()

    def wires_in(self, rect: QRectF, reach: float = REACH
                 ) -> Iterator[Tuple[Tuple[str, str, int], float, float, float, float]]:
        """The wires the layer draws that may pass within ``reach`` of ``rect``: (source,
        target, port) and the ends of each curve."""
        if not self.on:
            return
        detail = self.detail
        items, hidden, kept = detail.wires, detail.hidden_nodes(), detail.kept_wire
        ask_items = bool(items) or kept is not None
        for ends in detail.spans.ends_crossing(detail.session.doc, rect, hidden, reach):
            key = ends[0]
            if ask_items and ((wire := Wire(*key)) in items or wire == kept):
                continue
            yield ends

    def paint(self, painter, option, widget=None):
        if not self.on:
            return
        exposed = option.exposedRect
        # A wire's pixels lie within a few of its curve, however far out the view is.
        reach = max(REACH, PEN_REACH_PX / (painter.worldTransform().m11() or 1.0))
        # Cut to what is exposed: a long curve's hairline is then stroked only where it
        # shows (the pixels there are the same), in about half the time.
        painter.setClipRect(exposed)
        # A big graph's wires are all hairlines, those with items too (LevelOfDetail.thin_wires).
        painter.setPen(hairline(self.detail.wire_pen))
        # All in one path, in the document's order, as the wire items are stacked: the
        # hairline strokes each curve of it on its own, on the same pixels as one path a
        # wire, in one call instead of hundreds (a wide pen's one path was far slower).
        painter.drawPath(wire_paths(self._ends_in(exposed, reach)))

    def _ends_in(self, rect: QRectF, reach: float):
        """The ends of the wires the layer draws near ``rect``, as four rows of an array."""
        detail = self.detail
        if detail.wires or detail.kept_wire is not None:  # a few with items: left to them
            import numpy as np
            ends = [wire[1:] for wire in self.wires_in(rect, reach)]
            return np.array(ends, dtype=float).reshape(-1, 4).T
        return detail.spans.ends_array(detail.session.doc, rect, detail.hidden_nodes(), reach)[1]

    def wire_at(self, point: QPointF, reach: float = 5.0) -> Optional[Wire]:
        """The wire the layer draws passing within ``reach`` of ``point``, if any."""
        near = QRectF(point.x() - reach, point.y() - reach, 2 * reach, 2 * reach)
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * reach)
        for key, x1, y1, x2, y2 in self.wires_in(near):
            if stroker.createStroke(wire_path(x1, y1, x2, y2)).contains(point):
                return Wire(*key)
        return None

    def item_at(self, point: QPointF):
        """The wire the layer draws near ``point``, given an item of its own (to be
        selected), or None."""
        wire = self.wire_at(point) if self.on else None
        if wire is None:
            return None
        self.detail.add_wire(wire)
        return self.detail.wires[wire]

    def paths_in(self, rect: QRectF) -> Iterator[Tuple[Wire, QPainterPath]]:
        """The curves of the wires the layer draws that may pass through ``rect``."""
        for key, x1, y1, x2, y2 in self.wires_in(rect):
            yield Wire(*key), wire_path(x1, y1, x2, y2)
