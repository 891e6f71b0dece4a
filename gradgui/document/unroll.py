"""Unroll: a network and its data set as one plain graph, one copy of the network per row.

The result is the graph micrograd builds in its training loop: every node
that depends on the data is copied once per row (the bound inputs hold that
row's numbers), weights and other shared nodes stay single, and the total is
``sum(losses) * (1/n) + alpha * sum(w*w)``, summed in row order and in
weight order as micrograd's ``sum()`` does. Its Backward gives the grads
batched evaluation gives.

Groups: each row's copies are in a group ``r0``, ``r1``, ... (level
"sample"), holding a copy of each of the network's groups (``r0:L1.n3``,
labelled ``L1.n3 [0]``) with that row's copies of its nodes; the network's
groups themselves keep its shared nodes (weights), and ``total`` (level
"loss", collapsed at first) holds the sum of the losses and the total.
Groups left empty are left out.
"""

import itertools
import math

import networkx as nx

from .batched import BatchProgram
from .dataset import DatasetError
from .dataset_field import bound_dataset
from .document import GraphDocument
from .layout import COLUMN, ROW

TOTAL = "total"
"""The id of the unrolled graph's output."""
_COPIED = ("kind", "label", "value", "exponent")  # the fields a node's copies keep


def row_id(node_id: str, row: int) -> str:
    """The id of row ``row``'s copy of a node that depends on the data."""
    return f"r{row}:{node_id}"


def unroll(doc: GraphDocument, alpha: float = 0.0) -> GraphDocument:
    """A new document: ``doc``'s network copied for every row of its data set, and the total."""
    bound = bound_dataset(doc)
    if bound is None:
        raise DatasetError("the graph has no data set to unroll")
    columns = bound.node_columns()
    program = BatchProgram(doc, columns)
    n = program.n_rows
    g = nx.MultiDiGraph()
    tables = _Tables(g)
    nodes = doc.graph._node
    xs = [nodes[node]["pos"][0] for node in program.order]
    ys = [nodes[node]["pos"][1] for node in program.order]
    width, height = max(xs) - min(xs) + 2 * COLUMN, max(ys) - min(ys) + 2 * ROW
    # The rows' copies go in a grid about as wide as it is tall, below the shared nodes:
    # stacked in one column, a hundred rows made a sliver no screen could show.
    across = max(1, min(n, round(math.sqrt(n * height / width))))
    plans = [_Plan(doc, program, node) for node in program.order]
    for plan in plans:
        if not plan.per_row:
            tables.node(plan.node, {"pos": plan.pos, **plan.fields})
            for port, source, _ in plan.feeds:
                tables.edge(source, plan.node, port)
    plans = [plan for plan in plans if plan.per_row]
    numbers = {node: column.tolist() for node, column in columns.items()}
    for r in range(n):
        dx, dy = (r % across) * width, (r // across + 1) * height
        suffix = f" [{r}]"
        for plan in plans:
            x, y = plan.pos
            new_id = row_id(plan.node, r)
            fields = {"pos": (x + dx, y + dy), **plan.fields}
            fields["label"] += suffix
            if plan.node in numbers:
                fields["value"] = float(numbers[plan.node][r])
            tables.node(new_id, fields)
            for port, source, per_row in plan.feeds:
                tables.edge(row_id(source, r) if per_row else source, new_id, port)
    first_total = len(g)  # the nodes added from here on make the total
    right = max(xs) + (across - 1) * width + COLUMN
    losses = [row_id(program.output, r) for r in range(n)]
    total = losses[0]
    for r in range(1, n):
        total = _op(g, f"losses.sum{r}", "add", (total, losses[r]), (right, (r + 1) * ROW))
    mean_of = _leaf(g, "1/n", "const", 1.0 / n, (right, 0.0))
    total = _op(g, "data loss", "mul", (total, mean_of), (right + COLUMN, 0.0))
    if alpha:
        squares = [_op(g, f"{w}*{w}", "mul", (w, w), (right, -(i + 1) * ROW))
                   for i, w in enumerate(program.weights)]
        reg = squares[0]
        for i in range(1, len(squares)):
            reg = _op(g, f"l2.sum{i}", "add", (reg, squares[i]), (right + COLUMN, -(i + 1) * ROW))
        weight = _leaf(g, "alpha", "const", float(alpha), (right + COLUMN, -ROW))
        reg = _op(g, "l2", "mul", (weight, reg), (right + 2 * COLUMN, -ROW))
        total = _op(g, TOTAL, "add", (total, reg), (right + 3 * COLUMN, 0.0))
    else:
        total = _op(g, TOTAL, "mul", (total, _leaf(g, "1", "const", 1.0, (right, ROW))),
                    (right + 2 * COLUMN, 0.0))
    g.graph["output"] = total
    unrolled = GraphDocument(g)
    unrolled.groups.load(_groups(doc, program, n, list(itertools.islice(g, first_total, None))),
                         in_file=False)
    return unrolled


def _groups(doc: GraphDocument, program: BatchProgram, n: int, totals: list) -> list:
    """The unrolled graph's group records (see the module's docstring), parents first."""
    source = doc.groups
    copied = set(program.order)
    taken = set(source)
    records = []

    def add(gid, label, level, parent, nodes, collapsed=False):
        rec = {"id": gid, "label": label, "level": level}
        if parent is not None:
            rec["parent"] = parent
        rec["nodes"] = nodes
        if collapsed:
            rec["collapsed"] = True
        records.append(rec)

    def per_row(node):
        return node in copied and program.slot[node][0]

    for gid in source.ids():
        add(gid, source.label(gid), source.level(gid), source.parent(gid),
            [m for m in source.members(gid) if m in copied and not per_row(m)],
            source.collapsed(gid))
    # What each row's groups hold, the same for every row but for the row's number.
    loose = [m for m in program.order if per_row(m) and source.of(m) is None]
    each = [(gid, source.parent(gid), source.label(gid), source.level(gid),
             [m for m in source.members(gid) if per_row(m)], source.collapsed(gid))
            for gid in source.ids()]
    for r in range(n):
        row = _fresh(f"r{r}", taken)
        add(row, f"row {r}", "sample", None, [row_id(m, r) for m in loose])
        for gid, parent, label, level, members, collapsed in each:
            add(row_id(gid, r), f"{label} [{r}]", level,
                row if parent is None else row_id(parent, r),
                [row_id(m, r) for m in members], collapsed)
    add(_fresh(TOTAL, taken), "total loss", "loss", None, totals, collapsed=True)
    return _without_empty(records)


def _fresh(gid: str, taken: set) -> str:
    """``gid``, or with a number after it if a group has that id already."""
    fresh, k = gid, 1
    while fresh in taken:
        k += 1
        fresh = f"{gid}.{k}"
    taken.add(fresh)
    return fresh


def _without_empty(records: list) -> list:
    """The records of groups with at least one node inside (nested groups counted)."""
    count = {rec["id"]: len(rec["nodes"]) for rec in records}
    for rec in reversed(records):  # children after parents: add them up bottom first
        parent = rec.get("parent")
        if parent is not None:
            count[parent] += count[rec["id"]]
    return [rec for rec in records if count[rec["id"]]]


class _Plan:
    """What every copy of one network node shares: fields, place, and the nodes feeding it."""

    def __init__(self, doc: GraphDocument, program: BatchProgram, node: str):
        attrs = doc.graph._node[node]
        self.node = node
        self.per_row = program.slot[node][0]
        self.fields = {k: v for k, v in attrs.items() if k in _COPIED}
        x, y = attrs["pos"]
        self.pos = (x + 0.0, y + 0.0)
        # A bound input reads its row's number instead of its wires (it has none).
        feeds = [] if node in program.columns else enumerate(doc.inputs(node))
        self.feeds = [(port, source, program.slot[source][0]) for port, source in feeds]


class _Tables:
    """Fills a new ``MultiDiGraph``'s own tables as ``add_node`` and ``add_edge`` would, without
    their checks and cache clearing per call (tens of thousands of nodes)."""

    def __init__(self, g: nx.MultiDiGraph):
        self._node, self._succ, self._pred = g._node, g._succ, g._pred

    def node(self, node_id: str, fields: dict) -> None:
        """Add a node with these fields (or add the fields to the node of that id)."""
        if node_id in self._node:
            self._node[node_id].update(fields)
            return
        self._node[node_id] = fields
        self._succ[node_id] = {}
        self._pred[node_id] = {}

    def edge(self, source: str, target: str, port: int) -> None:
        """Add a wire into ``target``'s input ``port`` (its key is the port)."""
        keys = self._succ[source].get(target)
        if keys is None:
            # One dict of keys serves both directions, as networkx keeps it.
            keys = self._succ[source][target] = self._pred[target][source] = {}
        keys[port] = {"port": port}


def _leaf(g, node_id: str, kind: str, value: float, pos) -> str:
    g.add_node(node_id, kind=kind, label=node_id, value=value, pos=pos)
    return node_id


def _op(g, node_id: str, kind: str, operands, pos) -> str:
    g.add_node(node_id, kind=kind, label=node_id, pos=pos)
    for port, source in enumerate(operands):
        g.add_edge(source, node_id, key=port, port=port)
    return node_id
