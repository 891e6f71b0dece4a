"""The selected nodes as the overview outlines them: their own boxes, or the collapsed
group's box that hides them."""

from typing import Dict

from PySide6.QtCore import QRectF

from ..geometry import HEIGHT, WIDTH
from .shapes import MIN_TILE, BoxList, Tile, tiles_under


def selected_boxes(plan, selected, nodes) -> Dict[Tile, BoxList]:
    """The boxes drawn for the ``selected`` nodes, per tile of MIN_TILE (``plan`` is the
    fold plan: a box hiding some of them is drawn once)."""
    corners = ([attrs["pos"] for n in selected if (attrs := nodes.get(n)) is not None]
               if not plan else _shown_corners(plan, selected, nodes))
    paths: Dict[Tile, BoxList] = {}
    for x, y in corners:
        tile = (int(x // MIN_TILE), int(y // MIN_TILE))
        rect = QRectF(x, y, WIDTH, HEIGHT)
        if tile == (int((x + WIDTH) // MIN_TILE), int((y + HEIGHT) // MIN_TILE)):
            paths.setdefault(tile, []).append(rect)
            continue  # most boxes: within one tile
        for tile in tiles_under(x, y, x + WIDTH, y + HEIGHT, MIN_TILE):
            paths.setdefault(tile, []).append(rect)
    return paths


def _shown_corners(plan, selected, nodes) -> list:
    """Where the selected nodes are drawn: their own boxes, and once each box that hides
    some of them."""
    corners = [nodes[n]["pos"] for n in selected if n in nodes and n not in plan.hidden]
    boxes = {plan.hidden[n] for n in selected if n in plan.hidden}
    return corners + [(plan.boxes[gid].x, plan.boxes[gid].y) for gid in boxes]
