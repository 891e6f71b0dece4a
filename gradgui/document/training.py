"""Headless training: forward, backward and a descent step over the data set, repeated.

Each step is micrograd's demo loop: the batch loss (mean row loss plus the
L2 term) and the accuracy are measured on the step's batch, then every
weight moves by ``-rate * grad``. A mini-batch is a fresh random choice of
rows at each step, from ``numpy.random.default_rng(seed)``. The document is
not touched while training; ``apply_weights`` makes the result one undo step.
"""

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import numpy as np

from .batched import Batch, BatchProgram
from .commands import Macro, SetField
from .dataset import DatasetError
from .dataset_field import bound_dataset
from .training_settings import TrainingSettings, training_settings


@dataclass(frozen=True)
class StepResult:
    """What one step measured: its number (from 0), learning rate, loss and accuracy."""

    step: int
    rate: float
    loss: float
    accuracy: Optional[float]


def prediction_node(doc, program: BatchProgram, target: Optional[str]) -> Optional[str]:
    """The network's prediction: ``graph.dataset.prediction``, else the one node feeding the loss.

    Without that field it is the row node that does not depend on the target
    but feeds a node that does, when there is exactly one.
    """
    named = doc.graph.graph.get("dataset", {}).get("prediction")
    if isinstance(named, str) and named in program.index:
        return named
    if target is None or target not in program.index:
        return None
    on_target = doc.downstream(target) | {target}
    found = [n for n in program.order if program.slot[n][0] and n not in on_target
             and n not in program.columns
             and any(user in on_target for user in doc.graph._succ[n])]
    return found[0] if len(found) == 1 else None


class Trainer:
    """Trains a document's weights on its data set, step by step, without changing it."""

    def __init__(self, doc, settings: Optional[TrainingSettings] = None):
        self.settings = settings if settings is not None else training_settings(doc)
        bound = bound_dataset(doc)
        if bound is None:
            raise DatasetError("the graph has no data set to train on")
        if self.settings.batch is not None and self.settings.batch > bound.n_rows:
            raise DatasetError(f"a batch of {self.settings.batch} rows is more than the data set "
                               f"has ({bound.n_rows})")
        self.program = BatchProgram(doc, bound.node_columns())
        if not self.program.weights:
            raise DatasetError("the graph has no weights to train")
        self.labels = bound.labels()
        self.target = bound.target_node
        self.prediction = prediction_node(doc, self.program, bound.target_node)
        self.start = self.program.weight_values()
        self.history: List[StepResult] = []
        self.last_batch: Optional[Batch] = None  # the latest step's pass, before its update
        self.last_rows: Optional[np.ndarray] = None  # its rows (None: every row)
        self._rng = np.random.default_rng(self.settings.seed)

    @property
    def steps_done(self) -> int:
        """How many steps have been taken."""
        return len(self.history)

    def step(self) -> StepResult:
        """One step: measure loss and accuracy on a batch, then move every weight."""
        k = self.steps_done
        rows = None
        if self.settings.batch is not None:
            rows = self._rng.permutation(self.program.n_rows)[:self.settings.batch]
        batch = self.program.run(rows, alpha=self.settings.l2)
        accuracy = None
        if self.labels is not None and self.prediction is not None:
            y = self.labels if rows is None else self.labels[rows]
            score = np.broadcast_to(batch.data(self.prediction), y.shape)
            accuracy = float(np.mean((y > 0.0) == (score > 0.0)))
        rate = self.settings.rate(k)
        weights = self.program.weight_values()
        self.program.set_weight_values(weights - rate * batch.weight_grads())
        self.last_batch, self.last_rows = batch, rows
        result = StepResult(k, rate, batch.loss, accuracy)
        self.history.append(result)
        return result

    def run(self, steps: int, report: Optional[Callable[[StepResult], None]] = None) -> List[StepResult]:
        """Take ``steps`` steps, telling ``report`` after each."""
        results = []
        for _ in range(steps):
            result = self.step()
            results.append(result)
            if report is not None:
                report(result)
        return results

    def weights(self) -> Dict[str, float]:
        """Every weight's current value by node id."""
        return dict(zip(self.program.weights, self.program.weight_values().tolist()))

    def reset(self) -> None:
        """Back to the weights training started from, with no steps taken."""
        self.program.set_weight_values(self.start)
        self.history.clear()
        self.last_batch = self.last_rows = None
        self._rng = np.random.default_rng(self.settings.seed)


def weights_command(doc, weights: Dict[str, float], text: str) -> Macro:
    """One undo step named ``text`` that sets each weight still in ``doc`` to its new value."""
    changes = [SetField(node, "value", value) for node, value in weights.items()
               if node in doc and doc.node(node)["value"] != value]
    return Macro(text, changes)


def steps_text(steps: int) -> str:
    """What a run of ``steps`` steps is called on the undo stack: "Train 240 steps"."""
    return f"Train {steps} step{'s' if steps != 1 else ''}"


def apply_weights(doc, weights: Dict[str, float], steps: int) -> Macro:
    """One undo step, "Train N steps", setting each weight's value; done on ``doc``."""
    command = weights_command(doc, weights, steps_text(steps))
    command.do(doc)
    return command


def decision_grid(program: BatchProgram, node: str, inputs, x_range, y_range,
                  steps: int = 100) -> np.ndarray:
    """``node``'s data over a ``steps`` x ``steps`` grid of two inputs (rows follow y).

    ``inputs`` names the two input nodes; other bound nodes (the target) read 0.
    """
    xs = np.linspace(x_range[0], x_range[1], steps)
    ys = np.linspace(y_range[0], y_range[1], steps)
    gx, gy = np.meshgrid(xs, ys)
    return _data_over(program, node, {inputs[0]: gx.ravel(), inputs[1]: gy.ravel()}).reshape(
        steps, steps)


def prediction_curve(program: BatchProgram, node: str, input_node: str, x_range,
                     steps: int = 100) -> np.ndarray:
    """``node``'s data at ``steps`` evenly spaced values of one input across ``x_range``;
    other bound nodes (the target) read 0."""
    return _data_over(program, node, {input_node: np.linspace(x_range[0], x_range[1], steps)})


def _data_over(program: BatchProgram, node: str, inputs: Dict[str, np.ndarray]) -> np.ndarray:
    """``node``'s data in a pass where each of ``inputs`` reads its array, the other
    bound nodes 0."""
    count = len(next(iter(inputs.values())))
    columns = {name: np.zeros(count) for name in program.columns}
    columns.update(inputs)
    batch = program.forward(columns=columns)
    # A copy, so the pass's arrays can serve the next grid.
    return np.broadcast_to(batch.data(node), (count,)).copy()
