"""The wiring gesture: drag from a port, see where a wire may go, drop to wire.

Dragging from an output looks for an input; dragging from a free input looks
for an output; dragging from a wired input picks that wire up, so dropping
it on another input moves it and dropping it on empty canvas removes it.
"""

from typing import Dict, Optional, Tuple

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ...document import Command, Macro, RemoveWire, Wire, rewire
from .node_item import PortRef
from .wire_item import wire_path


class WireDrag:
    """One wiring gesture in progress on a scene."""

    def __init__(self, scene, start: PortRef):
        self.scene = scene
        self.doc = scene.session.doc
        self.detached: Optional[Wire] = None
        if not start.is_output and (wire := self.doc.wire_into(start.node_id, start.index)):
            self.detached = wire
            scene.detail.kept_wire = wire  # its item stays while the view moves
            if wire in scene.wires:  # a big graph's wires may exist only as the overview
                scene.wires[wire].setVisible(False)
            start = PortRef(wire.source, -1)
        self.fixed = start
        self.temp = QGraphicsPathItem()
        pen = QPen(scene.theme.selection, 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.temp.setPen(pen)
        self.temp.setZValue(3.0)
        scene.addItem(self.temp)
        scene.set_port_highlights(self._targets())

    def _targets(self) -> Dict[PortRef, str]:
        """Every port the drag could end on, marked valid or invalid."""
        marks: Dict[PortRef, str] = {}
        if self.fixed.is_output:
            blocked = self.doc.upstream(self.fixed.node_id) | {self.fixed.node_id}
            for node_id, item in self.scene.nodes.items():
                for port in range(item.arity):
                    marks[PortRef(node_id, port)] = "invalid" if node_id in blocked else "valid"
        else:
            blocked = self.doc.downstream(self.fixed.node_id) | {self.fixed.node_id}
            for node_id in self.scene.nodes:
                marks[PortRef(node_id, -1)] = "invalid" if node_id in blocked else "valid"
        return marks

    def _ends(self, port: PortRef) -> Optional[Tuple[str, str, int]]:
        """(source, target, port) if the fixed end and ``port`` make a wire's two ends."""
        if self.fixed.is_output and not port.is_output:
            return self.fixed.node_id, port.node_id, port.index
        if not self.fixed.is_output and port.is_output:
            return port.node_id, self.fixed.node_id, self.fixed.index
        return None

    def problem(self, port: PortRef) -> Optional[str]:
        """Why dropping on ``port`` would not make a wire (None if it would)."""
        ends = self._ends(port)
        if ends is None:
            if port.is_output:
                return "wires go from an output (right side) to an input (left side)"
            return "connect an input to an output (the right side of a node)"
        if self.detached and (ends[1], ends[2]) == (self.detached.target, self.detached.port):
            return None
        return self.doc.wire_problem(*ends, replacing=True)

    def move(self, scene_point: QPointF) -> Optional[str]:
        """Follow the cursor; returns what the status bar should say."""
        anchor_item = self.scene.item_of(self.fixed.node_id)
        anchor = anchor_item.port_scene_pos(self.fixed.index)
        port = self.scene.port_at(scene_point)
        end = self.scene.item_of(port.node_id).port_scene_pos(port.index) if port else scene_point
        start, finish = (anchor, end) if self.fixed.is_output else (end, anchor)
        path = wire_path(start.x(), start.y(), finish.x(), finish.y())
        self.temp.setPath(path)
        if port is None or port == self.fixed:
            return None
        return self.problem(port)

    def finish(self, scene_point: QPointF) -> Tuple[Optional[Command], Optional[str]]:
        """End the gesture: the command to run (if any) and a message (if refused)."""
        port = self.scene.port_at(scene_point)
        self._clean_up()
        if port is None:
            if self.detached:
                return Macro("Remove wire", [RemoveWire(self.detached)]), None
            return None, None
        if port == self.fixed:
            return None, None
        problem = self.problem(port)
        if problem:
            return None, problem
        source, target, index = self._ends(port)
        if self.detached:
            if (target, index) == (self.detached.target, self.detached.port):
                return None, None
            # Taking the old wire away cannot open a path that closes a cycle
            # through the new one, so the new wire is checked as it stands.
            moved = rewire(self.doc, source, target, index)
            return Macro("Move wire", [RemoveWire(self.detached)] + moved.commands), None
        return rewire(self.doc, source, target, index), None

    def cancel(self) -> None:
        """Abandon the gesture, leaving everything as it was."""
        self._clean_up()

    def _clean_up(self) -> None:
        if self.detached and self.detached in self.scene.wires:
            self.scene.wires[self.detached].setVisible(True)
        self.scene.detail.kept_wire = None
        self.scene.removeItem(self.temp)
        self.scene.set_port_highlights({})

