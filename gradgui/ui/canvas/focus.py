"""Focus on a node: everything neither upstream nor downstream of it is dimmed, so its
paths to the output stand out."""

from typing import Dict, FrozenSet, Iterable, Optional, Set, Tuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene
from shiboken6 import isValid

from ...document.folding import link_points
from ..geometry import HEIGHT, WIDTH
from ..overview.picture import MIN_OUTLINED_PX
from ..overview.shapes import MIN_TILE, Tile, path_for, shown_output, tiles_under
from .link_layer import link_path
from .wire_item import WireItem

DIMMED = 0.18  # how much of a dimmed node still shows
VEIL_ALPHA = 205  # 0-255: how much of the canvas colour covers what is dimmed


class Focus:
    """Which node the canvas focuses on, and the dimming of everything else.

    Node items that are dimmed are drawn faint (their opacity), and so are
    collapsed groups' boxes that hide no bright node. Wires, and the
    zoomed-out overview (drawn in one picture, not by items), are dimmed by
    a veil: an item spread over the graph, above the wires and below the
    nodes, that covers everything in the canvas colour and draws again what
    stays bright.
    """

    def __init__(self, scene: QGraphicsScene):
        self.scene = scene
        self.centre: FrozenSet[str] = frozenset()  # the nodes focused on
        self.kept: Optional[Set[str]] = None  # bright nodes; None: nothing is dimmed
        self.counts = (0, 0)  # how many nodes are upstream and downstream of the centre
        self._dimmed: Set[str] = set()  # node items drawn faint now
        self._boxes_dimmed = False  # some box item may be drawn faint now
        self._veil: Optional[_Veil] = None
        scene.node_items.made.connect(self._items_made)

    def _items_made(self, node_ids) -> None:
        """New node items (a big graph's, near the view) are dimmed like their nodes."""
        if self.kept is None:
            return
        nodes = self.scene.nodes
        for node_id in node_ids:
            if node_id not in self.kept:
                nodes[node_id].setOpacity(DIMMED)
                self._dimmed.add(node_id)

    def dims(self, node_id: str) -> bool:
        """True when ``node_id`` is dimmed."""
        return self.kept is not None and node_id not in self.kept

    def bright_boxes(self) -> Set[str]:
        """The collapsed groups' boxes that stay bright: those hiding a bright node."""
        hidden = self.scene.folding.plan.hidden
        if self.kept is None or not hidden:
            return set()
        return {hidden[n] for n in self.kept if n in hidden}

    def set_centre(self, node_ids: Iterable[str]) -> None:
        """Focus on these nodes (a selected node, or a collapsed box's); none, or only
        nodes that are gone: nothing is dimmed."""
        doc = self.scene.session.doc
        self.centre = frozenset(n for n in node_ids if n in doc)
        if not self.centre:
            self.kept, self.counts = None, (0, 0)
        else:
            upstream, downstream = set(), set()
            for node_id in self.centre:
                # What is upstream of a node upstream is upstream already: not walked again.
                if node_id not in upstream:
                    upstream |= doc.upstream(node_id)
                if node_id not in downstream:
                    downstream |= doc.downstream(node_id)
            upstream -= self.centre
            downstream -= self.centre
            self.kept = upstream | downstream | self.centre
            self.counts = (len(upstream), len(downstream))
        self._apply()

    def refresh(self) -> None:
        """The graph changed: work the focus out again for the same nodes."""
        if self.centre or self._dimmed:
            self.set_centre(self.centre)

    def colours_changed(self) -> None:
        """New grads: the bright boxes of the overview are coloured again."""
        if self._veil is not None and isValid(self._veil):
            self._veil.forget_colours()

    def _apply(self) -> None:
        nodes = self.scene.nodes
        dimmed = set() if self.kept is None else nodes.keys() - self.kept
        for node_id in self._dimmed - dimmed:
            if node_id in nodes:
                nodes[node_id].setOpacity(1.0)
        for node_id in dimmed - self._dimmed:
            nodes[node_id].setOpacity(DIMMED)
        self._dimmed = dimmed
        self._dim_boxes()
        veil = self._veil
        if veil is not None and (not isValid(veil) or veil.scene() is not self.scene):
            veil = self._veil = None  # the scene was cleared (another graph): a new one
        if not dimmed:
            if veil is not None:
                veil.setVisible(False)
            return
        if veil is None:
            veil = self._veil = _Veil(self)
            self.scene.addItem(veil)
        veil.reshape()
        veil.setVisible(True)


    def _dim_boxes(self) -> None:
        """Boxes hiding nothing on the focused paths are drawn faint, the others not (box
        items are used again for other groups: every one is set)."""
        boxes = self.scene.folding.boxes
        if self.kept is None:
            if self._boxes_dimmed:
                for item in boxes.values():
                    item.setOpacity(1.0)
            self._boxes_dimmed = False
            return
        bright = self.bright_boxes()
        for gid, item in boxes.items():
            item.setOpacity(1.0 if gid in bright else DIMMED)
        self._boxes_dimmed = bool(boxes)

    def bright_links(self) -> Set:
        """The links (wires drawn to a box's port) on the focused paths: a wire behind them
        has both ends bright."""
        plan = self.scene.folding.plan
        kept = self.kept
        if kept is None or not plan:
            return set()
        doc, hidden, boxes = self.scene.session.doc, plan.hidden, plan.boxes
        bright = set()
        for link in plan.links:
            box = boxes.get(link.source)
            source = box.outputs[link.source_port] if box is not None else link.source
            if source not in kept:
                continue
            if link.target in boxes:
                if any(hidden.get(c) == link.target and c in kept for c in doc.consumers(source)):
                    bright.add(link)
            elif link.target in kept:
                bright.add(link)
        return bright


def focus_centre(scene) -> Tuple[Set[str], Optional[str]]:
    """What Focus on Selection centres on: the selected nodes, and for a selected box its
    outputs (the paths through the group, not everything it touches); and the box's label
    when one box alone is selected."""
    selected = set(scene.selected_node_set())  # a copy: the scene may keep the one it gives
    folding = scene.folding
    if not folding.plan:
        return selected, None
    plan = folding.plan
    gids = [gid for gid in folding.selected_gids() if gid in plan.boxes]
    for gid in gids:
        box = plan.boxes[gid]
        selected.difference_update(plan.members.get(gid, ()))
        selected.update(box.outputs or ([box.anchor] if box.anchor else []))
    alone = len(gids) == 1 and selected <= set(plan.members.get(gids[0], ()))
    return selected, (scene.session.doc.groups.label(gids[0]) if alone else None)


class _Veil(QGraphicsItem):
    """Covers the graph in the canvas colour, then draws again the wires (and, zoomed
    out, the boxes) of the nodes that stay bright."""

    def __init__(self, focus: Focus):
        super().__init__()
        self.focus = focus
        self.setZValue(0.0)  # wires are at -1, nodes at 1
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._rect = QRectF()
        self._tiles: Optional[Tuple[Dict[Tile, QPainterPath], Dict[Tile, Dict[int, QPainterPath]]]] = None
        self._links: Optional[Set] = None  # the bright links, worked out when first painted

    def reshape(self) -> None:
        """The focus or the graph changed: cover the graph, forget the drawn paths."""
        self.prepareGeometryChange()
        scene = self.scene()
        self._rect = scene.graph_rect().adjusted(-20, -20, 20, 20) if scene else QRectF()
        self._tiles = self._links = None
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option, widget=None):
        scene = self.scene()
        theme = scene.theme
        exposed = option.exposedRect if not option.exposedRect.isEmpty() else self._rect
        veil = QColor(theme.canvas)
        veil.setAlpha(VEIL_ALPHA)
        painter.fillRect(exposed, veil)
        # As the wires it keeps bright are drawn: a big graph's all one pixel wide.
        pen = QPen(theme.wire, 1.0 if scene.detail.thin_wires() else 1.8)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if not scene.overview_mode:
            kept = self.focus.kept or set()
            for item in scene.items(exposed, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
                if isinstance(item, WireItem) and item.wire.source in kept and item.wire.target in kept:
                    painter.drawPath(item.path())
            for wire, path in scene.detail.layer.paths_in(exposed):  # a big graph's, in one layer
                if wire.source in kept and wire.target in kept:
                    painter.drawPath(path)
            drawn = scene.folding.links  # each link on show, with its ends
            for link in self._bright_links():
                ends = drawn.get(link)
                if ends is not None and exposed.intersects(
                        QRectF(min(ends[0], ends[2]), min(ends[1], ends[3]),
                               abs(ends[2] - ends[0]) + 1, abs(ends[3] - ends[1]) + 1)):
                    painter.drawPath(link_path(*ends))
            return
        wires, fills = self._tiles_of_kept()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen.setWidthF(1.0)
        painter.setPen(pen)
        tiles = list(tiles_under(exposed.left(), exposed.top(), exposed.right(), exposed.bottom(),
                                 MIN_TILE))
        for tile in tiles:
            if tile in wires:
                painter.drawPath(wires[tile])
        outlined = painter.transform().m11() * WIDTH >= MIN_OUTLINED_PX
        border = QPen(theme.node_border, 1.0)
        border.setCosmetic(True)
        painter.setPen(border)
        for tile in tiles:
            for rgb, path in fills.get(tile, {}).items():
                painter.fillPath(path, QColor.fromRgb(rgb))
                if outlined:  # as the overview draws them: faint fills must still show
                    painter.drawPath(path)

    def _bright_links(self) -> Set:
        if self._links is None:
            self._links = self.focus.bright_links()
        return self._links

    def _tiles_of_kept(self):
        """The bright nodes' wires and coloured boxes, a path per tile (and colour)."""
        if self._tiles is None:
            scene = self.scene()
            session = scene.session
            nodes = session.doc.nodes()
            kept = self.focus.kept or set()
            rgb_of = scene.overview.rgb_function(session.grad, scene.grad_scale(),
                                                 session.evaluation.problems)
            wires: Dict[Tile, QPainterPath] = {}
            fills: Dict[Tile, Dict[int, QPainterPath]] = {}
            # A node inside a collapsed group is drawn as the group's box, not here.
            shown_as = session.doc.groups.shown_as
            kept = {node_id for node_id in kept if shown_as(node_id) is None}
            corners = {node_id: (nodes[node_id]["pos"], rgb_of(node_id)) for node_id in kept}
            plan = scene.folding.plan
            for gid in self.focus.bright_boxes():  # the box of a group holding bright nodes
                box = plan.boxes[gid]
                shown = shown_output(box.outputs, session.grad) or box.anchor
                corners[gid] = ((box.x, box.y), rgb_of(shown))
            for (x, y), rgb in corners.values():
                for tile in tiles_under(x, y, x + WIDTH, y + HEIGHT, MIN_TILE):
                    path_for(fills.setdefault(tile, {}), rgb).addRect(x, y, WIDTH, HEIGHT)
            for source, target, _ports in session.doc.wire_groups():
                if source in kept and target in kept:
                    sx, sy = nodes[source]["pos"]
                    tx, ty = nodes[target]["pos"]
                    x1, y1, x2, y2 = sx + WIDTH, sy + HEIGHT / 2, tx, ty + HEIGHT / 2
                    for tile in tiles_under(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2),
                                            MIN_TILE):
                        path = path_for(wires, tile)
                        path.moveTo(x1, y1)
                        path.lineTo(x2, y2)
            for link in self._bright_links():
                x1, y1, x2, y2 = link_points(plan, link, lambda n: nodes[n]["pos"])
                for tile in tiles_under(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2),
                                        MIN_TILE):
                    path = path_for(wires, tile)
                    path.moveTo(x1, y1)
                    path.lineTo(x2, y2)
            self._tiles = (wires, fills)
        return self._tiles

    def forget_colours(self) -> None:
        """Grads changed: the bright boxes are coloured again at the next paint."""
        self._tiles = None
        self.update()
