"""The Data panel's binding row: which input node reads which column, or is the target."""

from typing import List, Optional, Tuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QPushButton, QWidget

NO_INPUTS = "The graph has no input nodes to bind: add one from the palette."


class BindingRow(QWidget):
    """Pick an input node and a column: Bind (as an input, or as the target) or Unbind."""

    bind_requested = Signal(str, str, bool)  # node id, column, as the target
    unbind_requested = Signal(str)  # node id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("dataBinding")
        self._bound = None
        self.node = QComboBox(objectName="dataBindNode")
        self.node.setMinimumContentsLength(8)
        self.node.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.node.setToolTip("An input node of the graph (selecting one on the canvas picks it)")
        self.column = QComboBox(objectName="dataBindColumn")
        self.column.setMinimumContentsLength(6)
        self.column.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.column.setToolTip("The column of the data set the node reads, one row at a time")
        self.target = QCheckBox("as the target", objectName="dataBindTarget")
        self.target.setToolTip("The node holds the row's target (the label or value to learn)")
        self.bind_button = QPushButton("Bind", objectName="dataBind")
        self.unbind_button = QPushButton("Unbind", objectName="dataUnbind")
        self.state = QLabel(objectName="dataBindState")
        self.state.setWordWrap(True)
        self.node.currentIndexChanged.connect(self._node_picked)
        self.bind_button.clicked.connect(self._bind)
        self.unbind_button.clicked.connect(self._unbind)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Bind node"), 0, 0)
        grid.addWidget(self.node, 0, 1)
        grid.addWidget(QLabel("to column"), 0, 2)
        grid.addWidget(self.column, 0, 3)
        grid.addWidget(self.target, 1, 1)
        grid.addWidget(self.bind_button, 1, 2)
        grid.addWidget(self.unbind_button, 1, 3)
        grid.addWidget(self.state, 2, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    # ----- what it shows -----------------------------------------------------
    def show_choices(self, bound, inputs: List[Tuple[str, str]]) -> None:
        """Offer ``inputs`` (id, label) and the columns of ``bound`` (None: no data set)."""
        self._bound = bound
        keep = self.node.currentData()
        self.node.blockSignals(True)
        self.node.clear()
        for node_id, label in inputs:
            self.node.addItem(label if label == node_id else f"{label} ({node_id})", node_id)
        at = self.node.findData(keep) if keep is not None else -1
        self.node.setCurrentIndex(max(at, 0) if inputs else -1)
        self.node.blockSignals(False)
        column = self.column.currentText()
        self.column.clear()
        if bound is not None:
            self.column.addItems(bound.dataset.names)
            if column:
                self.column.setCurrentText(column)
        usable = bound is not None and bool(inputs)
        for widget in (self.node, self.column, self.target, self.bind_button):
            widget.setEnabled(usable)
        self._node_picked()
        if bound is not None and not inputs:
            self.state.setText(NO_INPUTS)

    def pick(self, node_id: Optional[str]) -> None:
        """Pick ``node_id`` if it is one of the input nodes offered (a node selected on the canvas)."""
        at = self.node.findData(node_id) if node_id is not None else -1
        if at >= 0:
            self.node.setCurrentIndex(at)

    def _node_picked(self, *_args) -> None:
        node_id, bound = self.node.currentData(), self._bound
        column, as_target = None, False
        if bound is not None and node_id is not None:
            if node_id == bound.target_node:
                column, as_target = bound.target_column, True
            else:
                column = bound.inputs.get(node_id)
        if column is not None:
            self.column.setCurrentText(column)
        self.target.setChecked(as_target)
        self.unbind_button.setEnabled(column is not None)
        if node_id is None:
            self.state.setText("")
        elif column is None:
            self.state.setText(f"{self.node.currentText()} reads no column: it keeps its own value.")
        else:
            role = "the target, from column" if as_target else "column"
            self.state.setText(f"{self.node.currentText()} reads {role} {column}.")

    # ----- what it asks for --------------------------------------------------
    def _bind(self) -> None:
        node_id, column = self.node.currentData(), self.column.currentText()
        if node_id is not None and column:
            self.bind_requested.emit(node_id, column, self.target.isChecked())

    def _unbind(self) -> None:
        node_id = self.node.currentData()
        if node_id is not None:
            self.unbind_requested.emit(node_id)
