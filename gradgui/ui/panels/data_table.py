"""The data set as a table model: columns read straight from their arrays, row by row on demand.

Nothing is copied per row, so a table of 100,000 rows is made at once: the
view asks only for the cells it shows.
"""

from typing import List, Optional

from PySide6.QtCore import QAbstractTableModel, Qt

from ...engine import fmt


class DatasetModel(QAbstractTableModel):
    """A read-only table of a data set's columns; headers say how each column is bound."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._names: List[str] = []
        self._columns: list = []
        self._roles: List[str] = []
        self._rows = 0

    def set_dataset(self, dataset, roles: Optional[dict] = None) -> None:
        """Show ``dataset`` (None: nothing); ``roles`` maps a column to what it feeds."""
        self.beginResetModel()
        if dataset is None:
            self._names, self._columns, self._rows = [], [], 0
        else:
            self._names = dataset.names
            self._columns = [dataset.columns[n] for n in self._names]
            self._rows = dataset.n_rows
        roles = roles or {}
        self._roles = [roles.get(n, "") for n in self._names]
        self.endResetModel()

    def rowCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else self._rows

    def columnCount(self, parent=None):
        return 0 if parent is not None and parent.isValid() else len(self._names)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(float(self._columns[index.column()][index.row()]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return repr(float(self._columns[index.column()][index.row()]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section)  # rows are counted from 0, as everywhere in gradgui
        if 0 <= section < len(self._names):
            role_text = self._roles[section]
            return f"{self._names[section]}\n{role_text}" if role_text else self._names[section]
        return None
