"""New Network from Data: a network's shape, activation, loss, L2 and seed, on a data set."""

from typing import Optional

import numpy as np
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QSpinBox, QWidget)

from ...document.dataset import MAX_ROWS, DatasetError
from ...document.generators import DEFAULT_NOISE, GENERATORS, generate
from ...document.network import ACTIVATIONS
from .data_panel import GENERATOR_TITLES
from .network_form import NetworkFormDialog, hidden_problem, hidden_sizes

LOSS_TITLES = {"squared": "squared error (score - y)**2",
               "max-margin": "max-margin relu(1 - y*score), for labels ±1"}


def network_size(inputs: int, hidden: tuple, activation: str, loss: str) -> int:
    """How many nodes ``network_document`` makes for this shape, the loss's included."""
    sizes = [inputs, *hidden, 1]
    count = inputs + 1 + (4 if loss == "max-margin" else 2)  # the target is one more input
    for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), 1):
        last = layer == len(sizes) - 1
        per_neuron = 3 * fan_in + 1 + (0 if last or activation == "linear" else 1)
        count += fan_out * per_neuron
    return count


class NewNetworkDialog(NetworkFormDialog):
    """Asks which data, which columns feed it, and the network's shape and loss."""

    def __init__(self, parent=None, dataset=None):
        super().__init__(parent, "newNetworkDialog", "New Network from Data", "networkSummary")
        self.own = dataset  # the open graph's data set, offered first
        self.source = QComboBox(objectName="networkData")
        if dataset is not None:
            self.source.addItem(f"This graph's data ({dataset.n_rows:,} rows)", None)
        for name in GENERATORS:
            self.source.addItem(GENERATOR_TITLES.get(name, name), name)
        self.count = QSpinBox(objectName="networkCount", minimum=2, maximum=MAX_ROWS, value=100)
        self.noise = QDoubleSpinBox(objectName="networkNoise", minimum=0.0, maximum=10.0,
                                    decimals=3, singleStep=0.05)
        self.data_seed = QSpinBox(objectName="networkDataSeed", minimum=0, maximum=2 ** 31 - 1)
        self.recipe = QWidget()
        recipe = QHBoxLayout(self.recipe)
        recipe.setContentsMargins(0, 0, 0, 0)
        for text, widget in (("n", self.count), ("noise", self.noise), ("seed", self.data_seed)):
            recipe.addWidget(QLabel(text))
            recipe.addWidget(widget, 1)
        self.target = QComboBox(objectName="networkTarget")
        self.inputs_label = QLabel(objectName="networkInputs")
        self.hidden = QLineEdit("16, 16", objectName="networkHidden")
        self.hidden.setPlaceholderText("e.g. 16, 16 (empty: no hidden layer)")
        self.activation = QComboBox(objectName="networkActivation")
        self.activation.addItems(ACTIVATIONS)
        self.loss = QComboBox(objectName="networkLoss")
        for name, title in LOSS_TITLES.items():
            self.loss.addItem(title, name)
        self.alpha = QDoubleSpinBox(objectName="networkAlpha", minimum=0.0, maximum=10.0,
                                    decimals=6, singleStep=0.0001, value=0.0001)
        self.seed = QSpinBox(objectName="networkSeed", minimum=0, maximum=2 ** 31 - 1, value=0)
        self.summary.setWordWrap(True)
        form = QFormLayout(self)
        for text, widget in (("Data", self.source), ("", self.recipe), ("Target column", self.target),
                             ("Inputs", self.inputs_label), ("Hidden layers", self.hidden),
                             ("Activation", self.activation), ("Loss", self.loss),
                             ("L2 alpha", self.alpha), ("Weight seed", self.seed)):
            form.addRow(text, widget)
        self.finish_form(form)
        self.source.currentIndexChanged.connect(self._source_changed)
        for spin in (self.count, self.noise, self.data_seed):
            spin.valueChanged.connect(self._data_changed)
        self.target.currentIndexChanged.connect(self._target_changed)
        for signal in (self.hidden.textChanged, self.activation.currentIndexChanged,
                       self.loss.currentIndexChanged):
            signal.connect(self.check)
        self._dataset = None
        self._source_changed()

    # ----- the data -------------------------------------------------------
    def _source_changed(self, *_args) -> None:
        name = self.source.currentData()
        self.recipe.setVisible(name is not None)
        if name is not None:
            for spin in (self.noise,):
                spin.blockSignals(True)
            self.noise.setValue(DEFAULT_NOISE.get(name, 0.1))
            self.noise.blockSignals(False)
        self._data_changed()

    def _data_changed(self, *_args) -> None:
        name = self.source.currentData()
        try:
            self._dataset = (self.own if name is None else
                             generate(name, self.count.value(), self.noise.value(),
                                      self.data_seed.value()))
        except DatasetError as error:
            self._dataset = None
            self.say(str(error), error=True)
            return
        names = self._dataset.names
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItems(names)
        self.target.setCurrentIndex(names.index("y") if "y" in names else len(names) - 1)
        self.target.blockSignals(False)
        self._target_changed()

    def _target_changed(self, *_args) -> None:
        if self._dataset is not None:
            y = self._dataset.column(self.target.currentText())
            labels = bool(np.all((y == 1.0) | (y == -1.0)))
            self.loss.blockSignals(True)
            self.loss.setCurrentIndex(self.loss.findData("max-margin" if labels else "squared"))
            self.loss.blockSignals(False)
        self.check()

    def input_columns(self) -> list:
        """Every column but the target: what the network reads."""
        if self._dataset is None:
            return []
        return [n for n in self._dataset.names if n != self.target.currentText()]

    # ----- checking -------------------------------------------------------
    def check(self, *_args) -> None:
        """Say how many nodes the choice makes, or what is wrong; Ok only if it can be built."""
        self.allow(False)
        if self._dataset is None:
            return
        inputs = self.input_columns()
        self.inputs_label.setText(", ".join(inputs) if inputs else "(none)")
        problem = hidden_problem(self.hidden.text())
        if problem:
            self.say(f"Hidden layers: {problem}", error=True)
            return
        if not inputs:
            self.say("The data needs a column besides the target to feed the network.", error=True)
            return
        if self.loss.currentData() == "max-margin":
            y = self._dataset.column(self.target.currentText())
            if not np.all((y == 1.0) | (y == -1.0)):
                self.say(f"The max-margin loss needs labels of -1 and +1; column "
                          f"'{self.target.currentText()}' holds other numbers.", error=True)
                return
        count = network_size(len(inputs), hidden_sizes(self.hidden.text()),
                             self.activation.currentText(), self.loss.currentData())
        if self.too_many_nodes(count):
            return
        self.say(f"Makes {count:,} nodes, bound to {self._dataset.n_rows:,} rows; "
                 "opens as a new graph.")
        self.allow(True)

    def choice(self) -> Optional[dict]:
        """What to build, as keyword arguments of ``network_document`` (None if refused)."""
        if self._dataset is None or hidden_problem(self.hidden.text()):
            return None
        return dict(dataset=self._dataset, inputs=self.input_columns(),
                    target=self.target.currentText(), hidden=hidden_sizes(self.hidden.text()),
                    activation=self.activation.currentText(), loss=self.loss.currentData(),
                    alpha=self.alpha.value(), seed=self.seed.value())
