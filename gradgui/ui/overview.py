"""The zoomed-out picture: each node a filled box, all wires one path, drawn in a few calls.

Below the zoom where text can be read, painting thousands of items one by
one is wasted work. The scene then hides the wires, lets the node items
draw nothing (they still take clicks and selection), and draws this
instead. Fills are grouped by colour into one path per colour; the view
caches that picture, and a backward step, which recolours only a few nodes,
patches them on top until the next full rebuild.
"""

from dataclasses import dataclass
from typing import Dict, Iterator, Optional, Tuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from ..document import KINDS
from .colors import grad_color
from .node_item import HEIGHT, WIDTH

MIN_TILE = 2000.0  # scene units a side: a small repaint draws a tile or two, not the graph
TILES_ACROSS = 16  # at most this many tiles along a side: few pieces per long wire
LEVELS = 64  # colour steps across the map: finer than the eye tells apart at this size
_PATCH_LIMIT = 256


Tile = Tuple[int, int]


def _tiles(left: float, top: float, right: float, bottom: float, size: float) -> Iterator[Tile]:
    """The tiles of side ``size`` that a rectangle overlaps."""
    for i in range(int(left // size), int(right // size) + 1):
        for j in range(int(top // size), int(bottom // size) + 1):
            yield (i, j)


def _pieces(x1: float, y1: float, x2: float, y2: float, size: float):
    """A line cut into pieces no longer than a tile, each with the tiles its box overlaps."""
    count = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) // size) + 1)
    for k in range(count):
        ax, ay = x1 + (x2 - x1) * k / count, y1 + (y2 - y1) * k / count
        bx, by = x1 + (x2 - x1) * (k + 1) / count, y1 + (y2 - y1) * (k + 1) / count
        for tile in _tiles(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), size):
            yield tile, (ax, ay, bx, by)


def _path(paths: dict, key) -> QPainterPath:
    path = paths.get(key)
    if path is None:
        path = paths[key] = QPainterPath()
    return path


@dataclass
class Shapes:
    """The overview's geometry: the tile size, and per tile the wires and the node boxes."""

    graph: object  # the graph they were built for, to tell them apart from another's
    size: float
    wires: Dict[Tile, QPainterPath]
    outline: Dict[Tile, QPainterPath]


def build_shapes(graph) -> Shapes:
    """The overview's geometry for a graph's positions.

    Any thread may call this (QPainterPath is reentrant), so a big graph's
    shapes are made on the worker that opened it while the window repaints.
    """
    nodes = graph._node
    if nodes:
        xs = [attrs["pos"][0] for attrs in nodes.values()]
        ys = [attrs["pos"][1] for attrs in nodes.values()]
        width, height = max(xs) - min(xs) + WIDTH, max(ys) - min(ys) + HEIGHT
    else:
        width = height = 0.0
    size = max(MIN_TILE, width / TILES_ACROSS, height / TILES_ACROSS)
    wires: Dict[Tile, QPainterPath] = {}
    outline: Dict[Tile, QPainterPath] = {}
    for attrs in nodes.values():
        x, y = attrs["pos"]
        for tile in _tiles(x, y, x + WIDTH, y + HEIGHT, size):
            _path(outline, tile).addRect(x, y, WIDTH, HEIGHT)
    arities = {name: kind.arity for name, kind in KINDS.items()}
    for source, targets in graph._adj.items():
        sx, sy = nodes[source]["pos"]
        x1, y1 = sx + WIDTH, sy + HEIGHT / 2
        for target, ports in targets.items():
            tx, ty = nodes[target]["pos"]
            arity = arities[nodes[target]["kind"]]
            for port in ports:
                x2, y2 = tx, ty + HEIGHT * (port + 1) / (arity + 1)
                tile = (int(x1 // size), int(y1 // size))
                if tile == (int(x2 // size), int(y2 // size)):
                    path = _path(wires, tile)  # most wires: both ends in one tile
                    path.moveTo(x1, y1)
                    path.lineTo(x2, y2)
                    continue
                for tile, (ax, ay, bx, by) in _pieces(x1, y1, x2, y2, size):
                    path = _path(wires, tile)
                    path.moveTo(ax, ay)
                    path.lineTo(bx, by)
    return Shapes(graph, size, wires, outline)


class Overview:
    """Caches the overview's paths; the scene tells it what changed."""

    def __init__(self, scene):
        self.scene = scene
        self._shapes: Optional[Shapes] = None
        self._wires: Optional[Dict[Tile, QPainterPath]] = None
        self._outline: Optional[Dict[Tile, QPainterPath]] = None
        self._fills: Optional[Dict[Tile, Dict[int, QPainterPath]]] = None
        self._size = MIN_TILE
        self._patched: Dict[str, QColor] = {}
        self._palette = [grad_color(-1.0 + 2.0 * i / LEVELS) for i in range(LEVELS + 1)]

    def geometry_changed(self) -> None:
        """Nodes or wires were added, removed or moved."""
        self._shapes = None
        self._wires = self._outline = self._fills = None
        self._patched = {}

    def document_reset(self, graph) -> None:
        """Another graph is shown: keep shapes adopted for it, forget any other."""
        if self._shapes is not None and self._shapes.graph is graph:
            self._fills = None
            self._patched = {}
        else:
            self.geometry_changed()

    def colours_changed(self) -> None:
        """Every node may have a new colour (new grads or evaluation)."""
        self._fills = None
        self._patched = {}

    def patch(self, node_ids) -> bool:
        """A few nodes have new colours (a backward step).

        False when there were too many to draw on top: the cached picture
        itself must then be drawn again, with the new colours.
        """
        if self._fills is None:
            return True  # not drawn yet: the next build takes the new colours
        for node_id in node_ids:
            self._patched[node_id] = self.colour(node_id)
        if len(self._patched) > _PATCH_LIMIT:
            self.colours_changed()
            return False
        return True

    def colour(self, node_id: str) -> QColor:
        """A node's fill: its grad's colour (to the nearest step), else the plain fill."""
        scene = self.scene
        scale = scene.grad_scale()
        grad = scene.session.grad(node_id) if scale is not None else None
        if grad is None or node_id in scene.session.evaluation.problems:
            return scene.theme.node_fill
        level = round((scale.position(grad) + 1.0) / 2.0 * LEVELS)
        return self._palette[level]

    def adopt(self, shapes: Shapes) -> None:
        """Use shapes made elsewhere (on a worker) for the graph they were built for."""
        self._shapes = shapes
        self._wires, self._outline, self._size = shapes.wires, shapes.outline, shapes.size
        self._fills = None
        self._patched = {}

    def _build(self) -> None:
        if self._wires is None:
            self.adopt(build_shapes(self.scene.session.doc.graph))
        if self._fills is None:
            self._fills = self._build_fills()

    def _build_fills(self) -> Dict[Tile, Dict[int, QPainterPath]]:
        if self.scene.grad_scale() is None:
            # No grads: every box has the plain fill, the same path as the outlines.
            plain = self.scene.theme.node_fill.rgb()
            return {tile: {plain: path} for tile, path in self._outline.items()}
        fills: Dict[Tile, Dict[int, QPainterPath]] = {}
        size = self._size
        for node_id, attrs in self.scene.session.doc.graph.nodes.items():
            rgb = self.colour(node_id).rgb()
            x, y = attrs["pos"]
            for tile in _tiles(x, y, x + WIDTH, y + HEIGHT, size):
                _path(fills.setdefault(tile, {}), rgb).addRect(x, y, WIDTH, HEIGHT)
        return fills

    def _exposed_tiles(self, areas) -> list:
        size = self._size
        everything = set(self._outline) | set(self._wires)
        tiles = set()
        for area in areas:
            if (area.width() / size + 2) * (area.height() / size + 2) > len(everything):
                return list(everything)
            tiles.update(_tiles(area.left(), area.top(), area.right(), area.bottom(), size))
        return [tile for tile in tiles if tile in everything]

    def paint_base(self, painter: QPainter, exposed: QRectF) -> None:
        """Wires, fills and outlines of the tiles under the painter's clip (else ``exposed``).

        The view caches this layer, so it is drawn again only after a zoom or
        a change of colours or shapes, not for every backward step.
        """
        self._build()
        theme = self.scene.theme
        areas = [QRectF(r) for r in painter.clipRegion()] if painter.hasClipping() else [exposed]
        tiles = self._exposed_tiles(areas or [exposed])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(theme.wire, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for tile in tiles:
            if tile in self._wires:
                painter.drawPath(self._wires[tile])
        for tile in tiles:
            for rgb, path in self._fills.get(tile, {}).items():
                painter.fillPath(path, QColor.fromRgb(rgb))
        border = QPen(theme.node_border, 1.0)
        border.setCosmetic(True)
        painter.setPen(border)
        for tile in tiles:
            if tile in self._outline:
                painter.drawPath(self._outline[tile])
        painter.restore()

    def paint_top(self, painter: QPainter) -> None:
        """What changes step by step: recoloured nodes and the outlines that mark nodes."""
        nodes = self.scene.session.doc.graph.nodes
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for node_id, colour in self._patched.items():
            if node_id in nodes:
                x, y = nodes[node_id]["pos"]
                painter.fillRect(QRectF(x, y, WIDTH, HEIGHT), colour)
        self._paint_marks(painter, nodes)
        painter.restore()

    def _paint_marks(self, painter: QPainter, nodes) -> None:
        """Outlines that must show at any zoom: selection, the current step, problems."""
        scene = self.scene
        theme = scene.theme
        marks = [(node_id, theme.invalid) for node_id in scene.session.evaluation.problems]
        marks += [(node_id, theme.step_current if role == "current" else theme.step_changed)
                  for node_id, role in scene.step_roles.items()]
        marks += [(item.node_id, theme.selection) for item in scene.selected_node_items()]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for node_id, colour in marks:
            if node_id in nodes:
                pen = QPen(colour, 3.0)
                pen.setCosmetic(True)
                painter.setPen(pen)
                x, y = nodes[node_id]["pos"]
                painter.drawRect(QRectF(x, y, WIDTH, HEIGHT))
