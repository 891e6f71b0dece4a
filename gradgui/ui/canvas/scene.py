"""The scene: node and wire items that follow the document's events."""

from typing import Dict, Iterable, Optional, Set

from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsScene, QToolTip

from ...document import DocEvent, Wire
from ..work import Cancelled, ChunkProgress
from ..colors import GradScale, Theme
from .looks import Looks
from .node_look import NodeLook
from ..geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH
from .node_item import NodeItem, PortRef
from .node_items import NodeItems
from ..overview.picture import PREPARED_SHAPES, Overview
from .backward_display import BackwardDisplay
from .detail import CHUNK, LevelOfDetail
from .edge_labels import edge_label, paint_edge_labels
from .folding import Folding
from .queries import SceneQueries
from .wire_item import WireItem


class GraphScene(QGraphicsScene):
    """Items for every node and wire of the session's document, kept in step with it.

    Below a zoom where text is unreadable the scene switches to an overview
    (see overview/): wires are hidden and node items draw nothing, while they
    still take clicks, drags and selection. Its collaborators: ``detail``
    (that switch, and the wire items), ``queries`` (what is where, what is
    selected), ``overview`` (the zoomed-out picture) and ``display`` (what
    the backward pass shows, given by the window).
    """

    bounds_grew = Signal(QRectF)

    def __init__(self, session, theme: Theme, display: BackwardDisplay, parent=None):
        super().__init__(parent)
        # Deeper than Qt's default for big graphs: fewer candidates per lookup.
        self.setBspTreeDepth(10)
        self.session = session
        self.theme = theme
        self.display = display
        self.nodes: Dict[str, NodeItem] = {}
        self.wires: Dict[Wire, WireItem] = {}
        self.port_highlights: Dict[PortRef, str] = {}
        self.detail = LevelOfDetail(self, session, self.nodes, self.wires, self._progress)
        self.queries = SceneQueries(self, session, self.nodes, lambda: self.detail.overview_mode)
        self.queries.spans = lambda: self.detail.spans
        # First of all listeners: the others then read a selection that follows the items.
        self.selectionChanged.connect(self.queries.items_selection_changed)
        self.node_items = NodeItems(self, session, self.nodes)
        self.folding = Folding(self, session, self.nodes, self.wires)  # collapsed groups
        self.overview = Overview(self)
        self.looks = Looks(self)
        self.detail.wire_pen = self._make_wire_pen()
        # What document events leave for settle(): done once per edit, at its end.
        self._frozen: list = []  # views not repainting until a big edit is over
        self._unselected_by_edit: Set[str] = set()  # selected nodes a big edit removed
        self._selection_changed = False  # an edit changed the selection: told when settled
        self._moved: Set[str] = set()
        self._grown = QRectF()
        self._pending_geometry = False
        self._settle_timer = QTimer(self)  # for changes made outside the session's commands
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(0)
        self._settle_timer.timeout.connect(self.settle)
        self.setBackgroundBrush(theme.canvas)
        session.doc.events.sub(self._on_event)
        session.evaluated.connect(self._on_evaluated)
        session.grads_changed.connect(self.refresh_looks)
        session.settled.connect(self.settle)
        self.rebuild()

    @property
    def overview_mode(self) -> bool:
        """True while the scene shows the overview rather than items drawing themselves."""
        return self.detail.overview_mode

    # ----- asked of the collaborators (the views, gestures and controllers ask here) ----
    def set_overview(self, on: bool) -> None:
        """Switch between items drawing themselves and the overview (see LevelOfDetail)."""
        self.detail.set_overview(on)
        self.folding.set_overview(self.detail.overview_mode)
        self._views_follow_overview()

    def _views_follow_overview(self) -> None:
        for view in self.views():
            getattr(view, "follow_overview", lambda: None)()  # before they next paint

    def reroute(self, node_ids: Iterable[str], progress_box: bool = False) -> None:
        """Keep the wires of these nodes (and of these collapsed groups' boxes) attached."""
        node_ids = set(node_ids)
        self.detail.reroute(node_ids, progress_box)
        self.folding.route_near(node_ids)

    def in_view(self) -> QRectF:
        """What the views show, in scene coordinates."""
        return self.queries.in_view()

    def views_moved(self) -> None:
        """A view scrolled, zoomed or changed size: a big graph's wire items follow it."""
        self.detail.follow_views()

    def graph_rect(self) -> QRectF:
        """The rectangle the nodes cover."""
        return self.queries.graph_rect()

    def node_at(self, scene_point: QPointF) -> Optional[NodeItem]:
        """The topmost node item under a point."""
        return self.queries.node_at(scene_point)

    def port_at(self, scene_point: QPointF) -> Optional[PortRef]:
        """The port under a point, if any."""
        return self.queries.port_at(scene_point)

    def selected_node_set(self) -> set:
        """The ids of the selected nodes, in no order."""
        return self.queries.selected_node_set()

    def selected_node_ids(self) -> list:
        """The ids of the selected nodes, in document order."""
        return self.queries.selected_node_ids()

    def select_nodes(self, node_ids) -> None:
        """Select exactly these nodes, telling listeners once."""
        self.queries.select_nodes(node_ids)

    def clearSelection(self) -> None:
        """Select nothing: nodes without items too (Qt's own clears only items)."""
        self.queries.clear_selection()

    def item_of(self, node_id: str) -> NodeItem:
        """A node's item, made if it has none (a big graph has them only near the views)."""
        return self.node_items.item_of(node_id)

    def set_port_highlights(self, highlights: Dict[PortRef, str]) -> None:
        """Mark ports as valid or invalid targets while a wire is dragged."""
        touched = {ref.node_id for ref in self.port_highlights} | {ref.node_id for ref in highlights}
        self.port_highlights = highlights
        for node_id in touched:
            if node_id in self.nodes:
                self.nodes[node_id].update()

    # ----- what items show -------------------------------------------------
    def look(self, node_id: str) -> NodeLook:
        """The look of a node, computed once per evaluation."""
        return self.looks.look(node_id)

    def is_pending(self, node_id: str) -> bool:
        """True while a step-through on show has not yet written this node's grad."""
        return self.looks.is_pending(node_id)

    def grad_scale(self) -> Optional[GradScale]:
        """The colour scale of the grads on show (None before any Backward)."""
        return self.looks.grad_scale()

    def _on_evaluated(self) -> None:
        self.display.set_check_flags({})
        self.refresh_looks()

    def set_edge_labels(self, shown: bool) -> None:
        """Show or hide each wire's local derivative."""
        self.display.set_edge_labels(shown)
        self.update()

    def edge_label(self, wire: Wire) -> str:
        """A wire's local derivative named by its nodes, as text (``do/dn = 0.5``)."""
        return edge_label(self.session, wire)

    def refresh_looks(self) -> None:
        """Forget every cached look and colour, and repaint once."""
        self.looks.forget_all()
        self.folding.forget_looks()
        self.overview.colours_changed()
        self.invalidate(self.in_view())  # the views' cached backgrounds hold the old overview

    def refresh_nodes(self, node_ids: Iterable[str]) -> None:
        """Repaint just these nodes (a backward step changed them)."""
        node_ids = [n for n in node_ids if n in self.nodes]
        for node_id in node_ids:
            self.looks.forget(node_id)
        # A node in a collapsed group: its box shows it (in the overview, as its output).
        node_ids, boxes, stand_ins = self.folding.split(node_ids)
        items = [self.nodes[n] for n in node_ids] + boxes
        if self.overview_mode:
            if not self.overview.patch(node_ids + stand_ins):
                self.invalidate(self.in_view(), QGraphicsScene.SceneLayer.BackgroundLayer)
                return
            for item in items:
                self.update(item.sceneBoundingRect())
        else:
            self.overview.patch(node_ids + stand_ins)  # its picture is true when zoomed out later
            for item in items:
                item.update()

    def set_theme(self, theme: Theme) -> None:
        """Follow a palette change."""
        self.theme = theme
        self.overview.theme_changed()
        self.setBackgroundBrush(theme.canvas)
        self.overview.geometry_changed()
        self.detail.wire_pen = self._make_wire_pen()
        for item in self.wires.values():
            item.setPen(self.detail.pen_of(item))
        self.detail.layer.update()
        self.folding.link_layer.update()  # it draws with the scene's wire pen
        self.refresh_looks()

    def _make_wire_pen(self) -> QPen:
        pen = QPen(self.theme.wire, 1.8)
        pen.setCosmetic(True)
        return pen

    def drawBackground(self, painter, rect):
        super().drawBackground(painter, rect)
        if self.overview_mode:
            self.overview.paint_base(painter, rect)

    def drawForeground(self, painter, rect):
        if self.overview_mode:
            self.overview.paint_top(painter, rect)
            return
        if not self.display.edge_labels:
            return
        paint_edge_labels(painter, self, [i for i in self.items(rect) if isinstance(i, WireItem)])

    # ----- following the document --------------------------------------
    def _progress(self, text: str, total: int, cancellable: bool) -> ChunkProgress:
        return self.session.work.chunks(text, total, cancellable)

    def rebuild(self) -> None:
        """Make every item again from the document, in one pass.

        A big graph takes a while: a progress box shows, and while the
        session allows it (opening a file) Cancel raises Cancelled.
        """
        self.clear()
        self.nodes.clear()
        self.wires.clear()
        self.folding.reset()
        self.looks.forget_all()
        self._moved, self._grown, self._pending_geometry = set(), QRectF(), False
        for view in self._frozen:
            view.setUpdatesEnabled(True)
        self._frozen, self._unselected_by_edit = [], set()
        self.queries.covered = False  # a new graph: its own rect, not the old one's
        prepared = self.session.prepared  # shapes made with it: the canvas may repaint meanwhile
        if prepared is not None and PREPARED_SHAPES in prepared.views:
            self.overview.adopt(prepared.views[PREPARED_SHAPES])
        self.overview.document_reset(self.session.doc.identity)
        views = self.views()
        if self.session.work.is_big(len(self.session.doc)):
            # It will be fitted into view, zoomed out: made for the overview, its items
            # need no switching over afterwards (checked once the fit is done).
            self.detail.overview_mode = True
        elif views:
            self.detail.overview_mode = views[0].transform().m11() < TEXT_MIN_ZOOM
        self._views_follow_overview()
        doc = self.session.doc
        self.detail.reset()
        self.queries.selection.clear()
        if not self.detail.lazy_nodes():  # a big graph's node items are made near the views
            with self._progress("Building the canvas…", len(doc),
                                self.session.work.change_may_be_cancelled) as progress:
                ids = list(doc.nodes())
                for count in range(0, len(ids), CHUNK):
                    progress.tick(count)
                    self.node_items.make(ids[count:count + CHUNK])
        # A big graph opens zoomed out, where wires are drawn by the overview:
        # their items are made when the view first zooms in far enough.
        if not self.session.work.is_big(len(doc)):
            self.detail.ensure_wire_items()
        self.folding.refresh()
        rect = self.overview.extent()  # made with the shapes on the worker that loaded it
        if rect is None:
            rect = self.graph_rect()
        else:
            self.queries.know_graph_rect(rect)
        self.queries.cover(rect)
        self.bounds_grew.emit(rect)
        if views:
            # Not fitted after all (a cancelled open puts the old graph back, at its old
            # zoom): the items then follow the zoom the view has.
            QTimer.singleShot(0, self, self._follow_zoom)

    def _follow_zoom(self) -> None:
        views = self.views()
        if views:
            self.set_overview(views[0].transform().m11() < TEXT_MIN_ZOOM)

    def _on_event(self, event: DocEvent) -> None:
        kind = event.kind
        self.folding.note(event)
        if self.session.work.document_changing and not self._frozen and kind != "reset":
            # A big edit shows its progress: the canvas waits for the end, as
            # painting half an edit again and again would make it far slower.
            self._frozen = [view for view in self.views() if view.updatesEnabled()]
            for view in self._frozen:
                view.setUpdatesEnabled(False)
        if kind == "node_added":
            self._selection_changed |= self.node_items.added(event.node, self._unselected_by_edit)
            self._grew(event.node)
        elif kind == "node_removed":
            if self.node_items.removed(event.node):
                self._selection_changed = True
                if self.session.work.document_changing:
                    self._unselected_by_edit.add(event.node)  # back selected if the edit is stopped
        elif kind == "wire_added":
            self.detail.wire_added(event.wire)
        elif kind == "wire_removed":
            self.detail.wire_removed(event.wire)
        elif kind == "node_changed":
            item = self.nodes.get(event.node)  # a big graph's far node has none
            if event.field == "pos":
                self._moved.add(event.node)
                self._grew(event.node)
            self.looks.forget(event.node)
            if item is not None:
                item.setPos(QPointF(*self.session.doc.pos(event.node)))
                item.update()
        elif kind == "reset":
            try:
                self.rebuild()
            except Cancelled:
                # Told to whoever put the document in place, who puts the old one back;
                # not raised through the document's events, which others hear too.
                self.session.work.cancel_change()
            return
        elif kind == "output_changed":
            self.refresh_looks()
        if kind != "output_changed" and (kind != "node_changed" or event.field == "pos"):
            # A new label or value leaves every box and wire where it was.
            self._pending_geometry = True  # the overview is drawn again once, when settled
        self._settle_soon()

    def _grew(self, node_id: str) -> None:
        x, y = self.session.doc.pos(node_id)
        self._grown = self._grown.united(QRectF(x, y, WIDTH, HEIGHT))

    def _settle_soon(self) -> None:
        if not self._settle_timer.isActive():
            self._settle_timer.start()

    def settle(self) -> None:
        """Finish what the last edit's events left: reroute moved wires, grow the views,
        repaint the overview, once for the whole edit, not once per node it touched."""
        self._settle_timer.stop()
        if self.session.work.document_changing:
            return  # an edit is half done (its progress let the timer run): not yet
        frozen, self._frozen = self._frozen, []
        self._unselected_by_edit = set()
        if self._selection_changed:  # nodes without items were (un)selected by the edit
            self._selection_changed = False
            self.selectionChanged.emit()
        for view in frozen:
            view.setUpdatesEnabled(True)
        moved, self._moved = self._moved, set()
        self.detail.settled()
        self.reroute(moved, progress_box=True)
        if moved:
            self.detail.nodes_moved(moved)
        if not self._grown.isNull():
            grown, self._grown = self._grown, QRectF()
            self.queries.cover(grown)
            self.bounds_grew.emit(grown)
        if self._pending_geometry:
            self._pending_geometry = False
            before = self.folding.plan
            self.folding.refresh()
            self.queries.unselect_hidden()
            if not self.overview.fold_changed(before, self.folding.plan):  # boxes opened, closed
                self.overview.geometry_changed()
                if self.overview_mode and self.session.work.is_big(len(self.session.doc)):
                    # Shaped on a worker, as when a file opens, rather than in the next paint.
                    self.overview.shape_elsewhere()
            if self.overview_mode:
                self.invalidate(self.in_view(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def mousePressEvent(self, event):
        self.node_items.press(event, super().mousePressEvent)

    def mouseReleaseEvent(self, event):
        self.node_items.release_click(event, super().mouseReleaseEvent)

    def helpEvent(self, event):
        item = self.node_at(event.scenePos()) or self.folding.box_at(event.scenePos())
        if item is None:
            QToolTip.hideText()
            event.ignore()
            return
        QToolTip.showText(event.screenPos(), item.toolTip(), event.widget())
        event.accept()
