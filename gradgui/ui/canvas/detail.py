"""Level of detail: the switch between the zoomed-out overview and items that draw
themselves, and the wires: items, or for a big graph zoomed in one layer drawing them."""

from collections import deque
from contextlib import contextmanager
from typing import Callable, Container, Dict, Iterable, Iterator, Optional, Set

from PySide6.QtCore import QCoreApplication, QEvent, QRectF
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from ...document import Wire
from ..work import Cancelled, ChunkProgress
from ..geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH
from .nearby import Spans, near_rect
from .node_item import NodeItem
from .wire_item import WireItem
from .wire_layer import WireLayer
from .wire_routes import bounds_of, pen_of, route

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
CHUNK = 500  # items made between two looks at the progress box
SWITCH_CHUNK = 10_000  # items switched between the overview and detail at a time
MADE_AROUND = 0.5  # a big graph's wire items reach this many views' sizes beyond the views
REMADE_WITHIN = 0.2  # ... and are made again when the views come nearer than this to their edge

Progress = Callable[[str, int, bool], ChunkProgress]  # (text, total, cancellable) -> a box


class LevelOfDetail:
    """Shows a scene's graph as the overview or as items, and makes and routes its wire
    items.

    It works on the scene's item tables (node id -> item, wire -> item), which
    the scene keeps; ``progress`` makes the progress box of a long switch.
    A big graph zoomed in draws its wires with one layer item (``layer``), with
    items only for wires that need their own (selected, held by a gesture, on
    nodes being dragged); with edge labels on, items for the wires near what the
    views show (``follow_views``), let go when the views move far away, except
    selected ones. A small graph's are all made.
    """

    def __init__(self, scene: QGraphicsScene, session, nodes: Dict[str, NodeItem],
                 wires: Dict[Wire, WireItem], progress: Progress):
        self.scene = scene
        self.session = session
        self.nodes = nodes
        self.wires = wires
        self._progress = progress
        self.overview_mode = False
        self.wire_items_made = False  # wire items follow the document (near the views)
        self.wire_pen = QPen()
        self.spans = Spans()
        self._made_near: Optional[QRectF] = None  # where a big graph's items are made
        self._all_nodes = True  # every node has its item (not a big graph, or a picture)
        # Hidden wire items, for wires coming into view: taken oldest first, so that items
        # made again in the document's order are stacked in it (as the layer draws them).
        self._spare: deque = deque()
        self._everywhere = 0  # while above 0, every wire has its item (a picture is made)
        self._kept_wire = None
        self._held: Set[str] = set()  # nodes being dragged: their wires keep their items
        self._made_layered = False  # the last place drew the wires with the layer
        self._thin = False  # the wire items' pens are a big graph's (see thin_wires)
        self.layer: Optional[WireLayer] = None  # made with the scene's items (see reset)
        scene.sceneRectChanged.connect(lambda rect: self.layer and self.layer.set_rect(rect))
        # True for a wire inside or into a collapsed group (its box draws it instead).
        self.wire_hidden: Callable[[Wire], bool] = lambda wire: False
        self.hidden_nodes: Callable[[], Container[str]] = lambda: ()  # the nodes in boxes

    @property
    def kept_wire(self) -> Optional[Wire]:
        """A wire a gesture holds (picked up to move): its item stays, the layer leaves it."""
        return self._kept_wire

    @kept_wire.setter
    def kept_wire(self, wire: Optional[Wire]) -> None:
        self._kept_wire = wire
        if self.layer is not None and self.layer.on:
            self.layer.update()

    def set_overview(self, on: bool) -> None:
        """Switch between items drawing themselves and the cheap overview.

        Coming out of the overview (making the wire items, then switching the
        items) can be cancelled: the overview then stays, and the next zoom asks again.
        """
        if not on and not self.ensure_wire_items():
            return
        if on == self.overview_mode:
            return
        self.overview_mode = on
        if on and self.layer is not None:
            self.layer.set_on(False)
        try:
            self._switch_items(on)
        except Cancelled:
            self.overview_mode = True
            self._switch_items(True)  # back, all of it: nothing half switched is left
        self.scene.invalidate()  # the views' next paint makes a big graph's items near them

    def reset(self) -> None:
        """The scene was cleared: no items of ours are left."""
        self.wire_items_made = False
        self.spans.forget()
        self._made_near, self._spare = None, deque()
        self._all_nodes = not self.lazy_nodes()
        self._held = set()
        self._thin = self.thin_wires()  # the items to come get this document's pens
        self.layer = WireLayer(self)
        self.layer.set_rect(self.scene.sceneRect())
        self.scene.addItem(self.layer)

    def _switch_items(self, overview: bool) -> None:
        """Hide wire items and empty node items for the overview, or bring them back.

        Each wire stands on its own, not under one layer item: Qt then looks only
        at the wires in view, where a layer's children were all looked at on every
        paint.
        Qt works out what each switched item means for the screen at the next
        event: asked for that every few thousand items, it never takes long, and
        the canvas, frozen meanwhile, is not painted half switched. Switching out
        of the overview can be cancelled (Cancelled is raised).
        """
        wires = list(self.wires.values())
        if self._lazy():
            # Node items are made near the views zoomed in (see follow_views); the
            # overview draws every node.
            self._made_near, self._all_nodes = None, False
            self.scene.node_items.release(list(self.nodes))
            nodes = list(self.nodes.values())  # any the mouse holds
        else:
            nodes = list(self.nodes.values())
        hidden = self.wire_hidden
        frozen = [view for view in self.scene.views() if view.updatesEnabled()]
        for view in frozen:
            view.setUpdatesEnabled(False)
        try:
            text = "Switching to the overview…" if overview else "Showing every node and wire…"
            with self._progress(text, len(wires) + len(nodes), not overview) as progress:
                for count, wire_item in enumerate(wires):
                    if count % SWITCH_CHUNK == 0:
                        self._switched_so_far(progress, count)
                    if wire_item.wire is not None:  # not let go meanwhile (see _let_go)
                        wire_item.setVisible(not overview and not hidden(wire_item.wire))
                for count, item in enumerate(nodes, len(wires)):
                    if count % SWITCH_CHUNK == 0:
                        self._switched_so_far(progress, count)
                    item.setFlag(_NO_CONTENTS, overview)
        finally:
            for view in frozen:
                view.setUpdatesEnabled(True)

    def _switched_so_far(self, progress: ChunkProgress, count: int) -> None:
        QCoreApplication.sendPostedEvents(self.scene, QEvent.Type.MetaCall)  # Qt's look at them
        progress.tick(count)

    def ensure_wire_items(self) -> bool:
        """Make the wire items (of a big graph, those near the views) if not made yet.

        True: nothing here can be cancelled any more, as only a few are made at a time.
        """
        if self.wire_items_made:
            return True
        self.wire_items_made = True
        self._made_near = None
        if not self._lazy():
            with self._progress("Drawing the wires…", self.session.doc.wire_count(),
                                False) as progress:
                for count, wire in enumerate(self.session.doc.wires()):
                    if count % CHUNK == 0:
                        # Asking the index makes it take in the items added so far, a
                        # chunk at a time, instead of all at once at the next repaint.
                        self.scene.items(QRectF(0.0, 0.0, 1.0, 1.0))
                        progress.tick(count)
                    self.add_wire(wire)
        else:
            self.follow_views()
        self.session.work.keep_if_big(len(self.session.doc))
        return True

    def settled(self) -> None:
        """An edit is over: a graph grown big in the overview lets go of its node items;
        one grown big or small has its wires' pens changed."""
        if self.thin_wires() != self._thin:
            self._thin = not self._thin
            for item in self.wires.values():
                item.setPen(self.pen_of(item))
        if self.overview_mode and self.nodes and self._lazy():
            self.scene.node_items.release(list(self.nodes))
            self._all_nodes = False

    def _lazy(self) -> bool:
        return not self._everywhere and self.session.work.is_big(len(self.session.doc))

    def lazy_nodes(self) -> bool:
        """True while node items are made only near the views (a big graph)."""
        return self._lazy()

    def wants_item(self, node_id: str) -> bool:
        """Whether a node new to the document gets its item now."""
        if not self._lazy():
            return True
        near = self._made_near
        if self.overview_mode or near is None:
            return False
        x, y = self.session.doc.pos(node_id)
        return near.intersects(QRectF(x, y, WIDTH, HEIGHT))

    def _layered(self) -> bool:
        """True when the layer draws the wires (edge labels are placed on wire items)."""
        return self._lazy() and not self.scene.display.edge_labels

    def _shown(self) -> QRectF:
        """What the views zoomed in far enough to read show (all the views if none is):
        a second view far out (a picture being made) needs no items drawing themselves."""
        shown = QRectF()
        for view in self.scene.views():
            if view.isVisible() and view.transform().m11() >= TEXT_MIN_ZOOM:
                shown = shown.united(view.mapToScene(view.viewport().rect()).boundingRect())
        return shown if not shown.isEmpty() else self.scene.in_view()

    def follow_views(self) -> None:
        """The views moved: make the items near what they show, let go of far ones."""
        if not self.wire_items_made or self.overview_mode:
            return
        if not self._lazy():
            if not self._all_nodes:  # it was big (or a picture is made): all of it now
                self._place(None)
            return
        made, shown = self._made_near, self._shown()
        if shown.isEmpty() or made is not None and made.contains(near_rect(shown, REMADE_WITHIN)) \
                and self._made_layered == self._layered():
            return
        self._place(near_rect(shown, MADE_AROUND))

    def nodes_moved(self, node_ids: Iterable[str]) -> None:
        """These nodes moved: the items of those now near the views (and of their wires)
        are made; what lies near is measured again only when the views next move far."""
        self.spans.forget()
        self.drag_ended()
        near = self._made_near
        if near is None or self.overview_mode or self._all_nodes or not self._lazy():
            return
        node_ids = [n for n in node_ids if n in self.session.doc]
        doc = self.session.doc
        inside = {n for n in node_ids if near.intersects(QRectF(*doc.pos(n), WIDTH, HEIGHT))}
        self.scene.node_items.release([n for n in node_ids if n not in inside and n in self.nodes])
        self.scene.node_items.make([n for n in inside if n not in self.nodes])
        for wire in ([] if self._made_layered else doc.wires_of_nodes(node_ids)):
            if wire not in self.wires and near.intersects(bounds_of(self.session.doc, wire)):
                self.add_wire(wire)

    def drag_ended(self) -> None:
        """A drag of nodes is over (moved or not): their wires are the layer's again."""
        held, self._held = self._held, set()
        if self.layer.on and held:
            for wire in self.session.doc.wires_of_nodes(held):
                item = self.wires.get(wire)
                if item is not None and wire != self.kept_wire and not item.isSelected():
                    self._let_go(wire)
            self.layer.update()

    def _place(self, near: Optional[QRectF]) -> None:
        """Have the wire items of the wires crossing ``near`` (and those held) and let the
        node items in it draw themselves, and no others; everything for None."""
        self._made_near = near
        doc = self.session.doc
        layered = self._made_layered = near is not None and self._layered()
        self.layer.set_on(layered)
        held = self._held
        if layered:  # the layer draws them: items only for those that need their own
            ordered = []
        else:  # made in the document's order, as the layer draws them
            ordered = list(doc.wires()) if near is None else self.spans.crossing(doc, near)
        wanted = set(ordered)
        for wire in [w for w, item in self.wires.items()
                     if w not in wanted and w != self.kept_wire and not item.isSelected()
                     and w.source not in held and w.target not in held]:
            self._let_go(wire)
        nodes, items = self.nodes, self.scene.node_items
        if near is None:
            items.make([n for n in doc.nodes() if n not in nodes])
            self._all_nodes = True
        else:
            now = set(self.spans.nodes_within(doc, near))
            items.release([n for n in nodes if n not in now])
            items.make([n for n in now if n not in nodes])
            self._all_nodes = False
        for wire in ordered:
            if wire not in self.wires:
                self.add_wire(wire)

    def _let_go(self, wire: Wire) -> None:
        """Hide a wire's item for later use: removing items from a big scene is slow."""
        item = self.wires.pop(wire)
        item.setVisible(False)
        item.wire = None
        self._spare.append(item)

    def wire_added(self, wire: Wire) -> None:
        """A new wire: its item is made if it lies near the views (or the graph is small)."""
        if not self.wire_items_made:
            return
        self.spans.forget()
        if self._lazy() and self._made_near is not None:
            if self.layer.on:
                self.layer.update()
                return
            if not self._made_near.intersects(bounds_of(self.session.doc, wire)):
                return
        self.add_wire(wire)

    def wire_removed(self, wire: Wire) -> None:
        """A wire is gone: so is its item, if it had one."""
        self.spans.forget()
        if wire in self.wires:
            self._let_go(wire)
        if self.layer.on:
            self.layer.update()

    @contextmanager
    def everything(self) -> Iterator[None]:
        """Every wire has its item meanwhile (a picture of the whole graph is made)."""
        self._everywhere += 1
        try:
            if not self.wire_items_made:
                self.ensure_wire_items()
            elif not self.overview_mode:
                self._place(None)
            yield
        finally:
            self._everywhere -= 1
            if self._lazy():
                if self.overview_mode:
                    self.scene.node_items.release(list(self.nodes))
                    self._all_nodes = False
                elif self.wire_items_made:
                    self._place(near_rect(self._shown(), MADE_AROUND))  # those far away go

    def add_wire(self, wire: Wire) -> None:
        """Make the item of a wire, routed between its nodes' items."""
        if self._spare:
            item = self._spare.popleft()
            item.wire = wire
        else:
            item = WireItem(wire)
            self.scene.addItem(item)
        self.wires[wire] = item
        self._route(item)
        item.setPen(self.pen_of(item))  # a reused item's pen may be its last wire's
        item.setVisible(not self.overview_mode and not self.wire_hidden(wire))

    def _route(self, item: WireItem) -> None:
        route(item, self.session.doc, self.nodes, self.wire_pen, self.thin_wires())

    def thin_wires(self) -> bool:
        """True for a big graph, whose wires are all hairlines: the wire pen's 1.8 pixels
        antialiased took Qt five times as long to stroke, and a step through a big network
        at 1:1 repaints hundreds of wires at once."""
        return self.session.work.is_big(len(self.session.doc))

    def pen_of(self, item: WireItem) -> QPen:
        """The pen a wire item draws with: the wires' pen, a hairline for a long wire
        or a big graph's."""
        return pen_of(item, self.wire_pen, self.thin_wires())

    def reroute(self, node_ids: Iterable[str], progress_box: bool = False) -> None:
        """Keep the wires of these nodes attached to where their items are now (mid-drag).

        With ``progress_box`` (after an edit, never mid-drag: a box would take
        the mouse release) long work shows its progress.
        """
        if self.layer.on and not progress_box:
            # Mid-drag: the layer draws wires where the document has them; the dragged
            # nodes' wires get items that follow them (kept until the move is done).
            node_ids = set(node_ids)
            self._held = node_ids
            for wire in self.session.doc.wires_of_nodes(node_ids):
                if wire not in self.wires and not self.wire_hidden(wire):
                    self.add_wire(wire)
        if not self.wires:
            return  # a big graph zoomed out has no wire items yet: its overview draws them
        wires = self.wires
        items = [item for wire in self.session.doc.wires_of_nodes(node_ids)
                 if (item := wires.get(wire)) is not None]
        if not progress_box:
            for item in items:
                self._route(item)
            return
        with self._progress("Redrawing the wires…", len(items), False) as progress:
            for count, item in enumerate(items):
                if count % CHUNK == 0:
                    progress.tick(count)
                self._route(item)
