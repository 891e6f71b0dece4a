"""Generate MLP: the whole scalar graph of a small network and its loss, from a few numbers."""

from typing import Optional

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox)

from ...document.generate import ACTIVATIONS, mlp_document, mlp_size


MAX_NODES = 200_000  # beyond this a scalar graph is too big to be useful on a canvas
MAX_LAYER = 256
HIDDEN_FORMAT = ("Neurons in each hidden layer, separated by spaces or commas: "
                 "4 4 is two layers of four.")


def _sizes(text: str) -> tuple:
    return tuple(int(part) for part in text.replace(",", " ").split())


def hidden_problem(text: str) -> str:
    """Why ``text`` is not a list of hidden layer sizes ("" when it is one)."""
    for part in text.replace(",", " ").split():
        if not part.isdigit():
            return f"'{part}' is not a whole number: type whole numbers such as 4 4."
        if not 0 < int(part) <= MAX_LAYER:
            return f"a layer has 1 to {MAX_LAYER} neurons, not {int(part)}."
    return ""


class GenerateMlpDialog(QDialog):
    """Inputs, hidden layer sizes, activation, samples, seed; shows how many nodes that makes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("generateMlpDialog")
        self.setWindowTitle("Generate MLP")
        self.inputs = QSpinBox(objectName="mlpInputs", minimum=1, maximum=64, value=2)
        self.hidden = QLineEdit("3", objectName="mlpHidden")
        self.hidden.setPlaceholderText("e.g. 4 4 (empty: no hidden layer)")
        self.hidden.setToolTip(HIDDEN_FORMAT)
        self.hidden_format = QLabel(HIDDEN_FORMAT, objectName="mlpHiddenFormat")
        self.hidden_format.setWordWrap(True)
        self.hidden_format.setEnabled(False)  # drawn as a muted hint
        self.activation = QComboBox(objectName="mlpActivation")
        self.activation.addItems(ACTIVATIONS)
        self.samples = QSpinBox(objectName="mlpSamples", minimum=1, maximum=100_000, value=1)
        self.seed = QSpinBox(objectName="mlpSeed", minimum=0, maximum=2 ** 31 - 1, value=0)
        self.loss = QLabel("squared error, summed over the samples")
        self.summary = QLabel(objectName="mlpSummary")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        for text, widget in (("Inputs", self.inputs), ("Hidden layers", self.hidden),
                             ("", self.hidden_format), ("Activation", self.activation), ("Samples", self.samples),
                             ("Loss", self.loss), ("Seed", self.seed), ("", self.summary)):
            form.addRow(text, widget)
        form.addRow(self.buttons)
        for widget in (self.inputs, self.samples):
            widget.valueChanged.connect(self._update)
        self.hidden.textChanged.connect(self._update)
        self.activation.currentTextChanged.connect(self._update)
        self._update()

    def hidden_sizes(self) -> Optional[tuple]:
        """The hidden layer sizes typed, or None if they are not whole numbers from 1 to 256."""
        return None if hidden_problem(self.hidden.text()) else _sizes(self.hidden.text())

    def _update(self, *_args) -> None:
        problem = hidden_problem(self.hidden.text())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if problem:
            self._say(f"Hidden layers: {problem}", error=True)
            ok.setEnabled(False)
            return
        count = mlp_size(self.inputs.value(), self.hidden_sizes(), self.activation.currentText(),
                         samples=self.samples.value())
        if count > MAX_NODES:
            self._say(f"Makes {count:,} nodes: more than the {MAX_NODES:,} the editor takes.",
                      error=True)
            ok.setEnabled(False)
            return
        self._say(f"Makes {count:,} nodes.")
        ok.setEnabled(True)

    def _say(self, text: str, error: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b2182b;" if error else "")

    def accept(self) -> None:
        """Close with the settings, unless what is typed is refused (Enter in the field)."""
        self._update()
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()

    def settings(self) -> dict:
        """What to generate, as keyword arguments of ``mlp_document``."""
        return dict(n_inputs=self.inputs.value(), hidden=self.hidden_sizes(),
                    activation=self.activation.currentText(), samples=self.samples.value(),
                    seed=self.seed.value())


def generate(settings: dict):
    """The MLP document for ``settings`` (plain data: fine on a worker thread)."""
    return mlp_document(**settings)
