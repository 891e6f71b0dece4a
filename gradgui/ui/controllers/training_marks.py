"""Where the trainer stood at each point of the undo history that training passed.

Undo of "Train 240 steps" puts the weights back; with them, the trainer goes
back to the step it was at (its curves, the next step's learning rate and
mini-batch draw), so Play goes on from there as if the undone steps had never
been taken. A mark is used only while the document's weights are exactly the
ones it was made with, under the same settings: any other edit in between
makes a fresh start, as before.
"""

from typing import Dict, NamedTuple, Optional


class Mark(NamedTuple):
    """A trainer's state: its steps so far, its random draws, its weights and settings, and
    the undo step the document had last taken then."""

    command: object
    trainer: object
    history: tuple
    rng_state: dict
    weights: bytes
    settings: object


class TrainingMarks:
    """The trainer's state at undo-stack indexes where a run began or landed."""

    def __init__(self):
        self._marks: Dict[int, Mark] = {}

    def note(self, stack, trainer) -> None:
        """The trainer stands as it is now where ``stack`` (the undo stack) stands."""
        index = stack.index()
        self._marks[index] = Mark(_last_command(stack, index), trainer, tuple(trainer.history),
                                  trainer._rng.bit_generator.state,  # noqa: SLF001
                                  trainer.program.weight_values().tobytes(), trainer.settings)

    def forget(self) -> None:
        """No marks (a new trainer or another document)."""
        self._marks.clear()

    def restore(self, stack, index: int, trainer, weights) -> bool:
        """Put ``trainer`` back where it stood when ``stack`` last stood at ``index``, if the
        document's ``weights`` (an array in the trainer's order) are exactly those of then;
        False (nothing changed) if there is no such mark."""
        mark: Optional[Mark] = self._marks.get(index)
        # The same last undo step: a branch of edits made after an Undo has others.
        if (mark is None or mark.command is not _last_command(stack, index)
                or mark.trainer is not trainer or mark.settings != trainer.settings
                or weights.tobytes() != mark.weights):
            return False
        trainer.history = list(mark.history)
        trainer._rng.bit_generator.state = mark.rng_state  # noqa: SLF001
        trainer.program.set_weight_values(weights)
        trainer.last_batch = trainer.last_rows = None
        return True


def _last_command(stack, index: int):
    """The undo step that leads to ``index`` on ``stack`` (None at its start)."""
    return stack.command(index - 1) if index > 0 else None
