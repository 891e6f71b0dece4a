"""From code to the editor: a ``Value`` graph built in Python, as a document.

Rules, so a script's graph looks like the script:

- Every value reachable from the outputs becomes one node; a value used
  twice stays one node with two wires out (``x*x`` feeds both ports of one
  ``mul``).
- A leaf with a label becomes a ``weight`` (micrograd labels the numbers it
  means to train or to talk about); a leaf without one, such as the ``2``
  of ``2*x``, becomes a ``const``. Nothing in a ``Value`` tells an input from
  a weight, so inputs arrive as weights too; change their kind by hand.
- A value's label is kept as the node's label. The node id is the label
  when that is a Python identifier no other value uses, else the kind's id
  prefix and a number (``add3``, ``c2``, ``w1``).
- Op nodes take the op's name (``add``, ``pow`` with its exponent, ...);
  wires follow operand order.
- The first output is marked as the document's output.
- The nodes get a layered layout.

Everything is iterative, so a chain hundreds of thousands of values deep
converts like a small graph.
"""

import keyword
from typing import Dict, Iterable, List, Tuple, Union

import networkx as nx

from ..engine import Value, topological_order
from .document import GraphDocument, check_number
from .errors import DocumentError
from .kinds import KINDS
from .layout import layered_layout

Outputs = Union[Value, Iterable[Value]]


def to_document(outputs: Outputs) -> GraphDocument:
    """The document of a ``Value`` graph (one output or a list), laid out, first output marked."""
    return to_document_with_values(outputs)[0]


def to_document_with_values(outputs: Outputs) -> Tuple[GraphDocument, Dict[str, Value]]:
    """The document of a ``Value`` graph, and which value each node id stands for."""
    roots = _roots(outputs)
    order = topological_order(roots)
    ids = _node_ids(order)
    graph = nx.MultiDiGraph()
    for value in order:
        node_id = ids[id(value)]
        graph.add_node(node_id, **_fields(value, node_id))
        for port, operand in enumerate(value.operands):
            graph.add_edge(ids[id(operand)], node_id, key=port, port=port)
    if roots:
        graph.graph["output"] = ids[id(roots[0])]
    doc = GraphDocument(graph)
    for node_id, pos in layered_layout(doc).items():
        graph.nodes[node_id]["pos"] = pos
    return doc, {ids[id(value)]: value for value in order}


def _roots(outputs: Outputs) -> List[Value]:
    if isinstance(outputs, Value):
        return [outputs]
    try:
        roots = list(outputs)
    except TypeError:
        raise DocumentError(f"expected a Value or a list of Values, not {type(outputs).__name__}") from None
    for root in roots:
        if not isinstance(root, Value):
            raise DocumentError(f"expected a Value or a list of Values, found {type(root).__name__}")
    return roots


def _kind_of(value: Value) -> str:
    if not value.operands:
        return "weight" if value.label else "const"
    if value.op not in KINDS or KINDS[value.op].is_leaf:
        raise DocumentError(f"gradgui has no node for the op {value.op!r}")
    if len(value.operands) != KINDS[value.op].arity:
        raise DocumentError(f"a {value.op} value has {len(value.operands)} operands")
    return value.op


def _node_ids(order: List[Value]) -> Dict[int, str]:
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
        prefix = KINDS[_kind_of(value)].id_prefix
        n = counters.get(prefix, 1)
        while f"{prefix}{n}" in taken:
            n += 1
        counters[prefix] = n + 1
        ids[id(value)] = f"{prefix}{n}"
    return ids


def _fields(value: Value, node_id: str) -> dict:
    kind = _kind_of(value)
    label = value.label if isinstance(value.label, str) and value.label else node_id
    fields = {"kind": kind, "label": label, "pos": (0.0, 0.0)}
    if KINDS[kind].has_value:
        fields["value"] = check_number(value.data, f"the data of '{label}'")
    if KINDS[kind].has_exponent:
        fields["exponent"] = check_number(value.exponent, f"the exponent of '{label}'")
    return fields
