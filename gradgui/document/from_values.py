"""From code to the editor: a ``Value`` graph built in Python, as a document.

Rules, so a script's graph looks like the script:

- Every value reachable from the outputs becomes one node; a value used
  twice stays one node with two wires out (``x*x`` feeds both ports of one
  ``mul``).
- Values may be gradgui's own or micrograd's (or anything with ``data``,
  ``_prev`` and ``_op``; see ``foreign_values`` for how ops and operand
  order are read).
- Leaves, without ``params``: a leaf with a label becomes a ``weight``
  (micrograd labels the numbers it means to train or to talk about); a leaf
  without one, such as the ``2`` of ``2*x``, becomes a ``const``. Nothing in
  a ``Value`` tells an input from a weight, so inputs arrive as weights too.
- Leaves, with ``params`` (say ``model.parameters()``): those values are the
  ``weight``s. Of the other leaves, one with a label is an ``input``, and so
  is an unlabelled one that a parameter multiplies (micrograd's neurons
  compute ``w*x``, turning each plain number ``x`` of a sample into such a
  leaf); every other leaf is a ``const`` (the ``-1`` of ``-y``, the ``0``
  that ``sum`` starts from, a target ``y`` subtracted from a prediction).
- A value's label is kept as the node's label. The node id is the label
  when that is a Python identifier no other value uses, else the kind's id
  prefix and a number (``add3``, ``c2``, ``w1``).
- Op nodes take the op's name (``add``, ``pow`` with its exponent, ...);
  wires follow operand order.
- The first output is marked as the document's output.
- The nodes get a layered layout.
- Dotted labels make groups (``L1.n3.w0`` is in ``L1.n3``, inside ``L1``;
  see ``label_groups``).

Everything is iterative, so a chain hundreds of thousands of values deep
converts like a small graph.
"""

import keyword
from typing import Dict, Iterable, Optional, Set, Tuple, Union

import networkx as nx

from ..engine import Value, topological_order
from .document import GraphDocument, check_number
from .errors import DocumentError
from .foreign_values import is_value_like, read_values
from .kinds import KINDS
from .label_groups import label_groups
from .layout import layered_layout

Outputs = Union[Value, Iterable[Value]]


def to_document(outputs: Outputs, params: Optional[Iterable] = None) -> GraphDocument:
    """The document of a ``Value`` graph (one output or a list), laid out, first output marked.

    ``params`` (optional) are the values to mark as weights, such as
    micrograd's ``model.parameters()``.
    """
    return to_document_with_values(outputs, params)[0]


def to_document_with_values(outputs: Outputs, params: Optional[Iterable] = None
                            ) -> Tuple[GraphDocument, Dict[str, object]]:
    """The document of a ``Value`` graph, and which value each node id stands for."""
    roots = _roots(outputs)
    wanted = None if params is None else {id(p) for p in _listed(params, "params")}
    if not all(isinstance(root, Value) for root in roots):
        roots = read_values(roots, wanted or set())
    order = topological_order(roots)
    kinds = _kinds(order, wanted)
    ids = _node_ids(order, kinds)
    graph = nx.MultiDiGraph()
    for value in order:
        node_id = ids[id(value)]
        graph.add_node(node_id, **_fields(value, node_id, kinds[id(value)]))
        for port, operand in enumerate(value.operands):
            graph.add_edge(ids[id(operand)], node_id, key=port, port=port)
    if roots:
        graph.graph["output"] = ids[id(roots[0])]
    doc = GraphDocument(graph)
    for node_id, pos in layered_layout(doc).items():
        graph.nodes[node_id]["pos"] = pos
    doc.groups.load(label_groups((n, attrs["label"]) for n, attrs in graph.nodes(data=True)),
                    in_file=False)
    return doc, {ids[id(value)]: getattr(value, "source", value) for value in order}


def _listed(items, what: str) -> list:
    try:
        return list(items)
    except TypeError:
        raise DocumentError(f"expected a list of Values for {what}, not "
                            f"{type(items).__name__}") from None


def _roots(outputs: Outputs) -> list:
    if isinstance(outputs, Value) or is_value_like(outputs):
        return [outputs]
    try:
        roots = list(outputs)
    except TypeError:
        raise DocumentError(f"expected a Value or a list of Values, not {type(outputs).__name__}") from None
    for root in roots:
        if not (isinstance(root, Value) or is_value_like(root)):
            raise DocumentError(f"expected a Value or a list of Values, found {type(root).__name__}")
    return roots


def _kinds(order: list, params: Optional[Set[int]]) -> Dict[int, str]:
    """Each value's node kind (see the module's rules for leaves)."""
    kinds = {id(value): _op_kind(value) for value in order if value.operands}
    leaves = [value for value in order if not value.operands]
    if params is None:
        for value in leaves:
            kinds[id(value)] = "weight" if value.label else "const"
        return kinds
    for value in order:
        if value.operands and _source_id(value) in params:
            raise DocumentError(f"params must be leaf values such as model.parameters(); "
                                f"one is made by the op {value.op!r}")
    weighted: Set[int] = set()  # leaves a parameter multiplies
    for value in order:
        if kinds.get(id(value)) == "mul":
            a, b = value.operands
            if _source_id(a) in params:
                weighted.add(id(b))
            if _source_id(b) in params:
                weighted.add(id(a))
    for value in leaves:
        if _source_id(value) in params:
            kinds[id(value)] = "weight"
        else:
            kinds[id(value)] = "input" if value.label or id(value) in weighted else "const"
    return kinds


def _source_id(value) -> int:
    """The id() of the value the caller made (a read foreign value stands for its source)."""
    return id(getattr(value, "source", value))


def _op_kind(value) -> str:
    if value.op not in KINDS or KINDS[value.op].is_leaf:
        raise DocumentError(f"gradgui has no node for the op {value.op!r}")
    if len(value.operands) != KINDS[value.op].arity:
        raise DocumentError(f"a {value.op} value has {len(value.operands)} operands")
    return value.op


def _node_ids(order: list, kinds: Dict[int, str]) -> Dict[int, str]:
    """An id per value: its label if that is an identifier used once, else prefix + number."""
    uses: Dict[str, int] = {}
    for value in order:
        if isinstance(value.label, str):
            uses[value.label] = uses.get(value.label, 0) + 1
    taken = {label for label, n in uses.items()
             if n == 1 and label.isidentifier() and not keyword.iskeyword(label)}
    ids: Dict[int, str] = {}
    counters: Dict[str, int] = {}
    for value in order:
        label = value.label
        if label in taken:
            ids[id(value)] = label
            continue
        prefix = KINDS[kinds[id(value)]].id_prefix
        n = counters.get(prefix, 1)
        while f"{prefix}{n}" in taken:
            n += 1
        counters[prefix] = n + 1
        ids[id(value)] = f"{prefix}{n}"
    return ids


def _fields(value, node_id: str, kind: str) -> dict:
    label = value.label if isinstance(value.label, str) and value.label else node_id
    fields = {"kind": kind, "label": label, "pos": (0.0, 0.0)}
    if KINDS[kind].has_value:
        fields["value"] = check_number(value.data, f"the data of '{label}'")
    if KINDS[kind].has_exponent:
        fields["exponent"] = check_number(value.exponent, f"the exponent of '{label}'")
    return fields
