"""Topological order of a value graph, without recursion."""

from _thread import allocate_lock
from typing import Iterable, List, Tuple

# A sort of gradgui Values marks each value it has visited with a token of its
# own (the ``_mark`` slot) instead of keeping a set: a set lookup per operand
# and the set's growth were most of a sort's time. One sort at a time may mark;
# a sort that finds the marks taken (another thread sorting, or a sort started
# from inside one) keeps a set instead, so no two sorts ever read each other's
# marks. A fresh token per sort makes every older mark stale at once.
_marks = allocate_lock()


class _ManyOperands(Exception):
    """A value made by the constructor with more than two operands: the walk leaves it to
    the sort with a set."""


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
            if _marks.acquire(False):
                try:
                    order = []
                    token = object()
                    for root in roots:
                        if root._mark is not token:
                            _walk(root, token, order, order)
                    return order
                except _ManyOperands:
                    pass
                finally:
                    _marks.release()
            return _value_order(roots)
        except AttributeError:  # an operand that is not a Value, given to the constructor
            pass
    return _order(roots)


def op_order(root) -> Tuple[List, List]:
    """The op nodes reachable from the Value ``root`` in ``topological_order``'s order, and
    its leaves in no particular order: a backward pass needs the one, checks the other.

    AttributeError when an operand is not a Value.
    """
    if _marks.acquire(False):
        try:
            order, leaves = [], []
            # Leaves have no operands, so when a leaf is met changes nothing in
            # the op nodes' order: a list of their own loses nothing.
            _walk(root, object(), order, leaves)
            return order, leaves
        except _ManyOperands:
            pass
        finally:
            _marks.release()
    order = _value_order([root])
    return ([n for n in order if n._a is not None or n._b is not None],
            [n for n in order if n._a is None and n._b is None])


def _walk(root, token, order: List, leaves: List) -> None:
    """Add the values reachable from ``root`` and not marked with ``token`` to ``order`` in
    depth-first order, marking them; leaves go to ``leaves`` (which may be ``order``).

    The recursive build, with the stack holding the path from ``root`` down: go down
    first operands as far as they are new, then look at the second operand of the
    node reached; a new op there is gone down the same way, else the node is
    finished and its user, popped, gets its second operand looked at in turn (when
    the node was that operand, it is marked by now and the user finishes too).
    """
    # The list methods are called on the lists themselves, not through bound
    # methods kept in locals: CPython 3.11 and newer specialise such calls,
    # which measured a few ns per node quicker.
    stack = []
    root._mark = token
    node = root
    if node._a is None:
        if node._b is not None:
            raise _ManyOperands
        leaves.append(node)
        return
    while True:
        a = node._a
        while a._mark is not token:
            a._mark = token
            if a._a is None:
                if a._b is not None:
                    raise _ManyOperands
                leaves.append(a)
                break
            stack.append(node)
            node = a
            a = node._a
        while True:
            b = node._b
            if b is not None and b._mark is not token:
                b._mark = token
                if b._a is not None:
                    stack.append(node)
                    node = b
                    break
                if b._b is not None:
                    raise _ManyOperands
                leaves.append(b)
            order.append(node)
            if not stack:
                return
            node = stack.pop()


def _value_order(roots: List) -> List:
    """``topological_order`` of gradgui Values with a set of visited ones (no marks)."""
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
