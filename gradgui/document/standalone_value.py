"""The source of a small ``Value`` class that an exported script carries, so it needs no gradgui.

The class is written for the ops a graph uses, from the engine's op table:
each op's method (``op.method``, as on gradgui's own ``Value``, so the
script's statements read the same either way) computes with the op's
``forward_python`` and ``local_python``, its rules as Python on floats with
exactly the engine's float operations. The backward pass visits nodes in
the engine's order and adds ``local * grad`` as it does: the script prints
the very grads the editor shows, bit for bit. A test holds each op's texts
to its rules.
"""

import re
from typing import Iterable, List

from ..engine import OPS
from .errors import DocumentError

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
    return sorted(name for name in set(op_names) if name not in OPS or not OPS[name].forward_python)


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
    forward, local = op.forward_python, op.local_python
    if op.arity == 2:
        params, operands, data = "self, other", "(self, other)", "a, b = self.data, other.data"
    elif op.has_exponent:
        params, operands, data = "self, k", "(self,)", "a, k = self.data, float(k)"
    else:
        params, operands, data = "self", "(self,)", "a = self.data"
    uses_o = any("o" in _names(text) for text in local)
    local_text = ", ".join(local) + ("," if len(local) == 1 else "")
    body = [f"    def {op.method}({params}):",
            f"        {data}",
            f"        out = Value({forward}, {operands}, {name!r})"]
    if uses_o:
        body.append("        o = out.data")
    body += [f"        out._local = lambda: ({local_text})",
             "        return out",
             ""]
    return "\n".join(body)


def _names(text: str) -> set:
    """The identifiers in a small expression."""
    return set(re.findall(r"[A-Za-z_]\w*", text))
