"""The node kinds: the one place that says what each kind is and takes."""

from dataclasses import dataclass
from typing import Optional, Tuple

from ..engine import OPS, Op


@dataclass(frozen=True)
class Kind:
    """A node kind: its name, group, symbol, input ports and fields."""

    name: str
    group: str
    symbol: str
    ports: Tuple[str, ...]
    description: str
    id_prefix: str
    op: Optional[Op] = None
    has_value: bool = False
    has_exponent: bool = False

    @property
    def arity(self) -> int:
        """How many inputs the kind takes."""
        return len(self.ports)

    @property
    def is_leaf(self) -> bool:
        """True for kinds that hold a number instead of computing one."""
        return self.op is None


def _value(name, symbol, description, prefix):
    return Kind(name, "values", symbol, (), description, prefix, has_value=True)


def _op(name, group, description, ports=("a",), **extra):
    op = OPS[name]
    return Kind(name, group, op.symbol, ports, description, name, op=op, **extra)


_KINDS = (
    _value("input", "x", "A number fed into the graph; a descent step leaves it alone.", "x"),
    _value("weight", "w", "A trainable parameter (a weight or a bias).", "w"),
    _value("const", "c", "A fixed number.", "c"),
    _op("add", "operations", "a + b", ("a", "b")),
    _op("mul", "operations", "a * b", ("a", "b")),
    _op("sub", "operations", "a - b (order matters)", ("a", "b")),
    _op("div", "operations", "a / b (order matters)", ("a", "b")),
    _op("pow", "operations", "a ** k, for a fixed number k", has_exponent=True),
    _op("neg", "operations", "-a"),
    _op("tanh", "functions", "tanh(a), the hyperbolic tangent"),
    _op("exp", "functions", "e ** a"),
    _op("log", "functions", "the natural logarithm of a (a > 0)"),
    _op("relu", "functions", "max(0, a)"),
    _op("sigmoid", "functions", "1 / (1 + e ** -a)"),
)

KINDS = {kind.name: kind for kind in _KINDS}
"""Every node kind by name, in palette order."""

GROUPS = ("values", "operations", "functions")
"""The palette groups, in order."""


def get_kind(name: str) -> Kind:
    """Return the kind called ``name``; KeyError names the unknown kind."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown node kind {name!r}") from None
