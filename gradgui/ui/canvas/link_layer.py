"""The wires that cross a collapsed box's border (links), drawn by one item for them all.

Collapsing every neuron of a big network makes thousands of links; as an
item each, Qt's index took a fraction of a millisecond to take in each one,
and a view crossed by thousands of long links painted each one apart. Here
the links are kept per box (the box whose ``box_links`` list holds them), so
a fold change rebuilds the paths of the boxes it touched. A long link is
straight and drawn with a hairline pen, which Qt cuts to the screen before
stroking; a short one is a wire's curve, drawn with the wires' pen when its
box's links are near what is exposed.
"""

from itertools import chain
from typing import Dict, List, Optional

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsItem

from .link_picture import LongPicture, corners, polylines
from .wire_item import hairline, is_long, wire_path

STRAIGHT_END = 24.0  # the level ends of a long link, drawn straight between them
ALL_LONG_BELOW = 500  # fewer long links than this are drawn without looking which show


class LinkLayer(QGraphicsItem):
    """Every wire drawn to or from a box's port, as one item (see the module's docstring).

    A still view crossed by many long links keeps them as a picture (see
    link_picture.py): painting again, after an expand, a step or a selection,
    copies it rather than stroking hundreds of lines across the screen.
    """

    def __init__(self):
        super().__init__()
        self._boxes: Dict[str, "_BoxLinks"] = {}
        self._long: Optional[QPainterPath] = None  # every box's long links, when they are few
        self._long_ends: Optional[List[tuple]] = None  # their ends, gathered when painted
        self._long_array = None  # the same as an array (a row of x1, y1, x2, y2 each)
        self._shown: Optional[tuple] = None  # (an area, the path of the long links near it)
        self.picture = LongPicture(self)
        self._rect = QRectF()
        self.setZValue(-1.0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def __len__(self) -> int:
        return sum(len(box.ends) for box in self._boxes.values())

    def set_box(self, gid: str, ends: List[tuple]) -> None:
        """The links a box owns, each as its ends (x1, y1, x2, y2); none: forget the box."""
        before = self._boxes.get(gid)
        box = _BoxLinks(ends) if ends else None
        if box is not None:
            self._boxes[gid] = box  # in its place: links are drawn box by box, in order
        elif before is not None:
            del self._boxes[gid]
        gone = before.long if before is not None else []
        came = box.long if box is not None else []
        if gone == came:
            return  # its long links are where they were: only its short ones changed
        self._long = self._long_ends = self._long_array = self._shown = None
        self.picture.changed(gone, came)

    def clear(self) -> None:
        """No links at all."""
        self._boxes = {}
        self._long = self._long_ends = self._long_array = self._shown = None
        self.picture.forget()
        self.commit()

    def commit(self) -> None:
        """Boxes were set: take the new extent and repaint."""
        rect = QRectF()
        for box in self._boxes.values():
            rect = rect.united(box.rect)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None):
        scene = self.scene()
        if scene is None:
            return
        pen = scene.detail.wire_pen
        area = option.exposedRect
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(hairline(pen))
        if self._long_count() < ALL_LONG_BELOW or not self.picture.draw(painter, area, STRAIGHT_END):
            painter.drawPath(self._long_crossing(area))
        # In a big graph the short links are hairlines too, as thin as the wires beside them.
        painter.setPen(hairline(pen) if scene.detail.thin_wires() else pen)
        for box in self._boxes.values():
            if box.short_ends and box.short_rect.intersects(area):
                painter.drawPath(box.short_path())

    def _long_count(self) -> int:
        # Counted, not gathered: the picture needs no list of thousands of ends.
        if self._long_ends is not None:
            return len(self._long_ends)
        return sum(len(box.long) for box in self._boxes.values())

    def long_ends(self) -> List[tuple]:
        """The ends of every long link, box by box."""
        if self._long_ends is None:
            self._long_ends = [end for box in self._boxes.values() for end in box.long]
        return self._long_ends

    def long_array(self):
        """The ends of every long link as rows of a numpy array, box by box."""
        if self._long_array is None:
            import numpy as np
            rows = [box.long_rows() for box in self._boxes.values() if box.long]
            self._long_array = np.concatenate(rows) if rows else np.empty((0, 4))
        return self._long_array

    def long_path(self, area: QRectF) -> QPainterPath:
        """The long links that may cross ``area``, made afresh (for a picture of them)."""
        ends = self.long_ends()
        if len(ends) >= ALL_LONG_BELOW:
            return polylines(corners(_crossing(self.long_array(), area), STRAIGHT_END))
        path = QPainterPath()
        for end in ends:
            _add_straight(path, *end)
        return path

    def _long_crossing(self, area: QRectF) -> QPainterPath:
        """The long links that may cross ``area``: all of them when few, else only those
        whose line comes near it (Qt cuts each line to the screen, but thousands of links
        mostly far off still took milliseconds to cut)."""
        ends = self.long_ends()
        if len(ends) < ALL_LONG_BELOW:
            if self._long is None:
                self._long = QPainterPath()
                for end in ends:
                    _add_straight(self._long, *end)
            return self._long
        if self._shown is None or not self._shown[0].contains(area):
            path = polylines(corners(_crossing(self.long_array(), area), STRAIGHT_END))
            self._shown = (QRectF(area), path)
        return self._shown[1]  # those near a larger area: some more, drawn cut to the screen


def _crossing(array, area: QRectF):
    """The long links (rows of their ends) whose straight middle comes within their level
    ends and a pixel or two of pen of ``area``."""
    import numpy as np
    grow = STRAIGHT_END + 4.0
    left, top = area.left() - grow, area.top() - grow
    right, bottom = area.right() + grow, area.bottom() + grow
    x1, y1, x2, y2 = array[:, 0] + STRAIGHT_END, array[:, 1], array[:, 2] - STRAIGHT_END, array[:, 3]
    near = ((np.minimum(x1, x2) <= right) & (np.maximum(x1, x2) >= left)
            & (np.minimum(y1, y2) <= bottom) & (np.maximum(y1, y2) >= top))
    sides = [(x2 - x1) * (cy - y1) - (y2 - y1) * (cx - x1)
             for cx, cy in ((left, top), (right, top), (left, bottom), (right, bottom))]
    apart = (np.all([side > 0 for side in sides], axis=0)
             | np.all([side < 0 for side in sides], axis=0))
    return array[near & ~apart]


class _BoxLinks:
    """One box's links: their ends, the long ones' ends apart, the short ones' path made
    when first painted (collapsing every neuron makes thousands, most never on screen)."""

    __slots__ = ("ends", "long", "short_ends", "_short", "_rows", "short_rect", "rect")

    def __init__(self, ends: List[tuple]):
        self.ends = ends
        long, short = [], []
        left = top = float("inf")
        right = bottom = float("-inf")
        for end in ends:
            x1, y1, x2, y2 = end
            if x1 < x2:
                left, right = min(left, x1), max(right, x2)
            else:
                left, right = min(left, x2), max(right, x1)
            if y1 < y2:
                top, bottom = min(top, y1), max(bottom, y2)
            else:
                top, bottom = min(top, y2), max(bottom, y1)
            (long if is_long(x1, y1, x2, y2) else short).append(end)
        self.long, self.short_ends, self._short, self._rows = long, short, None, None
        self.rect = QRectF(left - 4.0, top - 4.0, right - left + 8.0, bottom - top + 8.0)
        self.short_rect = _curves_rect(short)

    def long_rows(self):
        """The long links' ends as rows of a numpy array (made once)."""
        if self._rows is None:
            import numpy as np
            self._rows = np.fromiter(chain.from_iterable(self.long), dtype=float,
                                     count=4 * len(self.long)).reshape(-1, 4)
        return self._rows

    def short_path(self) -> QPainterPath:
        """The short links' curves, one path."""
        if self._short is None:
            self._short = QPainterPath()
            for end in self.short_ends:
                self._short.addPath(wire_path(*end))
        return self._short


def _curves_rect(ends: List[tuple]) -> QRectF:
    """What the curves of these short links' control points cover, with a pen's room: the
    rectangle their path's controlPointRect gives, without making the path."""
    if not ends:
        return QRectF()
    xs, ys = [], []
    for x1, y1, x2, y2 in ends:
        bend = max(40.0, abs(x2 - x1) * 0.5)  # as wire_path bends
        xs += (x1, x1 + bend, x2 - bend, x2)
        ys += (y1, y2)
    left, top = min(xs), min(ys)
    return QRectF(left - 4.0, top - 4.0, max(xs) - left + 8.0, max(ys) - top + 8.0)


def link_path(x1: float, y1: float, x2: float, y2: float) -> QPainterPath:
    """A link's route: a wire's curve, or for a long link a straight line with short level
    ends. Links from shared weights to every sample's boxes cross the whole graph, and
    Qt draws a long curve as hundreds of pieces even where little of it shows."""
    if not is_long(x1, y1, x2, y2):
        return wire_path(x1, y1, x2, y2)
    path = QPainterPath()
    _add_straight(path, x1, y1, x2, y2)
    return path


def _add_straight(path: QPainterPath, x1: float, y1: float, x2: float, y2: float) -> None:
    path.moveTo(x1, y1)
    path.lineTo(x1 + STRAIGHT_END, y1)
    path.lineTo(x2 - STRAIGHT_END, y2)
    path.lineTo(x2, y2)
