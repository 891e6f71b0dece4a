"""A document written out as a runnable Python script in the tutorial's style.

Every string that comes from the document (labels, ids) reaches the script
only through ``repr``, so no label can break out of its string literal.
"""

import builtins
import keyword
import re
import textwrap
from typing import Dict, Iterable, List, Optional

import networkx as nx

from .document import GraphDocument
from .errors import DocumentError
from .evaluation import Evaluation, choose_output
from .standalone_value import value_class_source, without_source
from .training_settings import has_dataset

# Names the script itself needs; a node must never shadow them.
_RESERVED = {"Value", "node", "nodes"} | set(dir(builtins))


def export_python(doc: GraphDocument, output: Optional[str] = None, standalone: bool = True) -> str:
    """A script that rebuilds the graph with ``Value``s, runs backward and prints every node.

    A standalone script carries its own small ``Value`` class and runs with
    Python alone; otherwise it imports gradgui's. An op the small class has
    no text for (one registered at run time) makes the script import
    gradgui's, and its first lines say why.
    """
    if output is None:
        output = choose_output(doc)
    elif output not in doc:
        raise DocumentError(f"there is no node {output!r} to export from")
    evaluation = Evaluation(doc)
    _check_complete(doc, evaluation, output)
    if has_dataset(doc):  # the batch loss over every row, as Backward shows it
        from .dataset_field import bound_dataset  # numpy: only for a graph with data
        from .python_export_data import export_python_data
        bound = bound_dataset(doc)
        if bound is not None:
            return export_python_data(doc, bound, output, standalone)
    nodes = [n for n in evaluation.order if n in evaluation.values]
    names = variable_names([n for n in doc.graph if n in evaluation.values])  # document order: stable names
    kinds = {doc.node(n)["kind"] for n in nodes if not doc.kind(n).is_leaf}
    missing = without_source(kinds) if standalone else []
    if standalone and not missing:
        lines = [
            "# A computation graph exported from gradgui, with a small Value class of its",
            "# own: it runs with Python 3 alone. Run it to rebuild the graph, backpropagate",
            "# from the output and print every node's label, data and grad.",
            "import math",
            "",
            "",
            value_class_source(kinds),
            "",
        ]
    else:
        lines = [
            "# A computation graph exported from gradgui.",
            "# Run it to rebuild the graph, backpropagate from the output and print",
            "# every node's label, data and grad.",
            *([f"# It imports gradgui's engine: the standalone Value has no {missing[0]!r} op."]
              if missing else []),
            "from gradgui.engine import Value",
            "",
        ]
    for node_id in nodes:
        lines.append(_statement(doc, node_id, names))
    out = names[output]
    lines += [
        "",
        f"{out}.backward()",
        "",
        *textwrap.wrap(f"nodes = [{', '.join(names[n] for n in nodes)}]", width=88,
                       subsequent_indent="    ", break_long_words=False,
                       break_on_hyphens=False),
        "for node in nodes:",
        "    print(f'{node.label}: data={node.data!r} grad={node.grad!r}')",
        "",
    ]
    return "\n".join(lines)


def _check_complete(doc: GraphDocument, evaluation: Evaluation, output: str) -> None:
    """The output and everything feeding it must have data, or there is nothing to run."""
    upstream = nx.ancestors(doc.graph, output) | {output}
    for node_id in evaluation.order:
        problem = evaluation.problems.get(node_id)
        # An upstream problem is only a symptom; report the node that causes it.
        if node_id in upstream and problem is not None and problem.kind != "upstream":
            raise DocumentError(
                f"'{doc.label(node_id)}' has no value "
                f"({problem.message}); the graph feeding the output must be complete")
    if output not in evaluation.values:
        raise DocumentError(f"'{doc.label(output)}' has no value")


def variable_names(node_ids: List[str], reserved: Iterable[str] = ()) -> Dict[str, str]:
    """A distinct Python identifier for each node id, as close to the id as possible
    (and none of ``reserved``, names the script uses itself)."""
    names: Dict[str, str] = {}
    used = set()
    reserved = _RESERVED | set(reserved)
    for node_id in node_ids:
        base = re.sub(r"\W", "_", str(node_id), flags=re.ASCII) or "node"
        if base[0].isdigit():
            base = "n" + base
        if keyword.iskeyword(base) or base in reserved or base.startswith("__"):
            base = "v_" + base
        name, n = base, 2
        while name in used:
            name = f"{base}_{n}"
            n += 1
        used.add(name)
        names[node_id] = name
    return names


def _statement(doc: GraphDocument, node_id: str, names: Dict[str, str]) -> str:
    """One line of the script: a leaf ``Value(...)`` or one op with its label set."""
    attrs = doc.node(node_id)
    kind = doc.kind(node_id)
    name = names[node_id]
    label = repr(attrs["label"])
    if kind.is_leaf:
        return f"{name} = Value({float(attrs['value'])!r}, label={label})"
    operands = [names[s] for s in doc.inputs(node_id)]
    exponent = repr(float(attrs["exponent"])) if kind.has_exponent else ""
    return f"{name} = {kind.op.python_text(operands, exponent)}; {name}.label = {label}"
