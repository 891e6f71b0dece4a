"""Evaluation: a document turned into engine ``Value``s, forward and backward.

Data, grads and the stepper's position live here, not in the document:
they are derived, not undoable, and thrown away on any edit.
"""

from collections import deque
from typing import TYPE_CHECKING, Callable, Dict, Iterable, List, Optional

from ..engine import OPS, MathError, Value, backward_from, derived, topological_order
from ..engine.record import Record
from .document import GraphDocument
from .errors import DocumentError
from .kinds import KINDS, unwired

if TYPE_CHECKING:
    from ..engine.stepper import Stepper


class Problem(Record):
    """Why a node has no data: ``incomplete`` (a free input), ``upstream`` or ``math``."""

    __slots__ = ("kind", "message")

    def __init__(self, kind: str, message: str):
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "message", message)


class OutputChoiceError(DocumentError):
    """Backward cannot tell which node is the output; ``candidates`` lists the choices."""

    def __init__(self, message: str, candidates: List[str]):
        super().__init__(message)
        self.candidates = candidates


def output_candidates(doc: GraphDocument) -> List[str]:
    """The nodes that feed nothing, in document order."""
    return [n for n in doc.graph if doc.graph.out_degree(n) == 0]


def choose_output(doc: GraphDocument, selected: Optional[str] = None) -> str:
    """The output: the marked one, else ``selected``, else the only node feeding nothing."""
    if doc.output is not None and doc.output in doc:
        return doc.output
    if selected is not None and selected in doc:
        return selected
    candidates = output_candidates(doc)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise OutputChoiceError("the graph is empty: there is nothing to backpropagate from", [])
    # A node something feeds is far likelier the output than one left loose (an input not
    # yet wired): those come first, so the window's list offers one of them.
    graph = doc.graph  # networkx's, or the command line's plain one: both list in_edges
    candidates = sorted(candidates,
                        key=lambda n: next(iter(graph.in_edges(n, keys=True)), None) is None)
    labels = ", ".join(f"'{doc.label(n)}'" for n in candidates)
    raise OutputChoiceError(f"several nodes could be the output ({labels}): choose one", candidates)


def feeders_first_order(graph) -> List[str]:
    """Every node, each after the nodes that feed it: the graph's own order when it is
    one (as in a graph wired from its inputs on, and the files gradgui writes of it),
    else Kahn's. Checking the graph's order takes a third of the time sorting does."""
    seen = set()
    add = seen.add
    for node, feeders in graph._pred.items():
        if not seen.issuperset(feeders):
            return topological_node_order(graph)
        add(node)
    return list(graph._pred)  # the order just checked


def topological_node_order(graph) -> List[str]:
    """Every node, each after the nodes that feed it (Kahn's algorithm, no recursion)."""
    waiting = {node: len(feeders) for node, feeders in graph._pred.items()}
    # The queue is the order: nodes are taken from its front as they were put at its back.
    order = [node for node, count in waiting.items() if count == 0]
    succ = graph._succ
    taken = 0
    while taken < len(order):
        node = order[taken]
        taken += 1
        for user in succ[node]:
            count = waiting[user] - 1
            waiting[user] = count
            if count == 0:
                order.append(user)
    return order


class Evaluation:
    """The values of a document's nodes: forward at construction, backward on demand."""

    def __init__(self, doc: GraphDocument):
        self.doc = doc
        self.revision = doc.revision  # that of the document its values were made for
        self.values: Dict[str, Value] = {}
        self.problems: Dict[str, Problem] = {}
        self._node_of: Optional[Dict[int, str]] = None  # made when first asked for
        self.order: List[str] = feeders_first_order(doc.graph)
        self.has_grads = False
        self.output: Optional[str] = None
        self._rank: Optional[Dict[str, int]] = None  # place in ``order``, made when first needed
        # Each output's pass order, kept across passes: the Values never change
        # shape (an edit of the structure makes a new evaluation), only numbers.
        self._pass_orders: Dict[str, List[Value]] = {}
        self._build()

    def made_for(self, doc: GraphDocument) -> bool:
        """True if the values were made for ``doc`` as it is now (not edited since): then
        every node with a value is one of its nodes."""
        return self.doc is doc and self.revision == doc.revision

    def _leaf_numbers(self) -> Dict[str, float]:
        """Numbers that leaves read instead of their own value (none here), by node id."""
        return {}

    def _build(self) -> None:
        """Make every node's Value, in order (this runs once per node of every evaluation)."""
        values, problems = self.values, self.problems
        nodes, pred = self.doc.graph._node, self.doc.graph._pred
        instead = self._leaf_numbers()
        kinds = {name: (kind, kind.op, kind.arity) for name, kind in KINDS.items()}
        for node_id in self.order:
            attrs = nodes[node_id]
            kind, op, arity = kinds[attrs["kind"]]
            if op is None:
                number = instead[node_id] if instead and node_id in instead else attrs["value"]
                values[node_id] = Value(number, label=attrs["label"])
                continue
            feeders = pred[node_id]
            if arity == 2 and len(feeders) == 2:  # the usual two-input op: one wire each
                (first, ports), (second, _) = feeders.items()
                if 0 not in ports:
                    first, second = second, first
                a, b = values.get(first), values.get(second)
                operands = None if a is None or b is None else (a, b)
            elif arity == 1 and len(feeders) == 1:  # the usual one-input op
                value = values.get(next(iter(feeders)))
                operands = None if value is None else (value,)
            else:
                feeds = [None] * arity
                for source, ports in feeders.items():
                    for port in ports:
                        feeds[port] = source
                operands = tuple([values[source] for source in feeds if source in values])
                if len(operands) != arity:
                    operands = None
            if operands is None:  # a free input, or a source without a value
                problems[node_id] = self._missing(kind, self._feeds(node_id, arity))
                continue
            label = attrs["label"]
            try:
                values[node_id] = derived(op, operands, attrs.get("exponent"), label)
            except MathError as error:
                problems[node_id] = Problem("math", str(error.at(label or node_id)))

    def _feeds(self, node_id: str, arity: int) -> List[Optional[str]]:
        """The source wired to each input port of a node (None where none is)."""
        feeds: List[Optional[str]] = [None] * arity
        for source, ports in self.doc.graph._pred[node_id].items():
            for port in ports:
                feeds[port] = source
        return feeds

    @property
    def node_of(self) -> Dict[int, str]:
        """The node id of each Value, by the Value's ``id()`` (made when first asked for:
        a big graph's open needs none, and it is an entry per node)."""
        node_of = self._node_of
        if node_of is None:
            node_of = self._node_of = {id(value): node_id for node_id, value in self.values.items()}
        return node_of

    def _missing(self, kind, feeds: List[Optional[str]]) -> Problem:
        """Why an op with these sources has no value: a free input, or a source without one."""
        free = [kind.ports[i] for i, source in enumerate(feeds) if source is None]
        if free:
            return Problem("incomplete", unwired(free))
        waiting = next(s for s in feeds if s not in self.values)
        return Problem("upstream", f"'{self.doc.label(waiting)}' has no value")

    def refresh(self, node_ids: Iterable[str]) -> bool:
        """Follow edits of these nodes' labels, values or exponents, recomputing only downstream.

        Numbers change in place and every grad is forgotten. False, with
        nothing changed, when a node would gain or lose its number (a new
        maths error, or one mended): the caller must then evaluate afresh.
        """
        node_ids = list(node_ids)
        fresh = self.recomputed(node_ids)
        if fresh is None:
            return False
        self.put_in_place(fresh, node_ids)
        return True

    def recomputed(self, node_ids: Iterable[str]) -> Optional[Dict[str, float]]:
        """The new data of every node downstream of these edited ones, changing nothing.

        None when a node would gain or lose its number (see ``refresh``). Any
        thread may call this while nothing edits the document.
        """
        nodes, succ = self.doc.graph._node, self.doc.graph._succ
        starts = list(node_ids)
        if any(n not in nodes or (n not in self.values and n not in self.problems) for n in starts):
            return None
        affected = set(starts)
        frontier = list(starts)
        while frontier:
            for user in succ[frontier.pop()]:
                if user not in affected:
                    affected.add(user)
                    frontier.append(user)
        if any(n in self.problems for n in affected):
            return None
        rank = self._rank
        if rank is None:
            rank = self._rank = {node_id: i for i, node_id in enumerate(self.order)}
        fresh: Dict[str, float] = {}
        for node_id in sorted(affected, key=rank.__getitem__):
            attrs, value = nodes[node_id], self.values[node_id]
            if not value._prev:
                fresh[node_id] = float(attrs["value"])
                continue
            datas = [fresh.get(self.node_of[id(v)], v.data) for v in value._prev]
            try:
                fresh[node_id] = OPS[value._op].compute(*datas, k=attrs.get("exponent"))
            except MathError:
                return None
        return fresh

    def put_in_place(self, fresh: Dict[str, float], edited: Iterable[str]) -> None:
        """Put in place data worked out by ``recomputed`` for the ``edited`` nodes."""
        nodes = self.doc.graph._node
        for node_id, data in fresh.items():
            value = self.values[node_id]
            value.data = data
            value._arg = nodes[node_id].get("exponent") if value._prev else None
        for node_id in edited:
            self.values[node_id].label = nodes[node_id]["label"]
        self.has_grads, self.output = False, None
        self.zero_grad()

    def data(self, node_id: str) -> Optional[float]:
        """The node's data, or None if it has none."""
        value = self.values.get(node_id)
        return None if value is None else value.data

    def grad(self, node_id: str) -> Optional[float]:
        """The node's grad after a backward pass, or None."""
        value = self.values.get(node_id)
        return None if value is None or not self.has_grads else value.grad

    def id_of(self, value: Value) -> str:
        """The node id a value stands for."""
        return self.node_of[id(value)]

    def _root(self, output: str) -> Value:
        if output not in self.values:
            problem = self.problems.get(output)
            reason = problem.message if problem else "it is not in the graph"
            cause = self._cause(output)
            if cause is not None and cause != output:  # say why, not only where
                reason += f" ({self.problems[cause].message})"
            raise DocumentError(f"cannot backpropagate from '{self.doc.label(output)}': {reason}")
        return self.values[output]

    def _cause(self, node_id: str) -> Optional[str]:
        """The node upstream of ``node_id`` whose own problem (a maths error, a free input)
        leaves it with no value, or None."""
        seen = set()
        while node_id not in seen:
            seen.add(node_id)
            problem = self.problems.get(node_id)
            if problem is None:
                return None
            if problem.kind != "upstream":
                return node_id
            kind = self.doc.kind(node_id)
            node_id = next((s for s in self._feeds(node_id, kind.arity) if s not in self.values),
                           node_id)
        return None

    def _pass_order(self, output: str) -> List[Value]:
        """The Values of the pass from ``output``, operands first (sorted once per output)."""
        order = self._pass_orders.get(output)
        if order is None:
            order = self._pass_orders[output] = topological_order([self.values[output]])
        return order

    def zero_grad(self) -> None:
        """Set every grad to 0."""
        for value in self.values.values():
            value.grad = 0.0

    def backward(self, output: str) -> None:
        """Zero every grad, then backpropagate from ``output``."""
        root = self._root(output)
        self.has_grads, self.output = False, None
        self.zero_grad()
        try:
            backward_from(root, self._pass_order(output))
        except MathError:
            self.zero_grad()  # half a pass is no answer: show none
            raise
        self.has_grads = True
        self.output = output

    def largest_grad(self, output: str) -> float:
        """The largest |grad| that a whole pass from ``output`` gives; every grad is left at 0."""
        return max((abs(grad) for grad in self.pass_grads(output)), default=0.0)

    def pass_grads(self, output: str) -> List[float]:
        """Every node's grad after a whole pass from ``output``; every grad is left at 0.

        The step-through colours by the finished pass's scale, so colours hold
        still while stepping; one plain pass finds it far faster than stepping.
        """
        root = self._root(output)
        self.zero_grad()
        try:
            backward_from(root, self._pass_order(output))
            return [v.grad for v in self.values.values()]
        finally:
            self.zero_grad()

    def stepper(self, output: str, together: Optional[Callable[[str], Optional[str]]] = None
                ) -> "Stepper":
        """Zero every grad and return a stepper over the pass from ``output``; the steps of
        nodes ``together`` puts in one part (a collapsed group) run one after another where
        the pass allows."""
        from ..engine.stepper import Stepper
        root = self._root(output)
        self.zero_grad()
        self.has_grads = True
        self.output = output
        return Stepper(root, name=lambda v: v.label or self.id_of(v),
                       order=self._pass_order(output), part=self.step_part(together))

    def step_part(self, together: Optional[Callable[[str], Optional[str]]]):
        """``together`` (node id -> part) as a stepper's ``part`` (value -> part), or None."""
        if together is None:
            return None
        id_of = self.id_of
        return lambda value: together(id_of(value))


def evaluate(doc: GraphDocument, row: int = 0) -> Evaluation:
    """The evaluation to show: over the data set (showing ``row``) when inputs are bound to one."""
    if "dataset" not in doc.graph.graph:
        return Evaluation(doc)
    # numpy is loaded only for graphs that carry a data set.
    from .dataset_field import bound_dataset
    from .row_evaluation import RowEvaluation
    bound = bound_dataset(doc)
    if bound is None or not bound.node_columns():
        return Evaluation(doc)
    return RowEvaluation(doc, bound, row)
