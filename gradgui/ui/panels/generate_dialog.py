"""Generate MLP: the whole scalar graph of a small network and its loss, from a few numbers."""

from typing import Optional

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox)

from ...document.generate import ACTIVATIONS, mlp_document, mlp_size


MAX_NODES = 200_000  # beyond this a scalar graph is too big to be useful on a canvas


class GenerateMlpDialog(QDialog):
    """Inputs, hidden layer sizes, activation, samples, seed; shows how many nodes that makes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("generateMlpDialog")
        self.setWindowTitle("Generate MLP")
        self.inputs = QSpinBox(objectName="mlpInputs", minimum=1, maximum=64, value=2)
        self.hidden = QLineEdit("3", objectName="mlpHidden")
        self.hidden.setPlaceholderText("sizes of the hidden layers, e.g. 4 4")
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
                             ("Activation", self.activation), ("Samples", self.samples),
                             ("Loss", self.loss), ("Seed", self.seed), ("", self.summary)):
            form.addRow(text, widget)
        form.addRow(self.buttons)
        for widget in (self.inputs, self.samples):
            widget.valueChanged.connect(self._update)
        self.hidden.textChanged.connect(self._update)
        self.activation.currentTextChanged.connect(self._update)
        self._update()

    def hidden_sizes(self) -> Optional[tuple]:
        """The hidden layer sizes typed, or None if they are not whole numbers above 0."""
        try:
            sizes = tuple(int(part) for part in self.hidden.text().replace(",", " ").split())
        except ValueError:
            return None
        return sizes if all(0 < n <= 256 for n in sizes) else None

    def _update(self, *_args) -> None:
        sizes = self.hidden_sizes()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if sizes is None:
            self.summary.setText("Hidden layers: whole numbers from 1 to 256, e.g. 4 4.")
            ok.setEnabled(False)
            return
        count = mlp_size(self.inputs.value(), sizes, self.activation.currentText(),
                         samples=self.samples.value())
        if count > MAX_NODES:
            self.summary.setText(f"Makes {count:,} nodes: more than the {MAX_NODES:,} the editor takes.")
            ok.setEnabled(False)
            return
        self.summary.setText(f"Makes {count:,} nodes.")
        ok.setEnabled(True)

    def settings(self) -> dict:
        """What to generate, as keyword arguments of ``mlp_document``."""
        return dict(n_inputs=self.inputs.value(), hidden=self.hidden_sizes(),
                    activation=self.activation.currentText(), samples=self.samples.value(),
                    seed=self.seed.value())


def generate(settings: dict):
    """The MLP document for ``settings`` (plain data: fine on a worker thread)."""
    return mlp_document(**settings)
