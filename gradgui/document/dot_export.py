"""A document as Graphviz DOT text, drawn the way micrograd's pictures are.

Every node is a record ``{ label | data ... | grad ... }``; an op node also
gets a small ellipse with its symbol (``+``, ``*``, ``**2``, ``tanh``) that
its operands' wires enter and whose one wire leaves into its record. The
graph reads left to right (``rankdir=LR``). Wires into an op whose operand
order matters (``-``, ``/``) are labelled with the port (``a``, ``b``). The
output's record has a double border. Numbers are written short (``fmt``), and
each record's tooltip (shown by SVG viewers) holds the full values.

Nothing from the document reaches the text unescaped: ids and labels go
through ``_quoted`` and ``_record_text``, so a label cannot end a string or
open a record field.
"""

from typing import Callable, Dict, List, Optional

from ..engine.numbers import fmt
from .document import GraphDocument
from .evaluation import Evaluation

Number = Callable[[str], Optional[float]]
_ORDER_MATTERS = ("sub", "div")
_RECORD_SPECIAL = set('\\"{}|<>')
_NO_NUMBER = "\u2014"  # an em dash, as the node faces show a number not there


def export_dot(doc: GraphDocument, evaluation: Optional[Evaluation] = None,
               grad: Optional[Number] = None) -> str:
    """DOT text of the whole graph: data from ``evaluation`` (a fresh forward pass if None),
    grads from ``grad`` (default: the evaluation's, when it has run backward)."""
    if evaluation is None:
        evaluation = Evaluation(doc)
    if grad is None:
        grad = evaluation.grad if evaluation.has_grads else (lambda _node_id: None)
    names = _dot_names(doc.node_ids())
    lines: List[str] = [
        "// A computation graph exported from gradgui: one record per value",
        "// (label | data | grad), one ellipse per op. Draw it with Graphviz, e.g.",
        "//   dot -Tsvg graph.dot -o graph.svg",
        "digraph gradgui {",
        "  graph [rankdir=LR];",
        "  node [shape=record, fontname=\"Helvetica\"];",
        "  edge [fontname=\"Helvetica\", fontsize=10];",
    ]
    for node_id in doc.node_ids():
        lines.append(_record(doc, node_id, names[node_id], evaluation.data(node_id),
                             grad(node_id)))
        kind = doc.kind(node_id)
        if kind.is_leaf:
            continue
        op_name = _quoted("op:" + node_id)
        lines.append(f"  {op_name} [shape=ellipse, label={_quoted(_symbol(doc, node_id))}];")
        lines.append(f"  {op_name} -> {names[node_id]};")
        for port, source in enumerate(doc.inputs(node_id)):
            if source is None:
                continue
            attrs = (f" [label={_quoted(kind.ports[port])}]"
                     if doc.node(node_id)["kind"] in _ORDER_MATTERS else "")
            lines.append(f"  {names[source]} -> {op_name}{attrs};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_names(node_ids: List[str]) -> Dict[str, str]:
    """Each node's DOT name: ``"v:" + id``, so no value can be mistaken for an op (``"op:" + id``)."""
    return {node_id: _quoted("v:" + node_id) for node_id in node_ids}


def _record(doc: GraphDocument, node_id: str, name: str, data: Optional[float],
            grad: Optional[float]) -> str:
    label = doc.label(node_id)
    fields = " | ".join(_record_text(text) for text in (
        label, f"data {_short(data)}", f"grad {_short(grad)}"))
    # Only numbers: Graphviz expands \N and the like in a tooltip even after a backslash.
    tooltip = f"data={data!r} grad={grad!r}"
    extra = ", peripheries=2" if node_id == doc.output else ""
    # The fields are escaped for a record already, which covers the quotes too.
    return f"  {name} [label=\"{{ {fields} }}\", tooltip={_quoted(tooltip)}{extra}];"


def _symbol(doc: GraphDocument, node_id: str) -> str:
    attrs = doc.node(node_id)
    if attrs["kind"] == "pow":
        k = float(attrs["exponent"])
        return f"**{int(k)}" if k.is_integer() and abs(k) < 1e15 else f"**{k!r}"
    return doc.kind(node_id).symbol


def _short(x: Optional[float]) -> str:
    return _NO_NUMBER if x is None else fmt(x)


def _record_text(text: str) -> str:
    """Text for one record field, escaped for Graphviz: backslash, quote and the record's
    punctuation ``{ } | < >``; a space only where Graphviz would drop or merge it."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    out = []
    for i, ch in enumerate(text):
        keep_space = ch == " " and (i == 0 or i == len(text) - 1 or text[i - 1] == " ")
        out.append("\\" + ch if ch in _RECORD_SPECIAL or keep_space else ch)
    return "".join(out)


def _quoted(text: str) -> str:
    """A DOT quoted string (a name, a tooltip, an op's or a wire's label)."""
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in str(text))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
