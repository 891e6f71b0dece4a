"""What the dialogs that build a network share: the hidden layer sizes typed as text and
their check, the most nodes the editor takes, and a summary line under the form that says
how many nodes the choice makes, or what is wrong, with Ok enabled only when it can be built."""

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from ..colors import tint

MAX_NODES = 200_000  # beyond this a scalar graph is too big to be useful on a canvas
MAX_LAYER = 256
HIDDEN_FORMAT = ("Neurons in each hidden layer, separated by spaces or commas: "
                 "4 4 is two layers of four.")
ERROR_COLOUR = QColor("#b2182b")


def hidden_problem(text: str) -> str:
    """Why ``text`` is not a list of hidden layer sizes ("" when it is one)."""
    for part in text.replace(",", " ").split():
        if not part.isdigit():
            return f"'{part}' is not a whole number: type whole numbers such as 4 4."
        if not 0 < int(part) <= MAX_LAYER:
            return f"a layer has 1 to {MAX_LAYER} neurons, not {int(part)}."
    return ""


def hidden_sizes(text: str) -> tuple:
    """The hidden layer sizes in ``text`` (check it with ``hidden_problem`` first)."""
    return tuple(int(part) for part in text.replace(",", " ").split())


class NetworkFormDialog(QDialog):
    """A dialog that builds a network: subclasses lay out their fields, then call
    ``finish_form`` and say in ``check()`` whether the choice can be built."""

    def __init__(self, parent, name: str, title: str, summary_name: str):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.summary = QLabel(objectName=summary_name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_form(self, form) -> None:
        """Put the summary line and the buttons last in ``form`` (a QFormLayout)."""
        form.addRow("", self.summary)
        form.addRow(self.buttons)

    def check(self, *_args) -> None:
        """Say what the choice makes or what is wrong, and enable Ok only if it can be built."""
        raise NotImplementedError

    def allow(self, ok: bool) -> None:
        """Enable or disable Ok."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def say(self, text: str, error: bool = False) -> None:
        """Show ``text`` as the summary line, in red for an ``error``."""
        self.summary.setText(text)
        tint(self.summary, ERROR_COLOUR if error else None)

    def too_many_nodes(self, count: int) -> bool:
        """True (and said, Ok disabled) if ``count`` nodes is more than the editor takes."""
        if count <= MAX_NODES:
            return False
        self.say(f"Makes {count:,} nodes: more than the {MAX_NODES:,} the editor takes.", error=True)
        self.allow(False)
        return True

    def accept(self) -> None:
        """Close with the choice, unless what is typed is refused (Enter in a field)."""
        self.check()
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()
