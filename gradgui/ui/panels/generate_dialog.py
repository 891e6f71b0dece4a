"""Generate MLP: the whole scalar graph of a small network and its loss, from a few numbers."""

from typing import Optional

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox

from ...document.generate import ACTIVATIONS, mlp_document, mlp_size
from .network_form import HIDDEN_FORMAT, NetworkFormDialog, hidden_problem, hidden_sizes


class GenerateMlpDialog(NetworkFormDialog):
    """Inputs, hidden layer sizes, activation, samples, seed; shows how many nodes that makes."""

    def __init__(self, parent=None):
        super().__init__(parent, "generateMlpDialog", "Generate MLP", "mlpSummary")
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
        form = QFormLayout(self)
        for text, widget in (("Inputs", self.inputs), ("Hidden layers", self.hidden),
                             ("", self.hidden_format), ("Activation", self.activation), ("Samples", self.samples),
                             ("Loss", self.loss), ("Seed", self.seed)):
            form.addRow(text, widget)
        self.finish_form(form)
        for widget in (self.inputs, self.samples):
            widget.valueChanged.connect(self.check)
        self.hidden.textChanged.connect(self.check)
        self.activation.currentTextChanged.connect(self.check)
        self.check()

    def hidden_sizes(self) -> Optional[tuple]:
        """The hidden layer sizes typed, or None if they are not whole numbers from 1 to 256."""
        return None if hidden_problem(self.hidden.text()) else hidden_sizes(self.hidden.text())

    def check(self, *_args) -> None:
        """Say how many nodes the settings make, or what is wrong; Ok only if they can be made."""
        problem = hidden_problem(self.hidden.text())
        if problem:
            self.say(f"Hidden layers: {problem}", error=True)
            self.allow(False)
            return
        count = mlp_size(self.inputs.value(), self.hidden_sizes(), self.activation.currentText(),
                         samples=self.samples.value())
        if self.too_many_nodes(count):
            return
        self.say(f"Makes {count:,} nodes.")
        self.allow(True)

    def settings(self) -> dict:
        """What to generate, as keyword arguments of ``mlp_document``."""
        return dict(n_inputs=self.inputs.value(), hidden=self.hidden_sizes(),
                    activation=self.activation.currentText(), samples=self.samples.value(),
                    seed=self.seed.value())


def generate(settings: dict):
    """The MLP document for ``settings`` (plain data: fine on a worker thread)."""
    return mlp_document(**settings)
