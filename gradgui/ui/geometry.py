"""The canvas's measures: node box size, port places, and the zoom below which text is not drawn."""

from typing import Tuple

from PySide6.QtCore import QRectF

WIDTH = 150.0
HEADER = 24.0
ROW = 20.0
HEIGHT = HEADER + 2 * ROW + 8.0
PORT_RADIUS = 6.0
PORT_HIT = 11.0
# Below this zoom, text is unreadable: draw plain shapes instead.
TEXT_MIN_ZOOM = 0.35


def boxes_rect(positions) -> QRectF:
    """The rectangle covering a node's box at each of these positions (empty for none)."""
    positions = list(positions)
    if not positions:
        return QRectF()
    xs, ys = zip(*positions)
    left, top = min(xs), min(ys)
    return QRectF(left, top, max(xs) - left + WIDTH, max(ys) - top + HEIGHT)


def port_offset(index: int, arity: int) -> Tuple[float, float]:
    """Where a port sits relative to its node's top left (index -1 is the output)."""
    if index < 0:
        return (WIDTH, HEIGHT / 2)
    return (0.0, HEIGHT * (index + 1) / (arity + 1))
