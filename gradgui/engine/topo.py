"""Topological order of a value graph, without recursion."""

from typing import Iterable, List


def topological_order(roots: Iterable) -> List:
    """Return every value reachable from ``roots``, operands before users.

    The order is the one a recursive depth-first build would give (operands
    visited in order), but an explicit stack lets any depth work.
    """
    order = []
    seen = set()
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(root._prev))]
        while stack:
            node, pending = stack[-1]
            for child in pending:
                if child not in seen:
                    seen.add(child)
                    if child._prev:
                        stack.append((child, iter(child._prev)))
                        break
                    # A leaf would be pushed and popped at once: skip the stack.
                    order.append(child)
            else:
                stack.pop()
                order.append(node)
    return order
