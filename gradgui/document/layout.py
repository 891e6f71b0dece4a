"""Layered layout: nodes in columns by depth, left to right like a tutorial's picture.

A node's column is the length of the longest path from a leaf to it, except
that a leaf sits one column before its first consumer, so a bias or a
target stands next to the op it feeds instead of far away in column 0.
Within a column, nodes start in the order a depth-first walk from the
outputs meets them (operand order, so port a sits above port b) and a few
barycenter sweeps then pull each node towards its neighbours to reduce
crossings. Each weakly connected part is laid out on its own and the parts
are stacked top to bottom; lone nodes share a grid below them.

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
    grid: Dict[int, Pos] = {}
    top = 0.0
    for part in parts:
        placed, rows = _layout_part(part, preds, succs)
        for node, (col, row) in placed.items():
            grid[node] = (col * COLUMN, (top + row) * ROW)
        top += rows + PART_GAP
    if lone:
        width = max(4, int(len(lone) ** 0.5))
        for i, node in enumerate(lone):
            grid[node] = ((i % width) * COLUMN, (top + i // width) * ROW)
    return {ids[node]: pos for node, pos in sorted(grid.items())}


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


def _layout_part(part: List[int], preds, succs) -> Tuple[Dict[int, Tuple[int, float]], float]:
    """Columns and rows of one connected part, and how many rows it spans."""
    layer = _layers(part, preds, succs)
    rank = _walk_order(part, preds, succs)
    columns: List[List[int]] = [[] for _ in range(max(layer.values()) + 1)]
    for node in sorted(part, key=rank.__getitem__):
        columns[layer[node]].append(node)
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
    height = max(len(column) for column in columns)
    offset = (height - 1) / 2.0
    return {node: (layer[node], y[node] + offset) for node in part}, float(height)
