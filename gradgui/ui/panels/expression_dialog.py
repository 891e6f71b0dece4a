"""Insert Expression: type tanh(x1*w1 + b), set each variable's kind and value, add it all."""

from typing import Dict, Iterable, Optional, Tuple

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QLabel, QLineEdit, QTableWidget, QVBoxLayout)

from ...document.expression import ExpressionError, ParsedExpression, guess_kind, parse_expression

_KINDS = ("input", "weight", "const")


class ExpressionDialog(QDialog):
    """Parses as you type; shows the variables to set and how many nodes will be added."""

    def __init__(self, parent=None, existing: Iterable[str] = ()):
        super().__init__(parent)
        self.setObjectName("expressionDialog")
        self.existing = set(existing)  # labels of the graph's nodes: such names wire to them
        self.setWindowTitle("Insert expression")
        self.parsed: Optional[ParsedExpression] = None
        self._remembered: Dict[str, Tuple[str, float]] = {}
        self.expression = QLineEdit(objectName="expressionText")
        self.expression.setPlaceholderText("tanh(x1*w1 + x2*w2 + b)")
        self.root_label = QLineEdit(objectName="expressionLabel")
        self.root_label.setPlaceholderText("label of the result, e.g. o")
        self.status = QLabel(objectName="expressionStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 3, objectName="expressionVariables")
        self.table.setHorizontalHeaderLabels(("variable", "kind", "value"))
        self.table.verticalHeader().hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Expression", self.expression)
        form.addRow("Result label", self.root_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.expression.textChanged.connect(self._reparse)
        self.resize(460, 380)
        self._reparse("")

    def _reparse(self, text: str) -> None:
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.parsed = None
        if not text.strip():
            self.status.setText("Operators + - * / **, and tanh, exp, log, relu, sigmoid.")
            ok_button.setEnabled(False)
            self._remembered.update(self.variables())  # kept for when the text is fixed
            self.table.setRowCount(0)
            return
        try:
            parsed = parse_expression(text)
        except ExpressionError as error:
            self.status.setText(f"Not accepted: {error}")
            ok_button.setEnabled(False)
            self._remembered.update(self.variables())  # kept for when the text is fixed
            self.table.setRowCount(0)
            return
        self.parsed = parsed
        reused = [name for name in parsed.variables if name in self.existing]
        count = parsed.node_count - len(reused)
        text = f"Adds {count} node{'s' if count != 1 else ''}"
        if reused:
            text += "; wires from the existing " + ", ".join(reused)
        self.status.setText(text + ".")
        ok_button.setEnabled(True)
        self._fill_variables(parsed)

    def _fill_variables(self, parsed: ParsedExpression) -> None:
        old = {**self._remembered, **self.variables()}
        self.table.setRowCount(len(parsed.variables))
        for row, name in enumerate(parsed.variables):
            kind, value = old.get(name, (guess_kind(name), 1.0))
            self.table.setCellWidget(row, 0, QLabel(name))
            if name in self.existing:
                self.table.setCellWidget(row, 1, QLabel("existing node"))
                self.table.setCellWidget(row, 2, QLabel("—"))
                continue
            combo = QComboBox()
            combo.addItems(_KINDS)
            combo.setCurrentText(kind)
            self.table.setCellWidget(row, 1, combo)
            spin = QDoubleSpinBox()
            spin.setDecimals(6)
            spin.setRange(-1e9, 1e9)
            spin.setValue(value)
            self.table.setCellWidget(row, 2, spin)

    def variables(self) -> Dict[str, Tuple[str, float]]:
        """Each variable's chosen (kind, value)."""
        chosen = {}
        for row in range(self.table.rowCount()):
            name_label, combo, spin = (self.table.cellWidget(row, c) for c in range(3))
            if name_label is not None and isinstance(combo, QComboBox):
                chosen[name_label.text()] = (combo.currentText(), spin.value())
        return chosen
