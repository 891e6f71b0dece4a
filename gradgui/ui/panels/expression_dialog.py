"""Insert Expression: type tanh(x1*w1 + b), set each variable's kind and value, add it all."""

import math
from typing import Dict, Iterable, Optional, Tuple

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QTableWidget, QVBoxLayout)

from ...document.expression import ExpressionError, ParsedExpression, guess_kind, parse_expression

_KINDS = ("input", "weight", "const")


class NumberField(QLineEdit):
    """A variable's value as typed, every digit kept (a spin box rounded to six decimals:
    the tutorial's b = 6.8813735870195432 became 6.881374, and w1's grad 1.000001)."""

    def __init__(self, value: float):
        super().__init__(objectName="expressionValue")
        self.set_value(value)

    def set_value(self, value: float) -> None:
        """Show ``value`` in full."""
        self.setText(repr(float(value)))
        self.setCursorPosition(0)  # a long number shows from its first digits

    def value(self) -> Optional[float]:
        """The number typed (a lone comma taken for a point), or None if it is not one."""
        text = self.text().strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # a decimal comma; 1,000.5 is no number here
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None


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
        self.table.horizontalHeader().setStretchLastSection(True)  # room for every digit
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
        self._say_what_it_adds(parsed)
        ok_button.setEnabled(True)
        self._fill_variables(parsed)
        self._check_values()

    def _say_what_it_adds(self, parsed: ParsedExpression) -> None:
        reused = [name for name in parsed.variables if name in self.existing]
        count = parsed.node_count - len(reused)
        text = f"Adds {count} node{'s' if count != 1 else ''}"
        if reused:
            text += "; wires from the existing " + ", ".join(reused)
        self.status.setText(text + ".")

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
            field = NumberField(value)
            field.textChanged.connect(self._check_values)
            self.table.setCellWidget(row, 2, field)

    def _check_values(self) -> None:
        """OK only while every value is a number; the status line says which is not."""
        wrong = [name for name, _kind, value in self._values() if value is None]
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not wrong)
        if len(wrong) == 1:
            self.status.setText(f"The value of {wrong[0]} is not a number.")
        elif wrong:
            self.status.setText(f"The values of {', '.join(wrong)} are not numbers.")
        elif self.parsed is not None:
            self._say_what_it_adds(self.parsed)

    def _values(self):
        for row in range(self.table.rowCount()):
            name_label, combo, field = (self.table.cellWidget(row, c) for c in range(3))
            if name_label is not None and isinstance(combo, QComboBox):
                yield name_label.text(), combo.currentText(), field.value()

    def variables(self) -> Dict[str, Tuple[str, float]]:
        """Each variable's chosen (kind, value), those whose value is not a number left out."""
        return {name: (kind, value) for name, kind, value in self._values() if value is not None}
