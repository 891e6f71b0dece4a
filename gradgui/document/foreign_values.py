"""Values from other engines: micrograd's own ``Value`` and anything shaped like it.

Such a value is any object with ``data``, ``_prev`` (its operands) and
``_op`` (the op's text), and a ``label`` where the engine has one (the
lecture's version does, the PyPI package does not). Each one is read into a
``ReadValue`` that answers like gradgui's own ``Value`` (``op``, ``operands``
in order, ``exponent``, ``label``, ``data``), so the converter treats both
alike.

Op texts: ``+``, ``*``, ``-``, ``/``, ``**k`` (any number k: ``**2``,
``**-1``, ``**0.5``), ``ReLU`` and the function names ``tanh``, ``exp``,
``log``, ``relu``, ``sigmoid``, ``neg`` in any case; gradgui's own kind
names (``add``, ``mul``, ...) are understood too. micrograd builds
``a - b`` as ``a + b*(-1)`` and ``a / b`` as ``a * b**-1``; those arrive
as the adds, products and powers micrograd made, one node per value, so
every node has a counterpart whose data and grad can be compared.

Operand order. micrograd keeps operands in a set, which forgets their order
(and keeps ``x*x``'s one operand once: it feeds both ports). A tuple or list
is taken in its order. From a set:

- ``-`` and ``/`` take the order that gives the value's own data.
- Two labelled operands whose labels the value's own label names (the
  lecture's ``x1*w1``) take the order it names them in.
- Otherwise ``+`` and ``*`` (and ties of the above) sort their operands, so
  the result does not depend on the set's order: a value before a plain number
  micrograd made for a Python number (``2*x``, ``x + 1`` and ``-x``, which
  is ``x*(-1)``, read with the number second, as micrograd built them);
  then a parameter before anything else (a neuron's ``w*x`` reads weight
  first); then the longer chain of ops first (an accumulating sum before
  the term it adds); then by label, data and op; last by the shape of the
  whole graph below each operand. Operands still equal after all that are
  interchangeable: the same computation on the same numbers below them.
"""

import hashlib
import numbers
import re
from typing import Dict, List, Optional, Set

from .errors import DocumentError
from .kinds import KINDS

_NAMES = {"+": "add", "*": "mul", "-": "sub", "/": "div"}
_POWER = re.compile(r"^\*\*\s*(\S+)$")
# Where a set may hold the operands the other way round, the value's data decides.
_ORDER_MATTERS = {"sub": lambda a, b: a - b, "div": lambda a, b: a / b}


def is_value_like(obj) -> bool:
    """True for an object with ``data``, ``_prev`` and ``_op``, as micrograd's Value has."""
    return all(hasattr(obj, name) for name in ("data", "_prev", "_op"))


class ReadValue:
    """One foreign value as gradgui's converter reads it: op name, ordered operands, exponent."""

    __slots__ = ("source", "op", "_prev", "exponent", "label", "data")

    def __init__(self, source):
        self.source = source
        self.label = source.label if isinstance(getattr(source, "label", None), str) else ""
        data = source.data
        # Ints and numpy's scalars read as floats; anything else is refused by name later.
        self.data = float(data) if isinstance(data, numbers.Real) and not isinstance(data, bool) else data
        self.op = ""
        self._prev = ()
        self.exponent: Optional[float] = None

    @property
    def operands(self) -> tuple:
        """The operands, in the order the converter wires them."""
        return self._prev


def read_values(roots: list, param_ids: Set[int]) -> List[ReadValue]:
    """Read foreign ``roots`` and everything below them; returns the roots' ReadValues.

    ``param_ids`` holds the ``id()`` of the values that are parameters.
    """
    read = _collect(roots)
    # Raw operand tuples (in the set's order, for now) to measure chains.
    raw = {key: tuple(_operand_objects(r.source)) for key, r in read.items()}
    heights = _heights(read, raw)
    signatures: Dict[int, str] = {}

    def sort_key(obj):
        leaf = not raw[id(obj)]
        number = leaf and id(obj) not in param_ids and not read[id(obj)].label
        return (number, id(obj) not in param_ids, -heights[id(obj)], read[id(obj)].label,
                _as_float(obj.data), str(obj._op))

    for key, value in read.items():
        operands = raw[key]
        value.op, value.exponent = _op_of(value.source, operands)
        if not operands:
            continue
        arity = KINDS[value.op].arity
        ordered = sorted(operands, key=sort_key)
        if len(ordered) == 2 and sort_key(ordered[0]) == sort_key(ordered[1]):
            ordered.sort(key=lambda obj: (sort_key(obj), _signature(obj, raw, signatures)))
        if len(ordered) == 2:
            ordered = _as_the_label_reads(value.label, ordered, read)
        if len(ordered) == 1 and arity == 2:
            ordered = ordered * 2  # x*x: the set kept x once; it feeds both ports
        if len(ordered) != arity:
            raise DocumentError(f"a value made by {value.source._op!r} has {len(operands)} "
                                f"operands; gradgui's {value.op} takes {arity}")
        if value.op in _ORDER_MATTERS and not isinstance(value.source._prev, (tuple, list)):
            ordered = _order_by_data(value, ordered)
        value._prev = tuple(read[id(obj)] for obj in ordered)
    return [read[id(root)] for root in roots]


def _as_the_label_reads(label: str, operands: list, read: Dict[int, ReadValue]) -> list:
    """Two labelled operands in the order the value's label names them (``'x1*w1'``)."""
    names = [read[id(obj)].label for obj in operands]
    places = [label.find(name) if name else -1 for name in names]
    if min(places) < 0 or places[0] == places[1]:
        return operands
    return operands if places[0] < places[1] else operands[::-1]


def _operand_objects(obj) -> list:
    """The operands as the engine keeps them (a tuple's order, or a set's)."""
    prev = obj._prev
    try:
        return list(prev)
    except TypeError:
        raise DocumentError(f"a value's _prev must hold its operands, not a "
                            f"{type(prev).__name__}") from None


def _collect(roots: list) -> Dict[int, ReadValue]:
    """Every value reachable from ``roots``, read once each (no recursion: any depth)."""
    read: Dict[int, ReadValue] = {}
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in read:
            continue
        if not is_value_like(obj):
            raise DocumentError(f"expected a Value (with data, _prev and _op), found "
                                f"{type(obj).__name__}")
        read[id(obj)] = ReadValue(obj)
        stack.extend(_operand_objects(obj))
    return read


def _heights(read: Dict[int, ReadValue], raw: Dict[int, tuple]) -> Dict[int, int]:
    """The longest chain of ops below each value (0 for a leaf); refuses a cycle."""
    heights: Dict[int, int] = {}
    for key in read:
        _bottom_up(read[key].source, raw, heights,
                   lambda obj: 1 + max((heights[id(o)] for o in raw[id(obj)]), default=-1))
    return heights


def _bottom_up(start, raw: Dict[int, tuple], done: Dict[int, object], make) -> None:
    """Fill ``done[id(v)] = make(v)`` for ``start`` and below it, operands first, without recursion."""
    if id(start) in done:
        return
    stack, open_ = [start], set()
    while stack:
        obj = stack[-1]
        if id(obj) in done:
            stack.pop()
            continue
        pending = [o for o in raw[id(obj)] if id(o) not in done]
        if pending and id(obj) not in open_:
            open_.add(id(obj))
            stack.extend(pending)
            continue
        if pending:
            raise DocumentError("the values form a cycle: a value is among its own operands")
        stack.pop()
        open_.discard(id(obj))
        done[id(obj)] = make(obj)


def _signature(obj, raw: Dict[int, tuple], memo: Dict[int, str]) -> str:
    """A digest of the computation below ``obj``: its op, label and data, and its operands'."""
    def digest(top) -> str:
        parts = [str(top._op), getattr(top, "label", "") or "", repr(_as_float(top.data))]
        parts += sorted(memo[id(o)] for o in raw[id(top)])
        return hashlib.blake2b("\x00".join(map(str, parts)).encode("utf-8", "replace"),
                               digest_size=16).hexdigest()

    _bottom_up(obj, raw, memo, digest)
    return memo[id(obj)]


def _op_of(obj, operands) -> tuple:
    """gradgui's kind for a value's op text, and the exponent of a power."""
    text = obj._op
    if not isinstance(text, str):
        raise DocumentError(f"a value's _op must be text, not {type(text).__name__}")
    if not operands:
        if text:
            raise DocumentError(f"a value made by {text!r} has no operands")
        return "", None
    power = _POWER.match(text.strip())
    if power:
        try:
            return "pow", float(power.group(1))
        except ValueError:
            raise DocumentError(f"the exponent of the op {text!r} is not a number") from None
    name = _NAMES.get(text.strip(), text.strip().lower())
    kind = KINDS.get(name)
    if kind is None or kind.is_leaf or name == "pow":
        raise DocumentError(f"gradgui has no node for the op {text!r}")
    return name, None


def _order_by_data(value: ReadValue, operands: list) -> list:
    """For ``-`` and ``/``: the operand order whose result is the value's own data."""
    rule = _ORDER_MATTERS[value.op]
    want = _as_float(value.data)
    for order in (operands, operands[::-1]):
        try:
            if rule(*(_as_float(o.data) for o in order)) == want:
                return list(order)
        except ArithmeticError:
            continue
    return operands


def _as_float(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError, OverflowError):
        raise DocumentError(f"a value's data must be a number, not {type(x).__name__}") from None
