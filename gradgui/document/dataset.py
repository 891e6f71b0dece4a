"""Data sets: named numeric columns of equal length, from a generator or a CSV file.

Every column holds finite floats; a data set has at least one row and at
most ``MAX_ROWS``. Rows are counted from 0 wherever a message names one;
CSV errors name the line of the file instead, counted from 1 as editors do.
"""

import csv
import io
import math
from typing import Dict, Iterable, List, Mapping, Optional

import numpy as np

from .errors import DatasetError, DocumentError

MAX_ROWS = 100_000
"""The most rows a data set may have."""



class Dataset:
    """Named numeric columns of equal length; ``recipe`` says how a generator made them."""

    def __init__(self, columns: Mapping[str, Iterable[float]], recipe: Optional[dict] = None):
        if not columns:
            raise DatasetError("a data set needs at least one column")
        made: Dict[str, np.ndarray] = {}
        length = None
        for name, values in columns.items():
            if type(name) is not str or not name:
                raise DatasetError(f"a column name must be non-empty text, not {name!r}")
            array = _column(name, values)
            if length is None:
                length = len(array)
            elif len(array) != length:
                raise DatasetError(f"column '{name}' has {len(array)} rows, but "
                                   f"'{next(iter(made))}' has {length}: columns must be equally long")
            made[name] = array
        if length == 0:
            raise DatasetError("a data set needs at least one row")
        if length > MAX_ROWS:
            raise DatasetError(f"{length:,} rows is too many (the limit is {MAX_ROWS:,})")
        self.columns = made
        self.recipe = dict(recipe) if recipe is not None else None

    @property
    def names(self) -> List[str]:
        """The column names, in order."""
        return list(self.columns)

    @property
    def n_rows(self) -> int:
        """How many rows there are."""
        return len(next(iter(self.columns.values())))

    def column(self, name: str) -> np.ndarray:
        """The column called ``name`` (a read-only float array)."""
        try:
            return self.columns[name]
        except KeyError:
            raise DatasetError(f"there is no column '{name}' (columns: {', '.join(self.columns)})") from None

    def row(self, index: int) -> Dict[str, float]:
        """Row ``index`` (from 0) as {column: number}."""
        if not 0 <= index < self.n_rows:
            raise DatasetError(f"row {index} is out of range (0 to {self.n_rows - 1})")
        return {name: float(values[index]) for name, values in self.columns.items()}

    def __eq__(self, other) -> bool:
        return (isinstance(other, Dataset) and self.names == other.names
                and all(np.array_equal(self.columns[n], other.columns[n]) for n in self.names))

    __hash__ = None


def _column(name: str, values) -> np.ndarray:
    """``values`` as a read-only float64 array, every entry a finite number."""
    if isinstance(values, np.ndarray):
        if values.ndim != 1 or values.dtype.kind not in "iuf":
            raise DatasetError(f"column '{name}' must be a flat list of numbers")
        array = values.astype(np.float64)
    else:
        values = list(values)
        for i, v in enumerate(values):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise DatasetError(f"column '{name}', row {i}: {_short(v)} is not a number")
        try:
            array = np.array(values, dtype=np.float64)
        except OverflowError:
            raise DatasetError(f"column '{name}': a number is too large") from None
    bad = np.flatnonzero(~np.isfinite(array))
    if len(bad):
        raise DatasetError(f"column '{name}', row {bad[0]}: {float(array[bad[0]])!r} is not a finite number")
    array.setflags(write=False)
    return array


def _short(thing) -> str:
    text = repr(thing)
    return text if len(text) <= 40 else text[:37] + "..."


def read_csv(text: str, name: str = "<csv>") -> Dataset:
    """A data set from CSV text whose first line names the columns; one-line DatasetError if bad."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        lines = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise DatasetError(f"{name}: not usable CSV: {error}") from None
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise DatasetError(f"{name}: empty: the first line must name the columns")
    header = [cell.strip() for cell in lines[0]]
    for col, title in enumerate(header, 1):
        if not title:
            raise DatasetError(f"{name}: line 1, column {col}: the column has no name")
        if header.index(title) != col - 1:
            raise DatasetError(f"{name}: line 1, column {col}: the name '{title}' is used twice")
    columns: List[List[float]] = [[] for _ in header]
    rows = 0
    for line_no, cells in enumerate(lines[1:], 2):
        if not cells or all(not cell.strip() for cell in cells):
            continue  # blank lines, as spreadsheets leave at the end
        if len(cells) != len(header):
            raise DatasetError(f"{name}: line {line_no}: {len(cells)} values, but the header "
                               f"names {len(header)} columns")
        rows += 1
        if rows > MAX_ROWS:
            raise DatasetError(f"{name}: more than {MAX_ROWS:,} rows (the limit)")
        for col, (cell, title) in enumerate(zip(cells, header)):
            columns[col].append(_cell_number(cell, name, line_no, title))
    if rows == 0:
        raise DatasetError(f"{name}: no rows of data under the header")
    return Dataset(dict(zip(header, columns)))


def _cell_number(cell: str, name: str, line_no: int, title: str) -> float:
    where = f"{name}: line {line_no}, column '{title}'"
    try:
        number = float(cell.strip())
    except ValueError:
        raise DatasetError(f"{where}: {_short(cell)} is not a number") from None
    if not math.isfinite(number):
        raise DatasetError(f"{where}: {_short(cell)} is not a finite number")
    return number


def load_csv(path) -> Dataset:
    """A data set read from the CSV file at ``path``; one-line DatasetError if it is bad."""
    import os
    name = os.path.basename(os.fsdecode(path))
    try:
        with open(path, encoding="utf-8", newline="") as file:
            text = file.read(64 * 1024 * 1024 + 1)
    except UnicodeDecodeError as error:
        raise DatasetError(f"{name}: not UTF-8 text (bad byte at offset {error.start})") from None
    except OSError as error:
        raise DatasetError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(text) > 64 * 1024 * 1024:
        raise DatasetError(f"{name}: too big (the limit is 64 MiB)")
    return read_csv(text, name)


def write_csv(dataset: Dataset) -> str:
    """The data set as CSV text with a header (numbers in full precision)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(dataset.names)
    columns = [dataset.columns[n] for n in dataset.names]
    for i in range(dataset.n_rows):
        writer.writerow([repr(float(c[i])) for c in columns])
    return out.getvalue()
