"""A network on its data set written out as a runnable script: micrograd's batch loss, row by row.

The script carries the data inline and builds what micrograd's training
loop builds: the nodes shared by every row (weights, constants, unbound
inputs, ops on them only) once, and the rest once per row, reading that
row's numbers. Its total is ``sum(losses) * (1/n) + alpha * sum(w*w)``,
summed in row order and weight order as the unrolled graph does, so
Backward from it gives the grads the editor shows for the batch.

That is one ``Value`` per node per row: a script that would build more than
``MAX_SCRIPT_VALUES`` of them is refused with one line, before any text is
made, as Unroll refuses a graph that large.
"""

import textwrap
from typing import Dict, List

from .batched import BatchProgram
from .dataset_field import BoundDataset
from .document import GraphDocument
from .errors import DocumentError
from .python_export import _statement, variable_names
from .standalone_value import value_class_source, without_source
from .training_settings import training_settings

# Names the script's own lines use; no node may take them.
OWN_NAMES = {"columns", "n", "alpha", "row_loss", "r", "losses", "loss", "total", "data_loss",
             "weights", "w", "reg", "math"}

MAX_SCRIPT_VALUES = 300_000
"""The most ``Value``s an exported script may build (Unroll's limit on nodes): beyond it
the script would run for minutes in plain Python and its data alone be megabytes."""
_NUMBERS_PER_LINE = 3  # a line stays under 88 characters


def export_python_data(doc: GraphDocument, bound: BoundDataset, output: str,
                       standalone: bool = True) -> str:
    """A script that computes the batch loss over every row, backpropagates and prints the
    total and every weight's data and grad."""
    program = BatchProgram(doc, bound.node_columns(), output)
    order = program.order
    shared = [n for n in order if not program.slot[n][0]]
    per_row = [n for n in order if program.slot[n][0]]
    values = script_values(len(shared), len(per_row), program.n_rows)
    if values > MAX_SCRIPT_VALUES:
        raise DocumentError(
            f"the script would build about {values:,} Values ({program.n_rows:,} rows of "
            f"{len(per_row):,} nodes), more than the {MAX_SCRIPT_VALUES:,} an exported script "
            "may: export the network with fewer rows of data")
    names = variable_names([n for n in doc.graph if n in program.index], reserved=OWN_NAMES)
    alpha = training_settings(doc).l2
    kinds = {doc.node(n)["kind"] for n in order if not doc.kind(n).is_leaf} | {"add", "mul"}
    missing = without_source(kinds) if standalone else []
    mean = "the mean of the rows' losses" + (" plus alpha * sum(w*w)" if alpha else "")
    about = textwrap.wrap(
        f"A network on a data set, exported from gradgui. Run it to build micrograd's batch "
        f"loss over all {program.n_rows:,} rows ({mean}), backpropagate from it and print the "
        "total and every weight's data and grad: the numbers gradgui shows after Backward.",
        width=86, initial_indent="# ", subsequent_indent="# ")
    if standalone and not missing:
        lines = about + ["import math", "", "", value_class_source(kinds), ""]
    else:
        lines = about + [
            *([f"# It imports gradgui's engine: the standalone Value has no {missing[0]!r} op."]
              if missing else []),
            "from gradgui.engine import Value", ""]
    lines += _data_lines(program, bound)
    lines += ["", "# Shared by every row: weights, constants, and ops on them only."]
    lines += [_statement(doc, n, names) for n in shared]
    lines += ["", "", "def row_loss(r):", f'    """The network on row r: its {doc.label(output)!r}."""']
    reads = _columns_read(program, bound)
    for node in per_row:
        if node in program.columns:
            lines.append(f"    {names[node]} = Value(columns[{reads[node]!r}][r], "
                         f"label={doc.label(node)!r})")
        else:
            lines.append("    " + _statement(doc, node, names))
    lines += [f"    return {names[output]}", ""]
    weights = program.weights
    lines += [
        "",
        "losses = [row_loss(r) for r in range(n)]",
        "total = losses[0]",
        "for loss in losses[1:]:",
        "    total = total + loss",
        "data_loss = total * Value(1.0 / n, label='1/n')",
        *textwrap.wrap(f"weights = [{', '.join(names[w] for w in weights)}]", width=88,
                       subsequent_indent="    ", break_long_words=False, break_on_hyphens=False),
    ]
    if alpha and weights:
        lines += [
            f"alpha = {float(alpha)!r}",
            "reg = weights[0] * weights[0]",
            "for w in weights[1:]:",
            "    reg = reg + w * w",
            "total = data_loss + Value(alpha, label='alpha') * reg",
        ]
    else:
        lines.append("total = data_loss")
    lines += [
        "total.backward()",
        "",
        "print(f'total: data={total.data!r}')",
        "for w in weights:",
        "    print(f'{w.label}: data={w.data!r} grad={w.grad!r}')",
        "",
    ]
    return "\n".join(lines)


def script_values(shared: int, per_row: int, n_rows: int) -> int:
    """How many ``Value``s the script builds: the shared nodes once, the rest and one sum
    per row."""
    return shared + n_rows * (per_row + 1)


def _columns_read(program: BatchProgram, bound: BoundDataset) -> Dict[str, str]:
    """The column each bound node of the network reads."""
    return {node: bound.target_column if node == bound.target_node else bound.inputs[node]
            for node in program.columns}


def _data_lines(program: BatchProgram, bound: BoundDataset) -> List[str]:
    """``columns = {...}``: the numbers of each column the network reads, and ``n``."""
    lines = ["# The data: each column the network reads, one number per row."]
    lines.append("columns = {")
    for column in dict.fromkeys(_columns_read(program, bound).values()):
        numbers = [repr(v) for v in bound.dataset.column(column).tolist()]
        lines.append(f"    {column!r}: [")
        lines += ["        " + ", ".join(numbers[i:i + _NUMBERS_PER_LINE]) + ","
                  for i in range(0, len(numbers), _NUMBERS_PER_LINE)]
        lines.append("    ],")
    lines += ["}", f"n = {program.n_rows}"]
    return lines
