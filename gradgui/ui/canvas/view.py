"""The canvas view: zoom, pan, palette drops, and the mouse gestures of editing."""

from typing import Dict, Optional

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsView, QWidget

from ...document import KINDS, move_nodes
from ..mime import KIND_MIME
from ..geometry import TEXT_MIN_ZOOM, boxes_rect
from .folding import box_moves, box_positions
from .link_picture import placed
from .node_item import label_px
from .empty_hint import EmptyHint
from .wiring import WireDrag
from .canvas_keys import take_key

MIN_ZOOM, MAX_ZOOM = 0.03, 4.0
SHOW_MARGIN = 30  # pixels kept around nodes brought into view
READ_PX = 9.0  # a node's label is read at this height on screen or more
READABLE_UP_TO = 300  # boxes on show up to which a graph opens readable rather than whole


class GraphView(QGraphicsView):
    """Shows a GraphScene; turns mouse gestures into document commands."""

    node_kind_dropped = Signal(str, QPointF)
    quick_add_requested = Signal(QPointF, str)
    field_edit_requested = Signal(str, str)
    group_expand_requested = Signal(str)  # a collapsed group's box was double-clicked

    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        # A viewport made here, the same kind of plain widget Qt makes: PySide6 then knows
        # it, whereas the first viewport() of Qt's own costs a search among its widget types
        # (about 7 ms at start).
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")
        self.setViewport(viewport)
        self.session = scene.session
        self._fit_on_resize = False  # a graph was just opened and framed: frame it again
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        # The zoomed-out overview is drawn as background: cached, it costs a
        # backward step nothing but the few nodes the step recolours. Zoomed in, the
        # background is a plain fill: cached, each jump to another place (a step
        # followed) filled the cache and then copied it all, so it is cached only while
        # the overview shows (see follow_overview).
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        # zoom_by keeps the point under the cursor in place itself.
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self._wire_drag: Optional[WireDrag] = None
        self._wire_refused = False  # the status bar says why the dragged wire can't end here
        self._press_positions: Dict[str, QPointF] = {}
        self._press_boxes: Dict[str, QPointF] = {}  # selected boxes where a drag began
        self._pan_from: Optional[QPointF] = None
        self._space_down = False
        self.setSceneRect(QRectF(-400.0, -300.0, 800.0, 600.0))
        scene.bounds_grew.connect(self._grow_scene_rect)
        self.text_scale = 1.0  # View > Text Size: the scale the view calls 1:1
        self.hint = EmptyHint(self)
        self.rubberBandChanged.connect(self._band_moved)

    # ----- the hint on an empty canvas -----------------------------------
    def empty_hint(self) -> str:
        """What the canvas says when the graph is empty ("" when it is not)."""
        return self.hint.text()

    def drawForeground(self, painter, rect):
        super().drawForeground(painter, rect)
        self.hint.paint(painter)

    # ----- zoom and pan --------------------------------------------------
    @property
    def zoom(self) -> float:
        """The current scale on screen (1.0: a scene unit is a pixel)."""
        return self.transform().m11()

    def set_text_scale(self, scale: float) -> None:
        """Draw the canvas ``scale`` times larger (View > Text Size: 2.0 for 200 %).

        Node boxes, their text, group boxes and edge labels grow together, and
        so do the spaces between them: a layout that did not overlap at 100 %
        does not at 200 %. 1:1, the zoom limits and Fit's largest zoom follow.
        """
        factor = scale / self.text_scale
        self.text_scale = scale
        self.zoom_by(factor)

    def zoom_by(self, factor: float, around: Optional[QPointF] = None) -> None:
        """Zoom by ``factor``, within sensible limits, keeping the canvas point under
        ``around`` (a viewport point; default: the view's centre) where it is."""
        self._fit_on_resize = False
        factor = max(MIN_ZOOM / self.zoom, min(MAX_ZOOM * self.text_scale / self.zoom, factor))
        if around is None:
            around = QPointF(self.viewport().rect().center())
        visible = self._visible_rect()
        w, h = visible.width() / factor, visible.height() / factor
        self._grow_scene_rect(visible.adjusted(-w, -h, w, h))
        fixed = self.mapToScene(around.toPoint())
        self._before_zoom(self.zoom * factor)
        self.scale(factor, factor)
        self._scroll_by(self.mapFromScene(fixed) - around.toPoint())
        self._zoom_changed()

    def reset_zoom(self) -> None:
        """Back to 1:1 (at the text size)."""
        self.zoom_by(self.text_scale / self.zoom)

    def fit_graph(self, readable: bool = False) -> None:
        """Frame the whole graph, centred. ``readable`` (a graph just opened): a small graph
        whose labels would be too small to read whole is shown at a zoom where they read,
        from its left edge (its inputs) on; Fit Graph shows all of it. A graph just opened
        (not a big one) is framed again when the canvas changes size (docks shown with it)
        until the view is first touched."""
        # Not for a big graph: framing it again while it is being switched over costs seconds.
        self._fit_on_resize = readable and not self.session.work.is_big(len(self.session.doc))
        rect = self.scene().graph_rect()
        if rect.isEmpty():
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        port = self.viewport().rect()
        zoom = min(port.width() / rect.width(), port.height() / rect.height(),
                   1.5 * self.text_scale)
        centre = rect.center()
        if readable and zoom < self.read_zoom() and self._opens_readable():
            zoom = self.read_zoom()
            centre = QPointF(rect.left() + port.width() / zoom / 2, centre.y())
        w, h = port.width() / zoom, port.height() / zoom
        self._grow_scene_rect(rect.adjusted(-w, -h, w, h))
        self._before_zoom(zoom)
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(centre)
        self._zoom_changed()

    @staticmethod
    def read_zoom() -> float:
        """The zoom at which a node's label is READ_PX high on screen."""
        return READ_PX / label_px()

    def _opens_readable(self) -> bool:
        """True for a graph that opens at a zoom where its labels read: a small one, or a
        network (it has groups, which make it readable) below the big size."""
        doc = self.session.doc
        return self._boxes_on_show() <= READABLE_UP_TO or (
            len(doc.groups) > 0 and not self.session.work.is_big(len(doc)))

    def _boxes_on_show(self) -> int:
        """How many boxes the canvas draws: the nodes that show and the collapsed groups."""
        plan = self.scene().folding.plan
        return len(self.session.doc) - len(plan.hidden) + len(plan.boxes)

    def show_nodes(self, node_ids) -> None:
        """Bring these nodes into view, zooming out only as far as they need."""
        self.show_rect(boxes_rect(self.session.doc.pos(n) for n in node_ids if n in self.session.doc))

    def show_rect(self, rect: QRectF) -> None:
        """Bring ``rect`` (scene coordinates) into view, zooming out only as far as it needs."""
        self._fit_on_resize = False
        if rect.isEmpty():
            return
        port = self.viewport().rect()
        room = min((port.width() - 2 * SHOW_MARGIN) / rect.width(),
                   (port.height() - 2 * SHOW_MARGIN) / rect.height())
        if room < self.zoom:
            self.zoom_by(max(room, MIN_ZOOM) / self.zoom)
        self._grow_scene_rect(rect.adjusted(-port.width(), -port.height(), port.width(), port.height()))
        self.ensureVisible(rect, SHOW_MARGIN, SHOW_MARGIN)

    def _before_zoom(self, zoom: float) -> None:
        # Into the overview before zooming out: the canvas never shows every item
        # of a big graph drawing itself (a paint while switching did, for seconds).
        if zoom < TEXT_MIN_ZOOM:
            self.scene().set_overview(True)

    def _zoom_changed(self) -> None:
        # Text is unreadable below this zoom: draw the cheap overview instead.
        self.scene().set_overview(self.zoom < TEXT_MIN_ZOOM)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._fit_on_resize:
            self.fit_graph(readable=True)
        self._grow_scene_rect()

    def paintEvent(self, event):
        # Where the view is now, a big graph's items are made before they are drawn: once
        # per paint, not for each scroll and zoom on the way.
        self.scene().views_moved()
        self.follow_overview()  # told when the overview comes or goes: this is the backstop
        super().paintEvent(event)
        self.scene().folding.link_layer.picture.view_painted(
            placed(self.viewportTransform(), self.viewport()))

    def follow_overview(self) -> None:
        """Keep the background as a picture while the scene shows the overview, not else
        (see __init__). Switched on, Qt repaints the whole view."""
        cache = (QGraphicsView.CacheModeFlag.CacheBackground if self.scene().overview_mode
                 else QGraphicsView.CacheModeFlag.CacheNone)
        if self.cacheMode() != cache:
            self.setCacheMode(cache)

    def wheelEvent(self, event):
        self._fit_on_resize = False
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15 ** steps, event.position())
        event.accept()

    def _visible_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def _grow_scene_rect(self, also: Optional[QRectF] = None) -> None:
        """Let the scrollable area cover the graph, what is on screen and ``also``.

        Qt centres a scene rect smaller than the view, so a rect that just
        followed the items would shift everything on screen whenever a node
        is added (a dropped node would jump away from the drop point). This
        rect only grows, with room around it, and whatever is on screen
        stays where it is.
        """
        visible = self._visible_rect()
        wanted = visible if also is None else visible.united(also)
        if self.sceneRect().contains(wanted):
            return
        anchor = visible.center()
        before = self.mapFromScene(anchor)
        w, h = visible.width(), visible.height()
        self.setSceneRect(self.sceneRect().united(wanted.adjusted(-w, -h, w, h)))
        self._scroll_by(self.mapFromScene(anchor) - before)

    def _scroll_by(self, delta: QPoint) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())

    def _pan(self, pos: QPointF) -> None:
        delta = pos - self._pan_from
        self._pan_from = pos
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))

    # ----- mouse gestures -------------------------------------------------
    def mousePressEvent(self, event):
        self._fit_on_resize = False
        point = self.mapToScene(event.position().toPoint())
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and self._space_down):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if button == Qt.MouseButton.LeftButton:
            port = self.scene().port_at(point)
            if port is not None:
                self._wire_drag = WireDrag(self.scene(), port)
                self._wire_drag.move(point)
                event.accept()
                return
        if button == Qt.MouseButton.LeftButton and self.scene().node_at(point) is None \
                and self.scene().folding.box_at(point) is None:
            wire = self.scene().queries.wire_at(point)
            if wire is not None:
                if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.scene().clearSelection()
                wire.setSelected(True)
                event.accept()
                return
        super().mousePressEvent(event)
        self._press_positions = self.scene().node_items.drag_starts()
        self._press_boxes = box_positions(self.scene())

    def _band_moved(self, rect, _from, _to) -> None:
        # Nodes without items (a big graph's, far away or zoomed out) are selected too.
        if not rect.isNull() and self.scene() is not None:
            self.scene().queries.band_moved(self.mapToScene(rect).boundingRect())

    def mouseMoveEvent(self, event):
        if self._pan_from is not None:
            self._pan(event.position())
            return
        if self._wire_drag is not None:
            self._say_of_wire(self._wire_drag.move(self.mapToScene(event.position().toPoint())))
            return
        super().mouseMoveEvent(event)
        if (self._press_positions or self._press_boxes) and event.buttons() & Qt.MouseButton.LeftButton:
            self.scene().reroute([*self._press_positions, *self._press_boxes])

    def mouseReleaseEvent(self, event):
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            return
        if self._wire_drag is not None:
            drag, self._wire_drag = self._wire_drag, None
            command, problem = drag.finish(self.mapToScene(event.position().toPoint()))
            self._say_of_wire(problem)
            if command is not None:
                self.session.execute(command)
            return
        super().mouseReleaseEvent(event)
        self._commit_moves()

    def _say_of_wire(self, problem: Optional[str]) -> None:
        """Show why the wire being dragged can't end here; take that back once it can (a
        wire made said it could not, from a port passed on the way)."""
        if problem:
            self.session.message.emit(problem[0].upper() + problem[1:])
        elif self._wire_refused:
            self.session.message.emit("")
        self._wire_refused = bool(problem)

    def _commit_moves(self) -> None:
        """Turn a finished drag of nodes into one undoable move."""
        moves = self.scene().node_items.moves_of(self._press_positions)
        moves.update(box_moves(self.scene(), self._press_boxes, self.session.doc))
        self._press_positions, self._press_boxes = {}, {}
        if moves:
            self.session.execute(move_nodes(moves))
        else:  # dropped where it started: no move, but the drag's wire items go all the same
            self.scene().detail.drag_ended()

    def mouseDoubleClickEvent(self, event):
        point = self.mapToScene(event.position().toPoint())
        item = self.scene().node_at(point)
        box = self.scene().folding.box_at(point) if item is None else None
        if box is not None:
            self.group_expand_requested.emit(box.gid)
            event.accept()
            return
        if item is None or item.port_at(point) is not None:
            super().mouseDoubleClickEvent(event)
            return
        self.field_edit_requested.emit(item.node_id, item.field_at(point))
        event.accept()

    # ----- keys --------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent):
        self._fit_on_resize = False
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if key == Qt.Key.Key_Escape and self._wire_drag is not None:
            self._wire_drag.cancel()
            self._wire_drag = None
            self._say_of_wire(None)  # no wire, no word against one
            return
        if take_key(self, event):
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent):
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def focusNextPrevChild(self, next_):
        # Tab belongs to quick-add on the canvas, not to focus traversal.
        return False

    def leave_canvas(self, forward: bool) -> None:
        """Give the keyboard to the next (or previous) widget of the window."""
        super().focusNextPrevChild(forward)

    # ----- drops from the palette --------------------------------------
    def dragEnterEvent(self, event):
        if event.mimeData().hasFormat(KIND_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event):
        if event.mimeData().hasFormat(KIND_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event):
        if event.mimeData().hasFormat(KIND_MIME):
            kind = bytes(event.mimeData().data(KIND_MIME)).decode("utf-8", errors="replace")
            if kind not in KINDS:  # any program can send this type: take only real kinds
                event.ignore()
                return
            self.node_kind_dropped.emit(kind, self.mapToScene(event.position().toPoint()))
            event.acceptProposedAction()
        else:
            super().dropEvent(event)
