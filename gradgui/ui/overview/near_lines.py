"""Which of the overview's lines pass near some others: those to draw again where the
others are rubbed out of the wire picture."""

from typing import Callable, List, Optional

import numpy as np

from .shapes import Line, Shapes


def finder(shapes: Shapes, share: float) -> Callable[[List[Line], float], Optional[np.ndarray]]:
    """``lines_near`` for these shapes, None beyond ``share`` of their lines."""
    most = int(sum(map(len, shapes.lines.values())) * share)
    return lambda lines, reach: lines_near(shapes, lines, reach, most)


def lines_near(shapes: Shapes, lines: List[Line], reach: float, most: int) -> Optional[np.ndarray]:
    """The shapes' lines (rows of an array) that come within ``reach`` of any of ``lines``
    (a few more may come too), or None when there are more than ``most``."""
    arrays = list(shapes.lines.values())
    if not lines or not arrays:
        return np.empty((0, 4))
    every = np.concatenate(arrays)
    x1, y1, x2, y2 = every.T
    left, right = np.minimum(x1, x2), np.maximum(x1, x2)
    top, bottom = np.minimum(y1, y2), np.maximum(y1, y2)
    near = np.zeros(len(every), dtype=bool)
    for ax, ay, bx, by in lines:
        which = np.flatnonzero((left <= max(ax, bx) + reach) & (right >= min(ax, bx) - reach)
                               & (top <= max(ay, by) + reach) & (bottom >= min(ay, by) - reach)
                               & ~near)
        c = every[which]
        near[which[_within(ax, ay, bx, by, c[:, 0], c[:, 1], c[:, 2], c[:, 3], reach)]] = True
        if np.count_nonzero(near) > most:
            return None
    return every[near]


def _within(ax, ay, bx, by, cx, cy, dx, dy, reach: float) -> np.ndarray:
    """Which segments c-d cross segment a-b or come within ``reach`` of it."""
    def side(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)
    crossing = ((side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) <= 0)
                & (side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) <= 0))
    gap = np.minimum(np.minimum(_to_segment(cx, cy, ax, ay, bx, by), _to_segment(dx, dy, ax, ay, bx, by)),
                     np.minimum(_to_segment(ax, ay, cx, cy, dx, dy), _to_segment(bx, by, cx, cy, dx, dy)))
    return crossing | (gap <= reach)


def _to_segment(px, py, x1, y1, x2, y2):
    """Distance from points p to segments 1-2 (either may be arrays)."""
    ux, uy = np.subtract(x2, x1), np.subtract(y2, y1)
    length = ux * ux + uy * uy
    t = np.clip(((px - x1) * ux + (py - y1) * uy) / np.maximum(length, 1e-300), 0.0, 1.0)
    return np.hypot(px - (x1 + t * ux), py - (y1 + t * uy))
