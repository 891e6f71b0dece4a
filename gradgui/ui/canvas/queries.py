"""What the views and gestures ask of the scene: what is in view, what lies under
a point, what is selected."""

from contextlib import contextmanager
from typing import Callable, Dict, Optional, Set

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsScene
from shiboken6 import isValid

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
        # The selected nodes, with or without items; the items reflect it when made.
        self.selection: Set[str] = set()
        self.band_base: Set[str] = set()  # selected when a rubber band adding to it began
        self.quiet = False  # items change their selection to reflect ours: nothing to follow
        self.heard_from_items = 0  # how often Qt told of a change of the items' selection
        self.spans: Callable = lambda: None  # where the nodes are (set by the scene)
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
        """The topmost node item under a point (made if its node has none)."""
        self.scene.node_items.make_near(scene_point)
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
        return self.scene.detail.layer.item_at(scene_point)  # a big graph's, drawn in one layer

    def port_at(self, scene_point: QPointF) -> Optional[PortRef]:
        """The port under a point, if any."""
        item = self.node_at(scene_point)
        return item.port_at(scene_point) if item is not None else None

    # ----- the selection: node ids, whether their nodes have items or not ---------
    def sole_selected_node(self) -> Optional[str]:
        """The id of the one selected node; None if none or several are selected."""
        selection = self.selection
        return next(iter(selection)) if len(selection) == 1 else None

    def sole_selected_box(self) -> Optional[str]:
        """The group id of the one selected collapsed box, when nothing else is selected."""
        gids = self.folding.selected_gids() if self.folding is not None else []
        return gids[0] if len(gids) == 1 and not self.selection else None

    def selected_node_set(self) -> set:
        """The ids of the selected nodes, in no order (the scene's own set: not to be changed)."""
        if self.folding is not None and self.folding.plan:  # a box stands for its group's nodes
            gids = self.folding.selected_gids()
            if gids:
                return self.selection | self.folding.members(gids)
        return self.selection

    def selected_node_ids(self) -> list:
        """The ids of the selected nodes, in document order."""
        nodes = self.session.doc.nodes()
        selected = self.selected_node_set()
        if len(selected) == len(nodes):
            return list(nodes)
        return [n for n in nodes if n in selected]

    def items_selection_changed(self) -> None:
        """Qt changed which items are selected (a click, the rubber band): the selection
        follows the node items; nodes without items keep theirs."""
        self.heard_from_items += 1
        if self.quiet or not isValid(self.scene):  # (told as the scene is deleted, too)
            return
        now = {i.node_id for i in self.scene.selectedItems() if isinstance(i, NodeItem)}
        selection = self.selection
        if len(selection) > len(self.nodes):
            selection.difference_update([n for n in self.nodes if n not in now])
        else:
            selection.difference_update([n for n in selection if n in self.nodes and n not in now])
        selection.update(now)

    def replace_selection(self, node_ids) -> None:
        """The selection becomes these nodes, quietly: Qt is about to change the items'
        selection and tell listeners (a click); ``tell_if_unheard`` makes sure they hear."""
        self.selection.clear()
        self.selection.update(node_ids)

    @contextmanager
    def tell_if_unheard(self):
        """Listeners hear of a change of the selection made meanwhile, once, if Qt told
        them nothing (only nodes without items changed)."""
        before, heard = set(self.selection), self.heard_from_items
        yield
        if self.heard_from_items == heard and self.selection != before:
            self.scene.selectionChanged.emit()

    def clear_selection(self) -> None:
        """Select nothing, the nodes without items too."""
        with self.tell_if_unheard():
            self.selection.clear()
            QGraphicsScene.clearSelection(self.scene)  # Qt's own: the items only

    def unselect_hidden(self) -> None:
        """Nodes a collapsed group hides are not selected (Qt unselects hidden items)."""
        hidden = self.folding.plan.hidden
        if hidden:
            with self.tell_if_unheard():
                self.selection.difference_update([n for n in self.selection if n in hidden])

    def shown_within(self, area: QRectF) -> int:
        """How many nodes and collapsed boxes are drawn overlapping ``area``, whether they
        have items or not (far out, a big graph's nodes have none)."""
        hidden = self.folding.plan.hidden if self.folding is not None else {}
        nodes = sum(1 for n in self.spans().nodes_within(self.session.doc, area, margin=0.0)
                    if n not in hidden)
        boxes = self.folding.boxes.values() if self.folding is not None else ()
        return nodes + sum(1 for box in boxes
                           if box.isVisible() and box.sceneBoundingRect().intersects(area))

    def band_moved(self, area: QRectF) -> None:
        """A view's rubber band covers ``area``: its nodes are selected, with or without
        items (Qt selects the items it covers, next); added to the selection with Ctrl."""
        with self.tell_if_unheard():
            doc = self.session.doc
            hidden = self.folding.plan.hidden if self.folding is not None else {}
            items = self.nodes  # Qt decides for these, next (by their shapes)
            # Boxes only, as an item's shape without its ports: no margin around them.
            covered = {n for n in self.spans().nodes_within(doc, area, margin=0.0)
                       if n not in hidden and n not in items}
            kept = {n for n in self.selection if n in items and items[n].isSelected()}
            self.replace_selection(self.band_base | covered | kept)

    def select_nodes(self, node_ids) -> None:
        """Select exactly these nodes, telling listeners once.

        Qt emits selectionChanged for every item that changes, and listeners
        read the whole selection: one signal per item would cost the square.
        """
        scene = self.scene
        blocked = scene.blockSignals(True)
        try:
            self.replace_selection(node_ids)
            QGraphicsScene.clearSelection(scene)  # Qt's own: the items only
            items = self.nodes
            for node_id in self.selection:
                item = items.get(node_id)
                if item is not None:
                    item.setSelected(True)
            if self.folding is not None and self.folding.plan:
                for gid in self.folding.boxes_touched(self.selection):
                    self.folding.boxes[gid].setSelected(True)
        finally:
            scene.blockSignals(blocked)
        scene.selectionChanged.emit()

    def selected_wires(self) -> list:
        """The selected wires."""
        return [i.wire for i in self.scene.selectedItems() if isinstance(i, WireItem)]
