"""Training settings and the optional ``graph.training`` field that saves them.

    "training": {"lr": 1.0, "schedule": "decay", "l2": 0.0001, "batch": null,
                 "seed": 0, "steps": 100}

``schedule`` is ``constant`` or ``decay`` (micrograd demo's
``lr * (1.0 - 0.9*k/steps)`` at step k, counted from 0); ``batch`` is null
for the full batch or a number of rows drawn afresh at each step; ``l2`` is
the alpha of ``alpha * sum(w*w)``. Every key is optional; fields it does
not know are kept.
"""

import math
from dataclasses import asdict, dataclass
from typing import Optional

from .commands import Command
from .errors import DatasetError

FIELD = "training"
SCHEDULES = ("constant", "decay")
"""Learning-rate schedules by name."""


@dataclass(frozen=True)
class TrainingSettings:
    """How to train: learning rate and schedule, L2 alpha, batch size, seed and steps."""

    lr: float = 0.1
    schedule: str = "constant"
    l2: float = 0.0
    batch: Optional[int] = None
    seed: int = 0
    steps: int = 100

    def __post_init__(self):
        check_settings(asdict(self))

    def rate(self, k: int) -> float:
        """The learning rate of step ``k`` (from 0)."""
        if self.schedule == "decay":
            return self.lr * (1.0 - 0.9 * k / self.steps)
        return self.lr

    def to_field(self) -> dict:
        """The settings as a ``graph.training`` field."""
        return asdict(self)


def check_settings(field) -> dict:
    """The known keys of a ``graph.training`` field, checked; one-line DatasetError if bad."""
    if type(field) is not dict:
        raise DatasetError(f"'graph.{FIELD}' must be an object")
    known = {}
    for key, test, what in (
            ("lr", _positive, "a finite number above 0"),
            ("l2", _non_negative, "a finite number of at least 0"),
            ("schedule", lambda v: v in SCHEDULES, f"one of {', '.join(SCHEDULES)}"),
            ("batch", lambda v: v is None or _whole(v, 1), "null (full batch) or a whole number of at least 1"),
            ("seed", lambda v: _whole(v, 0), "a whole number of at least 0"),
            ("steps", lambda v: _whole(v, 1), "a whole number of at least 1")):
        if key in field:
            value = field[key]
            if not test(value):
                raise DatasetError(f"'graph.{FIELD}.{key}' must be {what}, not {_short(value)}")
            known[key] = float(value) if key in ("lr", "l2") else value
    return known


def _number(v) -> bool:
    return type(v) in (int, float) and math.isfinite(v)


def _positive(v) -> bool:
    return _number(v) and v > 0


def _non_negative(v) -> bool:
    return _number(v) and v >= 0


def _whole(v, low: int) -> bool:
    return type(v) is int and v >= low


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def has_dataset(doc) -> bool:
    """True when the document carries a data set (its field is checked when it is read)."""
    return "dataset" in doc.graph.graph


def _l2_of(field) -> Optional[float]:
    """The L2 term ``field`` holds (the default without one), None if it is not readable."""
    try:
        return TrainingSettings().l2 if field is None else TrainingSettings(**check_settings(field)).l2
    except DatasetError:
        return None


def training_settings(doc) -> TrainingSettings:
    """The document's saved settings (defaults where it has none); DatasetError if bad."""
    field = doc.graph.graph.get(FIELD)
    return TrainingSettings() if field is None else TrainingSettings(**check_settings(field))


def set_training(doc, settings: TrainingSettings) -> None:
    """Save ``settings`` in a document that is still being built (not an undoable edit)."""
    doc.graph.graph[FIELD] = settings.to_field()


class SetTraining(Command):
    """Save new training settings in ``graph.training`` (one undo step).

    Keys of the field that the settings do not know are kept. Only a new L2 term
    changes a number: a data set's Backward adds ``l2 * sum(w*w)`` to its loss.
    """

    changes_order = False

    def __init__(self, settings: TrainingSettings):
        self.settings = settings
        self.text = "Set training settings"
        self._old = None
        self._had = False
        self._l2_changed = False

    @property
    def changes_numbers(self) -> bool:
        """True when the L2 term changed: the grads of a pass over the data change too."""
        return self._l2_changed

    def do(self, doc):
        graph = doc.graph.graph
        self._had = FIELD in graph
        self._old = graph.get(FIELD)
        field = dict(self._old) if type(self._old) is dict else {}
        field.update(self.settings.to_field())
        self._l2_changed = _l2_of(self._old) != self.settings.l2
        graph[FIELD] = field

    def undo(self, doc):
        if self._had:
            doc.graph.graph[FIELD] = self._old
        else:
            doc.graph.graph.pop(FIELD, None)
