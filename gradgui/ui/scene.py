"""The scene: node and wire items that follow the document's events."""

from typing import Dict, Optional

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsScene, QToolTip

from ..document import DocEvent, Wire
from ..engine import fmt
from .colors import GradScale, Theme
from .look import NodeLook, node_look
from .node_item import NodeItem, PortRef
from .wire_item import WireItem


_UNKNOWN = object()  # the grad scale is not worked out yet


class GraphScene(QGraphicsScene):
    """Items for every node and wire of the session's document, kept in step with it."""

    def __init__(self, session, theme: Theme, parent=None):
        super().__init__(parent)
        self.session = session
        self.theme = theme
        self.scale_mode = "linear"
        self.nodes: Dict[str, NodeItem] = {}
        self.wires: Dict[Wire, WireItem] = {}
        self.port_highlights: Dict[PortRef, str] = {}
        self.step_roles: Dict[str, str] = {}
        self.check_flags: Dict[str, bool] = {}
        self.show_edge_labels = False
        self._looks: Dict[str, NodeLook] = {}
        self._scale = _UNKNOWN
        self.setBackgroundBrush(theme.canvas)
        session.doc.events.sub(self._on_event)
        session.evaluated.connect(self._on_evaluated)
        session.grads_changed.connect(self.refresh_looks)
        self.rebuild()

    # ----- what items show -------------------------------------------------
    def look(self, node_id: str) -> NodeLook:
        """The look of a node, computed once per evaluation."""
        look = self._looks.get(node_id)
        if look is None:
            look = self._looks[node_id] = node_look(self.session, node_id, self.grad_scale())
        return look

    def grad_scale(self) -> Optional[GradScale]:
        """The colour scale of the grads on show (None before any Backward)."""
        if self._scale is _UNKNOWN:
            grads = [abs(g) for n in self.session.doc.graph
                     if (g := self.session.grad(n)) is not None]
            self._scale = GradScale(max(grads), self.scale_mode) if grads else None
        return self._scale

    def step_role(self, node_id: str) -> Optional[str]:
        """'current' or 'changed' while stepping, else None."""
        return self.step_roles.get(node_id)

    def _on_evaluated(self) -> None:
        self.check_flags = {}
        self.refresh_looks()

    def set_check_flags(self, flags: Dict[str, bool]) -> None:
        """Mark the nodes whose gradient check failed (True) or passed (False)."""
        self.check_flags = flags
        self.update()

    def set_edge_labels(self, shown: bool) -> None:
        """Show or hide each wire's local derivative."""
        self.show_edge_labels = shown
        self.update()

    def edge_label(self, wire: Wire) -> str:
        """The local derivative d(target)/d(port) of a wire, as text."""
        value = self.session.evaluation.values.get(wire.target)
        if value is None:
            return ""
        try:
            return fmt(value.local_derivatives()[wire.port])
        except ArithmeticError:
            return "?"

    def refresh_looks(self) -> None:
        """Forget every cached look and repaint once."""
        self._looks.clear()
        self._scale = _UNKNOWN
        self.update()

    def set_theme(self, theme: Theme) -> None:
        """Follow a palette change."""
        self.theme = theme
        self.setBackgroundBrush(theme.canvas)
        for item in self.wires.values():
            self._route(item)
        self.update()

    # ----- following the document --------------------------------------
    def rebuild(self) -> None:
        """Make every item again from the document."""
        self.clear()
        self.nodes.clear()
        self.wires.clear()
        self._looks.clear()
        doc = self.session.doc
        for node_id in doc.graph:
            self._add_node(node_id)
        for wire in doc.wires():
            self._add_wire(wire)

    def _on_event(self, event: DocEvent) -> None:
        kind = event.kind
        if kind == "node_added":
            self._add_node(event.node)
        elif kind == "node_removed":
            self.removeItem(self.nodes.pop(event.node))
        elif kind == "wire_added":
            self._add_wire(event.wire)
        elif kind == "wire_removed":
            self.removeItem(self.wires.pop(event.wire))
        elif kind == "node_changed":
            item = self.nodes[event.node]
            if event.field == "pos":
                item.setPos(QPointF(*self.session.doc.pos(event.node)))
            self._looks.pop(event.node, None)
            item.update()
        elif kind == "reset":
            self.rebuild()
        elif kind == "output_changed":
            self.refresh_looks()

    def _add_node(self, node_id: str) -> None:
        item = NodeItem(node_id, self.session.doc.kind(node_id).arity)
        self.nodes[node_id] = item
        item.setPos(QPointF(*self.session.doc.pos(node_id)))
        self.addItem(item)

    def _add_wire(self, wire: Wire) -> None:
        item = WireItem(wire)
        self.wires[wire] = item
        self._route(item)
        self.addItem(item)

    def _route(self, item: WireItem) -> None:
        wire = item.wire
        start = self.nodes[wire.source].port_scene_pos(-1)
        end = self.nodes[wire.target].port_scene_pos(wire.port)
        pen = QPen(self.theme.wire, 1.8)
        pen.setCosmetic(True)
        item.update_path(start, end, pen)

    def node_item_moved(self, item: NodeItem) -> None:
        """Keep a node's wires attached while it is being dragged."""
        graph = self.session.doc.graph
        node_id = item.node_id
        if node_id not in graph:
            return
        for source, target, port in list(graph.in_edges(node_id, keys=True)) + list(
                graph.out_edges(node_id, keys=True)):
            wire_item = self.wires.get(Wire(source, target, port))
            if wire_item is not None:
                self._route(wire_item)

    # ----- queries for gestures ------------------------------------------
    def node_at(self, scene_point: QPointF) -> Optional[NodeItem]:
        """The topmost node item under a point."""
        for item in self.items(scene_point, Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, NodeItem):
                return item
        return None

    def port_at(self, scene_point: QPointF) -> Optional[PortRef]:
        """The port under a point, if any."""
        item = self.node_at(scene_point)
        return item.port_at(scene_point) if item is not None else None

    def selected_node_ids(self) -> list:
        """The ids of the selected nodes, in document order."""
        selected = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [n for n in self.session.doc.graph if n in selected]

    def selected_wires(self) -> list:
        """The selected wires."""
        return [i.wire for i in self.selectedItems() if isinstance(i, WireItem)]

    def set_port_highlights(self, highlights: Dict[PortRef, str]) -> None:
        """Mark ports as valid or invalid targets while a wire is dragged."""
        touched = {ref.node_id for ref in self.port_highlights} | {ref.node_id for ref in highlights}
        self.port_highlights = highlights
        for node_id in touched:
            if node_id in self.nodes:
                self.nodes[node_id].update()

    def helpEvent(self, event):
        item = self.node_at(event.scenePos())
        if item is None:
            QToolTip.hideText()
            event.ignore()
            return
        QToolTip.showText(event.screenPos(), item.toolTip(), event.widget())
        event.accept()
