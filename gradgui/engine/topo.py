"""Topological order of a value graph, without recursion."""

from _thread import allocate_lock
from typing import Iterable, List, Tuple

# A sort of gradgui Values marks each value it has visited with a token of its
# own (the ``_mark`` slot) instead of keeping a set: a set lookup per operand
# and the set's growth are most of a sort's time. One sort at a time may mark;
# a sort that finds the marks taken (another thread sorting, or a sort started
# from inside one) keeps a set instead, so no two sorts ever read each other's
# marks. A fresh token per sort makes every older mark stale at once.
_marks = allocate_lock()


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
                    return _marked_order(roots, object())
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
            return _marked_op_order(root, object())
        finally:
            _marks.release()
    order = _value_order([root])
    return [n for n in order if n._a is not None or n._b is not None], \
        [n for n in order if n._a is None and n._b is None]


def _marked_order(roots: List, token) -> List:
    """``topological_order`` of gradgui Values, marking each visited one with ``token``."""
    order = []
    append = order.append
    for root in roots:
        if root._mark is token:
            continue
        # As in _order, with two shortcuts: a leaf operand that would be visited
        # straight away is put in the order at once, and so is a value whose
        # operands need no visit; neither goes on the stack.
        stack = [root]
        push, pop = stack.append, stack.pop
        while stack:
            node = pop()
            if node is None:
                append(pop())
                continue
            if node._mark is token:
                continue
            node._mark = token
            a = node._a
            if a is None:
                many = node._b  # a leaf, or a value made with more than two operands
                if many is None:
                    append(node)
                    continue
                push(node)
                push(None)
                for child in reversed(many):
                    if child._mark is not token:
                        push(child)
                continue
            b = node._b
            if a._mark is not token:
                if a._a is None and a._b is None:
                    a._mark = token
                    append(a)
                else:  # a's operands first, then b, then the node
                    push(node)
                    push(None)
                    if b is not None and b._mark is not token:
                        push(b)
                    push(a)
                    continue
            if b is not None and b._mark is not token:
                if b._a is None and b._b is None:
                    b._mark = token
                    append(b)
                else:
                    push(node)
                    push(None)
                    push(b)
                    continue
            append(node)
    return order


def _marked_op_order(root, token) -> Tuple[List, List]:
    """``op_order`` with marks: ``_marked_order`` that puts leaves in a list of their own."""
    order, leaves = [], []
    append, leaf = order.append, leaves.append
    # Leaves have no operands, so when a leaf is met changes nothing in the op
    # nodes' order: every leaf operand is taken as soon as its user is visited.
    stack = [root]
    push, pop = stack.append, stack.pop
    while stack:
        node = pop()
        if node is None:
            append(pop())
            continue
        if node._mark is token:
            continue
        node._mark = token
        a = node._a
        if a is None:
            many = node._b
            if many is None:  # a leaf: the root, or an operand of a value with many
                leaf(node)
                continue
            push(node)
            push(None)
            for child in reversed(many):
                if child._mark is not token:
                    push(child)
            continue
        b = node._b
        if b is not None and b._mark is not token:
            if b._a is None and b._b is None:
                b._mark = token
                leaf(b)
                b = None
        else:
            b = None
        if a._mark is not token:
            if a._a is None and a._b is None:
                a._mark = token
                leaf(a)
                a = None
        else:
            a = None
        if a is None and b is None:
            append(node)
            continue
        push(node)
        push(None)
        if b is not None:
            push(b)
        if a is not None:
            push(a)
    return order, leaves


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
