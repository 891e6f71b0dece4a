"""A document's data set: the optional ``graph.dataset`` field, checked and bound.

The field holds either the columns inline or a built-in generator's recipe,
and says which ``input`` nodes read which column and which node is the
target::

    "dataset": {
      "generator": {"name": "moons", "n": 100, "noise": 0.1, "seed": 1},
      "inputs": {"x1": "x1", "x2": "x2"},
      "target": {"node": "y", "column": "y"}
    }

``"columns": {"x1": [0.5, ...], ...}`` stands instead of ``"generator"``
for inline data. Fields it does not know are kept, as everywhere in a file.
"""

import math
import weakref
from dataclasses import dataclass
from typing import Dict, Optional

import numpy as np

from .dataset import Dataset, DatasetError
from .generators import generate

FIELD = "dataset"


@dataclass(frozen=True)
class BoundDataset:
    """A data set with its bindings: input node -> column, and the target node and column."""

    dataset: Dataset
    inputs: Dict[str, str]
    target_node: Optional[str] = None
    target_column: Optional[str] = None

    @property
    def n_rows(self) -> int:
        """How many rows the data set has."""
        return self.dataset.n_rows

    def node_columns(self) -> Dict[str, np.ndarray]:
        """Each bound node's column of numbers (the target's too)."""
        columns = {node: self.dataset.column(col) for node, col in self.inputs.items()}
        if self.target_node is not None:
            columns[self.target_node] = self.dataset.column(self.target_column)
        return columns

    def labels(self) -> Optional[np.ndarray]:
        """The target column when it holds class labels (only -1 and +1), else None."""
        if self.target_node is None:
            return None
        y = self.dataset.column(self.target_column)
        return y if bool(np.all((y == 1.0) | (y == -1.0))) else None


def dataset_field(dataset: Dataset, inputs: Dict[str, str], target_node: Optional[str] = None,
                  target_column: Optional[str] = None) -> dict:
    """The ``graph.dataset`` field for ``dataset`` bound this way (a recipe when it has one)."""
    field: dict = {}
    if dataset.recipe is not None:
        field["generator"] = dict(dataset.recipe)
    else:
        field["columns"] = {name: [float(v) for v in values]
                            for name, values in dataset.columns.items()}
    field["inputs"] = dict(inputs)
    if target_node is not None:
        field["target"] = {"node": target_node, "column": target_column}
    return field


def check_dataset_field(field, nodes: dict) -> BoundDataset:
    """The data set a ``graph.dataset`` field describes; one-line DatasetError if it is bad.

    ``nodes`` maps node ids to their attributes (a bound node must be an ``input``).
    """
    try:
        return _check(field, nodes)
    except DatasetError as error:
        raise DatasetError(f"'graph.{FIELD}': {error}") from None


def _check(field, nodes: dict) -> BoundDataset:
    if type(field) is not dict:
        raise DatasetError("must be an object")
    has_columns, has_generator = "columns" in field, "generator" in field
    if has_columns == has_generator:
        raise DatasetError("needs exactly one of 'columns' (the data) or 'generator' (a recipe)")
    if has_generator:
        dataset = _from_recipe(field["generator"])
    else:
        columns = field["columns"]
        if type(columns) is not dict:
            raise DatasetError("'columns' must be an object of column name -> list of numbers")
        for name, values in columns.items():
            if type(values) is not list:
                raise DatasetError(f"column '{name}' must be a list of numbers")
        dataset = Dataset(columns)
    inputs = field.get("inputs", {})
    if type(inputs) is not dict:
        raise DatasetError("'inputs' must be an object of node id -> column name")
    for node, column in inputs.items():
        _check_binding(node, column, dataset, nodes, "'inputs'")
    target = field.get("target")
    if target is None:
        return BoundDataset(dataset, dict(inputs))
    if type(target) is not dict or not {"node", "column"} <= set(target):
        raise DatasetError("'target' must be an object with 'node' and 'column'")
    node, column = target["node"], target["column"]
    _check_binding(node, column, dataset, nodes, "'target'")
    if node in inputs:
        raise DatasetError(f"node '{node}' is bound both to an input column and to the target")
    return BoundDataset(dataset, dict(inputs), node, column)


def _from_recipe(recipe) -> Dataset:
    if type(recipe) is not dict:
        raise DatasetError("'generator' must be an object with 'name', 'n', 'noise' and 'seed'")
    for key in ("name", "n", "noise", "seed"):
        if key not in recipe:
            raise DatasetError(f"'generator' has no '{key}'")
    noise = recipe["noise"]
    if type(noise) is int:
        noise = float(noise)
    if type(noise) is not float or not math.isfinite(noise):
        raise DatasetError(f"'generator.noise' must be a number, not {noise!r}")
    return generate(recipe["name"], recipe["n"], noise, recipe["seed"])


def _check_binding(node, column, dataset: Dataset, nodes: dict, where: str) -> None:
    if type(node) is not str or node not in nodes:
        raise DatasetError(f"{where} binds {node!r}, which is not a node")
    kind = nodes[node].get("kind")
    if kind != "input":
        raise DatasetError(f"{where} binds node '{node}', which is {kind!r}, not an input")
    if type(column) is not str or column not in dataset.columns:
        raise DatasetError(f"{where} binds node '{node}' to {column!r}, which is not a column "
                           f"(columns: {', '.join(dataset.names)})")


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def bound_dataset(doc) -> Optional[BoundDataset]:
    """The document's data set with its bindings, or None; DatasetError if the field is bad.

    The parsed data set is cached while the field stays the same object.
    """
    field = doc.graph.graph.get(FIELD)
    if field is None:
        return None
    cached = _CACHE.get(doc)
    if cached is not None and cached[0] is field:
        return cached[1]
    bound = check_dataset_field(field, doc.graph._node)
    _CACHE[doc] = (field, bound)
    return bound


def set_dataset(doc, dataset: Dataset, inputs: Dict[str, str], target_node: Optional[str] = None,
                target_column: Optional[str] = None) -> BoundDataset:
    """Bind ``dataset`` to a document that is still being built (not an undoable edit)."""
    field = dataset_field(dataset, inputs, target_node, target_column)
    bound = check_dataset_field(field, doc.graph._node)
    doc.graph.graph[FIELD] = field
    _CACHE[doc] = (field, bound)
    return bound
