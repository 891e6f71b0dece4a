"""A fold change made again only where it shows: the overview tiles its boxes and lines
lie in.

Collapsing or expanding a few groups hides or shows a few nodes, their wires
and the links of the boxes around them. Instead of the shapes of the whole
graph, the tiles those lie in get their boxes and paths again, from the lists
the shapes keep per tile; every other tile keeps its own. The result equals
shapes built from scratch (up to the order boxes and lines are listed in).
"""

from collections import Counter
from typing import Callable, Dict, List, NamedTuple, Optional, Set, Tuple

from ...document.folding import FoldPlan, link_points
from ..geometry import HEIGHT, WIDTH
from .shapes import (MIN_TILE, TILES_ACROSS, Boxes, FillPaths, Line, Shapes, Tile, bounds_rect, by_colour,
                     corner_bounds, each_line, kind_arities, set_paths, shown_output,
                     tiles_under, wire_line)


class Refold(NamedTuple):
    """Shapes after a fold change, and what changed in them."""

    shapes: Shapes
    box_tiles: Set[Tile]  # the tiles whose boxes changed (their fills are made again)
    removed: List[Line]  # lines no longer drawn
    added: List[Line]  # lines drawn now and not before


def refold(doc, shapes: Shapes, plan: FoldPlan) -> Optional[Refold]:
    """``shapes`` (made for the fold plan before ``plan``) after the fold change that made
    ``plan``, or None when they must be made from scratch: ``plan`` was not made from
    theirs by collapsing and expanding alone, or the tiles' size changes."""
    old = shapes.plan
    if plan.touched is None or plan.changed is None or plan.identity is not shapes.identity \
            or shapes.bounds is None:
        return None
    nodes = doc.nodes()
    gone, came = _boxes_changed(nodes, old, plan)
    bounds = _bounds_after(shapes.bounds, gone, came)
    if bounds is None:  # a box gone was on the edge: what is left decides
        hidden = plan.hidden
        corners = [attrs["pos"] for node_id, attrs in nodes.items() if node_id not in hidden]
        bounds = corner_bounds(corners + [(box.x, box.y) for box in plan.boxes.values()])
        if bounds is None:
            return None
    extent = bounds_rect(bounds)
    size = max(MIN_TILE, extent.width() / TILES_ACROSS, extent.height() / TILES_ACROSS)
    if size != shapes.size:
        return None
    removed, added = _lines_changed(doc, nodes, old, plan)
    new = Shapes(shapes.identity, extent, size, dict(shapes.wires), dict(shapes.outline),
                 dict(shapes.shown), plan, dict(shapes.long), dict(shapes.lines), bounds,
                 dict(shapes.corners))
    if not _move_lines(new, removed, added):
        return None
    box_tiles = _move_boxes(new, gone, came)
    if box_tiles is None:
        return None
    return Refold(new, box_tiles, removed, added)


Corner = Tuple[str, float, float]  # what a box shows (node or group id) and its top left


def _boxes_changed(nodes, old: FoldPlan, plan: FoldPlan) -> Tuple[List[Corner], List[Corner]]:
    """The boxes no longer drawn and those drawn now, as (id, x, y)."""
    gone, came = [], []
    for node_id in plan.touched:
        was, now = node_id not in old.hidden, node_id not in plan.hidden
        if was != now and node_id in nodes:
            x, y = nodes[node_id]["pos"]
            (came if now else gone).append((node_id, x, y))
    gone += [(gid, box.x, box.y) for gid, box in old.boxes.items() if gid not in plan.boxes]
    came += [(gid, box.x, box.y) for gid, box in plan.boxes.items() if gid not in old.boxes]
    return gone, came


def _bounds_after(bounds: Line, gone: List[Corner], came: List[Corner]) -> Optional[Line]:
    """The corners' bounds with these boxes gone and come; None when a box gone was on
    the edge (every box left must then be looked at)."""
    left, top, right, bottom = bounds
    for _, x, y in gone:
        if x <= left or y <= top or x >= right or y >= bottom:
            return None
    for _, x, y in came:
        left, top, right, bottom = min(left, x), min(top, y), max(right, x), max(bottom, y)
    return left, top, right, bottom


def _lines_changed(doc, nodes, old: FoldPlan, plan: FoldPlan) -> Tuple[List[Line], List[Line]]:
    """The lines no longer drawn and those drawn now: wires with an end shown or hidden
    anew, and the links of the boxes whose links changed."""
    removed: List[Line] = []
    added: List[Line] = []
    arities = kind_arities()
    was_hidden, now_hidden = old.hidden, plan.hidden
    for wire in doc.wires_of_nodes(plan.touched):
        source, target = wire.source, wire.target
        was = source not in was_hidden and target not in was_hidden
        now = source not in now_hidden and target not in now_hidden
        if was != now:
            (added if now else removed).append(wire_line(nodes, arities, source, target, wire.port))

    def pos(node_id):
        return nodes[node_id]["pos"]
    for gid in plan.changed:
        removed += [link_points(old, link, pos) for link in old.box_links.get(gid, ())]
        added += [link_points(plan, link, pos) for link in plan.box_links.get(gid, ())]
    same = Counter(removed) & Counter(added)  # a box's links that did not move
    if same:
        removed = list((Counter(removed) - same).elements())
        added = list((Counter(added) - same).elements())
    return removed, added


def _move_lines(shapes: Shapes, removed: List[Line], added: List[Line]) -> bool:
    """Take lines out of the tiles they start in and add others, making those tiles'
    paths again; False if a line to take out is not there (the shapes are not what the
    old plan drew)."""
    size = shapes.size
    out: Dict[Tile, Counter] = {}
    into: Dict[Tile, List[Line]] = {}
    for line in removed:
        out.setdefault(_start(line, size), Counter())[line] += 1
    for line in added:
        into.setdefault(_start(line, size), []).append(line)
    import numpy as np
    for tile in out.keys() | into.keys():
        rows = shapes.lines.get(tile)
        kept = _without(rows if rows is not None else np.empty((0, 4)),
                        out.get(tile, Counter()))
        if kept is None:
            return False
        coming = into.get(tile)
        if coming:
            kept = np.concatenate([kept, np.array(coming, dtype=float).reshape(-1, 4)])
        _set_tile_lines(shapes, tile, kept)
    return True


def _without(rows, taking: Counter):
    """A tile's lines (rows) less those in ``taking`` (each as many times as counted), in
    their order; None if one is not there."""
    import numpy as np
    if not taking:
        return rows
    if all(count == 1 for count in taking.values()) and len(rows):
        # Compared as the bytes of each row: one pass, no tuple a line.
        whole = np.dtype((np.void, rows.dtype.itemsize * 4))
        hit = np.isin(np.ascontiguousarray(rows).view(whole).ravel(),
                      np.array(list(taking), dtype=float).view(whole).ravel())
        if np.count_nonzero(hit) == len(taking):
            return rows[~hit]
    kept = []  # some line twice, or bytes that differ for equal numbers (-0.0): one by one
    taking = Counter(taking)
    for line in each_line(rows):
        if taking.get(line):
            taking[line] -= 1
        else:
            kept.append(line)
    if any(taking.values()):
        return None
    return np.array(kept, dtype=float).reshape(-1, 4)


def _start(line: Line, size: float) -> Tile:
    return (int(line[0] // size), int(line[1] // size))


def _set_tile_lines(shapes: Shapes, tile: Tile, rows) -> None:
    """A tile's lines (rows of a numpy array), and its paths made from them."""
    if len(rows):
        shapes.lines[tile] = rows
        set_paths(shapes.wires, shapes.long, tile, rows, shapes.size)
    else:
        for tiles in (shapes.lines, shapes.wires, shapes.long):
            tiles.pop(tile, None)


def _move_boxes(shapes: Shapes, gone: List[Corner], came: List[Corner]) -> Optional[Set[Tile]]:
    """Take boxes out of the tiles they lie in and add others; the tiles changed, or None
    if a box to take out is not there."""
    size = shapes.size
    out: Dict[Tile, Set[str]] = {}
    into: Dict[Tile, List[Corner]] = {}
    for corner in gone:
        for tile in _tiles_of(corner, size):
            out.setdefault(tile, set()).add(corner[0])
    for corner in came:
        for tile in _tiles_of(corner, size):
            into.setdefault(tile, []).append(corner)
    tiles = out.keys() | into.keys()
    for tile in tiles:
        taking = out.get(tile, set())
        shown, kept = [], []
        for index, shown_id in enumerate(shapes.shown.get(tile, ())):
            if shown_id not in taking:
                shown.append(shown_id)
                kept.append(index)
        if len(shown) != len(shapes.shown.get(tile, ())) - len(taking):
            return None
        coming = into.get(tile, ())
        shown += [shown_id for shown_id, _, _ in coming]
        if shown:
            old = shapes.outline.get(tile)
            shapes.shown[tile] = shown
            shapes.outline[tile] = Boxes(_rows_after(None if old is None else old.xy, kept,
                                                     coming, float))
            corners = _corners_after(shapes.corners.get(tile), kept, coming)
            if corners is None:
                shapes.corners.pop(tile, None)
            else:
                shapes.corners[tile] = corners
        else:
            for tiles in (shapes.shown, shapes.outline, shapes.corners):
                tiles.pop(tile, None)
    return set(tiles)


def _corners_after(corners, kept: List[int], coming: List[Corner]):
    """A tile's box corners (rows of x, y) with only the rows ``kept``, then those coming
    (None if there were none to keep rows of)."""
    import numpy as np
    if corners is None and kept:
        return None
    return _rows_after(corners, kept, coming, np.float32)


def _rows_after(rows, kept: List[int], coming: List[Corner], dtype):
    """Rows of x, y (of ``dtype``): those ``kept`` of ``rows``, then those coming."""
    import numpy as np
    old = rows[kept] if rows is not None else np.empty((0, 2), dtype)
    new = np.array([(x, y) for _, x, y in coming], dtype=dtype).reshape(-1, 2)
    return np.concatenate([old, new])


def refill(fills: FillPaths, shapes: Shapes, tiles: Set[Tile],
           rgb_of: Callable[[str], int]) -> FillPaths:
    """``fills`` with these tiles' boxes grouped by colour again (``rgb_of`` what each box
    shows)."""
    fills = dict(fills)
    for tile in tiles:
        if tile in shapes.outline:
            fills[tile] = by_colour(shapes.shown[tile], shapes.outline[tile], rgb_of)
        else:
            fills.pop(tile, None)
    return fills


def shown_rgb(plan: FoldPlan, rgb: Callable[[str], int],
              grad_of: Callable[[str], Optional[float]]) -> Callable[[str], int]:
    """The fill of what a box shows: a node's own colour (``rgb``), a collapsed group's
    the colour of the output it shows (as build_fills colours it)."""
    boxes = plan.boxes

    def colour(shown_id: str) -> int:
        box = boxes.get(shown_id)
        return rgb(shown_id) if box is None else rgb(shown_output(box.outputs, grad_of)
                                                     or box.anchor)
    return colour


def _tiles_of(corner: Corner, size: float):
    _, x, y = corner
    return tiles_under(x, y, x + WIDTH, y + HEIGHT, size)
