"""Gradient check of a network on its data set: the batch loss's grads beside finite differences.

With a data set, Backward's grads are those of the batch loss,
``mean(losses) + alpha * sum(w*w)`` over every row (see ``batched``), so
that is what is checked: each leaf shared by all rows (weights, constants,
unbound inputs) is nudged by ``eps`` both ways and the batch loss run again
over every row; each bound input is nudged in the selected row only, whose
grad the canvas shows. Both passes are the batched ones the window uses;
the caller's document is never touched.
"""

import math
from typing import Callable, List, Optional

import numpy as np

from .batched import BatchProgram
from .dataset_field import BoundDataset
from .errors import DocumentError
from .evaluation import choose_output
from .gradcheck import GradCheckReport, GradCheckRow
from .training_settings import training_settings


def batch_loss_text(label: str, n_rows: int, alpha: float) -> str:
    """What a check with a data set is of, for its summary."""
    l2 = f" + {alpha:g}·Σw²" if alpha else ""
    return f"the batch loss (mean of '{label}' over {n_rows:,} rows{l2})"


def batch_grad_check(doc, bound: BoundDataset, output: Optional[str] = None, row: int = 0,
                     eps: float = 1e-6, rtol: float = 1e-4, atol: float = 1e-6,
                     progress: Optional[Callable[[int, int], bool]] = None) -> GradCheckReport:
    """Compare the batch loss's backprop grads with central differences, leaf by leaf.

    Shared leaves are checked on the whole batch, bound inputs in row ``row``.
    ``progress(done, total)`` returning False stops the check (``cancelled``).
    """
    if not (eps > 0 and math.isfinite(eps)):
        raise DocumentError(f"the step eps must be a small positive number, not {eps!r}")
    output = choose_output(doc) if output is None else output
    if output not in doc:
        raise DocumentError(f"there is no node {output!r} to check")
    program = BatchProgram(doc, bound.node_columns(), output)
    row = min(max(int(row), 0), program.n_rows - 1)
    alpha = training_settings(doc).l2
    check = _Check(doc, program, alpha, row)
    try:
        grads = program.run(alpha=alpha)
    except DocumentError as error:
        raise DocumentError(f"cannot check grads: {error}") from None
    leaves = [n for n in program.order if doc.kind(n).is_leaf]
    of = batch_loss_text(doc.label(output), program.n_rows, alpha)
    rows: List[GradCheckRow] = []
    for leaf in leaves:
        backprop = grads.grad(leaf)
        backprop = float(backprop[row]) if program.slot[leaf][0] else float(backprop)
        rows.append(check.leaf(leaf, backprop, eps, rtol, atol))
        if progress is not None and progress(len(rows), len(leaves)) is False:
            return GradCheckReport(output, tuple(rows), len(leaves), True, eps, rtol, atol, of)
    return GradCheckReport(output, tuple(rows), len(leaves), False, eps, rtol, atol, of)


class _Check:
    """Runs the batch loss with one leaf nudged, and tells a relu's kink apart."""

    def __init__(self, doc, program: BatchProgram, alpha: float, row: int):
        self.doc, self.program, self.alpha, self.row = doc, program, alpha, row
        self.relu_inputs = [doc.inputs(n)[0] for n in program.order
                            if doc.node(n)["kind"] == "relu"]

    def loss_with(self, leaf: str, value: float):
        """The forward pass with ``leaf`` at ``value`` (a bound one in the checked row only)."""
        program = self.program
        per_row, slot = program.slot[leaf]
        if per_row:
            column = program.columns[leaf]
            nudged = column.copy()
            nudged[self.row] = value
            program.columns[leaf] = nudged
            try:
                return program.run(alpha=self.alpha, backward=False)
            finally:
                program.columns[leaf] = column
        kept = program._base[slot]
        program._base[slot] = value
        try:
            return program.run(alpha=self.alpha, backward=False)
        finally:
            program._base[slot] = kept

    def leaf(self, leaf: str, backprop: float, eps: float, rtol: float, atol: float) -> GradCheckRow:
        program = self.program
        per_row, slot = program.slot[leaf]
        label = self.doc.label(leaf)
        if per_row:
            label = f"{label} [row {self.row}]"
        x = float(program.columns[leaf][self.row]) if per_row else float(program._base[slot])
        try:
            plus = self.loss_with(leaf, x + eps)
            minus = self.loss_with(leaf, x - eps)
        except DocumentError as error:
            return GradCheckRow(leaf, label, backprop, math.nan, math.nan, False,
                                f"the batch loss is not defined within {eps:g} of {x!r}: {error}")
        numeric = (plus.loss - minus.loss) / (2.0 * eps)
        error = abs(backprop - numeric)
        if error <= atol + rtol * abs(numeric):
            return GradCheckRow(leaf, label, backprop, numeric, error, True)
        if self._crosses_kink(plus, minus):
            return GradCheckRow(leaf, label, backprop, numeric, error, True,
                                "a relu is at its kink (input 0) in some row, where it has no "
                                "derivative")
        return GradCheckRow(leaf, label, backprop, numeric, error, False)

    def _crosses_kink(self, plus, minus) -> bool:
        for source in self.relu_inputs:
            a, b = np.asarray(plus.data(source)), np.asarray(minus.data(source))
            if bool(np.any((a > 0.0) != (b > 0.0))):
                return True
        return False
