"""A node's fields checked before it joins a document: its id, kind, label, number fields,
position and extra fields, each refused with a line saying what is wrong."""

from typing import Callable, Tuple

from . import rules
from .errors import DocumentError
from .kinds import get_kind
from .nesting import too_deep, too_deep_message
from .rules import article

CORE_FIELDS = ("kind", "label", "value", "exponent", "pos")


def checked_node(node_id, kind, *, label=None, value=None, exponent=None,
                 pos=(0.0, 0.0), extra=None, taken: Callable[[str], bool]) -> dict:
    """The attributes of a valid new node, or DocumentError saying what is wrong.

    ``taken`` tells whether an id is already used in the document.
    """
    try:
        rules.node_id(node_id)
    except rules.Broken:
        raise DocumentError(f"a node id must be a non-empty string, not {node_id!r}") from None
    if taken(node_id):
        raise DocumentError(f"there is already a node {node_id!r}")
    try:
        kind_ = get_kind(kind)
    except KeyError as error:
        raise DocumentError(error.args[0]) from None
    label = node_id if label is None else label
    try:
        rules.label(label)
    except rules.Broken:
        raise DocumentError(f"the label of {node_id!r} must be text") from None
    attrs = dict(extra or {})
    for field in ("id", "value", "exponent"):
        if field in attrs and not (field == "value" and kind_.has_value
                                   or field == "exponent" and kind_.has_exponent):
            # The file keeps these for itself: as extras they would not load again.
            raise DocumentError(f"{article(kind_.name)} node cannot have a field {field!r}")
    for field, held in attrs.items():
        if field not in CORE_FIELDS and too_deep(held):
            raise DocumentError(f"the field {field!r} of {node_id!r} is {too_deep_message()}")
    # Core fields already among the extras keep their place (an undo puts a
    # node back with its fields in their old order).
    attrs.update(kind=kind_.name, label=label, pos=checked_pos(pos, node_id))
    if kind_.has_value:
        attrs["value"] = check_number(value, f"the value of {node_id!r}")
    if kind_.has_exponent:
        attrs["exponent"] = check_number(exponent, f"the exponent of {node_id!r}")
    return attrs


def check_number(value, what: str) -> float:
    """Return ``value`` as a float, or raise DocumentError if it is not a finite number."""
    try:
        return rules.number(value)
    except rules.Broken as broken:
        raise DocumentError(_number_fault(broken.rule, value, what)) from None


def _number_fault(rule: str, value, what: str) -> str:
    if rule == rules.NOT_A_NUMBER:
        return f"{what} must be a number, not {type(value).__name__}"
    if rule == rules.TOO_LARGE:
        return f"{what} must be a finite number; this one is too large"
    return f"{what} must be a finite number, not {float(value)!r}"


def checked_pos(pos, node_id) -> Tuple[float, float]:
    """``pos`` as a pair of finite floats, or DocumentError naming the node."""
    try:
        return rules.position(pos)
    except rules.Broken as broken:
        if broken.rule == rules.NOT_A_PAIR:
            raise DocumentError(f"the position of {node_id!r} must be two numbers") from None
        raise DocumentError(_number_fault(broken.rule, broken.value,
                                          f"the {broken.part} position of {node_id!r}")) from None
