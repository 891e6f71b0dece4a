"""A picture of the overview's wires for one view position, drawn a slice at a time.

Wires are most of what the overview draws, and a backward pass or a step
changes only the fills: repainting after one copies this picture instead of
drawing every wire again. A big graph's picture takes a while to draw, so it
is drawn in slices of about 40 ms; between them the window handles events,
and each slice asks for a repaint that shows what is drawn so far. The last finished
picture of another view position is kept too, one per size of picture (so about one per
view): a second view of the scene, or a picture exported from it, would otherwise cost the
canvas its own picture, drawn anew on its next full repaint (a Backward's, say), and a
view zoomed in and fitted again finds its picture still there.
"""

import math
import time
from typing import Callable, Dict, List, Optional

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPen

from .shapes import lines_path

SLICE_MS = 40.0
KEPT = 2  # finished pictures kept of other view positions: the last of each of two sizes
RUB_PX = 2.0  # how far either side of a line taken away the picture is rubbed out


class WirePicture:
    """The wires of the tiles in view, drawn once per zoom and scroll position."""

    def __init__(self, owner, drawn_more: Callable[[], None]):
        self._drawn_more = drawn_more  # asks for a repaint after a slice
        self._image: Optional[QImage] = None
        self._key = None
        self._todo: List[Optional[tuple]] = []  # tiles to draw yet (None: the long lines)
        self._wires: Dict = {}  # the paths of each tile's wires, and of the long lines
        self._long: List[QPainterPath] = []
        self._long_done = 0  # how many of the long lines' paths are in the picture so far
        self._transform = None
        self._pen: Optional[QPen] = None
        self._timer = QTimer(owner)  # goes with its owner (the scene): no slice after that
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next_slice)
        self._kept: Dict[tuple, tuple] = {}  # key -> (image, transform, pen, wires, long)

    @property
    def complete(self) -> bool:
        """True when every wire in view is in the picture."""
        return not self._todo

    def forget(self) -> None:
        """Drop the picture: the wires moved or look different."""
        self._timer.stop()
        self._image, self._key, self._todo = None, None, []
        self._wires, self._long, self._long_done = {}, [], 0
        self._kept = {}

    def draw(self, painter: QPainter, areas, wires: Dict, extent: QRectF,
             tiles_in: Callable[[List[QRectF]], list], long: List[QPainterPath]) -> bool:
        """Copy the picture onto ``painter``, starting one on a full repaint: the
        ``wires`` of the tiles in view, and the ``long`` ones between tiles.

        False when there is no picture for this view and this is not a full
        repaint (a scroll's strip): the caller then draws the wires itself.
        """
        device = painter.device()
        ratio = device.devicePixelRatio()
        size = QSize(device.width(), device.height())
        t = painter.transform()
        key = (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), size.width(), size.height(), ratio)
        if self._key != key and not self._take_kept(key, wires, long, painter.pen()):
            whole = t.inverted()[0].mapRect(QRectF(0, 0, size.width() / ratio, size.height() / ratio))
            needed = whole.intersected(extent)
            slack = 2.0 / max(abs(t.m11()), 1e-12)  # clip rectangles are whole pixels
            if not any(area.adjusted(-slack, -slack, slack, slack).contains(needed)
                       for area in areas):
                return False
            self._keep()
            self._wires, self._long, self._long_done = wires, long, 0
            self._start(size, ratio, t, QPen(painter.pen()),
                        [None] + [tile for tile in tiles_in([whole]) if tile in wires])
            self._key = key
        painter.save()
        painter.resetTransform()
        painter.drawImage(0, 0, self._image)
        painter.restore()
        return True

    def patch(self, removed: List[tuple], added: List[tuple],
              near: Callable[[List[tuple], float], Optional[object]],
              wires: Optional[Dict] = None, long: Optional[List[QPainterPath]] = None) -> None:
        """Lines (x1, y1, x2, y2) were taken away and others added: rub the ones taken away
        out of the picture, draw again the lines ``near`` them (``near(lines, reach)``
        gives the lines drawn now within ``reach`` of some of ``lines``, None when too
        many to be worth it), cut to the rectangle around them, and draw the new ones.

        All wires have one opaque colour and no antialiasing, so a line drawn again over
        itself leaves the picture as it was, and Qt draws a line cut to a rectangle with
        the very pixels it has there uncut: the result is the picture drawn from scratch.
        A picture not finished goes on with the tiles it has still to draw as ``wires``
        (and the ``long`` lines) now have them. One under a turned view, or with too much
        to draw again, is dropped instead (drawn anew when next painted).
        """
        self._kept = {}  # pictures of other positions would miss these lines
        if self._image is None:
            return
        t = self._transform
        if self._todo and wires is None or t.m12() or t.m21() or t.m11() != t.m22() \
                or t.m11() <= 0.0:
            self.forget()
            return
        scale = t.m11()
        # A rubbed-out pixel's centre is within RUB_PX (and a corner) of a line taken away;
        # a line drawn through that pixel within a pixel of its centre.
        again = near(removed, (RUB_PX * 1.5 + 2.0) / scale) if removed else None
        if removed and again is None:
            self.forget()
            return
        painter = QPainter(self._image)
        painter.setPen(self._pen)
        if removed:
            painter.setClipRect(_around(t, removed))  # in pixels: set before the transform
            painter.setTransform(t)
            rub = QPen(Qt.GlobalColor.transparent, 2.0 * RUB_PX, Qt.PenStyle.SolidLine,
                       Qt.PenCapStyle.SquareCap)
            rub.setCosmetic(True)  # RUB_PX either side on screen, whatever the zoom
            painter.setPen(rub)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            painter.drawPath(lines_path(removed))
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.setPen(self._pen)
            painter.drawPath(lines_path(again))
            painter.setClipping(False)
        painter.setTransform(t)
        painter.drawPath(lines_path(added))
        painter.end()
        if wires is not None:
            # Long lines half drawn are drawn again from the first, as ``long`` has them
            # now: a line drawn over itself leaves the picture as it was.
            self._wires, self._long, self._long_done = wires, long, 0

    def _keep(self) -> None:
        """Keep the finished picture in use (about to be replaced) in place of any kept of its
        size, dropping the oldest kept beyond KEPT."""
        if self._image is not None and self._key is not None and not self._todo:
            size = self._key[6:]
            for key in [key for key in self._kept if key[6:] == size]:
                del self._kept[key]
            self._kept[self._key] = (self._image, self._transform, self._pen, self._wires,
                                     self._long)
            while len(self._kept) > KEPT:
                del self._kept[next(iter(self._kept))]

    def _take_kept(self, key: tuple, wires: Dict, long: List[QPainterPath], pen: QPen) -> bool:
        """Use again the picture kept for ``key`` if it was drawn from these very wires with
        this pen (True), keeping the one in use in its place."""
        kept = self._kept.get(key)
        if kept is None:
            return False
        image, transform, kept_pen, kept_wires, kept_long = kept
        if kept_wires is not wires or kept_pen != pen or len(kept_long) != len(long) \
                or any(a is not b for a, b in zip(kept_long, long)):
            return False
        del self._kept[key]
        self._timer.stop()
        self._keep()
        self._image, self._key, self._todo = image, key, []
        self._transform, self._pen, self._wires, self._long = transform, kept_pen, wires, long
        self._long_done = 0
        return True

    def _start(self, size: QSize, ratio: float, transform, pen: QPen, tiles: list) -> None:
        self._timer.stop()
        self._image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        self._image.setDevicePixelRatio(ratio)
        self._image.fill(Qt.GlobalColor.transparent)
        self._transform, self._pen, self._todo = transform, pen, tiles
        self._long_done = 0
        self._draw_slice()
        if self._todo:
            self._timer.start()

    def _draw_slice(self) -> None:
        """Draw wires into the picture for about SLICE_MS."""
        start = time.perf_counter()
        painter = QPainter(self._image)
        painter.setTransform(self._transform)
        painter.setPen(self._pen)
        while self._todo:
            tile = self._todo[-1]
            if tile is None and self._long_done < len(self._long):
                # The long lines a path at a time: all in one go, a big graph's took
                # several slices' time, in the first paint of a file just opened.
                painter.drawPath(self._long[self._long_done])
                self._long_done += 1
            else:
                self._todo.pop()
                if tile is None:
                    self._long_done = 0
                elif tile in self._wires:
                    painter.drawPath(self._wires[tile])
            if (time.perf_counter() - start) * 1000.0 >= SLICE_MS:
                break
        painter.end()

    def _next_slice(self) -> None:
        if self._image is None or not self._todo:
            return
        self._draw_slice()
        self._drawn_more()
        if self._todo:
            self._timer.start()



def _around(transform, lines: List[tuple]) -> QRect:
    """The pixels of the picture within reach of these lines' rubbed-out strips."""
    pad = RUB_PX * 1.5 + 2.0
    xs, ys = [], []
    for x1, y1, x2, y2 in lines:
        for x, y in (transform.map(x1, y1), transform.map(x2, y2)):
            xs.append(x)
            ys.append(y)
    left, top = math.floor(min(xs) - pad), math.floor(min(ys) - pad)
    right, bottom = math.ceil(max(xs) + pad), math.ceil(max(ys) + pad)
    return QRect(left, top, right - left + 1, bottom - top + 1)
