"""A picture of the long links crossing a still view, drawn once and copied after.

Hundreds of long links from shared weights cross a view of a network with
collapsed neurons; stroking them, antialiased, is most of what painting it
costs. While the view stays where it is, a picture of them serves every paint
(an expand, a step, a selection). When a few links come or go (a box opened
or closed), only the pixels along them are drawn again: each small square
they cross is cleared and every link through it drawn again in order, cut to
the square. Qt strokes a line cut to a rectangle with the very pixels it gives
it uncut, so the picture stays what drawing it afresh gives. A view on the move
draws the links directly; the view tells where it painted even when no link was
in the paint, so links first shown in a still view (Collapse All) make the picture.
"""

from collections import Counter
from typing import List, Optional

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath

MOST_OF_VIEW = 0.5  # a paint exposing less of the view than this draws the links directly
CELL = 48  # pixels a side of the squares drawn again along links that came or went
PATCH_MOST = 64  # more links changed than this: the picture is drawn anew
PAD = 3.0  # pixels either side of a link that its antialiased stroke may touch


class LongPicture:
    """The long links of a LinkLayer as drawn for one view position, kept as an image."""

    def __init__(self, layer):
        self._layer = layer
        self._image: Optional[QImage] = None
        self._key = None  # what the image was drawn for
        self._last_where = None  # the view as last painted (see placed)
        self._changed: List[tuple] = []  # ends of links gone or come since it was drawn

    def forget(self) -> None:
        """Drop the picture."""
        self._image = self._key = None
        self._changed = []

    def view_painted(self, where: tuple) -> None:
        """The view was painted at ``where`` (see placed), with or without the links."""
        self._last_where = where

    def changed(self, removed, added) -> None:
        """Long links were taken away or added (their ends): drawn again where they lie."""
        if self._image is None:
            return
        same = Counter(removed) & Counter(added)  # drawn before and now: not drawn again
        self._changed += (Counter(removed) - same).elements()
        self._changed += (Counter(added) - same).elements()
        if len(self._changed) > PATCH_MOST:
            self.forget()

    def draw(self, painter: QPainter, area: QRectF, straight_end: float) -> bool:
        """Copy the picture onto ``painter`` (drawing or patching it first if the view has
        stayed where it was last painted); False when the caller is to draw the links."""
        device = painter.device()
        ratio = device.devicePixelRatio()
        t = painter.transform()
        pen = painter.pen()
        where = placed(t, device)
        key = where + (pen.color().rgba(), pen.widthF(),
                       bool(painter.renderHints() & QPainter.RenderHint.Antialiasing))
        last, self._last_where = self._last_where, where
        if self._image is None or self._key != key:
            if where != last or not t.isInvertible():
                return False  # a view on the move: a picture for it would serve one paint
            whole = t.inverted()[0].mapRect(QRectF(0, 0, device.width(), device.height()))
            shown = whole.intersected(area)
            if shown.width() * shown.height() < MOST_OF_VIEW * whole.width() * whole.height():
                return False
            self._make(painter, key, whole, ratio)
        elif self._changed:
            if t.m12() or t.m21():
                self.forget()
                return False
            self._patch(painter, straight_end)
        painter.save()
        painter.resetTransform()
        painter.drawImage(0, 0, self._image)
        painter.restore()
        return True

    def _make(self, painter: QPainter, key, whole: QRectF, ratio: float) -> None:
        device = painter.device()
        size = QSize(round(device.width() * ratio), round(device.height() * ratio))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        drawing = _painter_like(image, painter)
        drawing.drawPath(self._layer.long_path(whole))
        drawing.end()
        self._image, self._key, self._changed = image, key, []

    def _patch(self, painter: QPainter, straight_end: float) -> None:
        """Draw again the squares the links changed since the picture was made cross."""
        import numpy as np
        t = painter.transform()
        changed, self._changed = self._changed, []
        every = self._layer.long_array()
        if not len(every):
            self.forget()
            return
        width, height = self._image.width(), self._image.height()
        scale = max(min(abs(t.m11()), abs(t.m22())), 1e-9)
        every = every[_near(every, t.inverted()[0].mapRect(QRectF(0, 0, width, height)),
                            straight_end + (PAD + 1.0) / scale)]
        drawn = corners(every, straight_end)
        points = _on_device(drawn, t)
        # Only the links that cross the picture can touch a square of it.
        crossing = _through(points, [QRect(0, 0, width, height)])[0]
        drawn = drawn[crossing]
        rects = _cells(_on_device(corners(np.array(changed, dtype=float).reshape(-1, 4),
                                          straight_end), t), width, height)
        drawing = _painter_like(self._image, painter)
        for rect, links in zip(rects, _through(points[crossing], rects)):
            drawing.resetTransform()
            drawing.setClipRect(rect)  # in pixels: set before the transform
            drawing.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            drawing.fillRect(rect, Qt.GlobalColor.transparent)
            drawing.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            drawing.setTransform(t)
            drawing.drawPath(polylines(drawn[links]))
        drawing.end()


def placed(t, device) -> tuple:
    """Where a paint puts the scene: its transform ``t`` and the device's size and pixel
    ratio."""
    return (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), device.width(),
            device.height(), device.devicePixelRatio())


def _painter_like(image: QImage, painter: QPainter) -> QPainter:
    """A painter on ``image`` with ``painter``'s transform, hints and pen."""
    drawing = QPainter(image)
    drawing.setRenderHints(painter.renderHints())
    drawing.setTransform(painter.transform())
    drawing.setPen(painter.pen())
    drawing.setBrush(Qt.BrushStyle.NoBrush)
    return drawing


def _near(ends, area: QRectF, reach: float):
    """Which links (rows of their ends) may meet ``area``: those whose ends' box, grown by
    ``reach``, meets it; a cheap first look, before their corners are worked out."""
    import numpy as np
    x1, y1, x2, y2 = ends[:, 0], ends[:, 1], ends[:, 2], ends[:, 3]
    return ((np.minimum(x1, x2) - reach <= area.right())
            & (np.maximum(x1, x2) + reach >= area.left())
            & (np.minimum(y1, y2) - reach <= area.bottom())
            & (np.maximum(y1, y2) + reach >= area.top()))


def corners(ends, straight_end: float):
    """Each long link's four corners as drawn (see _add_straight): an array of links x 4
    points x (x, y)."""
    import numpy as np
    x1, y1, x2, y2 = ends[:, 0], ends[:, 1], ends[:, 2], ends[:, 3]
    xs = np.stack([x1, x1 + straight_end, x2 - straight_end, x2], axis=1)
    ys = np.stack([y1, y1, y2, y2], axis=1)
    return np.stack([xs, ys], axis=2)


def _on_device(points, t):
    """Points (as corners gives them) where an upright transform ``t`` puts them."""
    import numpy as np
    return np.stack([points[..., 0] * t.m11() + t.dx(), points[..., 1] * t.m22() + t.dy()],
                    axis=-1)


def _cells(points, width: int, height: int) -> List[QRect]:
    """The squares of CELL pixels (runs of them along a row, as rectangles) that these
    links' strokes may touch, within the picture."""
    import numpy as np
    a = points[:, :-1, :].reshape(-1, 2)
    b = points[:, 1:, :].reshape(-1, 2)
    # Stops at most half a square apart along each piece: the squares under the box
    # around two stops (and a stroke's reach) hold the line between them.
    steps = (np.abs(b - a).max(axis=1) / (CELL / 2.0)).astype(int) + 1
    piece = np.repeat(np.arange(len(a)), steps)
    at = (np.arange(len(piece)) - np.repeat(np.cumsum(steps) - steps, steps)) / steps[piece]
    after = at + 1.0 / steps[piece]
    start = a[piece] + (b - a)[piece] * at[:, None]
    end = a[piece] + (b - a)[piece] * after[:, None]
    low = np.floor_divide(np.minimum(start, end) - PAD, CELL).astype(int)
    high = np.floor_divide(np.maximum(start, end) + PAD, CELL).astype(int)
    cells = np.concatenate([np.stack([xs[:, 0], ys[:, 1]], axis=1)
                            for xs in (low, high) for ys in (low, high)])
    cells = cells[(cells[:, 0] >= 0) & (cells[:, 1] >= 0) & (cells[:, 0] * CELL < width)
                  & (cells[:, 1] * CELL < height)]
    return [QRect(left * CELL, top * CELL, (right - left + 1) * CELL, (bottom - top + 1) * CELL)
            for top, bottom, left, right in _runs(cells)]


def _runs(cells) -> List[tuple]:
    """Squares (x, y) as runs along each row, (y, [first x, last x]); runs of the same
    squares in rows one under the other as one: (first y, last y, first x, last x)."""
    import numpy as np
    keys = np.sort(cells[:, 1].astype(np.int64) * (1 << 32) + cells[:, 0])
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # each once (see _through)
    runs: List[list] = []
    current = None
    for key in keys.tolist():
        cy, cx = key >> 32, key & 0xFFFFFFFF
        if current is not None and current[0] == cy and current[3] == cx - 1:
            current[3] = cx
            continue
        current = [cy, cy, cx, cx]
        runs.append(current)
    merged: List[list] = []
    above: dict = {}
    for run in runs:  # by row: a run under one of the same width grows it
        last = above.get((run[2], run[3]))
        if last is not None and last[1] == run[0] - 1:
            last[1] = run[0]
        else:
            merged.append(run)
            above[(run[2], run[3])] = run
    return merged


def _through(points, rects: List[QRect]) -> list:
    """For each rectangle, which links (rows of ``points``, in order) may touch it: one of
    its three pieces has a box that meets the rectangle and a line that does not pass
    wholly to one side of it."""
    import numpy as np
    if not rects:
        return []
    box = np.array([(r.left() - PAD, r.top() - PAD, r.right() + 1 + PAD, r.bottom() + 1 + PAD)
                    for r in rects])
    ax, ay = points[:, :-1, 0], points[:, :-1, 1]  # links x pieces
    bx, by = points[:, 1:, 0], points[:, 1:, 1]
    lo_x, hi_x = np.minimum(ax, bx), np.maximum(ax, bx)
    lo_y, hi_y = np.minimum(ay, by), np.maximum(ay, by)
    found = []
    for left, top, right, bottom in box.tolist():
        links, pieces = np.nonzero((lo_x <= right) & (hi_x >= left)
                                   & (lo_y <= bottom) & (hi_y >= top))
        px, py = ax[links, pieces], ay[links, pieces]
        ux, uy = bx[links, pieces] - px, by[links, pieces] - py
        sides = [ux * (cy - py) - uy * (cx - px)
                 for cx, cy in ((left, top), (right, top), (left, bottom), (right, bottom))]
        apart = ((sides[0] > 0) & (sides[1] > 0) & (sides[2] > 0) & (sides[3] > 0)) \
            | ((sides[0] < 0) & (sides[1] < 0) & (sides[2] < 0) & (sides[3] < 0))
        # Which links, in order, each once: a mark per link rather than np.unique (faster,
        # and its first call loads numpy.ma, tens of milliseconds on the first expand).
        marked = np.zeros(len(points), dtype=bool)
        marked[links[~apart]] = True
        found.append(np.flatnonzero(marked))
    return found


def polylines(points) -> QPainterPath:
    """A path of these links, each a moveTo and three lineTos (as _add_straight makes it),
    read in one go from the bytes Qt streams a path as."""
    import numpy as np
    path = QPainterPath()
    if not len(points):
        return path
    count = 4 * len(points)
    elements = np.empty(count, dtype=[("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
    elements["type"] = QPainterPath.ElementType.LineToElement.value
    elements["type"][0::4] = QPainterPath.ElementType.MoveToElement.value
    elements["x"] = points[:, :, 0].reshape(-1)
    elements["y"] = points[:, :, 1].reshape(-1)
    data = QByteArray(np.array([count], ">i4").tobytes() + elements.tobytes()
                      + np.array([count - 4, 0], ">i4").tobytes())
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    stream >> path
    return path
