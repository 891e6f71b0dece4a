"""What the views and gestures ask of the scene: what is in view, what lies under
a point, what is selected."""

from typing import Callable, Dict, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsScene

from ..geometry import boxes_rect
from .node_item import NodeItem, PortRef
from .wire_item import WireItem


class SceneQueries:
    """Questions about a scene's items, answered from its items and its document.

    ``nodes`` is the scene's table of node items by id; ``in_overview()`` says
    whether the scene shows the overview (where wires cannot be hit).
    """

    def __init__(self, scene: QGraphicsScene, session, nodes: Dict[str, NodeItem],
                 in_overview: Callable[[], bool]):
        self.scene = scene
        self.session = session
        self.nodes = nodes
        self._in_overview = in_overview
        self._graph_rect: tuple = (None, QRectF())  # (the document's revision, the rect then)
        self._chosen: tuple = (None, None)  # the ids select_nodes selected, and the revision then
        self._telling_chosen = False  # select_nodes is telling listeners of what it chose
        self.folding = None  # the scene's collapsed groups (set by the scene)
        self.covered = False  # the scene has a rect of its own (see cover)

    def in_view(self) -> QRectF:
        """What the views show, in scene coordinates: all a repaint need cover.

        (``sceneRect()`` would do, but without a rect of its own the scene
        works it out from every item, which made each of a layout's moves
        cost as much as the graph.)
        """
        shown = QRectF()
        for view in self.scene.views():
            shown = shown.united(view.mapToScene(view.viewport().rect()).boundingRect())
        return shown

    def graph_rect(self) -> QRectF:
        """The rectangle the nodes cover, from the document's positions.

        Worked out once per change of the document: opening a big graph asks
        for it several times, and each time it looks at every node.
        """
        doc = self.session.doc
        plan = self.folding.plan if self.folding is not None else None
        when = (doc.revision, plan.revision if plan is not None else None)
        if self._graph_rect[0] != when:
            positions = doc.positions()
            if plan:  # what shows: nodes not hidden, and the boxes
                hidden = plan.hidden
                positions = [(n, p) for n, p in positions if n not in hidden]
                positions += [(b.gid, (b.x, b.y)) for b in plan.boxes.values()]
            self._graph_rect = (when, boxes_rect(pos for _, pos in positions))
        return QRectF(self._graph_rect[1])

    def cover(self, rect: QRectF) -> None:
        """Make the scene's own rect cover ``rect``, with room to grow.

        Qt's item index divides the scene rect; left unset, the rect is worked
        out from every item when asked and the index can lag behind the graph.
        """
        scene = self.scene
        current = scene.sceneRect() if self.covered else QRectF()
        if self.covered and current.contains(rect):
            return
        wanted = current.united(rect) if self.covered else rect
        margin = max(wanted.width(), wanted.height(), 1000.0) * 0.1
        scene.setSceneRect(wanted.adjusted(-margin, -margin, margin, margin))
        self.covered = True

    def know_graph_rect(self, rect: QRectF) -> None:
        """The rectangle the nodes cover now, worked out elsewhere (with the overview)."""
        plan = self.folding.plan if self.folding is not None else None
        self._graph_rect = ((self.session.doc.revision, plan.revision if plan is not None else None),
                            QRectF(rect))

    def node_at(self, scene_point: QPointF) -> Optional[NodeItem]:
        """The topmost node item under a point."""
        for item in self.scene.items(scene_point, Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, NodeItem):
                return item
        return None

    def wire_at(self, scene_point: QPointF) -> Optional[WireItem]:
        """The wire passing within a few units of a point, if any."""
        if self._in_overview():
            return None
        near = QRectF(scene_point.x() - 5, scene_point.y() - 5, 10, 10)
        for item in self.scene.items(near, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, WireItem) and item.hit(scene_point):
                return item
        return None

    def port_at(self, scene_point: QPointF) -> Optional[PortRef]:
        """The port under a point, if any."""
        item = self.node_at(scene_point)
        return item.port_at(scene_point) if item is not None else None

    def selected_node_items(self) -> list:
        """The selected node items."""
        return [i for i in self.scene.selectedItems() if isinstance(i, NodeItem)]

    def sole_selected_node(self) -> Optional[str]:
        """The id of the one selected node; None if none or several are selected."""
        chosen = self._still_chosen()
        if chosen is not None:
            return next(iter(chosen)) if len(chosen) == 1 else None
        found = None
        for item in self.scene.selectedItems():
            if isinstance(item, NodeItem):
                if found is not None:
                    return None
                found = item.node_id
        return found

    def selected_node_set(self) -> set:
        """The ids of the selected nodes, in no order."""
        chosen = self._still_chosen()
        if chosen is not None:
            return chosen  # as select_nodes made it: asking Qt took 0.1 s for 100,000
        selected = {i.node_id for i in self.selected_node_items()}
        if self.folding is not None and self.folding.plan:  # a box stands for its group's nodes
            selected |= self.folding.members(self.folding.selected_gids())
        return selected

    def selected_node_ids(self) -> list:
        """The ids of the selected nodes, in document order."""
        nodes = self.session.doc.nodes()
        selected = self.selected_node_set()
        if len(selected) == len(nodes):
            return list(nodes)
        return [n for n in nodes if n in selected]

    def _still_chosen(self) -> Optional[set]:
        """What select_nodes selected, if neither the selection nor the document changed since."""
        chosen, when = self._chosen
        return chosen if chosen is not None and when == self._doc_state() else None

    def _doc_state(self) -> int:
        return self.session.doc.revision

    def forget_chosen(self) -> None:
        """The selection changed: what select_nodes chose may no longer be it."""
        if not self._telling_chosen:
            self._chosen = (None, None)

    def select_nodes(self, node_ids) -> None:
        """Select exactly these nodes, telling listeners once.

        Qt emits selectionChanged for every item that changes, and listeners
        read the whole selection: one signal per item would cost the square.
        """
        node_ids = list(node_ids)
        scene = self.scene
        blocked = scene.blockSignals(True)
        try:
            scene.clearSelection()
            for node_id in node_ids:
                self.nodes[node_id].setSelected(True)
            if self.folding is not None and self.folding.plan:
                for gid in self.folding.boxes_touched(node_ids):
                    self.folding.boxes[gid].setSelected(True)
        finally:
            scene.blockSignals(blocked)
        # Kept until the selection or the document changes; listeners may use it already.
        self._chosen = (set(node_ids), self._doc_state())
        self._telling_chosen = True
        try:
            scene.selectionChanged.emit()
        finally:
            self._telling_chosen = False

    def selected_wires(self) -> list:
        """The selected wires."""
        return [i.wire for i in self.scene.selectedItems() if isinstance(i, WireItem)]
