"""Edits of a document's data set: set, replace or remove it, bind inputs and the target.

Each is one ``SetDataset`` command, one undo step, that swaps the whole
``graph.dataset`` field for a checked new one; undo puts the old field back
(the very same object, in its old place among the graph's fields), so the
saved bytes come back too. The document emits ``dataset_changed``.
"""

import copy
from typing import Iterable, List, Optional

from . import graph_order
from .commands import Command
from .dataset import Dataset, DatasetError
from .dataset_field import FIELD, bound_dataset, check_dataset_field, dataset_field
from .events import DocEvent


class SetDataset(Command):
    """Put ``field`` (a ``graph.dataset`` field, or None for none) in the document."""

    changes_order = False

    def __init__(self, field: Optional[dict], text: str = "Set data set"):
        self.field = field
        self.text = text
        self.old: Optional[dict] = None
        self.old_place: Optional[int] = None

    def do(self, doc):
        if self.field is not None:
            check_dataset_field(self.field, doc.graph._node)
        fields = doc.graph.graph
        self.old = fields.get(FIELD)
        self.old_place = list(fields).index(FIELD) if FIELD in fields else None
        _put(doc, self.field, self.old_place)

    def undo(self, doc):
        _put(doc, self.old, self.old_place)


def _put(doc, field: Optional[dict], place: Optional[int]) -> None:
    fields = doc.graph.graph
    if field is None:
        fields.pop(FIELD, None)
    else:
        fields[FIELD] = field
        if place is not None and list(fields).index(FIELD) != place:
            keys = [key for key in fields if key != FIELD]
            keys.insert(place, FIELD)
            graph_order.reorder(fields, keys)
    doc.events.emit(DocEvent("dataset_changed"))


def _field(doc) -> dict:
    field = doc.graph.graph.get(FIELD)
    if field is None:
        raise DatasetError("the graph has no data set: add one first")
    bound_dataset(doc)  # refuses a field that is bad already
    return copy.deepcopy(field)


def set_dataset_command(doc, dataset: Dataset) -> SetDataset:
    """Use ``dataset`` from now on, keeping the bindings whose columns it still has."""
    old = doc.graph.graph.get(FIELD)
    inputs, target_node, target_column = {}, None, None
    if old is not None:
        bound = bound_dataset(doc)
        inputs = {n: c for n, c in bound.inputs.items() if c in dataset.columns}
        if bound.target_column in dataset.columns:
            target_node, target_column = bound.target_node, bound.target_column
    field = dataset_field(dataset, inputs, target_node, target_column)
    if old is not None:
        # What else the old field held (the prediction node, unknown fields) stays.
        for key, value in old.items():
            if key not in ("columns", "generator", "inputs", "target"):
                field[key] = copy.deepcopy(value)
    return SetDataset(field, "Replace data set" if old is not None else "Set data set")


def remove_dataset_command() -> SetDataset:
    """Remove the data set and every binding."""
    return SetDataset(None, "Remove data set")


def bind_input_command(doc, node_id: str, column: Optional[str]) -> SetDataset:
    """Bind input node ``node_id`` to ``column`` (None: unbind it)."""
    field = _field(doc)
    inputs = dict(field.get("inputs", {}))
    if column is None:
        inputs.pop(node_id, None)
        text = f"Unbind {doc.label(node_id)}"
    else:
        target = field.get("target")
        if isinstance(target, dict) and target.get("node") == node_id:
            del field["target"]  # a node reads one column: the new binding wins
        inputs[node_id] = column
        text = f"Bind {doc.label(node_id)} to column {column}"
    field["inputs"] = inputs
    return SetDataset(field, text)


def bind_target_command(doc, node_id: Optional[str], column: Optional[str] = None) -> SetDataset:
    """Make ``node_id`` the target, reading ``column`` (None: no target)."""
    field = _field(doc)
    if node_id is None:
        field.pop("target", None)
        return SetDataset(field, "Unbind the target")
    field["inputs"] = {n: c for n, c in field.get("inputs", {}).items() if n != node_id}
    field["target"] = {"node": node_id, "column": column}
    return SetDataset(field, f"Bind target {doc.label(node_id)} to column {column}")


def unbind_deleted(doc, node_ids: Iterable[str]) -> List[Command]:
    """The command that unbinds nodes about to be deleted (none if none is bound).

    A file must never bind a node it does not have: deleting a bound input
    takes its binding with it in the same undo step.
    """
    field = doc.graph.graph.get(FIELD)
    if type(field) is not dict:
        return []
    gone = set(node_ids)
    inputs = field.get("inputs")
    target = field.get("target")
    hits_inputs = type(inputs) is dict and any(n in gone for n in inputs)
    hits_target = type(target) is dict and target.get("node") in gone
    hits_prediction = field.get("prediction") in gone
    if not (hits_inputs or hits_target or hits_prediction):
        return []
    new = copy.deepcopy(field)
    if hits_inputs:
        new["inputs"] = {n: c for n, c in inputs.items() if n not in gone}
    if hits_target:
        del new["target"]
    if hits_prediction:
        del new["prediction"]
    return [SetDataset(new, "Unbind deleted nodes")]
