"""Layered layout: nodes in columns by depth, left to right like a tutorial's picture.

A node's column is the length of the longest path from a leaf to it, except
that a leaf sits one column before its first consumer, so a bias or a
target stands next to the op it feeds instead of far away in column 0.
Within a column, nodes start in the order a depth-first walk from the
outputs meets them (operand order, so port a sits above port b) and a few
barycenter sweeps then pull each node towards its neighbours to reduce
crossings. Each weakly connected part is laid out on its own and the parts
are stacked top to bottom; lone nodes share a grid below them.

A graph far taller than wide would fit on a screen as a thin sliver (a
network unrolled over samples puts thousands of products in one column).
Such a part has its long columns folded like a newspaper's: a layer's
nodes fill a few sub-columns side by side, each at most as tall as the
fold, chosen so the part gets about a screen's shape; every wire still runs
left to right. Likewise a stack of many parts too tall for a screen is cut
into several stacks side by side.

Everything is linear in the size of the graph (plus the sorts), without
recursion, and never depends on hash order, so the result is the same on
every run.
"""

from typing import Dict, Iterable, List, Optional, Tuple

from .commands import Command, move_nodes
from .document import GraphDocument

COLUMN = 220.0
"""Horizontal distance between columns (node boxes are about 150 wide)."""

ROW = 110.0
"""Vertical distance between rows (node boxes are about 90 high)."""

PART_GAP = 1.0
"""Empty rows between two stacked parts of a disconnected graph."""

SWEEPS = 2
"""Barycenter sweeps (each one right-to-left, then left-to-right)."""

SCREEN = 1.6
"""The width-to-height ratio a tall graph is folded towards: a screen's shape."""

TALLEST = 0.8
"""A part (or the whole stack of parts) narrower than this, width over height, is folded."""

FOLD_ROWS = 24
"""Columns this short are never folded: a small graph keeps one column per layer."""

Pos = Tuple[float, float]


def layered_layout(doc: GraphDocument, node_ids: Optional[Iterable[str]] = None) -> Dict[str, Pos]:
    """Place ``node_ids`` (default: every node) in layers; the top-left node box is at (0, 0)."""
    graph = doc.graph
    ids = list(graph) if node_ids is None else list(dict.fromkeys(node_ids))
    if not ids:
        return {}
    index = {node_id: i for i, node_id in enumerate(ids)}
    preds, succs = _adjacency(graph, ids, index)
    parts, lone = _parts(len(ids), preds, succs)
    blocks: List[Tuple[Dict[int, Pos], float, float]] = []  # (grid spots, columns, rows)
    for part in parts:
        blocks.append(_layout_part(part, preds, succs))
    if lone:
        width = max(4, int(len(lone) ** 0.5))
        spots = {node: (float(i % width), float(i // width)) for i, node in enumerate(lone)}
        blocks.append((spots, float(min(width, len(lone))), float((len(lone) - 1) // width + 1)))
    grid: Dict[int, Pos] = {}
    for (spots, _, _), (left, top) in zip(blocks, _stack(blocks)):
        for node, (col, row) in spots.items():
            grid[node] = ((left + col) * COLUMN, (top + row) * ROW)
    return {ids[node]: pos for node, pos in sorted(grid.items())}


def _aspect(columns: float, rows: float) -> float:
    """Width over height, in canvas units, of a block of grid spots."""
    return columns * COLUMN / max(rows * ROW, 1e-9)


def _stack(blocks) -> List[Pos]:
    """Where each block's top-left spot goes: stacked top to bottom, in several stacks
    side by side when one would be too tall for a screen."""
    def stacks_for(limit: float) -> List[List[int]]:
        stacks: List[List[int]] = [[]]
        height = 0.0
        for i, (_, _, rows) in enumerate(blocks):
            if stacks[-1] and height + PART_GAP + rows > limit:
                stacks.append([])
                height = 0.0
            height += (PART_GAP if stacks[-1] else 0.0) + rows
            stacks[-1].append(i)
        return stacks

    def size(stacks) -> Tuple[float, float]:
        width = sum(max(blocks[i][1] for i in stack) for stack in stacks) + PART_GAP * (len(stacks) - 1)
        height = max(sum(blocks[i][2] for i in stack) + PART_GAP * (len(stack) - 1)
                     for stack in stacks)
        return width, height

    stacks = stacks_for(float("inf"))
    if len(blocks) > 1 and _aspect(*size(stacks)) < TALLEST:
        # The lowest stack height that is no wider than a screen (height only grows
        # with the limit, so the first fit found by halving is the lowest).
        low, high = max(rows for _, _, rows in blocks), size(stacks)[1]
        while high - low > 1.0:
            middle = (low + high) / 2.0
            if _aspect(*size(stacks_for(middle))) > SCREEN:
                low = middle
            else:
                high = middle
        stacks = stacks_for(high)
    places: List[Pos] = [(0.0, 0.0)] * len(blocks)
    left = 0.0
    for stack in stacks:
        top = 0.0
        for i in stack:
            places[i] = (left, top)
            top += blocks[i][2] + PART_GAP
        left += max(blocks[i][1] for i in stack) + PART_GAP
    return places


def auto_layout(doc: GraphDocument) -> Command:
    """One undo step, "Auto layout", that moves every node whose layered position differs.

    The layout keeps the graph where it is: its top-left corner stays at the
    top-left of the nodes' current bounding box, so a second auto layout
    moves nothing.
    """
    target = layered_layout(doc)
    if target:
        x0 = min(doc.pos(n)[0] for n in target)
        y0 = min(doc.pos(n)[1] for n in target)
        target = {n: (x + x0, y + y0) for n, (x, y) in target.items()}
    moves = {n: pos for n, pos in target.items() if tuple(doc.pos(n)) != pos}
    command = move_nodes(moves)
    command.text = "Auto layout"
    return command


def _adjacency(graph, ids: List[str], index: Dict[str, int]):
    """Predecessors in port order and successors, as lists of node numbers."""
    preds: List[List[int]] = [[] for _ in ids]
    succs: List[List[int]] = [[] for _ in ids]
    for t, node_id in enumerate(ids):
        feeds = graph.pred[node_id]  # source -> {port: wire fields}; x*x lists x once
        sources = feeds if len(feeds) < 2 else sorted(feeds, key=lambda s: min(feeds[s]))
        for source in sources:
            s = index.get(source)
            if s is not None and s != t:
                preds[t].append(s)
                succs[s].append(t)
    return preds, succs


def _parts(n: int, preds, succs) -> Tuple[List[List[int]], List[int]]:
    """Weakly connected parts with more than one node (in order), and the lone nodes."""
    seen = [False] * n
    parts: List[List[int]] = []
    lone: List[int] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        if not preds[start] and not succs[start]:
            lone.append(start)
            continue
        members = [start]
        stack = [start]
        while stack:
            node = stack.pop()
            for other in preds[node] + succs[node]:
                if not seen[other]:
                    seen[other] = True
                    members.append(other)
                    stack.append(other)
        members.sort()
        parts.append(members)
    return parts, lone


def _layers(part: List[int], preds, succs) -> Dict[int, int]:
    """Each node's column: longest path from a leaf; leaves just before their first consumer."""
    pending = {node: len(preds[node]) for node in part}
    ready = [node for node in part if not pending[node]]
    layer = {node: 0 for node in ready}
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for succ in succs[node]:
            layer[succ] = max(layer.get(succ, 0), layer[node] + 1)
            pending[succ] -= 1
            if not pending[succ]:
                ready.append(succ)
    if len(order) < len(part):  # a cycle, which a valid document never has
        last = max(layer.values(), default=-1) + 1
        for node in part:
            if pending[node]:
                layer[node] = last
    for node in part:
        if not preds[node] and succs[node]:
            layer[node] = min(layer[succ] for succ in succs[node]) - 1
    return layer


def _walk_order(part: List[int], preds, succs) -> Dict[int, int]:
    """Post-order of a depth-first walk from the outputs along operands, in port order."""
    rank: Dict[int, int] = {}
    found = set()
    roots = [node for node in part if not succs[node]] + part
    for root in roots:
        if root in found:
            continue
        found.add(root)
        stack = [(root, iter(preds[root]))]
        while stack:
            node, pending = stack[-1]
            for child in pending:
                if child not in found:
                    found.add(child)
                    stack.append((child, iter(preds[child])))
                    break
            else:
                stack.pop()
                rank[node] = len(rank)
    return rank


def _layout_part(part: List[int], preds, succs) -> Tuple[Dict[int, Pos], float, float]:
    """Grid spots of one connected part, and how many columns and rows it spans."""
    layer = _layers(part, preds, succs)
    rank = _walk_order(part, preds, succs)
    columns: List[List[int]] = [[] for _ in range(max(layer.values()) + 1)]
    for node in sorted(part, key=rank.__getitem__):
        columns[layer[node]].append(node)
    columns = _split_mixed(columns, preds)
    y: Dict[int, float] = {}

    def place(column: List[int]) -> None:
        middle = (len(column) - 1) / 2.0
        for i, node in enumerate(column):
            y[node] = i - middle

    def sweep(cols: Iterable[List[int]], neighbours) -> None:
        for column in cols:
            if len(column) == 1:
                continue
            keys = {}
            for node in column:
                near = [y[other] for other in neighbours[node]]
                keys[node] = sum(near) / len(near) if near else y[node]
            column.sort(key=keys.__getitem__)  # stable: ties keep the walk's order
            place(column)

    for column in columns:
        place(column)
    for _ in range(SWEEPS):
        sweep(reversed(columns[:-1]), succs)
        sweep(columns[1:], preds)
    return _fold(columns)


def _split_mixed(columns: List[List[int]], preds) -> List[List[int]]:
    """Columns with a tall one's leaves moved to a column of their own just after it.

    A leaf sits one column before its consumer, which is the column of the layer
    before: an unrolled network's next-layer weights would share (and, folded,
    interleave with) the previous layer's neurons. Short columns keep them together,
    so a small graph reads like the tutorial's picture."""
    split: List[List[int]] = []
    for column in columns:
        leaves = [node for node in column if not preds[node]] if len(column) > FOLD_ROWS else ()
        if 0 < len(leaves) < len(column):
            split.append([node for node in column if preds[node]])
            split.append(leaves)
        else:
            split.append(column)
    return split


def _fold(columns: List[List[int]]) -> Tuple[Dict[int, Pos], float, float]:
    """Grid spots of ordered columns, long ones folded into sub-columns if the part is
    far taller than wide; and the columns and rows the part spans."""
    sizes = [len(column) for column in columns]
    tallest = max(sizes)

    def width(fold: int) -> int:
        return sum(-(-size // fold) for size in sizes)

    fold = tallest
    if tallest > FOLD_ROWS and _aspect(width(tallest), tallest) < TALLEST:
        # The shortest fold whose part is no wider than a screen (wider as it gets shorter).
        low, high = FOLD_ROWS, tallest
        while high - low > 1:
            middle = (low + high) // 2
            if _aspect(width(middle), middle) > SCREEN:
                low = middle
            else:
                high = middle
        fold = high
    height = min(fold, tallest)
    spots: Dict[int, Pos] = {}
    left = 0
    for column in columns:
        for start in range(0, len(column), fold):
            piece = column[start:start + fold]
            top = (height - len(piece)) / 2.0
            for i, node in enumerate(piece):
                spots[node] = (float(left), top + i)
            left += 1
    return spots, float(left), float(height)
