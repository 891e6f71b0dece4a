"""Topological order of a value graph, without recursion."""

from typing import Iterable, List


def topological_order(roots: Iterable) -> List:
    """Return every value reachable from ``roots``, operands before users.

    The order is the one a recursive depth-first build would give (operands
    visited in order), but an explicit stack lets any depth work.
    """
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
