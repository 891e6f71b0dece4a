"""The bug lab on a network bound to a data set: the variant runs over every row.

Backward on such a network is the pass micrograd makes over the unrolled
graph (one copy of the network per row, the mean of the losses plus the L2
term), so each variant runs on that graph too (``unroll``). That is where
the classic mistakes show most: a weight is used once per row, so *assign*
keeps only the last row's share of its grad. The result is told for the
network as the canvas draws it: a weight (any node shared by the rows) by
its grad over the batch, a node that depends on the data by its copy in the
row the canvas shows.
"""

from typing import Optional

from .bug_lab import BugLabError, VariantResult, check_variant, differences, run_variant
from .dataset_field import bound_dataset
from .evaluation import Evaluation
from .training_settings import training_settings
from .unroll import TOTAL, row_id, unroll

MAX_UNROLLED = 300_000
"""The most nodes the unrolled graph may have (rows times the network's nodes)."""


def run_on_rows(doc, variant: str, row: int, output: Optional[str] = None) -> VariantResult:
    """Run ``variant`` and the correct pass over every row of ``doc``'s data set; the grads
    of ``doc``'s nodes as the canvas shows them with row ``row`` selected.

    BugLabError (one line) when the graph has no data set or is too big to unroll.
    """
    check_variant(variant)
    bound = bound_dataset(doc)
    if bound is None:
        raise BugLabError("the graph has no data set: run the bug lab on the graph itself")
    size = bound.n_rows * len(doc)
    if size > MAX_UNROLLED:
        raise BugLabError(f"the bug lab runs over every row, one copy of the network each: "
                          f"{bound.n_rows:,} rows of {len(doc):,} nodes is more than "
                          f"{MAX_UNROLLED:,} nodes; try it on a smaller data set")
    unrolled = unroll(doc, training_settings(doc).l2)
    lab = run_variant(Evaluation(unrolled), TOTAL, variant)
    shown = {}
    for node_id in doc.node_ids():
        key = node_id if node_id in unrolled else row_id(node_id, row)
        if key in lab.correct:
            shown[node_id] = key
    correct = {n: lab.correct[k] for n, k in shown.items()}
    buggy = {n: lab.buggy.get(k, 0.0) for n, k in shown.items()}
    return VariantResult(variant, output if output is not None else TOTAL, correct, buggy,
                         differences(correct, buggy))
