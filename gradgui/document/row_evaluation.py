"""Evaluation of a network bound to a data set: the canvas shows one row, grads the whole batch.

The network is drawn once. Its data are those of the *selected row* (the
bound inputs read that row's numbers). Backward runs the batched pass over
every row, for ``mean(losses) + alpha * sum(w*w)`` (alpha from the file's
training settings), and puts its grads where the canvas reads them: a node
that depends on the data shows its grad in the selected row, a weight (or
any node shared by all rows) the sum over rows, exactly what Backward of
the unrolled graph gives.

The step-through walks the selected row's own pass: the output is seeded
with the row's share of the mean (1/n), and each weight starts from the
grad the rows before it left, so its chain-rule line adds this row's
contribution on top.
"""

from typing import Callable, Dict, List, Optional

import numpy as np

from ..engine import Stepper
from .batched import BatchProgram
from .dataset_field import BoundDataset
from .evaluation import Evaluation
from .training_settings import training_settings


class RowEvaluation(Evaluation):
    """The values of a network on row ``row`` of its data set; Backward over every row."""

    def __init__(self, doc, bound: BoundDataset, row: int = 0):
        self.bound = bound
        self.row = min(max(int(row), 0), bound.n_rows - 1)
        self.columns = bound.node_columns()
        self._row_values = {node: float(col[self.row]) for node, col in self.columns.items()}
        self.batch_loss: Optional[float] = None  # the total, once Backward has run
        super().__init__(doc)

    def _leaf_numbers(self) -> Dict[str, float]:
        """A bound input reads its column in the selected row."""
        return self._row_values

    def recomputed(self, node_ids):
        """As ``Evaluation.recomputed``, but a bound node's value comes from its row: None."""
        node_ids = list(node_ids)
        if any(n in self._row_values for n in node_ids):
            return None
        return super().recomputed(node_ids)

    def row_value(self, node_id: str) -> Optional[float]:
        """The number a bound node reads in the selected row (None if it is not bound)."""
        return self._row_values.get(node_id)

    def row_note(self, node_id: str) -> str:
        """One line for a node's tooltip: which row it shows, or that a weight sums them all."""
        n = self.bound.n_rows
        column = self.bound.inputs.get(node_id)
        if column is None and node_id == self.bound.target_node:
            column = self.bound.target_column
        if column is not None:
            return f"row {self.row} of {n}: column '{column}'"
        if self.doc.node(node_id)["kind"] == "weight":
            return f"shared by all {n} rows: its grad sums theirs"
        return f"row {self.row} of {n} (choose the row in the Data panel)"

    def _program(self, output: str) -> BatchProgram:
        self._root(output)  # the same refusal as without a data set
        return BatchProgram(self.doc, self.columns, output)

    def backward(self, output: str) -> None:
        """Zero every grad, then the batched Backward of the total over every row."""
        self.has_grads, self.output = False, None
        self.zero_grad()
        program = self._program(output)
        alpha = training_settings(self.doc).l2
        batch = program.run(alpha=alpha)
        for node in program.order:
            value = self.values.get(node)
            if value is None:
                continue
            grad = batch.grad(node)
            value.grad = float(grad[self.row]) if program.slot[node][0] else float(grad)
        self.batch_loss = batch.loss
        self.has_grads = True
        self.output = output

    def pass_grads(self, output: str) -> List[float]:
        """Every node's grad after a whole Backward; every grad is left as it was (the
        step-through stands on grads carried in from earlier rows)."""
        kept = {node: v.grad for node, v in self.values.items()}
        has_grads, was = self.has_grads, self.output
        try:
            self.backward(output)
            return [v.grad for v in self.values.values()]
        finally:
            for node, grad in kept.items():
                self.values[node].grad = grad
            self.has_grads, self.output = has_grads, was

    def largest_grad(self, output: str) -> float:
        """The largest |grad| a whole Backward gives; every grad is left as it was."""
        return max((abs(g) for g in self.pass_grads(output)), default=0.0)

    def stepper(self, output: str, together: Optional[Callable[[str], Optional[str]]] = None
                ) -> Stepper:
        """A stepper over the selected row's pass, on top of what the rows before it left
        (``together`` as for ``Evaluation.stepper``)."""
        program = self._program(output)
        root = self.values[output]
        self.zero_grad()
        n, r = program.n_rows, self.row
        carried: Dict[int, float] = {}
        if r > 0:
            batch = program.forward()
            seed = np.where(np.arange(n) < r, 1.0 / n, 0.0)
            _, shared = program.backward(batch, seed if program.slot[output][0] else float(r) / n)
            for node in program.order:
                row, slot = program.slot[node]
                value = self.values.get(node)
                # Shared leaves only: a shared op passes its grad down in this pass, and
                # what it passed down for earlier rows is already in its operands.
                if not row and value is not None and not value._prev:
                    value.grad = float(shared[slot])
                    carried[id(value)] = value.grad
        self.has_grads = True
        self.output = output
        part = self.step_part(together)
        if not program.slot[output][0]:
            return Stepper(root, name=self._name, part=part)
        name = self._name(root)
        why = (f"row {r} of {n}: the total is the mean of the {n} rows' {name}, "
               f"so d total/d {name} = 1/{n}")
        before = "row 0" if r == 1 else f"rows 0 to {r - 1}"
        return Stepper(root, name=self._name, seed=1.0 / n, seed_why=why, carried=carried,
                       carried_from=before if r > 0 else "", part=part)

    def _name(self, value) -> str:
        return value.label or self.id_of(value)

