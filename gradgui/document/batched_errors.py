"""Errors of a batched pass: which maths failed, in which row of which node.

A pass runs each group of nodes as one array operation under numpy's
raising error state; when one fails, the group is worked out once more
without raising, and the first non-finite number (by node order, then row)
names the node and the row.
"""

from typing import Optional, Tuple

import numpy as np

from .batched_rules import forward_fresh, local_fresh
from .errors import DocumentError


class BatchError(DocumentError):
    """Maths that leaves the real numbers on some row, naming the row and the node."""

    def __init__(self, message: str, node: str, row: Optional[int] = None):
        super().__init__(message)
        self.node = node
        self.row = row


def _first_bad(program, group, values) -> Tuple[int, int]:
    """The member (by place in the order) and row of the first non-finite number."""
    bad = ~np.isfinite(np.broadcast_to(values, (len(group.members), values.shape[-1])))
    members = [m for m in range(len(group.members)) if bad[m].any()]
    m = min(members, key=lambda m: program.node_at_row_slot[group.members[m]])
    return m, int(np.flatnonzero(bad[m])[0])


def forward_error(program, group, a, b) -> BatchError:
    """The error a group's forward rule met: the reason, the first bad row and its node."""
    kind, k = group.kind, group.k
    with np.errstate(all="ignore"):
        out = forward_fresh(kind, a, b, k)
    m, r = _first_bad(program, group, out)
    a_r = float(np.broadcast_to(a, out.shape)[m, r])
    b_r = None if b is None else float(np.broadcast_to(b, out.shape)[m, r])
    if kind == "log":
        reason = "log of zero" if a_r == 0.0 else "log of a negative number"
    elif kind == "div" and b_r == 0.0 or kind == "pow" and a_r == 0.0 and k < 0.0:
        reason = "division by zero"
    elif np.isnan(out[m, r]):
        reason = "the result is not a real number"
    else:
        reason = "the result is too large (overflow)"
    return _error(program, reason, group, m, r)


def backward_error(program, group, a, b, o, g) -> BatchError:
    """The error a group's backward met: the reason, the first bad row and its node."""
    with np.errstate(all="ignore"):
        local = [local_fresh(group.kind, place, a, b, o, group.k)
                 for place in range(len(group.operands))]
        for d in local:
            if d is not None and not np.isfinite(d).all():
                m, r = _first_bad(program, group, np.broadcast_to(d, g.shape))
                return _error(program, "the derivative is infinite here", group, m, r)
        for d in local:
            part = g if d is None else d * g
            if not np.isfinite(part).all():
                m, r = _first_bad(program, group, np.broadcast_to(part, g.shape))
                return _error(program, "the grad is too large (overflow)", group, m, r)
    m, r = _first_bad(program, group, np.full(g.shape, np.nan))
    return _error(program, "the grads are too large (overflow)", group, m, r)


def _error(program, reason: str, group, m: int, row: int) -> BatchError:
    i = program.node_at_row_slot[group.members[m]]
    return BatchError(f"{reason} in row {row} of node '{program.labels[i]}'", program.order[i], row)
