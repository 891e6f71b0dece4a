"""The Data panel: the document's data set as a table and a scatter plot, the row the canvas
shows, built-in generators and CSV import."""

from typing import TYPE_CHECKING, Callable, Optional

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox,
                               QTableView, QVBoxLayout, QWidget)

from ...document.generators import DEFAULT_NOISE, GENERATORS
from ...document.dataset import MAX_ROWS
from .data_binding import BindingRow
from .data_table import DatasetModel

if TYPE_CHECKING:  # the plot brings pyqtgraph (and numpy): imported with the first data set
    from .data_scatter import DataScatter

GENERATOR_TITLES = {"moons": "Two moons", "circles": "Circles", "xor": "XOR", "spiral": "Spiral",
                    "blobs": "Gaussian blobs", "line": "Line (regression)"}


class DataPanel(QWidget):
    """Shows a bound data set and the selected row; asks for new data through its signals."""

    generate_requested = Signal(str, int, float, int)  # generator, n, noise, seed
    import_requested = Signal()
    row_chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("dataPanel")
        self._dataset = _NOTHING_YET
        self._row: Optional[int] = None
        self.summary = QLabel("No data set. Generate one or import a CSV file.",
                              objectName="dataSummary")
        self.summary.setWordWrap(True)
        self.message = QLabel(objectName="dataMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.generator = QComboBox(objectName="dataGenerator")
        self.generator.setMinimumContentsLength(10)
        self.generator.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for name in GENERATORS:
            self.generator.addItem(GENERATOR_TITLES.get(name, name), name)
        self.count = QSpinBox(objectName="dataCount", minimum=2, maximum=MAX_ROWS, value=100)
        self.count.setGroupSeparatorShown(True)
        self.noise = QDoubleSpinBox(objectName="dataNoise", minimum=0.0, maximum=10.0,
                                    decimals=3, singleStep=0.05)
        self.seed = QSpinBox(objectName="dataSeed", minimum=0, maximum=999_999, value=0)
        self.generate_button = QPushButton("Generate", objectName="dataGenerate")
        self.import_button = QPushButton("Import CSV…", objectName="dataImportCsv")
        self.generator.currentIndexChanged.connect(self._default_noise)
        self._default_noise()
        self.generate_button.clicked.connect(self._generate)
        self.import_button.clicked.connect(self.import_requested)

        self.row = QSpinBox(objectName="dataRow", minimum=0, maximum=0)
        self.row.setToolTip("The row the canvas shows: its inputs, values and grads")
        self.row.setKeyboardTracking(False)
        self.row.valueChanged.connect(self._row_typed)
        self.row_info = QLabel(objectName="dataRowInfo")
        self.row_info.setWordWrap(True)
        self.binding = BindingRow()

        self.model = DatasetModel(self)
        self.table = QTableView(objectName="dataTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.setMinimumHeight(120)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: current.isValid() and self._row_typed(current.row()))
        # Made with the first data: pyqtgraph's first plot sets up state of its own,
        # which a graph without data (gradgui.show in someone's script) need not pay for.
        self.scatter: Optional["DataScatter"] = None
        self.plot_box = QVBoxLayout()
        self.plot_box.setContentsMargins(0, 0, 0, 0)

        make = QFormLayout()
        make.addRow("Generator", self.generator)
        numbers = QHBoxLayout()
        for text, widget in (("n", self.count), ("noise", self.noise), ("seed", self.seed)):
            numbers.addWidget(QLabel(text))
            numbers.addWidget(widget, 1)
        make.addRow(numbers)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.import_button)
        make.addRow(buttons)
        rows = QHBoxLayout()
        rows.addWidget(QLabel("Row shown"))
        rows.addWidget(self.row)
        rows.addWidget(self.row_info, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(make)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.binding)
        layout.addLayout(rows)
        layout.addLayout(self.plot_box, 3)
        layout.addWidget(self.table, 2)
        self.show_dataset(None)

    def heightForWidth(self, _width: int) -> int:
        # The wrapped labels make the dock's scroll area ask for this, and the
        # layout would answer with the plot's and the table's full preferred
        # heights, pushing the table's rows out of sight below the dock. The
        # panel fits the dock instead (down to its minimum); the table scrolls itself.
        return self.minimumSizeHint().height()

    # ----- what the panel asks for -----------------------------------------
    def _default_noise(self, *_args) -> None:
        self.noise.setValue(DEFAULT_NOISE.get(self.generator.currentData(), 0.1))

    def _show_recipe(self, recipe: dict) -> None:
        # The controls say how the data on show was made, so Generate makes it again
        # or a variation of it, rather than the defaults; a recipe they cannot hold
        # exactly (from a file written by hand) leaves them as they are.
        index = self.generator.findData(recipe["name"])
        noise = recipe["noise"]
        if (index < 0 or not self.count.minimum() <= recipe["n"] <= self.count.maximum()
                or not self.seed.minimum() <= recipe["seed"] <= self.seed.maximum()
                or not 0 <= noise <= self.noise.maximum()
                or round(noise, self.noise.decimals()) != noise):
            return
        with _quiet(self.generator):
            self.generator.setCurrentIndex(index)
        self.count.setValue(recipe["n"])
        self.noise.setValue(recipe["noise"])
        self.seed.setValue(recipe["seed"])

    def _generate(self) -> None:
        self.generate_requested.emit(self.generator.currentData(), self.count.value(),
                                     self.noise.value(), self.seed.value())

    def _row_typed(self, row: int) -> None:
        if self._dataset is not None and row != self._row:
            self.row_chosen.emit(row)

    def say(self, text: str) -> None:
        """Show one line of news (a refused CSV, say) above the data; "" hides it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ----- what the panel shows --------------------------------------------
    def show_dataset(self, bound, row: Optional[int] = None) -> None:
        """Show ``bound`` (a BoundDataset, or None) with ``row`` selected."""
        dataset = None if bound is None else bound.dataset
        if dataset is not self._dataset or (bound is not None and self._bindings != _bindings(bound)):
            new_data = dataset is not self._dataset
            self._dataset = dataset
            self._bindings = _bindings(bound) if bound is not None else None
            self._fill(bound)
            if new_data and dataset is not None and dataset.recipe is not None:
                self._show_recipe(dataset.recipe)
            self._row = None
        self.show_row(row)

    _bindings = None

    def _fill(self, bound) -> None:
        if bound is None:
            self.model.set_dataset(None)
            if self.scatter is not None:
                self.scatter.show_columns(None, None, None, None, None)
            self.summary.setText("No data set. Generate one or import a CSV file.")
            self.row.setEnabled(False)
            return
        dataset = bound.dataset
        roles = {}
        for node, column in bound.inputs.items():
            roles[column] = f"→ {node}" if column not in roles else roles[column] + f", {node}"
        if bound.target_column is not None:
            roles[bound.target_column] = f"target → {bound.target_node}"
        self.model.set_dataset(dataset, roles)
        self.summary.setText(_summary(bound))
        if self.scatter is None:
            from .data_scatter import DataScatter
            self.scatter = DataScatter(self.row_chosen.emit)
            self.plot_box.addWidget(self.scatter)
        x_name, y_name, target = _plot_columns(bound)
        self.scatter.show_columns(
            x_name, None if x_name is None else dataset.column(x_name),
            y_name, None if y_name is None else dataset.column(y_name),
            None if target is None else dataset.column(target))
        with _quiet(self.row):
            self.row.setMaximum(dataset.n_rows - 1)
        self.row.setEnabled(True)

    def show_row(self, row: Optional[int]) -> None:
        """Select ``row`` in the table, the spin box and the plot."""
        if self._dataset is None:
            row = None
        self._row = row
        if self.scatter is not None:
            self.scatter.show_row(row)
        if row is None:
            self.row_info.setText("")
            self.table.clearSelection()
            return
        with _quiet(self.row):
            self.row.setValue(row)
        values = self._dataset.row(row)
        self.row_info.setText(", ".join(f"{name} = {value:.4g}" for name, value in values.items()))
        index = self.model.index(row, 0)
        # Not with the selection's signals blocked: the table repaints on them. The
        # row changed signal it sends finds ``_row`` already equal and asks for nothing.
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)


_NOTHING_YET = object()  # what the panel shows before it is first told


class _quiet:
    """Block an object's signals for a moment (the panel setting what it shows)."""

    def __init__(self, obj):
        self.obj = obj

    def __enter__(self):
        self.was = self.obj.blockSignals(True)

    def __exit__(self, *_exc):
        self.obj.blockSignals(self.was)


def _bindings(bound) -> tuple:
    return tuple(sorted(bound.inputs.items())), bound.target_node, bound.target_column


def _summary(bound) -> str:
    dataset = bound.dataset
    recipe = dataset.recipe
    source = (f"{GENERATOR_TITLES.get(recipe['name'], recipe['name'])} (noise {recipe['noise']:g}, "
              f"seed {recipe['seed']})" if recipe else "Imported data")
    parts = [f"{source}: {dataset.n_rows:,} rows, columns {', '.join(dataset.names)}."]
    if bound.inputs or bound.target_node:
        bound_text = [f"{node} ← {column}" for node, column in bound.inputs.items()]
        if bound.target_node:
            bound_text.append(f"target {bound.target_node} ← {bound.target_column}")
        parts.append("Bound: " + ", ".join(bound_text) + ".")
    else:
        parts.append("No node reads it yet: Graph > New Network from Data… builds one that does.")
    return " ".join(parts)


def _plot_columns(bound):
    """(x column, y column, colour column) for the scatter plot."""
    names = bound.dataset.names
    target = bound.target_column
    if target is None and "y" in names:
        target = "y"
    inputs = list(dict.fromkeys(bound.inputs.values())) or [n for n in names if n != target]
    if len(inputs) >= 2:
        return inputs[0], inputs[1], target
    if len(inputs) == 1 and target is not None:
        return inputs[0], target, target
    return None, None, None
