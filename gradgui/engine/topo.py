"""Topological order of a value graph, without recursion."""

from typing import Iterable, List


def topological_order(roots: Iterable) -> List:
    """Return every value reachable from ``roots``, operands before users.

    The order is the one a recursive depth-first build would give (operands
    visited in order), but an explicit stack lets any depth work. The
    values may be anything with a ``_prev`` tuple of operands.
    """
    from .value import Value
    roots = list(roots)
    if all(root.__class__ is Value for root in roots):
        try:
            return _value_order(roots)
        except AttributeError:  # an operand that is not a Value, given to the constructor
            pass
    return _order(roots)


def _value_order(roots: List) -> List:
    """``topological_order`` of gradgui Values, read from their two operand slots."""
    order = []
    seen = set()
    append, see = order.append, seen.add
    for root in roots:
        if root in seen:
            continue
        stack = [root]  # as in _order
        push, pop = stack.append, stack.pop
        while stack:
            node = pop()
            if node is None:
                append(pop())
                continue
            if node in seen:
                continue
            see(node)
            a = node._a
            if a is None:
                many = node._b  # a leaf, or a value made with more than two operands
                if many is None:
                    append(node)
                    continue
                push(node)
                push(None)
                for child in reversed(many):
                    if child not in seen:
                        push(child)
                continue
            push(node)
            push(None)
            b = node._b
            if b is not None and b not in seen:
                push(b)
            if a not in seen:
                push(a)
    return order


def _order(roots: List) -> List:
    order = []
    seen = set()
    append, see = order.append, seen.add
    for root in roots:
        if root in seen:
            continue
        # The stack holds values still to visit, and for each value being visited
        # the value itself under a None: popping that None finishes the value.
        # Operands go on in reverse, so the first is visited first; one already
        # seen by the time it comes up is passed over, as recursion would.
        stack = [root]
        push, pop = stack.append, stack.pop
        while stack:
            node = pop()
            if node is None:
                append(pop())
                continue
            if node in seen:
                continue
            see(node)
            prev = node._prev
            if not prev:
                append(node)
                continue
            push(node)
            push(None)
            if len(prev) == 2:
                if prev[1] not in seen:
                    push(prev[1])
                if prev[0] not in seen:
                    push(prev[0])
            else:
                for child in reversed(prev):
                    if child not in seen:
                        push(child)
    return order
