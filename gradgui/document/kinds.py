"""The node kinds: the one place that says what each kind is, takes and shows.

An op kind refers to its engine op (``engine.OPS``), which holds what is
engine-level: arity, forward rule, local derivatives and their formulas, and
how it is written in Python. Everything else that varies by kind is a field
here: ports, palette group and glyph, the badge on a node's face, default
numbers, and the name it has in typed expressions. ``register_kind`` adds a
kind (and its op, if the engine does not know it yet) in one call.
"""

from typing import Dict, Optional, Tuple

from ..engine import OPS, Op, fmt, register_op, unregister_op
from ..engine.record import Record


class Kind(Record):
    """A node kind: its name, group, symbol, input ports, fields and how it shows."""

    __slots__ = ("name", "group", "symbol", "ports", "description", "id_prefix", "op",
                 "has_value", "default_value", "default_exponent", "badge", "glyph",
                 "expression_name")

    def __init__(self, name: str, group: str, symbol: str, ports: Tuple[str, ...],
                 description: str, id_prefix: str, op: Optional[Op] = None,
                 has_value: bool = False, default_value: Optional[float] = None,
                 default_exponent: Optional[float] = None, badge: str = "", glyph: str = "",
                 expression_name: Optional[str] = None):
        for field, value in zip(self.__slots__, (
                name, group, symbol, ports, description, id_prefix, op, has_value,
                default_value, default_exponent, badge, glyph, expression_name)):
            object.__setattr__(self, field, value)

    @property
    def arity(self) -> int:
        """How many inputs the kind takes."""
        return len(self.ports)

    @property
    def is_leaf(self) -> bool:
        """True for kinds that hold a number instead of computing one."""
        return self.op is None

    @property
    def has_exponent(self) -> bool:
        """True for kinds with a fixed number exponent (pow)."""
        return self.op is not None and self.op.has_exponent

    def badge_text(self, exponent: Optional[float] = None) -> str:
        """What a node's face shows for its kind: input, +, tanh, **2."""
        return self.badge.format(k="" if exponent is None else fmt(exponent))


def value_kind(name: str, symbol: str, description: str, prefix: str, default: float) -> Kind:
    """A kind that holds a number: no ports, a value, its name as badge."""
    return Kind(name, "values", symbol, (), description, prefix, has_value=True,
                default_value=default, badge=name, glyph=symbol)


def op_kind(op: Op, group: str, description: str, ports: Tuple[str, ...] = ("a",),
            **fields) -> Kind:
    """A kind that computes with ``op``: its symbol as badge and glyph (cut to 3 letters)."""
    if len(ports) != op.arity:
        raise ValueError(f"the {op.name} kind has {len(ports)} ports but its op takes {op.arity}")
    fields.setdefault("badge", op.symbol)
    fields.setdefault("glyph", op.symbol if len(op.symbol) <= 2 else op.symbol[:3])
    if group == "functions":
        fields.setdefault("expression_name", op.name)
    return Kind(op.name, group, op.symbol, ports, description, op.name, op=op, **fields)


_KINDS = (
    value_kind("input", "x", "A number fed into the graph; a descent step leaves it alone.", "x", 1.0),
    value_kind("weight", "w", "A trainable parameter (a weight or a bias).", "w", 0.5),
    value_kind("const", "c", "A fixed number.", "c", 1.0),
    op_kind(OPS["add"], "operations", "a + b", ("a", "b")),
    op_kind(OPS["mul"], "operations", "a * b", ("a", "b")),
    op_kind(OPS["sub"], "operations", "a - b (order matters)", ("a", "b")),
    op_kind(OPS["div"], "operations", "a / b (order matters)", ("a", "b")),
    op_kind(OPS["pow"], "operations", "a ** k, for a fixed number k", badge="**{k}",
            default_exponent=2.0),
    # neg and sub share the symbol '-'; the glyph tells them apart.
    op_kind(OPS["neg"], "operations", "-a", glyph="-a"),
    op_kind(OPS["tanh"], "functions", "tanh(a), the hyperbolic tangent"),
    op_kind(OPS["exp"], "functions", "e ** a"),
    op_kind(OPS["log"], "functions", "the natural logarithm of a (a > 0)"),
    op_kind(OPS["relu"], "functions", "max(0, a)"),
    op_kind(OPS["sigmoid"], "functions", "1 / (1 + e ** -a)"),
)

KINDS: Dict[str, Kind] = {kind.name: kind for kind in _KINDS}
"""Every node kind by name, in palette order (``register_kind`` adds to it)."""

GROUPS = ("values", "operations", "functions")
"""The palette groups, in order."""

_OWN_OPS = set()  # ops that register_kind gave the engine, so unregister_kind takes them back


def get_kind(name: str) -> Kind:
    """Return the kind called ``name``; KeyError names the unknown kind."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown node kind {name!r}") from None


def expression_functions() -> Dict[str, str]:
    """The functions a typed expression may call, each with its kind: {"tanh": "tanh", ...}."""
    return {k.expression_name: k.name for k in KINDS.values() if k.expression_name}


def register_kind(kind: Kind) -> None:
    """Add ``kind`` to the table, and its op to the engine if the engine lacks it."""
    if kind.name in KINDS:
        raise ValueError(f"there is already a node kind {kind.name!r}")
    if kind.group not in GROUPS:
        raise ValueError(f"unknown palette group {kind.group!r}")
    if kind.arity > max(k.arity for k in KINDS.values()):
        raise ValueError(f"a kind takes at most two inputs, not {kind.arity}")
    if kind.op is not None and kind.op.name not in OPS:
        register_op(kind.op)
        _OWN_OPS.add(kind.op.name)
    KINDS[kind.name] = kind


def unregister_kind(name: str) -> None:
    """Remove the kind called ``name`` (and its op, if ``register_kind`` added that)."""
    kind = KINDS.pop(name)
    if kind.op is not None and kind.op.name in _OWN_OPS:
        _OWN_OPS.discard(kind.op.name)
        unregister_op(kind.op.name)


def unwired(ports) -> str:
    """What is missing when ``ports`` (their names) have no wire: "input a is not wired"."""
    names = ", ".join(ports)
    return f"inputs {names} are not wired" if len(ports) > 1 else f"input {names} is not wired"
