"""Level of detail: the switch between the zoomed-out overview and items that draw
themselves, and the wire items a big graph makes on its first zoom-in."""

from typing import Callable, Dict, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QRectF
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from ...document import Wire
from ..work import Cancelled, ChunkProgress
from ..work.tuning import collector_paused
from ..geometry import port_offset
from .node_item import NodeItem
from .wire_item import WireItem, hairline, is_long, wire_path

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
CHUNK = 500  # items made between two looks at the progress box
SWITCH_CHUNK = 10_000  # items switched between the overview and detail at a time

Progress = Callable[[str, int, bool], ChunkProgress]  # (text, total, cancellable) -> a box


class LevelOfDetail:
    """Shows a scene's graph as the overview or as items, and makes and routes its wire
    items.

    It works on the scene's item tables (node id -> item, wire -> item), which
    the scene keeps; ``progress`` makes the progress box of a long switch.
    """

    def __init__(self, scene: QGraphicsScene, session, nodes: Dict[str, NodeItem],
                 wires: Dict[Wire, WireItem], progress: Progress):
        self.scene = scene
        self.session = session
        self.nodes = nodes
        self.wires = wires
        self._progress = progress
        self.overview_mode = False
        self.wire_items_made = False
        self.wire_pen = QPen()
        # True for a wire inside or into a collapsed group (its box draws it instead).
        self.wire_hidden: Callable[[Wire], bool] = lambda wire: False

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
        try:
            self._switch_items(on)
        except Cancelled:
            self.overview_mode = True
            self._switch_items(True)  # back, all of it: nothing half switched is left
        self.scene.invalidate()

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
        wires, nodes = list(self.wires.values()), list(self.nodes.values())
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
        """Make the wire items if they are not made yet; False if the person cancelled."""
        if self.wire_items_made:
            return True
        doc = self.session.doc
        try:
            with collector_paused(), \
                    self._progress("Drawing the wires…", doc.wire_count(), True) as progress:
                for count, wire in enumerate(doc.wires()):
                    if count % CHUNK == 0:
                        # Asking the index makes it take in the items added so far, a
                        # chunk at a time, instead of all at once at the next repaint.
                        self.scene.items(QRectF(0.0, 0.0, 1.0, 1.0))
                        progress.tick(count)
                    self.add_wire(wire)
        except Cancelled:
            for item in self.wires.values():
                self.scene.removeItem(item)
            self.wires.clear()
            return False
        self.wire_items_made = True
        self.session.work.keep_if_big(len(self.session.doc))
        return True

    def add_wire(self, wire: Wire) -> None:
        """Make the item of a wire, routed between its nodes' items."""
        item = WireItem(wire)
        item.setPen(self.wire_pen)
        self.wires[wire] = item
        self._route(item)
        item.setVisible(not self.overview_mode and not self.wire_hidden(wire))
        self.scene.addItem(item)

    def _route(self, item: WireItem) -> None:
        # Port positions follow from the node items' positions: no mapping calls.
        wire = item.wire
        source, target = self.nodes[wire.source], self.nodes[wire.target]
        sx, sy = port_offset(-1, source.arity)
        tx, ty = port_offset(wire.port, target.arity)
        start, end = source.pos(), target.pos()
        x1, y1, x2, y2 = start.x() + sx, start.y() + sy, end.x() + tx, end.y() + ty
        item.set_path(wire_path(x1, y1, x2, y2))
        long = is_long(x1, y1, x2, y2)
        if long != item.long:
            item.long = long
            item.setPen(self.pen_of(item))

    def pen_of(self, item: WireItem) -> QPen:
        """The pen a wire item draws with: the wires' pen, a hairline for a long wire."""
        return hairline(self.wire_pen) if item.long else self.wire_pen

    def reroute(self, node_ids: Iterable[str], progress_box: bool = False) -> None:
        """Keep the wires of these nodes attached to where their items are now (mid-drag).

        With ``progress_box`` (after an edit, never mid-drag: a box would take
        the mouse release) long work shows its progress.
        """
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
