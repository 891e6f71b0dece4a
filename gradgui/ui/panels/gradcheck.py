"""The gradient check report: each leaf's backprop grad beside its finite difference."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...engine import fmt

_COLUMNS = ("node", "backprop", "numeric", "|error|", "ok?")
_INTRO = "Graph ▸ Gradient Check compares every grad with a finite difference."


class GradCheckPanel(QWidget):
    """A table of the last gradient check, mismatches first."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gradCheckPanel")
        self.summary = QLabel(_INTRO)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(_COLUMNS), objectName="gradCheckTable")
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.verticalHeader().hide()
        # The numbers and the verdict always fit; a long node label gives way (elided).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    def mark_stale(self) -> None:
        """The graph changed: an old report no longer describes it."""
        if self.table.rowCount():
            self.summary.setText("The graph changed since the last check: run Gradient Check again.")
            self.table.setRowCount(0)

    def clear(self) -> None:
        """Another document: no report, and no word of a change, since none was checked."""
        self.summary.setText(_INTRO)
        self.table.setRowCount(0)

    def show_report(self, report) -> None:
        """Fill the table from a GradCheckReport."""
        self.summary.setText(report.summary())
        rows = sorted(report.rows, key=lambda r: r.ok)
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            cells = (row.label, fmt(row.backprop), fmt(row.numeric), fmt(row.abs_error),
                     "ok" if row.ok else "MISMATCH")
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not row.ok:
                    item.setForeground(QColor("#d93025"))
                if row.note:
                    item.setToolTip(row.note)
                self.table.setItem(i, j, item)
