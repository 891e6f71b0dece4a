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
    """Which segments c-d meet the strip around segment a-b that reaches ``reach`` either
    side of it and past its ends (so every segment within ``reach`` of it, and a few that
    only pass near its ends' corners): no side of the strip nor the line through c-d
    parts them."""
    length = float(np.hypot(bx - ax, by - ay))
    ux, uy = ((bx - ax) / length, (by - ay) / length) if length > 0.0 else (1.0, 0.0)
    nx, ny = -uy, ux
    pc, pd = (cx - ax) * nx + (cy - ay) * ny, (dx - ax) * nx + (dy - ay) * ny
    tc, td = (cx - ax) * ux + (cy - ay) * uy, (dx - ax) * ux + (dy - ay) * uy
    apart = (((pc > reach) & (pd > reach)) | ((pc < -reach) & (pd < -reach))
             | ((tc < -reach) & (td < -reach)) | ((tc > length + reach) & (td > length + reach)))
    mx, my = cy - dy, dx - cx  # across c-d
    sides = [(qx - cx) * mx + (qy - cy) * my
             for qx, qy in ((ax + reach * (nx - ux), ay + reach * (ny - uy)),
                            (ax - reach * (nx + ux), ay - reach * (ny + uy)),
                            (bx + reach * (nx + ux), by + reach * (ny + uy)),
                            (bx - reach * (nx - ux), by - reach * (ny - uy)))]
    apart |= ((sides[0] > 0) & (sides[1] > 0) & (sides[2] > 0) & (sides[3] > 0)) \
        | ((sides[0] < 0) & (sides[1] < 0) & (sides[2] < 0) & (sides[3] < 0))
    return ~apart
