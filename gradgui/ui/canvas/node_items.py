"""Node items made and let go: a big graph has items only for the nodes near what the
views show (and one under the mouse), while the selection, kept by node id, belongs
to every node; clicks keep it in step with what Qt does to the items."""

from typing import Dict, Iterable, Optional

from PySide6.QtCore import QPointF, QRectF, Qt, Signal, QObject
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from ...document import KINDS
from .node_item import NodeItem

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
_CTRL = Qt.KeyboardModifier.ControlModifier
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_NEAR_POINT = 12.0  # scene units around a point where a node's ports may still be hit


class NodeItems(QObject):
    """Makes and lets go of a scene's node items (the scene's ``nodes`` table).

    An item made takes its node's place, visibility (a collapsed group hides
    it), selection (from the scene's selection by id) and, in the overview,
    draws nothing. ``made`` tells the parts that mark items (focus, lesson
    highlights) of new ones.
    """

    made = Signal(list)

    def __init__(self, scene: QGraphicsScene, session, nodes: Dict[str, NodeItem]):
        super().__init__(scene)
        self.scene = scene
        self.session = session
        self.nodes = nodes

    def item_of(self, node_id: str) -> NodeItem:
        """The item of a node, made if it has none."""
        item = self.nodes.get(node_id)
        if item is None:
            self.make([node_id])
            item = self.nodes[node_id]
        return item

    def make(self, node_ids: Iterable[str]) -> None:
        """Make the items of these nodes (none of which has one)."""
        scene, doc = self.scene, self.session.doc
        nodes, kinds = doc.nodes(), KINDS
        selection = scene.queries.selection
        hidden = scene.folding.plan.hidden
        overview = scene.detail.overview_mode
        made = []
        blocked = scene.blockSignals(True)  # the selection is ours already: nothing to tell
        try:
            for node_id in node_ids:
                attrs = nodes[node_id]
                item = NodeItem(node_id, kinds[attrs["kind"]].arity)
                if overview:
                    item.setFlag(_NO_CONTENTS)
                item.setVisible(node_id not in hidden)  # back inside its box (undo)
                item.setPos(*attrs["pos"])
                scene.addItem(item)
                if node_id in selection:
                    item.setSelected(True)
                self.nodes[node_id] = item
                made.append(node_id)
        finally:
            scene.blockSignals(blocked)
        if made:
            self.made.emit(made)

    def dragging(self) -> bool:
        """True while the mouse holds a node item (a drag moves every selected item)."""
        return isinstance(self.scene.mouseGrabberItem(), NodeItem)

    def release(self, node_ids: Iterable[str]) -> None:
        """Let go of the items of these nodes; their selection stays with the scene.
        Nothing is let go while the mouse drags items."""
        if self.dragging():
            return
        scene = self.scene
        blocked = scene.blockSignals(True)
        try:
            for node_id in list(node_ids):
                item = self.nodes.pop(node_id, None)
                if item is not None:
                    scene.removeItem(item)
        finally:
            scene.blockSignals(blocked)

    def added(self, node_id: str, reselect) -> bool:
        """A node came into the document: its item is made if it is to have one now, and
        it is selected again if in ``reselect``. True if the selection changed."""
        self.scene.detail.spans.forget()  # what lies where: measured again with it
        selected = node_id in reselect
        if selected:
            self.scene.queries.selection.add(node_id)
        if self.scene.detail.wants_item(node_id):
            self.make([node_id])
        return selected

    def removed(self, node_id: str) -> bool:
        """A node left the document: its item (if any) is taken out of the scene, and the
        node out of the selection. True if it was selected."""
        self.scene.detail.spans.forget()  # else making items near the views asks for it
        queries = self.scene.queries
        selected = node_id in queries.selection
        queries.selection.discard(node_id)
        item = self.nodes.pop(node_id, None)
        if item is not None:
            queries.quiet = True  # the selection by id has changed already
            try:
                self.scene.removeItem(item)
            finally:
                queries.quiet = False
        return selected

    def make_near(self, scene_point: QPointF) -> None:
        """Make the items of the nodes whose boxes or ports may lie under a point."""
        detail = self.scene.detail
        if not detail.lazy_nodes():
            return
        around = QRectF(scene_point.x() - _NEAR_POINT, scene_point.y() - _NEAR_POINT,
                        2 * _NEAR_POINT, 2 * _NEAR_POINT)
        hidden = self.scene.folding.plan.hidden
        wanted = [n for n in detail.spans.nodes_within(self.session.doc, around)
                  if n not in self.nodes and n not in hidden]
        if wanted:
            self.make(wanted)

    # ----- what a click does to the selection (Qt's rules, for nodes without items) ----
    def press(self, event, press) -> None:
        """Before and around the scene's own handling of a press (``press(event)``)."""
        queries = self.scene.queries
        point = event.scenePos()
        self.make_near(point)
        ctrl = bool(event.modifiers() & _CTRL)
        queries.band_base = set(queries.selection) if ctrl else set()
        top = self._top_selectable(point, event.button())
        with queries.tell_if_unheard():
            if not ctrl and event.button() == Qt.MouseButton.LeftButton and top is not None \
                    and top.flags() & _SELECTABLE and not top.isSelected():
                # Qt clears the selection, then selects what was pressed (if anything).
                queries.replace_selection(())
            press(event)
            if not event.isAccepted() and not ctrl:
                queries.replace_selection(())
            queries.items_selection_changed()

    def release_click(self, event, release) -> None:
        """Around the scene's own handling of a mouse release: a click on a selected item,
        without Ctrl and without moving, leaves only that item selected."""
        queries = self.scene.queries
        grabber = self.scene.mouseGrabberItem()
        alone = (grabber is not None and grabber.isSelected()
                 and event.button() == Qt.MouseButton.LeftButton
                 and not event.modifiers() & _CTRL
                 and grabber.flags() & _SELECTABLE
                 and event.scenePos() == event.buttonDownScenePos(Qt.MouseButton.LeftButton))
        with queries.tell_if_unheard():
            if alone:
                queries.replace_selection([grabber.node_id] if isinstance(grabber, NodeItem) else ())
            release(event)
            queries.items_selection_changed()

    def _top_selectable(self, point: QPointF, button) -> Optional[QGraphicsItem]:
        """The item a press at ``point`` goes to, as Qt finds it."""
        for item in self.scene.items(point, Qt.ItemSelectionMode.IntersectsItemShape,
                                     Qt.SortOrder.DescendingOrder):
            if item.acceptedMouseButtons() & button and item.isVisible():
                return item
        return None

    def moves_of(self, started: Dict[str, QPointF]) -> Dict[str, tuple]:
        """Where a drag of the selected nodes took them (``started``: where each was):
        an item's node where its item is; a node without one by the items' offset."""
        moves, offset = {}, None
        doc = self.session.doc
        for node_id, start in started.items():
            item = self.nodes.get(node_id)
            if item is not None:
                pos = item.pos()
                if pos != start:
                    moves[node_id] = (pos.x(), pos.y())
                    offset = pos - start
        if offset is not None:
            for node_id, start in started.items():
                if node_id not in self.nodes and node_id in doc:
                    moves[node_id] = (start.x() + offset.x(), start.y() + offset.y())
        return moves

    def drag_starts(self) -> Dict[str, QPointF]:
        """Where each selected node is as a drag may begin: its item's place, else its own."""
        doc = self.session.doc
        starts: Dict[str, QPointF] = {}
        for node_id in self.scene.queries.selection:
            item = self.nodes.get(node_id)
            if item is not None:
                starts[node_id] = item.pos()
            elif node_id in doc:
                starts[node_id] = QPointF(*doc.pos(node_id))
        return starts

