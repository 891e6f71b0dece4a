"""The zoomed-out picture: each node a filled box, all wires one path, drawn in a few calls.

Below the zoom where text can be read, painting thousands of items one by
one is wasted work. The scene then hides the wires, lets the node items
draw nothing (they still take clicks and selection), and draws this
instead. Fills are the boxes grouped by colour, each group one drawRects call; the view
caches that picture, and a backward step, which recolours only a few nodes,
patches them on top until the next full rebuild.
"""

from typing import Callable, Dict, Optional, Tuple

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsScene

from ..colors import GradScale, grad_color
from ..geometry import HEIGHT, WIDTH
from .grad_fills import fills_at_once, fills_by_tile, value_fills
from .legible import BoxFiller, faded, fill_box, wire_opacity
from .marks import MIN_OUTLINED_PX, paint_marks
from .raster import paint_tiny_boxes
from .selection import selected_boxes
from .shapes import (MIN_TILE, BoxList, Fills, FillPaths, Shapes, Tile, build_fills, build_shapes,
                     rects_of, tiles_under, uniform_fills)
from .wire_picture import WirePicture

LEVELS = 64  # colour steps across the map: finer than the eye tells apart at this size
_PATCH_LIMIT = 256
PATCH_SHARE = 0.25  # a fold change redrawing more of the wire picture's lines draws it anew
SHAPING = "overview shapes"  # the work that makes them on a worker: paints wait for it
PREPARED_SHAPES = "overview shapes"  # their name among the views a prepared document brings


class Overview:
    """Caches the overview's paths; the scene tells it what changed."""

    def __init__(self, scene):
        self.scene = scene
        self._shapes: Optional[Shapes] = None
        self.wire_picture = WirePicture(scene, self._repaint)
        self._wires: Optional[Dict[Tile, QPainterPath]] = None
        self._outline: Optional[Dict[Tile, BoxList]] = None
        self._fills: Optional[FillPaths] = None
        self._fills_stale = False  # a big graph's old fills, shown until new ones are made
        self._fill_timer = QTimer(scene)  # makes a big graph's new fills on a worker, soon
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_elsewhere)
        self._size = MIN_TILE
        self._patched: Dict[str, QColor] = {}
        self._selection: Optional[Tuple[float, Dict[Tile, BoxList]]] = None  # see _selection_outline
        self._selection_timer = QTimer(scene)  # the selection's outline, once work is done
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(50)
        self._selection_timer.timeout.connect(self._selection_later)
        scene.selectionChanged.connect(self.selection_changed)
        self.theme_changed()

    def theme_changed(self) -> None:
        """The grad colour map may have changed with the theme: take its colours again."""
        dark = self.scene.theme.dark
        self._rgb_palette = [grad_color(-1.0 + 2.0 * i / LEVELS, dark).rgb() for i in range(LEVELS + 1)]

    def geometry_changed(self) -> None:
        """Nodes or wires were added, removed or moved (or their colours in the theme)."""
        self.wire_picture.forget()
        self._shapes = None
        self._wires = self._outline = self._fills = None
        self._fills_stale = False
        self._patched = {}
        self._selection = None

    def fold_changed(self, before, plan) -> bool:
        """Only groups were collapsed or expanded since the fold plan ``before``, giving
        ``plan``: make again just the tiles that touches, and patch the wire picture. False
        when the shapes are not for the graph as ``before`` drew it (they are then dropped,
        as for any other change)."""
        shapes = self._shapes
        if shapes is None or not self.scene.overview_mode or shapes.plan.identity is not \
                before.identity or shapes.plan.revision != before.revision:
            return False
        from .tiles import refill, refold, shown_rgb
        done = refold(self.scene.session.doc, self._shapes, plan)
        if done is None:
            return False
        from .near_lines import finder
        shapes = self._shapes = done.shapes
        self._wires, self._outline = shapes.wires, shapes.outline
        self.wire_picture.patch(done.removed, done.added, finder(shapes, PATCH_SHARE),
                                shapes.wires, shapes.long_paths())
        if self._fills is not None:
            self._fills = refill(self._fills, shapes, done.box_tiles,
                                 shown_rgb(shapes.plan, self._current_rgb(), self.scene.session.grad))
        self._selection = None
        return True

    def extent(self) -> Optional[QRectF]:
        """What the nodes cover, if known from shapes made for the graph as it is now
        (right after a document is put in place)."""
        return None if self._shapes is None else QRectF(self._shapes.extent)

    def document_reset(self, identity) -> None:
        """Another graph is shown (its document's identity): keep shapes adopted for it,
        forget any other."""
        self.wire_picture.forget()
        if self._shapes is not None and self._shapes.identity is identity:
            self._fills, self._fills_stale = None, False
            self._patched, self._selection = {}, None
        else:
            self.geometry_changed()

    def colours_changed(self) -> None:
        """Every node may have a new colour (new grads or evaluation).

        A big graph keeps showing its old fills for the moment it takes a
        worker to make the new ones; in a paint that moment froze the window.
        """
        self._patched = {}
        if self._fills is not None and self._big() and self.scene.overview_mode:
            self._fills_stale = True
            self._fill_timer.start()
        else:
            self._fills = None  # made again when next painted

    def _big(self) -> bool:
        return self.scene.session.work.is_big(len(self.scene.session.doc))

    def _fill_elsewhere(self) -> None:
        """New fills for a big graph, made on a worker (unless they came meanwhile)."""
        if not self._fills_stale or self._shapes is None:
            return
        if self.scene.session.work.edits_refused:
            self._fill_timer.start(50)  # the graph is being changed or read: later
            return
        shapes, doc = self._shapes, self.scene.session.doc
        rgb, grad_of = self._current_rgb(), self.scene.session.grad
        fills = self.scene.session.work.run("Colouring the overview…",
                                            lambda: build_fills(doc, shapes, rgb, grad_of),
                                            cancellable=False)
        self.adopt_fills(Fills(shapes, fills))
        self._repaint()

    def shape_elsewhere(self) -> None:
        """Make the shapes and fills of a big graph on a worker, not in the next paint."""
        doc, rgb, grad_of = self.scene.session.doc, self._current_rgb(), self.scene.session.grad
        plan = self._plan()

        def work():
            shapes = build_shapes(doc, plan)
            return Fills(shapes, build_fills(doc, shapes, rgb, grad_of))
        fills = self.scene.session.work.run("Drawing the overview…", work, cancellable=False,
                                            what=SHAPING)
        self.adopt(fills.shapes)
        self.adopt_fills(fills)

    def _current_rgb(self) -> Callable[[str], int]:
        scene = self.scene
        return self.rgb_function(self._shown(scene.session.grad), scene.grad_scale(),
                                 scene.session.evaluation.problems)

    def _shown(self, grad_of: Callable[[str], Optional[float]]) -> Callable[[str], Optional[float]]:
        """The grads as the faces show them: through the bug lab's or the quiz's overlay
        (its wrong grads; none where the quiz hides one)."""
        overlay = self.scene.display.overlay
        if overlay is None:
            return grad_of

        def shown(node_id: str) -> Optional[float]:
            grad = grad_of(node_id)
            return grad if grad is None else overlay.face(node_id, grad)[0]
        return shown

    def _plan(self):
        """The scene's fold plan if it is for the document as it is now, else None."""
        plan, doc = self.scene.folding.plan, self.scene.session.doc
        return plan if plan.revision == doc.revision and plan.identity is doc.identity else None

    def _repaint(self) -> None:
        self.scene.invalidate(self.scene.in_view(), QGraphicsScene.SceneLayer.BackgroundLayer)

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
        return QColor.fromRgb(self._current_rgb()(node_id))

    def rgb_function(self, grad_of: Callable[[str], Optional[float]],
                     scale: Optional[GradScale], problems) -> Callable[[str], int]:
        """How to colour a node given these grads and scale (safe to call on a worker)."""
        plain = self.scene.theme.node_fill.rgb()
        if scale is None:
            return lambda node_id: plain
        palette = self._rgb_palette
        position = scale.position

        def rgb(node_id: str) -> int:
            grad = grad_of(node_id)
            if grad is None or node_id in problems:
                return plain
            return palette[round((position(grad) + 1.0) / 2.0 * LEVELS)]
        return rgb

    def adopt(self, shapes: Shapes) -> None:
        """Use shapes made elsewhere (on a worker) for the graph they were built for."""
        self._shapes = shapes
        self._wires, self._outline, self._size = shapes.wires, shapes.outline, shapes.size
        self._selection = None  # it may be the old outline
        self.wire_picture.forget()
        self._fills, self._fills_stale = None, False
        self._patched = {}

    def fills_maker(self, evaluation) -> Optional[Callable[[Optional[GradScale]], "Fills"]]:
        """Work for a worker thread: the fills of ``evaluation``'s grads (as they are when
        it runs) on a given scale.

        None when the overview has no shapes to fill (it has not been drawn).
        """
        shapes = self._shapes
        if shapes is None:
            return None
        doc, values, problems = self.scene.session.doc, evaluation.values, evaluation.problems
        shown = self._shown

        def work(scale: Optional[GradScale]) -> Fills:
            # A big graph's colours at once, unless the bug lab or the quiz shows other grads.
            at_once = scale is not None and self.scene.display.overlay is None
            plain = self.scene.theme.node_fill.rgb()
            known = value_fills(values, scale, problems, self._rgb_palette, plain) \
                if at_once else None
            paths = None if known is None else fills_by_tile(shapes, known)
            if paths is not None:
                return Fills(shapes, paths)
            grads = {node_id: value.grad for node_id, value in values.items()}
            known = fills_at_once(doc.nodes(), grads, scale, problems, self._rgb_palette,
                                  plain) if at_once else None
            return Fills(shapes, build_fills(doc, shapes, self.rgb_function(shown(grads.get), scale,
                                                                            problems), grads.get,
                                             known))
        return work

    def adopt_fills(self, fills: "Fills") -> None:
        """Use fills made on a worker, if they are for the shapes drawn now."""
        if fills.shapes is self._shapes:
            self._fills, self._fills_stale = fills.paths, False
            self._patched = {}

    def _build(self) -> None:
        if self._shapes is None:
            self.adopt(build_shapes(self.scene.session.doc, self._plan()))
        if self._fills is None:
            if self.scene.grad_scale() is None:  # no grads: no need to look at each node
                self._fills = uniform_fills(self._shapes, self.scene.theme.node_fill.rgb())
            else:
                self._fills = build_fills(self.scene.session.doc, self._shapes,
                                          self._current_rgb(), self.scene.session.grad)

    def _exposed_tiles(self, areas) -> list:
        size = self._size
        everything = set(self._outline) | set(self._wires)
        tiles = set()
        for area in areas:
            if (area.width() / size + 2) * (area.height() / size + 2) > len(everything):
                return list(everything)
            tiles.update(tiles_under(area.left(), area.top(), area.right(), area.bottom(), size))
        return [tile for tile in tiles if tile in everything]

    def paint_base(self, painter: QPainter, exposed: QRectF) -> None:
        """Wires, fills and outlines of the tiles under the painter's clip (else ``exposed``).

        The view caches this layer, so it is drawn again only after a zoom or
        a change of colours or shapes, not for every backward step.
        """
        work = self.scene.session.work
        if self._shapes is None and (work.document_changing or work.doing(SHAPING)):
            return  # half way through a big change, or a worker is shaping it: not here
        self._build()
        theme = self.scene.theme
        areas = [QRectF(r) for r in painter.clipRegion()] if painter.hasClipping() else [exposed]
        tiles = self._exposed_tiles(areas or [exposed])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(faded(theme.wire, theme.canvas, wire_opacity(painter.transform().m11())), 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if not self.wire_picture.draw(painter, areas, self._wires, self._shapes.extent,
                                      self._exposed_tiles, self._shapes.long_paths()):
            for tile in tiles:
                if tile in self._wires:
                    painter.drawPath(self._wires[tile])
            for path in self._shapes.long_paths():
                painter.drawPath(path)
        # Fills over the wires: a node's colour is what the zoomed-out picture is for.
        if not paint_tiny_boxes(painter, tiles, self._fills, self._shapes.corners,
                                self._size):
            filler = BoxFiller(painter)
            for tile in tiles:
                for rgb, boxes in self._fills.get(tile, {}).items():
                    filler.fill(boxes, rgb)
        if painter.transform().m11() * WIDTH >= MIN_OUTLINED_PX:
            # Smaller boxes would be all border: their fill, the grad, must show.
            border = QPen(theme.node_border, 1.0)
            border.setCosmetic(True)
            painter.setPen(border)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for tile in tiles:
                if tile in self._outline:
                    painter.drawRects(rects_of(self._outline[tile]))
        painter.restore()

    def paint_top(self, painter: QPainter, exposed: QRectF) -> None:
        """What changes step by step: recoloured nodes and the outlines that mark nodes."""
        nodes = self.scene.session.doc.nodes()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for node_id, colour in self._patched.items():
            rect = self.box_rect(node_id)
            if rect is not None:
                fill_box(painter, rect, colour)
        self._paint_marks(painter, nodes, exposed)
        painter.restore()

    def _paint_marks(self, painter: QPainter, nodes, exposed: QRectF) -> None:
        """Outlines that must show at any zoom (see marks.py)."""
        paint_marks(painter, self.scene, self._selection_outline() or (MIN_TILE, {}),
                    self.box_rect, exposed)

    def box_rect(self, node_id: str) -> Optional[QRectF]:
        """Where a node is drawn: its own box, or the box of the collapsed group hiding it;
        None for an id not in the graph."""
        plan = self.scene.folding.plan
        box = plan.box_of(node_id)
        if box is not None:
            return QRectF(box.x, box.y, WIDTH, HEIGHT)
        nodes = self.scene.session.doc.nodes()
        if node_id not in nodes:
            return None
        x, y = nodes[node_id]["pos"]
        return QRectF(x, y, WIDTH, HEIGHT)

    def selection_changed(self) -> None:
        """Nodes were selected or unselected: their outlines are gathered again."""
        self._selection = None

    def _selection_later(self) -> None:
        if self.scene.session.work.worker_running:
            self._selection_timer.start()
        else:
            self.scene.update(self.scene.in_view())  # the next paint gathers the outline

    def _selection_outline(self) -> Optional[Tuple[float, Dict[Tile, BoxList]]]:
        """The selected nodes' boxes as (tile size, the boxes per tile), or None for now.

        All of a big graph may be selected: drawn one by one, the boxes would
        make every paint slow. All selected, they are the overview's own
        outline. For a big graph, gathering them while a worker runs, which
        holds the interpreter half the time, would stall the window: that
        waits until the work is done (None meanwhile).
        """
        if self._selection is None:
            if self._big() and self.scene.session.work.worker_running:
                self._selection_timer.start()  # even asking Qt for the selection: later
                return None
            nodes = self.scene.session.doc.nodes()
            selected = self.scene.selected_node_set()
            if self._shapes is not None and len(selected) == len(nodes):
                self._selection = (self._size, self._outline)
                return self._selection
            self._selection = (MIN_TILE, selected_boxes(self.scene.folding.plan, selected, nodes))
        return self._selection

