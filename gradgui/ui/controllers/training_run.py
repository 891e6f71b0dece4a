"""One stretch of training on a thread beside the window, and what it hands the window.

The worker owns the trainer while it runs: it takes steps until it is told
to stop or has taken the number of steps the settings ask for, and now and
then works out the decision boundary (for one input, the fitted curve). The
window's thread only reads what the worker publishes (the trainer's history,
its latest pass, the latest boundary), each a whole object replaced in one
assignment.
"""

import threading
import time
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np

from ...document.training import Trainer, decision_grid, prediction_curve
from ...engine import GradguiError

GRID_EVERY_S = 0.25  # how often a running worker redraws the boundary
HOLD_MAX_S = 0.25  # the longest a worker waits for the window to draw (in case no one lets it go)
LIVE_GRID = 50  # grid points a side while running (a 50x50 grid costs about as much as 25 steps)
FINAL_GRID = 100  # and once the run stops


@dataclass(frozen=True)
class Boundary:
    """The network's prediction over a grid of its two inputs, or along its one input,
    after ``steps`` steps."""

    values: np.ndarray  # rows follow the second input, columns the first; one row for one input
    x_range: Tuple[float, float]
    y_range: Tuple[float, float]  # the second input's; for one input, the target's
    steps: int
    line: Tuple[np.ndarray, np.ndarray]  # x and y of the zero line (NaN between its pieces),
    # or for one input the prediction's curve


def zero_line(values: np.ndarray, x_range, y_range) -> Tuple[np.ndarray, np.ndarray]:
    """Where the prediction crosses 0, as points in the inputs' coordinates.

    Worked out beside the window: tracing it is pure Python and takes a while.
    """
    from pyqtgraph.functions import isocurve  # only once a graph trains (see TrainPanel)

    rows, columns = values.shape
    xs, ys = [], []
    for piece in isocurve(values, 0.0, connected=True, extendToEdge=True):
        # Each point is (row, column) in picture cells: cell k spans [k, k+1] of n.
        points = np.asarray(piece, dtype=float)
        xs += [x_range[0] + points[:, 1] / columns * (x_range[1] - x_range[0]), [np.nan]]
        ys += [y_range[0] + points[:, 0] / rows * (y_range[1] - y_range[0]), [np.nan]]
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)


def boundary_inputs(trainer: Trainer) -> Optional[List[str]]:
    """The one or two input nodes the prediction is drawn over, or None (more, or no prediction)."""
    if trainer.prediction is None:
        return None
    target = trainer.target
    inputs = [n for n in trainer.program.columns if n != target]
    return inputs if len(inputs) in (1, 2) else None


def grid_ranges(trainer: Trainer, inputs: List[str]) -> Tuple[Tuple[float, float], ...]:
    """The grid's extent: each input's data range and a margin of a tenth on each side."""
    return tuple(_framed(trainer.program.columns[node]) for node in inputs)


def _framed(values: np.ndarray) -> Tuple[float, float]:
    """The range of the finite ``values`` with a margin of a tenth on each side."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    margin = max(high - low, 1e-9) * 0.1
    return low - margin, high + margin


def make_boundary(trainer: Trainer, inputs: List[str], size: int) -> Boundary:
    """The boundary for the trainer's current weights (call on the thread that owns it)."""
    if len(inputs) == 1:
        return _make_curve(trainer, inputs[0], size)
    x_range, y_range = grid_ranges(trainer, inputs)
    values = np.array(decision_grid(trainer.program, trainer.prediction, inputs, x_range, y_range,
                                    size))
    return Boundary(values, x_range, y_range, trainer.steps_done,
                    zero_line(values, x_range, y_range))


def _make_curve(trainer: Trainer, input_node: str, size: int) -> Boundary:
    """The prediction along the one input, framed by the target's range (or the curve's
    own, with no target)."""
    columns = trainer.program.columns
    x_range = _framed(columns[input_node])
    values = prediction_curve(trainer.program, trainer.prediction, input_node, x_range, size)
    y_range = _framed(columns[trainer.target] if trainer.target is not None else values)
    xs = np.linspace(x_range[0], x_range[1], size)
    return Boundary(values, x_range, y_range, trainer.steps_done, (xs, values))


class TrainingRun:
    """Steps a trainer until told to stop or done, publishing a boundary now and then."""

    def __init__(self, trainer: Trainer, limit: Optional[int] = None, final_grid: int = FINAL_GRID):
        self.trainer = trainer
        self.limit = limit  # stop after this many steps in all (None: the settings' steps)
        self.final_grid = final_grid  # grid points a side of the boundary drawn at the end
        self.stop = threading.Event()
        # Cleared while the window draws the run: the worker waits between steps, so the
        # window's Python runs alone instead of taking turns at the interpreter with it.
        self.go = threading.Event()
        self.go.set()
        self.inputs = boundary_inputs(trainer)
        self.boundary: Optional[Boundary] = None
        self.error: Optional[GradguiError] = None

    def halt(self) -> None:
        """Ask the worker to stop after its current step (also if it waits for the window)."""
        self.stop.set()
        self.go.set()

    def goal(self) -> int:
        """The number of steps in all at which the run ends by itself."""
        steps = self.trainer.settings.steps
        return steps if self.limit is None else min(steps, self.limit)

    def work(self) -> int:
        """Take steps until stopped or done; returns how many this stretch took."""
        trainer = self.trainer
        first = trainer.steps_done
        last_grid = time.monotonic()
        try:
            while not self.stop.is_set() and trainer.steps_done < self.goal():
                self.go.wait(HOLD_MAX_S)
                trainer.step()
                if self.inputs is not None and time.monotonic() - last_grid >= GRID_EVERY_S:
                    self.go.wait(HOLD_MAX_S)
                    self.draw(LIVE_GRID)
                    last_grid = time.monotonic()
        except GradguiError as error:  # a maths error in some row: the steps before it stand
            self.error = error
        self.draw(self.final_grid)
        return trainer.steps_done - first

    def draw(self, size: int = FINAL_GRID) -> None:
        """Work out the boundary for where the run stands now (on the thread that owns it)."""
        if self.inputs is None:
            return
        try:
            self.boundary = make_boundary(self.trainer, self.inputs, size)
        except GradguiError:
            # The network has no number somewhere off the data (a log of a negative):
            # there is no boundary to draw, and training goes on without one.
            self.inputs = None
