"""Batched evaluation: a network run on every row of its data set at once, with numpy.

The graph's output is the loss of one row. The batch loss is the mean of the
rows' losses plus ``alpha * sum(w*w)`` over the weights that feed the
output, and every grad is what the ``Value`` engine gives for that total on
the unrolled graph (one copy of the network per row): a node that depends
on the data holds one number per row, a weight the sum over rows.

Each op's rule is the engine's, written once more for arrays
(``batched_rules.RULES``), so only the libm functions can differ from the
engine, in the last bit. Nodes are visited in the engine's own topological
order, so grads accumulate in the same order too. Rows are counted from 0.
A pass's arrays come from a pool the program keeps (``batched_workspace``).
"""

from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..engine import OPS, MathError
from .batched_errors import BatchError, backward_error, forward_error
from .batched_rules import RULES, add_rows, product_into, take_rows
from .batched_workspace import Pool, Workspace
from .errors import DocumentError
from .evaluation import choose_output
from .kinds import unwired

_FP = dict(over="raise", divide="raise", invalid="raise", under="ignore")

assert set(RULES) == set(OPS), "every engine op needs a batched rule"


def node_order(doc, root: str) -> List[str]:
    """The nodes ``root`` depends on, operands before users, in the engine's order.

    The same depth-first walk, operands in port order, as the engine's
    ``topological_order`` on the ``Value`` graph of the same document.
    """
    order: List[str] = []
    seen = {root}
    stack = [(root, iter(_operands(doc, root)))]
    while stack:
        node, pending = stack[-1]
        for child in pending:
            if child not in seen:
                seen.add(child)
                stack.append((child, iter(_operands(doc, child))))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def _operands(doc, node_id: str) -> List[str]:
    feeds = doc.inputs(node_id)
    if None in feeds:
        free = [doc.kind(node_id).ports[i] for i, s in enumerate(feeds) if s is None]
        raise DocumentError(f"node '{doc.label(node_id)}' is incomplete: {unwired(free)}")
    return feeds


class Batch:
    """One batched pass: per-node data and grads (one number per row for row nodes).

    Its arrays are a workspace its program reuses once the pass is dropped;
    an array from ``data`` or ``grad`` that is still held keeps it out of use.
    """

    def __init__(self, program: "BatchProgram", workspace: Workspace, shared: np.ndarray, n: int):
        self.program = program
        self.rows = n
        self._workspace, self._shared = workspace, shared
        self._has_grads = False
        self._shared_grads: Optional[np.ndarray] = None
        self.losses = np.broadcast_to(self._value(self._rows, shared, program.output), (n,)).copy()
        self.data_loss = float(self.losses.sum() * (1.0 / n))
        self.l2 = 0.0
        self.loss = self.data_loss

    @property
    def _rows(self) -> np.ndarray:
        return self._workspace.data

    @property
    def _row_grads(self) -> Optional[np.ndarray]:
        return self._workspace.grads if self._has_grads else None

    def _value(self, rows, shared, node_id: str):
        row, slot = self.program.slot[node_id]
        return rows[slot] if row else float(shared[slot])

    def data(self, node_id: str):
        """A node's data: an array with one number per row, or a float for a shared node."""
        return self._value(self._rows, self._shared, node_id)

    def grad(self, node_id: str):
        """A node's grad of the batch loss: per row for a row node, summed for a shared one."""
        if self._row_grads is None:
            raise DocumentError("this pass ran forward only")
        return self._value(self._row_grads, self._shared_grads, node_id)

    def at_row(self, row: int) -> Tuple[np.ndarray, np.ndarray]:
        """Every node's data and grad in ``program.order``; a row node's at batch row ``row``."""
        if self._row_grads is None:
            raise DocumentError("this pass ran forward only")
        program = self.program
        mask, row_slots, shared_slots = program.row_mask, program.row_slots, program.shared_slots
        found = []
        for rows, shared in ((self._rows, self._shared), (self._row_grads, self._shared_grads)):
            by_row = rows[row_slots, row] if len(rows) else np.zeros(len(mask))
            found.append(np.where(mask, by_row, shared[shared_slots] if len(shared) else 0.0))
        return found[0], found[1]

    def weight_grads(self) -> np.ndarray:
        """The grad of every weight, in ``program.weights`` order."""
        return self._shared_grads[self.program.weight_slots].copy()


class _Group:
    """Row nodes of one op at one depth, run as one numpy operation over every row.

    Its members hold consecutive row slots, so their rows are one slice.
    """

    def __init__(self, kind: str, k, members: List[int], operands: List[List[int]],
                 operand_rows: Tuple[bool, ...]):
        self.kind, self.k, self.members = kind, k, members
        self.span = slice(members[0], members[-1] + 1)
        assert members == list(range(self.span.start, self.span.stop))
        self.operand_rows = operand_rows
        self.operands = [np.array(o, dtype=np.intp) for o in operands]
        self.scatter = [_scatter_plan(o) for o in self.operands]
        # Where each operand's rows are read from: a slice when they are consecutive slots.
        self.sources = [slice(o[0], o[-1] + 1) if row and _consecutive(o) else o
                        for o, row in zip(operands, operand_rows)]


def _consecutive(index: List[int]) -> bool:
    return index == list(range(index[0], index[0] + len(index)))


def _scatter_plan(index: np.ndarray):
    """How to add one part per member into its operand when operands repeat."""
    if len(np.unique(index)) == len(index):
        return None
    perm = np.argsort(index, kind="stable")
    uniq, starts = np.unique(index[perm], return_index=True)
    return uniq, perm, starts


def _scatter(target: np.ndarray, index: np.ndarray, plan, part) -> None:
    if plan is None:
        target[index] += part
    else:
        uniq, perm, starts = plan
        target[uniq] += np.add.reduceat(part[perm], starts, axis=0)


class BatchProgram:
    """A document's network, compiled to run over many rows at once.

    Nodes that depend on a bound column are *row nodes*, with one number per
    row; the rest (weights, constants, and ops on them only) are *shared*.
    Row nodes of the same op at the same depth run as one numpy operation.
    """

    def __init__(self, doc, columns: Dict[str, np.ndarray], output: Optional[str] = None):
        self.output = output if output is not None else choose_output(doc)
        self.order = node_order(doc, self.output)
        self.index = {node: i for i, node in enumerate(self.order)}
        lengths = {len(c) for c in columns.values()}
        self.columns = {n: np.asarray(c, dtype=np.float64) for n, c in columns.items()
                        if n in self.index}
        if len(lengths) > 1:
            raise DocumentError("the bound columns are not equally long")
        self.n_rows = lengths.pop() if lengths else 1
        nodes = doc.graph._node
        self.labels = [nodes[n]["label"] or n for n in self.order]
        self.slot: Dict[str, Tuple[bool, int]] = {}
        self.row_dependent: List[bool] = []
        self._shared_steps: List[tuple] = []  # (slot, kind, operand slots, k) of shared ops
        self._shared_values: List[float] = []
        self._row_leaves: List[Tuple[int, str]] = []
        depth: Dict[int, int] = {}
        grouped: Dict[tuple, list] = {}
        n_row = 0
        for i, node in enumerate(self.order):
            attrs = nodes[node]
            k = attrs.get("exponent")
            if node in self.columns:
                self.slot[node] = (True, n_row)
                self._row_leaves.append((n_row, node))
                depth[i], n_row = 0, n_row + 1
            elif "value" in attrs:
                self.slot[node] = (False, len(self._shared_values))
                self._shared_values.append(float(attrs["value"]))
            else:
                feeds = [self.index[s] for s in doc.inputs(node)]
                slots = [self.slot[self.order[j]] for j in feeds]
                if any(row for row, _ in slots):
                    if attrs["kind"] not in RULES:
                        raise BatchError(
                            f"node '{self.labels[i]}' is "
                            f"{attrs['kind']}, an op with no batched rule: it cannot run over "
                            "a data set (evaluate without the data set, or unroll it)", node)
                    level = 1 + max(depth.get(j, 0) for j in feeds)
                    key = (level, attrs["kind"], k, tuple(row for row, _ in slots))
                    grouped.setdefault(key, []).append((n_row, [s for _, s in slots]))
                    self.slot[node] = (True, n_row)
                    depth[i], n_row = level, n_row + 1
                else:
                    self.slot[node] = (False, len(self._shared_values))
                    self._shared_steps.append((len(self._shared_values), attrs["kind"],
                                               [s for _, s in slots], k, i))
                    self._shared_values.append(0.0)
            self.row_dependent.append(self.slot[node][0])
        self.n_row_nodes = n_row
        ordered = sorted(grouped.items(), key=_level)
        self._consecutive_slots(ordered)
        # Each node's slot among the row nodes and among the shared ones (0 where it is not one).
        self.row_mask = np.array(self.row_dependent, dtype=bool)
        slots = np.array([self.slot[n][1] for n in self.order], dtype=np.intp)
        self.row_slots = np.where(self.row_mask, slots, 0)
        self.shared_slots = np.where(self.row_mask, 0, slots)
        self.groups = [_Group(kind, k, [m for m, _ in members],
                              [list(col) for col in zip(*(ops for _, ops in members))], rows)
                       for (_, kind, k, rows), members in ordered]
        self.node_at_row_slot = {slot: self.index[n] for n, (row, slot) in self.slot.items() if row}
        self.weights = [n for n in self.order if nodes[n]["kind"] == "weight"]
        self.weight_slots = np.array([self.slot[w][1] for w in self.weights], dtype=np.intp)
        self._base = np.array(self._shared_values, dtype=np.float64)
        self._pool = Pool(n_row, max((len(g.members) for g in self.groups), default=0))

    def _consecutive_slots(self, ordered: list) -> None:
        """Number the row slots anew: bound leaves first, then each group's members in turn,
        so a group's rows are one slice of the pass's arrays (the order of work is kept)."""
        new = {}
        for slot, _ in self._row_leaves:
            new[slot] = len(new)
        for _, members in ordered:
            for slot, _ in members:
                new[slot] = len(new)
        self.slot = {node: (row, new[s] if row else s) for node, (row, s) in self.slot.items()}
        self._row_leaves = [(new[s], node) for s, node in self._row_leaves]
        for (_, _, _, rows), members in ordered:
            members[:] = [(new[m], [new[s] if row else s for s, row in zip(ops, rows)])
                          for m, ops in members]

    # ----- weights -------------------------------------------------------
    def weight_values(self) -> np.ndarray:
        """The current value of every weight, in ``weights`` order."""
        return self._base[self.weight_slots].copy()

    def set_weight_values(self, values: Sequence[float]) -> None:
        """Use these weight values from now on (the document is not changed)."""
        self._base[self.weight_slots] = values

    # ----- passes --------------------------------------------------------
    def forward(self, rows=None, columns: Optional[Dict[str, np.ndarray]] = None) -> Batch:
        """Every node's data over ``rows`` (indices; all when None) or over given columns."""
        if columns is None:
            columns = self.columns if rows is None else {n: c[rows] for n, c in self.columns.items()}
        if columns:
            n = len(next(iter(columns.values())))
        else:
            n = self.n_rows if rows is None else len(rows)
        shared = self._shared_forward()
        workspace = self._pool.workspace(n)
        data = workspace.data
        for slot, node in self._row_leaves:
            data[slot] = columns[node]
        scratch = self._pool.scratch(n)
        with np.errstate(**_FP):
            for group in self.groups:
                m, kind = len(group.members), group.kind
                a, b = self._gather(group, data, shared, scratch)
                spare = scratch.floats("spare", m) if kind == "sigmoid" else None
                mask = scratch.mask(m) if kind in ("relu", "sigmoid") else None
                try:
                    RULES[kind][0](a, b, group.k, data[group.span], spare, mask)
                except FloatingPointError:
                    raise forward_error(self, group, a, b) from None
        self._pool.done(scratch)
        batch = Batch(self, workspace, shared, n)
        self._pool.adopt(batch, workspace)
        return batch

    def _shared_forward(self) -> np.ndarray:
        shared = self._base.copy()
        for slot, kind, ops, k, i in self._shared_steps:
            try:
                shared[slot] = OPS[kind].compute(*(float(shared[s]) for s in ops), k=k)
            except MathError as error:
                raise BatchError(f"{error.reason} in node '{self.labels[i]}'", self.order[i]) from None
        return shared

    def _operands(self, group: _Group, data, shared) -> tuple:
        found = [data[index] if row else shared[index][:, None]
                 for index, row in zip(group.operands, group.operand_rows)]
        return found[0], (found[1] if len(found) == 2 else None)

    def _gather(self, group: _Group, data, shared, scratch) -> tuple:
        """The group's operands, row ones read into scratch (or viewed where consecutive)."""
        m = len(group.members)
        found = [take_rows(data, source, scratch.floats(name, m)) if row
                 else shared[index][:, None]
                 for name, index, source, row in zip(("a", "b"), group.operands, group.sources,
                                                     group.operand_rows)]
        return found[0], (found[1] if len(found) == 2 else None)

    def run(self, rows=None, alpha: float = 0.0, backward: bool = True) -> Batch:
        """Forward, then (by default) backward of mean loss + ``alpha * sum(w*w)``."""
        batch = self.forward(rows)
        n = batch.rows
        if backward:
            seed = np.full(n, 1.0 / n) if self.slot[self.output][0] else 1.0
            _, batch._shared_grads = self.backward(batch, seed)
            batch._has_grads = True
        if alpha:
            weights = batch._shared[self.weight_slots]
            batch.l2 = alpha * float(sum((weights * weights).tolist()))
            batch.loss = batch.data_loss + batch.l2
            if backward:
                batch._shared_grads[self.weight_slots] += weights * alpha + weights * alpha
        return batch

    def backward(self, batch: Batch, seed) -> Tuple[np.ndarray, np.ndarray]:
        """Every node's grad from ``seed`` (d total / d output, per row or shared).

        The row grads are ``batch``'s own array: a second backward of it writes over them.
        """
        data, shared = batch._rows, batch._shared
        grads = batch._workspace.zeroed_grads()
        shared_grads = np.zeros_like(shared)
        row, slot = self.slot[self.output]
        if row:
            grads[slot] = seed
        else:
            # Every row's copy of a shared output is the same node: their seeds add up.
            shared_grads[slot] = float(np.sum(seed))
        scratch = self._pool.scratch(batch.rows)
        with np.errstate(**_FP):
            for group in reversed(self.groups):
                self._group_backward(group, data, shared, grads, shared_grads, scratch)
        self._pool.done(scratch)
        for slot, kind, ops, k, i in reversed(self._shared_steps):
            values = [float(shared[s]) for s in ops]
            op = OPS[kind]
            try:
                local = op.local(values[0], values[1] if len(values) == 2 else None,
                                 float(shared[slot]), k)
            except (ZeroDivisionError, OverflowError, ValueError) as error:
                raise BatchError(f"{op.derivative_error(error).reason} in node "
                                 f"'{self.labels[i]}'", self.order[i]) from None
            g = float(shared_grads[slot])
            for d, s in zip(local, ops):
                shared_grads[s] += d * g
        if not np.isfinite(shared_grads).all():
            i = int(np.flatnonzero(~np.isfinite(shared_grads))[0])
            node = next(n for n, (r, s) in self.slot.items() if not r and s == i)
            raise BatchError(f"the grad is too large (overflow) of node '{self.labels[self.index[node]]}'",
                             node)
        return grads, shared_grads

    def _group_backward(self, group: _Group, data, shared, grads, shared_grads, scratch) -> None:
        """Pass one group's grads to its operands: row ones per row, shared ones summed."""
        m, kind, k = len(group.members), group.kind, group.k
        g, o = grads[group.span], data[group.span]
        a, b = self._gather(group, data, shared, scratch)
        rule = RULES[kind][1]
        mask = scratch.mask(m) if kind == "relu" else None
        try:
            for place, (index, source, plan, is_row) in enumerate(
                    zip(group.operands, group.sources, group.scatter, group.operand_rows)):
                spare = scratch.floats("d", m)  # the derivative, then its product with g
                part = product_into(rule(place, a, b, o, k, spare, mask), g, spare)
                if is_row:
                    add_rows(grads, source, plan, part, scratch.floats("one", m),
                             scratch.floats("two", m))
                else:
                    _scatter(shared_grads, index, plan, np.sum(part, axis=1))
        except FloatingPointError:
            raise backward_error(self, group, a, b, o, g) from None


def _level(item) -> int:
    return item[0][0]
