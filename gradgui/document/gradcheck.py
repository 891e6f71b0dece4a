"""Gradient check: every leaf's backprop grad beside a central finite difference.

The check builds its own engine ``Value``s from the document and looks each
op up in the engine's op table at call time, so it tests the backward rules
the engine really uses (a test can swap in a broken rule and see it
flagged). The caller's document and evaluation are never touched.
"""

import math
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

import networkx as nx

from ..engine import MathError, Value, backward_from, topological_order
from ..engine import ops as engine_ops
from .document import GraphDocument
from .errors import DocumentError
from .evaluation import choose_output


@dataclass(frozen=True)
class GradCheckRow:
    """One leaf: its backprop grad, the numeric estimate, and whether they agree."""

    node: str
    label: str
    backprop: float
    numeric: float
    abs_error: float
    ok: bool
    note: str = ""


@dataclass(frozen=True)
class GradCheckReport:
    """The rows of a gradient check from ``output``; ``cancelled`` if stopped early."""

    output: str
    rows: Tuple[GradCheckRow, ...]
    total: int
    cancelled: bool = False
    eps: float = 1e-6
    rtol: float = 1e-4
    atol: float = 1e-6
    of: str = ""  # what was differentiated, when not just the output (a data set's batch loss)

    @property
    def mismatches(self) -> Tuple[GradCheckRow, ...]:
        """The rows whose grads disagree."""
        return tuple(row for row in self.rows if not row.ok)

    @property
    def passed(self) -> bool:
        """True when every leaf was checked and all agree."""
        return not self.cancelled and not self.mismatches

    def summary(self) -> str:
        """One sentence for a status bar or a dialog."""
        check = f"Gradient check of {self.of}" if self.of else "Gradient check"
        if self.cancelled:
            return f"{check} cancelled after {len(self.rows)} of {self.total} leaves."
        bad = len(self.mismatches)
        if not bad:
            return f"{check} passed: all {self.total} leaves agree."
        names = ", ".join(f"'{row.label}'" for row in self.mismatches)
        return f"{check}: {bad} of {self.total} leaves disagree ({names})."


class _Graph:
    """The part of a document that feeds the output, as plain data for quick re-runs."""

    def __init__(self, doc: GraphDocument, output: str):
        if output not in doc:
            raise DocumentError(f"there is no node {output!r} to check")
        upstream = nx.ancestors(doc.graph, output) | {output}
        self.order = [n for n in nx.topological_sort(doc.graph) if n in upstream]
        self.doc = doc
        self.output = output
        self.op: Dict[str, str] = {}
        self.feeds: Dict[str, List[str]] = {}
        self.exponent: Dict[str, Optional[float]] = {}
        self.base: Dict[str, float] = {}
        self.leaves: List[str] = []
        for node_id in self.order:
            attrs = doc.node(node_id)
            if doc.kind(node_id).is_leaf:
                self.leaves.append(node_id)
                self.base[node_id] = attrs["value"]
                continue
            feeds = doc.inputs(node_id)
            if None in feeds:
                raise DocumentError(f"cannot check grads: '{attrs['label']}' has an "
                                    "input that is not wired")
            self.op[node_id] = attrs["kind"]
            self.feeds[node_id] = feeds
            self.exponent[node_id] = attrs.get("exponent")

    def backprop(self) -> Dict[str, float]:
        """Forward with engine Values, then the engine's backward; the grad of each node."""
        values: Dict[str, Value] = {}
        for node_id in self.order:
            label = self.doc.label(node_id)
            if node_id not in self.op:
                values[node_id] = Value(self.base[node_id], label=label)
                continue
            operands = [values[s] for s in self.feeds[node_id]]
            op = engine_ops.OPS[self.op[node_id]]
            try:
                value = operands[0].apply(op, *operands[1:], k=self.exponent[node_id])
                value.label = label
            except MathError as error:
                raise DocumentError(f"cannot check grads: {error.at(label)}") from None
            values[node_id] = value
        root = values[self.output]
        try:
            backward_from(root, topological_order([root]))
        except MathError as error:
            raise DocumentError(f"cannot check grads: {error}") from None
        self.base.update((n, v.data) for n, v in values.items())
        return {n: v.grad for n, v in values.items()}

    def downstream(self, leaf: str) -> List[str]:
        """The op nodes that must be recomputed when ``leaf`` changes, in order."""
        below = nx.descendants(self.doc.graph, leaf)
        return [n for n in self.order if n in below]

    def run_with(self, leaf: str, value: float, affected: List[str]) -> Dict[str, float]:
        """The data of ``affected`` with ``leaf`` set to ``value``; nothing else is recomputed."""
        data = {leaf: value}
        for node_id in affected:
            args = [data.get(s, self.base[s]) for s in self.feeds[node_id]]
            op = engine_ops.OPS[self.op[node_id]]
            data[node_id] = op.compute(args[0], args[1] if len(args) > 1 else None,
                                       self.exponent[node_id])
        return data

    def crosses_kink(self, plus: Dict[str, float], minus: Dict[str, float],
                     affected: List[str]) -> bool:
        """True when a relu's input changes sign between the two nudged runs."""
        for node_id in affected:
            if self.op[node_id] == "relu":
                source = self.feeds[node_id][0]
                a, b = (run.get(source, self.base[source]) for run in (plus, minus))
                if (a > 0.0) != (b > 0.0):
                    return True
        return False


def grad_check(doc: GraphDocument, output: Optional[str] = None, eps: float = 1e-6,
               rtol: float = 1e-4, atol: float = 1e-6,
               progress: Optional[Callable[[int, int], bool]] = None) -> GradCheckReport:
    """Compare backprop grads with central differences for every leaf feeding ``output``.

    A leaf agrees when |backprop - numeric| <= atol + rtol * |numeric|.
    ``progress(done, total)`` is called after each leaf; returning False
    stops the check and the report comes back with ``cancelled`` set. Without
    ``output``, the document's output is chosen as Backward chooses it.
    """
    if not (eps > 0 and math.isfinite(eps)):
        raise DocumentError(f"the step eps must be a small positive number, not {eps!r}")
    graph = _Graph(doc, choose_output(doc) if output is None else output)
    grads = graph.backprop()
    total = len(graph.leaves)
    rows: List[GradCheckRow] = []
    for leaf in graph.leaves:
        rows.append(_check_leaf(graph, leaf, grads[leaf], eps, rtol, atol))
        if progress is not None and progress(len(rows), total) is False:
            return GradCheckReport(graph.output, tuple(rows), total, True, eps, rtol, atol)
    return GradCheckReport(graph.output, tuple(rows), total, False, eps, rtol, atol)


def _check_leaf(graph: _Graph, leaf: str, backprop: float, eps: float,
                rtol: float, atol: float) -> GradCheckRow:
    label = graph.doc.label(leaf)
    x = graph.base[leaf]
    affected = graph.downstream(leaf)
    try:
        plus = graph.run_with(leaf, x + eps, affected)
        minus = graph.run_with(leaf, x - eps, affected)
    except MathError as error:
        # Near a pole or the edge of log's domain, there is no difference to take.
        return GradCheckRow(leaf, label, backprop, math.nan, math.nan, False,
                            f"the output is not defined within {eps:g} of {x!r}: {error.reason}")
    out = graph.output
    numeric = (plus.get(out, graph.base[out]) - minus.get(out, graph.base[out])) / (2.0 * eps)
    error = abs(backprop - numeric)
    if error <= atol + rtol * abs(numeric):
        return GradCheckRow(leaf, label, backprop, numeric, error, True)
    if graph.crosses_kink(plus, minus, affected):
        # relu has no derivative at 0; the engine's choice there (0) is as
        # right as any, so a difference across the kink is not a wrong rule.
        return GradCheckRow(leaf, label, backprop, numeric, error, True,
                            "a relu is at its kink (input 0) here, where it has no derivative")
    return GradCheckRow(leaf, label, backprop, numeric, error, False)
