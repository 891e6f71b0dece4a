"""The backward pass's inner loop: every op node passes its grad on to its operands.

The loop runs once per node of every pass, so the built-in ops' local rules
are written out in it rather than called through the op table: a Python
call per node would cost more than the arithmetic. Each written-out rule
makes exactly the float operations of the op's ``local`` followed by the
stepper's ``local * grad``, so a pass and a walk with the stepper give the
same grads to the last bit (``1.0 * g`` is ``g`` and ``-1.0 * g`` is ``-g``
exactly). An op added with ``register_op``, or a built-in one replaced, goes
through the table.
"""

from operator import is_
from typing import List, Sequence

from .ops import OPS, _pow

_BUILT_IN = dict(OPS)  # the table as the engine ships it


class LocalRuleError(Exception):
    """A local rule failed at ``node`` with ``error`` (ZeroDivisionError, OverflowError, ValueError)."""

    def __init__(self, node, error: Exception):
        super().__init__(node, error)
        self.node = node
        self.error = error


def built_in_ops() -> bool:
    """True while every op the loop writes out is still the table's op of that name."""
    return all(map(is_, map(OPS.get, _BUILT_IN), _BUILT_IN.values()))


def propagate(order: Sequence) -> None:
    """Pass every grad back, from the last node of ``order`` to the first (grads accumulate)."""
    if not built_in_ops():
        _propagate_through_table(order)
        return
    tanh_op, exp_op, relu_op, sigmoid_op = "tanh", "exp", "relu", "sigmoid"
    node = None
    try:
        for node in reversed(order):
            a = node._a  # the first operand; None for a leaf
            if a is None:
                if node._b is not None:  # made with more than two operands
                    _through_table(node, node._prev, node.grad)
                continue
            op = node._op
            g = node.grad
            if op == "mul":
                b = node._b
                a.grad += b.data * g
                b.grad += a.data * g
            elif op == "add":
                a.grad += g
                node._b.grad += g
            elif op == tanh_op:
                o = node.data
                a.grad += (1.0 - o * o) * g
            elif op == "pow":
                k = node._arg
                a.grad += (k * _pow(a.data, k - 1.0)) * g
            elif op == relu_op:
                a.grad += (1.0 if node.data > 0.0 else 0.0) * g
            elif op == "sub":
                a.grad += g
                node._b.grad += -g
            elif op == "neg":
                a.grad += -g
            elif op == exp_op:
                a.grad += node.data * g
            elif op == sigmoid_op:
                o = node.data
                a.grad += (o * (1.0 - o)) * g
            elif op == "div":
                b = node._b
                a_data, b_data = a.data, b.data
                first, second = 1.0 / b_data, -a_data / (b_data * b_data)
                a.grad += first * g
                b.grad += second * g
            elif op == "log":
                a.grad += (1.0 / a.data) * g
            else:
                _through_table(node, node._prev, g)
    except (ZeroDivisionError, OverflowError, ValueError) as error:
        raise LocalRuleError(node, error) from None


def _through_table(node, prev, g) -> None:
    local = OPS[node._op].local(prev[0].data, prev[1].data if len(prev) == 2 else None,
                                node.data, node._arg)
    prev[0].grad += local[0] * g
    if len(prev) == 2:
        prev[1].grad += local[1] * g


def _propagate_through_table(order: Sequence) -> None:
    node = None
    try:
        for node in reversed(order):
            prev = node._prev
            if prev:
                _through_table(node, prev, node.grad)
    except (ZeroDivisionError, OverflowError, ValueError) as error:
        raise LocalRuleError(node, error) from None


def first_not_finite(order: Sequence):
    """The first node of ``order`` whose grad is inf or nan, else None."""
    # One sum in C tells whether there can be one at all; only then look node by
    # node (a sum of finite grads may overflow too, so the look may find none).
    total = sum([node.grad for node in order])
    if total - total == 0.0:
        return None
    for node in order:
        if node.grad - node.grad != 0.0:
            return node
    return None

