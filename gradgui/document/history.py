"""The undo history: commands done, the place in them, and which place was saved."""

from typing import List, Optional

from .commands import Command


class History:
    """Commands in the order they were done; those after ``index`` were undone.

    The history only keeps count: it neither does nor undoes a command (the
    session does, then steps the history).
    """

    def __init__(self):
        self.commands: List[Command] = []
        self.index = 0  # how many of ``commands`` are done
        self._clean: Optional[int] = 0  # the index that matches the file; None: none does

    def __len__(self) -> int:
        return len(self.commands)

    def push(self, command: Command) -> None:
        """Record a command just done; what was undone can no longer be redone."""
        if self._clean is not None and self._clean > self.index:
            self._clean = None  # the saved state was among the undone steps: gone for good
        del self.commands[self.index:]
        self.commands.append(command)
        self.index += 1

    @property
    def next_undo(self) -> Optional[Command]:
        """The command an undo would take back, if any."""
        return self.commands[self.index - 1] if self.index > 0 else None

    @property
    def next_redo(self) -> Optional[Command]:
        """The command a redo would do again, if any."""
        return self.commands[self.index] if self.index < len(self.commands) else None

    def undo_text(self) -> str:
        """What an undo would take back ('' if nothing)."""
        command = self.next_undo
        return command.text if command is not None else ""

    def redo_text(self) -> str:
        """What a redo would do again ('' if nothing)."""
        command = self.next_redo
        return command.text if command is not None else ""

    def step_back(self) -> None:
        """The last done command was undone."""
        if self.index == 0:
            raise IndexError("nothing to undo")
        self.index -= 1

    def step_forward(self) -> None:
        """The next undone command was done again."""
        if self.index >= len(self.commands):
            raise IndexError("nothing to redo")
        self.index += 1

    @property
    def is_clean(self) -> bool:
        """True when the document is as it was last saved (or opened)."""
        return self._clean == self.index

    def set_clean(self) -> None:
        """The document as it is now was saved."""
        self._clean = self.index

    def reset_clean(self) -> None:
        """No state in the history matches the file any more (e.g. recovered changes)."""
        self._clean = None

    def clear(self) -> None:
        """Forget every command; the document as it is counts as saved."""
        self.commands = []
        self.index = 0
        self._clean = 0
