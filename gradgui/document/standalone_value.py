"""The source of a small ``Value`` class that an exported script carries, so it needs no gradgui.

The class is written for the ops a graph uses, with the method each op has
on gradgui's own ``Value`` (the engine's op table: ``op.method``), so the
script's statements read the same either way. Each op's forward rule and
local derivatives are written below as Python on floats (``a`` and ``b``
the operands' data, ``k`` a power's exponent, ``o`` the result's data), with
exactly the float operations of the engine's own rules, and the backward
pass visits nodes in the engine's order and adds ``local * grad`` as it
does: the script prints the very grads the editor shows, bit for bit.
A test holds each text to its op's rule in the engine.
"""

import re
from typing import Dict, Iterable, List, Tuple

from ..engine import OPS
from .errors import DocumentError

SOURCES: Dict[str, Tuple[str, Tuple[str, ...]]] = {
    "add": ("a + b", ("1.0", "1.0")),
    "sub": ("a - b", ("1.0", "-1.0")),
    "mul": ("a * b", ("b", "a")),
    "div": ("a / b", ("1.0 / b", "-a / (b * b)")),
    "pow": ("a ** k", ("k * a ** (k - 1.0)",)),
    "neg": ("-a", ("-1.0",)),
    "tanh": ("math.tanh(a)", ("1.0 - o * o",)),
    "exp": ("math.exp(a)", ("o",)),
    "log": ("math.log(a)", ("1.0 / a",)),
    "relu": ("0.0 if a <= 0.0 else a", ("1.0 if o > 0.0 else 0.0",)),
    # The engine's two branches: exp of a large positive number would overflow.
    "sigmoid": ("1.0 / (1.0 + math.exp(-a)) if a >= 0.0 else math.exp(a) / (1.0 + math.exp(a))",
                ("o * (1.0 - o)",)),
}
"""Each op's forward rule and local derivatives as Python on floats, by op name."""

_HEAD = '''\
class Value:
    """A number in a computation graph, with its grad: a minimal micrograd-style engine."""

    def __init__(self, data, _children=(), _op='', label=''):
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_children)  # operands, in order
        self._op = _op
        self._local = None  # returns d(self)/d(operand) for each operand
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r}, label={self.label!r})"

    def backward(self):
        """Set this value's grad to 1 and backpropagate; grads add up with +=."""
        order, seen = [], {id(self)}
        stack = [(self, iter(self._prev))]
        while stack:  # depth first, operands in order, without recursion
            node, operands = stack[-1]
            for child in operands:
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, iter(child._prev)))
                    break
            else:
                stack.pop()
                order.append(node)
        self.grad = 1.0
        for node in reversed(order):
            if node._prev:
                local = node._local()
                node._prev[0].grad += local[0] * node.grad
                if len(node._prev) == 2:
                    node._prev[1].grad += local[1] * node.grad
'''


def without_source(op_names: Iterable[str]) -> List[str]:
    """The ops named that the standalone class cannot carry (no Python text for them), sorted."""
    return sorted(name for name in set(op_names) if name not in SOURCES or name not in OPS)


def value_class_source(op_names: Iterable[str]) -> str:
    """The ``Value`` class with a method for each op named (in the engine's table order)."""
    wanted = set(op_names)
    missing = without_source(wanted)
    if missing:
        raise DocumentError(f"cannot write a standalone script for the op {missing[0]!r}")
    lines: List[str] = [_HEAD]
    for name in OPS:
        if name in wanted:
            lines.append(_method(name))
    return "\n".join(lines)


def _method(name: str) -> str:
    op = OPS[name]
    forward, local = SOURCES[name]
    if op.arity == 2:
        params, operands, data = "self, other", "(self, other)", "a, b = self.data, other.data"
    elif getattr(op, "has_exponent", name == "pow"):
        params, operands, data = "self, k", "(self,)", "a, k = self.data, float(k)"
    else:
        params, operands, data = "self", "(self,)", "a = self.data"
    uses_o = any("o" in _names(text) for text in local)
    local_text = ", ".join(local) + ("," if len(local) == 1 else "")
    body = [f"    def {_method_name(op)}({params}):",
            f"        {data}",
            f"        out = Value({forward}, {operands}, {name!r})"]
    if uses_o:
        body.append("        o = out.data")
    body += [f"        out._local = lambda: ({local_text})",
             "        return out",
             ""]
    return "\n".join(body)


def _method_name(op) -> str:
    """The method gradgui's Value applies the op with (the table's, where it names one)."""
    method = getattr(op, "method", "")
    if method:
        return method
    defaults = {"add": "__add__", "sub": "__sub__", "mul": "__mul__", "div": "__truediv__",
                "pow": "__pow__", "neg": "__neg__"}
    return defaults.get(op.name, op.name)


def _names(text: str) -> set:
    """The identifiers in a small expression."""
    return set(re.findall(r"[A-Za-z_]\w*", text))
