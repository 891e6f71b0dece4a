"""The overview's geometry: node boxes and wires gathered into a few paths per tile.

Pure functions of a document's positions and wires (and, for fills, of a
colour per node). QPainterPath is reentrant, so a worker thread may build these while
the window repaints; see overview.py for how they are drawn.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Dict, Iterator, List, Optional, Tuple, Union

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QRectF
from PySide6.QtGui import QPainterPath

from ...document import KINDS
from ...document.folding import FoldPlan, fold_plan, link_points
from ..geometry import HEIGHT, WIDTH, port_offset

MIN_TILE = 2000.0  # scene units a side: a small repaint draws a tile or two, not the graph
TILES_ACROSS = 16  # at most this many tiles along a side
LONG_PER_PATH = 2000  # long lines drawn in one go: about 10 ms of the wire picture's slices


Tile = Tuple[int, int]


class Boxes(Sequence):
    """A tile's node boxes, kept as their top left corners (numpy rows of x, y); the QRectFs
    QPainter.drawRects takes are made the first time they are asked for, then kept.

    A QRectF a box was over 20 MiB for 100,000 boxes; far out the boxes are drawn as
    pixels from their corners (raster.py), so a big graph's are seldom all made.
    """

    __slots__ = ("xy", "_rects")

    def __init__(self, xy):
        self.xy = xy
        self._rects: Optional[List[QRectF]] = None

    def rects(self) -> List[QRectF]:
        """The boxes as QRectFs, in order."""
        if self._rects is None:
            self._rects = [QRectF(x, y, WIDTH, HEIGHT) for x, y in self.xy.tolist()]
        return self._rects

    def __len__(self) -> int:
        return len(self.xy)

    def __getitem__(self, index):
        return self.rects()[index]


class Picked(Sequence):
    """Some of a tile's boxes (``which``: their places in it, a list), whose QRectFs are the
    tile's own, made when first asked for."""

    __slots__ = ("whole", "which", "_rects")

    def __init__(self, whole: "BoxList", which):
        self.whole, self.which = whole, which
        self._rects: Optional[List[QRectF]] = None

    def rects(self) -> List[QRectF]:
        """The boxes picked as QRectFs, in order."""
        if self._rects is None:
            whole = rects_of(self.whole)
            self._rects = [whole[i] for i in self.which]
        return self._rects

    def __len__(self) -> int:
        return len(self.which)

    def __getitem__(self, index):
        return self.rects()[index]


BoxList = Union[Boxes, Picked, List[QRectF]]  # boxes drawn together, with drawRects


def rects_of(boxes: BoxList) -> List[QRectF]:
    """Boxes as the list of QRectFs drawRects takes."""
    return boxes if isinstance(boxes, list) else boxes.rects()


Line = Tuple[float, float, float, float]  # a wire or link as drawn: x1, y1, x2, y2
Lines = "numpy.ndarray"  # lines as rows of x1, y1, x2, y2


def tiles_under(left: float, top: float, right: float, bottom: float, size: float) -> Iterator[Tile]:
    """The tiles of side ``size`` that a rectangle overlaps."""
    for i in range(int(left // size), int(right // size) + 1):
        for j in range(int(top // size), int(bottom // size) + 1):
            yield (i, j)


def make_plan(doc) -> FoldPlan:
    """The fold plan of a document's collapsed groups, with the canvas's box sizes."""
    return fold_plan(doc, WIDTH, HEIGHT, port_offset)


def corner_bounds(corners) -> Optional[Line]:
    """The least x and y and the most x and y of boxes' top left corners (None: no box)."""
    corners = list(corners)
    if not corners:
        return None
    xs, ys = zip(*corners)
    return min(xs), min(ys), max(xs), max(ys)


def bounds_rect(bounds: Optional[Line]) -> QRectF:
    """What boxes with corners within ``bounds`` cover (empty for none)."""
    if bounds is None:
        return QRectF()
    left, top, right, bottom = bounds
    return QRectF(left, top, right - left + WIDTH, bottom - top + HEIGHT)


def kind_arities() -> Dict[str, int]:
    """Each kind's number of inputs."""
    return {name: kind.arity for name, kind in KINDS.items()}


def wire_line(nodes, arities: Dict[str, int], source: str, target: str, port: int) -> Line:
    """Where the overview draws a wire: from its source's output to its target's port."""
    sx, sy = nodes[source]["pos"]
    tx, ty = nodes[target]["pos"]
    return (sx + WIDTH, sy + HEIGHT / 2, tx,
            ty + HEIGHT * (port + 1) / (arities[nodes[target]["kind"]] + 1))


def path_for(paths: dict, key) -> QPainterPath:
    """The path kept under ``key``, made empty if there is none yet."""
    path = paths.get(key)
    if path is None:
        path = paths[key] = QPainterPath()
    return path


def set_paths(wires: Dict[Tile, QPainterPath], long: Dict[Tile, List[QPainterPath]],
              tile: Tile, rows, size: float) -> None:
    """A tile's paths made from the lines that start in it (rows of a numpy array): those
    that end in it too (its wires), and the rest (its long lines)."""
    import numpy as np
    inside = (np.floor_divide(rows[:, 2], size) == tile[0]) \
        & (np.floor_divide(rows[:, 3], size) == tile[1])
    for paths, some, make in ((wires, rows[inside], lines_path),
                              (long, rows[~inside], long_lines_paths)):
        if len(some):
            paths[tile] = make(some)
        else:
            paths.pop(tile, None)


def tile_lines(rows, size: float) -> Tuple[Dict[Tile, "Lines"], Dict[Tile, QPainterPath],
                                           Dict[Tile, List[QPainterPath]]]:
    """Lines (rows of x1, y1, x2, y2) listed under the tile each starts in, in their order,
    and each tile's paths: its wires (lines ending in it too) and its long lines."""
    import numpy as np
    lines: Dict[Tile, Lines] = {}
    wires: Dict[Tile, QPainterPath] = {}
    long: Dict[Tile, List[QPainterPath]] = {}
    if not len(rows):
        return lines, wires, long
    tiles = np.floor_divide(rows, size).astype(np.int64)  # start i, j, end i, j per line
    inside = (tiles[:, 0] == tiles[:, 2]) & (tiles[:, 1] == tiles[:, 3])
    low = tiles[:, :2].min(axis=0)
    across = int(tiles[:, 1].max() - low[1]) + 1
    key = (tiles[:, 0] - low[0]) * across + (tiles[:, 1] - low[1])
    order = np.argsort(key, kind="stable")  # by tile, each tile's lines in their order
    starts = np.flatnonzero(np.diff(key[order], prepend=-1))
    for first, last in zip(starts.tolist(), starts[1:].tolist() + [len(order)]):
        which = order[first:last]
        tile = (int(tiles[which[0], 0]), int(tiles[which[0], 1]))
        lines[tile] = rows[which]
        here = inside[which]
        if here.any():
            wires[tile] = lines_path(lines[tile][here])
        if not here.all():
            long[tile] = long_lines_paths(lines[tile][~here])
    return lines, wires, long


def each_line(lines: Lines) -> List[Line]:
    """A tile's lines one by one, as tuples."""
    return [tuple(line) for line in lines.tolist()] if len(lines) else []


def long_lines_paths(lines) -> List[QPainterPath]:
    """Lines from one tile to others as paths of at most LONG_PER_PATH lines each: the wire
    picture is drawn a path at a time, and a big graph's long lines cross the whole view,
    so one path of them all took several slices' time (140 ms at 100,000 nodes)."""
    return [lines_path(lines[i:i + LONG_PER_PATH]) for i in range(0, len(lines), LONG_PER_PATH)]


def lines_path(lines) -> QPainterPath:
    """A path of separate straight lines (rows of x1, y1, x2, y2), read in one go from the
    bytes Qt streams a path as: a moveTo and a lineTo call per line took ten times as long."""
    import numpy as np
    array = np.asarray(lines, dtype=float).reshape(-1, 4)
    path = QPainterPath()
    if not len(array):
        return path
    elements = np.empty(2 * len(array), dtype=[("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
    elements["type"][0::2] = QPainterPath.ElementType.MoveToElement.value
    elements["type"][1::2] = QPainterPath.ElementType.LineToElement.value
    elements["x"][0::2], elements["y"][0::2] = array[:, 0], array[:, 1]
    elements["x"][1::2], elements["y"][1::2] = array[:, 2], array[:, 3]
    # The element count, the elements, then where the last subpath starts and the fill rule.
    data = QByteArray(np.array([len(elements)], ">i4").tobytes() + elements.tobytes()
                      + np.array([len(elements) - 2, 0], ">i4").tobytes())
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)  # reads ``data``: kept till done
    stream >> path
    return path


@dataclass
class Shapes:
    """The overview's geometry: the tile size, and per tile the wires and the node boxes.

    ``outline`` holds each tile's boxes; ``shown`` the id each box stands for
    (a node, or a collapsed group), in the same order, so new colours only
    regroup the boxes already made.
    """

    identity: object  # the document identity they were built for, to tell them apart
    extent: QRectF  # what the nodes and wires cover
    size: float
    wires: Dict[Tile, QPainterPath]
    outline: Dict[Tile, Boxes]
    shown: Dict[Tile, List[str]] = field(default_factory=dict)
    plan: FoldPlan = field(default_factory=FoldPlan)  # collapsed groups: one box each
    # Wires and links from one tile to another, listed under the tile they start in as
    # paths of up to LONG_PER_PATH lines, each line drawn whole (Qt cuts each line to what
    # is painted): cut into a piece per tile they cross, they were most of the time
    # shapes took.
    long: Dict[Tile, List[QPainterPath]] = field(default_factory=dict)
    # Every line drawn, listed under the tile it starts in (a numpy array, a row of x1, y1,
    # x2, y2 each): a fold change makes the paths of the tiles it touches again from these
    # (see tiles.py). Not a tuple a line: thousands of new tuples woke Python's cycle
    # collector, which then walked the whole document.
    lines: Dict[Tile, "Lines"] = field(default_factory=dict)
    bounds: Optional[Line] = None  # the boxes' top left corners: least x and y, most x and y
    # Each tile's boxes' top left corners (numpy rows of x, y, in the outline's order): far
    # out, raster.py writes the boxes' pixels from these.
    corners: Dict[Tile, "numpy.ndarray"] = field(default_factory=dict)

    def long_paths(self) -> List[QPainterPath]:
        """The paths of the lines from one tile to another."""
        return [path for paths in self.long.values() for path in paths]


def build_shapes(doc, plan: Optional[FoldPlan] = None) -> Shapes:
    """The overview's geometry for a document's positions and wires.

    Any thread may call this (QPainterPath is reentrant), so a big graph's
    shapes are made on the worker that opened it while the window repaints.
    ``plan`` is the document's fold plan, if made already.
    """
    # Both here, not at the top: a window starts without numpy.
    import numpy as np

    from .gather import node_numbers, tiles_of_boxes, wire_rows
    nodes = doc.nodes()
    if plan is None:
        plan = make_plan(doc)
    hidden = plan.hidden
    every_xy, arity = node_numbers(nodes, kind_arities())
    place = {node_id: number for number, node_id in enumerate(nodes)}
    wires = doc.wire_places(place)
    ids = list(nodes)
    hidden_mask = None
    xy = every_xy
    if hidden:
        hidden_mask = np.zeros(len(ids), dtype=bool)
        hidden_mask[[place[node_id] for node_id in hidden if node_id in place]] = True
        ids = [node_id for node_id in ids if node_id not in hidden]
        xy = every_xy[~hidden_mask]
    if plan.boxes:
        ids += list(plan.boxes)
        xy = np.concatenate((xy, [(box.x, box.y) for box in plan.boxes.values()]))
    bounds = None
    if len(xy):
        (left, top), (right, bottom) = xy.min(axis=0).tolist(), xy.max(axis=0).tolist()
        bounds = (left, top, right, bottom)
    extent = bounds_rect(bounds)
    size = max(MIN_TILE, extent.width() / TILES_ACROSS, extent.height() / TILES_ACROSS)
    held_ids = np.array(ids, dtype=object)
    outline: Dict[Tile, Boxes] = {}
    shown: Dict[Tile, List[str]] = {}
    corners = {}
    for tile, held in tiles_of_boxes(xy, size):
        outline[tile] = Boxes(xy[held])
        shown[tile] = held_ids[held].tolist()
        corners[tile] = outline[tile].xy.astype(np.float32)  # a few pixels' places: enough
    rows = wire_rows(wires, every_xy, arity, hidden_mask)
    if plan.links:
        def pos(node_id: str):
            return nodes[node_id]["pos"]
        links = [link_points(plan, link, pos) for link in plan.links]
        rows = np.concatenate((rows, np.array(links, dtype=float).reshape(-1, 4)))
    lines, wire_paths, long = tile_lines(rows, size)
    return Shapes(doc.identity, extent, size, wire_paths, outline, shown, plan, long, lines,
                  bounds, corners)


FillPaths = Dict[Tile, Dict[int, BoxList]]


@dataclass
class Fills:
    """The node boxes per tile, grouped by fill colour, for the shapes they were made with."""

    shapes: Shapes
    paths: FillPaths


class Groups(dict):
    """One tile's boxes grouped by fill colour (colour -> boxes); ``order``: where each box
    of the groups, one group after another, is in the tile's order, and ``rgb`` its colour
    (numpy arrays; both None when all have the one colour)."""

    __slots__ = ("order", "rgb")


def one_colour(rgb: int, boxes: BoxList) -> Groups:
    """A tile's boxes all in one colour."""
    groups = Groups({rgb: boxes})
    groups.order = groups.rgb = None
    return groups


def uniform_fills(shapes: Shapes, rgb: int) -> FillPaths:
    """Every node box filled with one colour: the outline's boxes are the fills."""
    return {tile: one_colour(rgb, boxes) for tile, boxes in shapes.outline.items()}


def build_fills(doc, shapes: Shapes, rgb_of: Callable[[str], int],
                grad_of: Optional[Callable[[str], Optional[float]]] = None,
                known: Optional[Dict[str, int]] = None) -> FillPaths:
    """Per tile, the node boxes grouped by fill colour (any thread).

    The boxes are the shapes' own: only their grouping is new, which costs
    far less than drawing each box into a path again.
    A collapsed group's box takes the colour of the output it shows: the one
    whose grad (``grad_of``) is largest in size. ``known``: every node's colour, if
    worked out already (as ``rgb_of`` gives them).
    """
    plan = shapes.plan
    hidden = plan.hidden
    if known is not None and not hidden:
        colours = dict(known)
    else:
        rgb_of = rgb_of if known is None else known.__getitem__
        colours = {node_id: rgb_of(node_id) for node_id in doc.nodes() if node_id not in hidden}
    for gid, box in plan.boxes.items():
        colours[gid] = rgb_of(shown_output(box.outputs, grad_of) or box.anchor)
    if len(set(colours.values())) <= 1:  # all zero, say
        return uniform_fills(shapes, next(iter(colours.values()), 0))
    return {tile: by_colour(shapes.shown[tile], boxes, colours.__getitem__)
            for tile, boxes in shapes.outline.items()}


def by_colour(shown: List[str], boxes: BoxList, rgb_of: Callable[[str], int]) -> Groups:
    """One tile's boxes grouped by fill colour (``shown`` names what each box stands for),
    the groups in the order their colours first come: each group Picked from ``boxes``, so
    no QRectF is made until a group is drawn."""
    import numpy as np
    colours = list(map(rgb_of, shown))
    # The groups gathered in lists: a tile holds tens of boxes, for which numpy's split
    # into groups took twice as long.
    groups = Groups.fromkeys(colours)
    for rgb in groups:
        groups[rgb] = []
    for index, rgb in enumerate(colours):
        groups[rgb].append(index)
    # The boxes in the order drawRects draws them, group after group, so overlapping
    # boxes drawn as pixels (raster.py) hide each other as they did.
    groups.order = np.fromiter(chain.from_iterable(groups.values()), np.int32, len(colours))
    groups.rgb = np.array(colours, dtype=np.uint32)[groups.order]
    for rgb, picked in groups.items():
        groups[rgb] = Picked(boxes, picked)
    return groups


def shown_output(outputs, grad_of: Optional[Callable[[str], Optional[float]]]) -> Optional[str]:
    """Which of a box's outputs it shows: the only one, else the one whose grad is largest
    in size (the first without grads)."""
    if len(outputs) <= 1 or grad_of is None:
        return outputs[0] if outputs else None
    return max(outputs, key=lambda n: abs(grad_of(n) or 0.0))
