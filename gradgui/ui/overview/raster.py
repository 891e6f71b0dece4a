"""Node boxes of a few pixels each, written straight into an image.

Far out, each node box is grown to MIN_NODE_PX on screen by stroking it with
a pen of its colour; for 100,000 boxes Qt's stroking was over half of a
repaint. A box that small is a few whole pixels: numpy writes them, in the
box's colour, into an image a strip of rows at a time (one tile row's worth,
so the arrays stay small and the process does not grow), and the painter
draws each strip once. The pixels are those Qt's pen and brush cover without
antialiasing (those whose centres lie inside the grown box, its corners
bevelled), and a box drawn later hides one drawn earlier, as before: a
screenshot differs only in a pixel here and there on a box's edge."""

import math
from typing import Dict, Iterable, List, Optional, Tuple

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter, QTransform

from ..geometry import HEIGHT, WIDTH
from .legible import MIN_NODE_PX

def grown_px(zoom: float) -> Optional[float]:
    """How wide the pen is that grows boxes drawn at ``zoom`` to MIN_NODE_PX (as
    legible.min_size_pen makes it), or None if they need none."""
    short = MIN_NODE_PX - zoom * min(WIDTH, HEIGHT)
    return None if short <= 0.0 else max(1.0, short)


def paint_tiny_boxes(painter: QPainter, tiles: Iterable, fills: Dict, corners: Dict,
                     size: float) -> bool:
    """Draw the boxes of ``tiles`` (squares of side ``size``; their boxes' top left corners
    per tile in ``corners``, numpy rows of x, y) each in its colour (``fills``: per tile
    the colour groups, shapes.Groups), grown as the min-size pen grows them, in the order
    drawRects drew the groups.

    False, having drawn nothing, when this does not apply: boxes big enough to need no
    growing, a turned or mirrored view, or a tile without its corners or colour list.
    """
    t = painter.transform()
    if t.type().value > QTransform.TransformationType.TxScale.value or t.m11() <= 0.0:
        return False
    pen = grown_px(t.m11())
    if pen is None or t.m22() != t.m11():
        return False
    import numpy as np
    rows: Dict[int, List[Tuple[int, tuple]]] = {}  # tile row -> (turn, tile) in it
    for turn, tile in enumerate(tiles):
        groups = fills.get(tile)
        if not groups:
            continue
        xy, rgb = corners.get(tile), getattr(groups, "rgb", False)
        if xy is None or rgb is False or (rgb is not None and len(rgb) != len(xy)):
            return False
        rows.setdefault(tile[1], []).append((turn, tile))

    def drawn(tile):
        """A tile's box corners and colours, in the order drawRects drew them."""
        groups, xy = fills[tile], corners[tile]
        if groups.rgb is None:
            return xy, np.full(len(xy), next(iter(groups)), np.uint32)
        return xy[groups.order], groups.rgb
    device = painter.device()
    ratio = device.devicePixelRatio()
    strip = _Strip(t, ratio, pen, device.width())
    # A tile row at a time, its pixel rows taking the boxes of the tiles in it and in the
    # rows either side (a box grown by the pen may reach over): the arrays stay small.
    for j in sorted({j + step for j in rows for step in (-1, 0, 1)}):
        first = max(0, math.ceil(((j * size) * t.m22() + t.dy()) * ratio - 0.5))
        end = min(device.height(), math.ceil((((j + 1) * size) * t.m22() + t.dy()) * ratio - 0.5))
        near = sorted(rows.get(j - 1, []) + rows.get(j, []) + rows.get(j + 1, []),
                      key=lambda part: part[0])
        if first < end:
            parts = [drawn(tile) for _, tile in near]
            strip.paint(painter, np.concatenate([xy for xy, _ in parts]),
                        np.concatenate([rgb for _, rgb in parts]), first, end)
    return True


class _Strip:
    """Writes the pixels of boxes, a strip of rows at a time, and draws them."""

    def __init__(self, transform: QTransform, ratio: float, pen: float, width: int):
        self.scale = transform.m11() * ratio
        self.dx, self.dy = transform.dx() * ratio, transform.dy() * ratio
        self.reach = pen / 2.0 * ratio  # the pen's half width, on the device
        self.ratio, self.width = ratio, width
        # A pen wider than a pixel is stroked with bevelled corners: a corner pixel whose
        # centre is beyond the bevel stays out (a pixel wide pen has none to cut).
        self.bevel = pen > 1.0

    def paint(self, painter: QPainter, xy, rgb, first: int, end: int) -> None:
        """Draw boxes (top left corners ``xy``, colours ``rgb``, in the order drawn) where
        they cover rows ``first`` to ``end``."""
        import numpy as np
        scale, reach, width = self.scale, self.reach, self.width
        # The box itself on the device, then the pixels whose centres lie within its edges
        # grown by the pen (at least one pixel each way).
        y0 = (xy[:, 1] * scale + self.dy).astype(np.float32)
        top = np.floor(y0 - reach + 0.5).astype(np.int32)
        high = np.maximum(np.floor(y0 + (HEIGHT * scale + reach + 0.5)).astype(np.int32) - top, 1)
        across = np.flatnonzero((top + high > first) & (top < end))  # those reaching these rows
        xy, rgb, y0, top, high = xy[across], rgb[across], y0[across], top[across], high[across]
        x0 = (xy[:, 0] * scale + self.dx).astype(np.float32)
        left = np.floor(x0 - reach + 0.5).astype(np.int32)
        wide = np.maximum(np.floor(x0 + (WIDTH * scale + reach + 0.5)).astype(np.int32) - left, 1)
        seen = np.flatnonzero((left + wide > 0) & (left < width))
        if not len(seen):
            return
        left, top, wide, high, x0, y0 = (a[seen] for a in (left, top, wide, high, x0, y0))
        x1, y1 = x0 + WIDTH * scale, y0 + HEIGHT * scale
        # Each pixel takes the colour of the last box over it, as if drawn one after
        # another: the pixels are written an offset within the boxes at a time, each pixel
        # keeping the greatest number (one on) of a box written to it.
        last = np.zeros((end - first) * width, np.uint32)
        number = np.arange(1, len(seen) + 1, dtype=np.uint32)
        for dy in range(int(high.max())):
            row = top + dy
            below = np.maximum(np.maximum(y0 - (row + 0.5), (row + 0.5) - y1), 0.0)
            inside = (dy < high) & (row >= first) & (row < end)
            for dx in range(int(wide.max())):
                column = left + dx
                here = inside & (dx < wide) & (column >= 0) & (column < width)
                if self.bevel:
                    beside = np.maximum(np.maximum(x0 - (column + 0.5), (column + 0.5) - x1), 0.0)
                    here &= beside + below <= reach
                at = (row[here] - first) * width + column[here]
                last[at] = np.maximum(last[at], number[here])
        colours = np.concatenate([np.zeros(1, np.uint32), rgb[seen]])
        np.take(colours, last, out=last, mode="clip")
        image = QImage(last.data, width, end - first, width * 4,
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(self.ratio)
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(0.0, first / self.ratio), image)
        painter.restore()
