"""The minimap: the whole graph in a small picture, the view's rectangle on it; click or
drag in it to move the view."""

from typing import Optional, Tuple

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...document.folding import FoldPlan, link_points
from ..geometry import HEIGHT, WIDTH
from ..overview.shapes import make_plan

BOXES_UP_TO = 5_000  # nodes drawn as boxes (and wires) one by one; more become a raster
PAD = 6  # pixels between the picture and the widget's edge
STEP_RING = 5.0  # radius in pixels of the ring round the node being stepped


class Minimap(QWidget):
    """A picture of the graph as the canvas shows it (a collapsed group is its box, where
    the box is), made once per change of the document, its groups and the size; a repaint
    draws that picture and the view's rectangle, nothing more."""

    moved_to = Signal(QPointF)  # the scene point a click or drag put the view's centre on

    def __init__(self, scene, view, parent=None):
        super().__init__(parent)
        self.setObjectName("minimap")
        self.scene = scene
        self.view = view
        self.setMinimumSize(100, 80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("The whole graph: click or drag to move the view")
        self._picture: Optional[Tuple[tuple, QImage, QRectF]] = None  # key, image, scene rect
        for bar in (view.horizontalScrollBar(), view.verticalScrollBar()):
            bar.valueChanged.connect(self.update)
            bar.rangeChanged.connect(self.update)
        session = scene.session
        for signal in (session.settled, session.document_replaced, scene.bounds_grew):
            signal.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(240, 170)

    # ----- the picture, cached -------------------------------------------
    def picture(self) -> Tuple[QImage, QRectF]:
        """The graph's picture for the widget's size, and the scene rect it shows."""
        doc = self.scene.session.doc
        plan = self.plan()
        key = (doc.identity, doc.revision, plan, self.width(), self.height(), id(self.scene.theme))
        if self._picture is None or self._picture[0] != key:
            image, shown = self._draw(doc, plan)
            self._picture = (key, image, shown)
        return self._picture[1], self._picture[2]

    def plan(self) -> FoldPlan:
        """The collapsed groups as the canvas draws them (its plan lags the document only
        by edits that move nothing, or until an edit is over)."""
        plan, doc = self.scene.folding.plan, self.scene.session.doc
        if plan.identity is doc.identity:
            return plan
        if self._picture is not None and self._picture[0][0] is doc.identity:
            return self._picture[0][2]  # made here already for this graph
        return make_plan(doc)

    def _frame(self) -> QRectF:
        rect = self.scene.graph_rect()
        margin = max(rect.width(), rect.height()) * 0.04 + 20.0
        return rect.adjusted(-margin, -margin, margin, margin)

    def _fit(self, shown: QRectF) -> Tuple[float, QPointF]:
        """Scale and offset that put ``shown`` in the middle of the widget, aspect kept."""
        room_w, room_h = max(1, self.width() - 2 * PAD), max(1, self.height() - 2 * PAD)
        scale = min(room_w / shown.width(), room_h / shown.height()) if shown.width() else 1.0
        offset = QPointF(PAD + (room_w - shown.width() * scale) / 2 - shown.left() * scale,
                         PAD + (room_h - shown.height() * scale) / 2 - shown.top() * scale)
        return scale, offset

    def _draw(self, doc, plan: FoldPlan) -> Tuple[QImage, QRectF]:
        theme = self.scene.theme
        image = QImage(max(1, self.width()), max(1, self.height()), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(theme.canvas)
        if not len(doc):
            return image, QRectF()
        shown = self._frame()
        scale, offset = self._fit(shown)
        if len(doc) <= BOXES_UP_TO:
            self._draw_boxes(image, doc, plan, scale, offset)
        else:
            self._draw_raster(image, _corners(doc, plan), scale, offset)
        return image, shown

    def _draw_boxes(self, image: QImage, doc, plan: FoldPlan, scale: float, offset: QPointF) -> None:
        theme = self.scene.theme
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(offset)
        painter.scale(scale, scale)
        nodes = doc.nodes()
        pen = QPen(theme.wire, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        hidden = plan.hidden
        for source, target, _ports in doc.wire_groups():
            if source in hidden or target in hidden:
                continue  # inside a box, or drawn below as a link to its port
            sx, sy = nodes[source]["pos"]
            tx, ty = nodes[target]["pos"]
            painter.drawLine(QPointF(sx + WIDTH, sy + HEIGHT / 2), QPointF(tx, ty + HEIGHT / 2))
        for link in plan.links:
            if (link.source in nodes or link.source in plan.boxes) \
                    and (link.target in nodes or link.target in plan.boxes):  # mid-edit: gone
                x1, y1, x2, y2 = link_points(plan, link, lambda n: nodes[n]["pos"])
                painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
        # At least a pixel and a half a side: a node of a big graph must still show.
        width, height = max(WIDTH, 1.5 / scale), max(HEIGHT, 1.5 / scale)
        border = QPen(theme.node_border, 1.0)
        border.setCosmetic(True)
        painter.setPen(border if WIDTH * scale >= 6 else Qt.PenStyle.NoPen)
        painter.setBrush(theme.node_fill if WIDTH * scale >= 6 else theme.node_border)
        for x, y in _corners(doc, plan):
            painter.drawRect(QRectF(x, y, width, height))
        painter.end()

    def _draw_raster(self, image: QImage, corners: list, scale: float, offset: QPointF) -> None:
        """Many nodes: each pixel darker with the number of nodes in it (numpy, no loop)."""
        import numpy as np  # only for big graphs: the editor starts without it

        positions = np.array(corners, dtype=float).reshape(-1, 2)
        xs = ((positions[:, 0] + WIDTH / 2) * scale + offset.x()).astype(int)
        ys = ((positions[:, 1] + HEIGHT / 2) * scale + offset.y()).astype(int)
        w, h = image.width(), image.height()
        inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        counts = np.bincount(ys[inside] * w + xs[inside], minlength=w * h).reshape(h, w)
        strength = np.minimum(1.0, 0.45 + 0.55 * np.log1p(counts) / np.log1p(max(1, counts.max())))
        strength[counts == 0] = 0.0
        canvas, ink = self.scene.theme.canvas, self.scene.theme.node_border
        channels = []
        for back, front in ((canvas.blue(), ink.blue()), (canvas.green(), ink.green()),
                            (canvas.red(), ink.red())):
            channels.append((back + (front - back) * strength).astype(np.uint8))
        pixels = np.dstack(channels + [np.full((h, w), 255, np.uint8)])  # BGRA in memory
        raster = QImage(pixels.tobytes(), w, h, 4 * w, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        painter.drawImage(0, 0, raster)
        painter.end()

    # ----- painting and the mouse -----------------------------------------
    def visible_rect(self) -> QRectF:
        """What the view shows, in scene coordinates."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def to_scene(self, point: QPointF) -> QPointF:
        """The scene point under a point of the widget."""
        _image, shown = self.picture()
        scale, offset = self._fit(shown) if not shown.isEmpty() else (1.0, QPointF())
        return QPointF((point.x() - offset.x()) / scale, (point.y() - offset.y()) / scale)

    def from_scene(self, point: QPointF) -> QPointF:
        """The widget point showing a scene point."""
        _image, shown = self.picture()
        scale, offset = self._fit(shown) if not shown.isEmpty() else (1.0, QPointF())
        return QPointF(point.x() * scale + offset.x(), point.y() * scale + offset.y())

    def paintEvent(self, event):
        image, shown = self.picture()
        painter = QPainter(self)
        painter.drawImage(0, 0, image)
        if shown.isEmpty():
            painter.setPen(self.scene.theme.muted_text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Empty graph")
            return
        scale, offset = self._fit(shown)
        visible = self.visible_rect()
        frame = QRectF(visible.left() * scale + offset.x(), visible.top() * scale + offset.y(),
                       visible.width() * scale, visible.height() * scale)
        frame = frame.intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        fill = QColor(self.scene.theme.selection)
        fill.setAlpha(40)
        painter.fillRect(frame, fill)
        painter.setPen(QPen(self.scene.theme.selection, 1.5))
        painter.drawRect(frame)
        self._paint_step(painter, scale, offset)

    def _paint_step(self, painter: QPainter, scale: float, offset: QPointF) -> None:
        """A ring round the node being stepped, so the step can be found on the map."""
        roles = self.scene.display.step_roles
        doc = self.scene.session.doc
        current = next((n for n, role in roles.items() if role == "current" and n in doc), None)
        if current is None:
            return
        box = self.plan().box_of(current)  # stepped inside a collapsed group: its box
        x, y = (box.x, box.y) if box is not None else doc.pos(current)
        centre = QPointF((x + WIDTH / 2) * scale + offset.x(), (y + HEIGHT / 2) * scale + offset.y())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.scene.theme.step_current, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, STEP_RING, STEP_RING)

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._move_view(event.position())
            event.accept()

    def mouseMoveEvent(self, event):
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move_view(event.position())
            event.accept()

    def _move_view(self, point: QPointF) -> None:
        if self.picture()[1].isEmpty():
            return
        self.moved_to.emit(self.to_scene(point))


def _corners(doc, plan: FoldPlan) -> list:
    """The top left of every box the canvas draws: the nodes that show, and once each
    collapsed group's box."""
    hidden = plan.hidden
    if not hidden:
        return [pos for _, pos in doc.positions()]
    corners = [pos for node_id, pos in doc.positions() if node_id not in hidden]
    return corners + [(box.x, box.y) for box in plan.boxes.values()]
