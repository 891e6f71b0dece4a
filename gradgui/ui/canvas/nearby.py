"""Where each wire lies, to find the wires near what the views show without a look at
each one in Python: a big graph makes wire items only for those."""

from typing import Container, List, Tuple

from PySide6.QtCore import QRectF

from ...document import KINDS, Wire
from ..geometry import HEIGHT, WIDTH

_LEAST_BEND = 40.0  # as wire_path bends: max(this, half the way across)

REACH = 6.0  # scene units beyond a curve's bounds: its pen, and a click's reach
PIECES = 16  # a curve is looked at as this many pieces when its bounds meet a rect


def near_rect(shown: QRectF, views: float) -> QRectF:
    """``shown`` grown by ``views`` times its size on every side."""
    w, h = shown.width() * views, shown.height() * views
    return shown.adjusted(-w, -h, w, h)


class Spans:
    """Where every node's box and every wire's curve (as ``wire_path`` draws it) lie,
    in arrays.

    Made again from the document's positions when told that they changed.
    """

    def __init__(self):
        self._wires: List[Tuple[str, str, int]] = []  # source, target, port
        self._bounds = None  # an array: left, top, right, bottom of each wire
        self._ends = None  # an array: x1, y1, x2, y2 of each wire (its ports)
        self._nodes: List[str] = []
        self._corners = None  # an array: x, y of each node's top left
        self._wire_nodes = None  # arrays: each wire's source and target, as node numbers
        self._hidden = None  # (the hidden nodes last asked about, which wires they hide)

    def forget(self) -> None:
        """Positions or wires changed: worked out again when next asked."""
        self._wires, self._bounds, self._ends = [], None, None
        self._nodes, self._corners = [], None
        self._wire_nodes = self._hidden = None

    def nodes_within(self, doc, rect: QRectF, margin: float = 2 * REACH) -> List[str]:
        """The nodes whose boxes, grown by ``margin`` (their ports and marks), overlap ``rect``."""
        import numpy as np
        if self._corners is None:
            self._nodes = list(doc.nodes())
            self._corners = np.array([p for _, p in doc.positions()], dtype=float).reshape(-1, 2).T
        if not self._nodes:
            return []
        x, y = self._corners
        hit = ((x - margin <= rect.right()) & (x + WIDTH + margin >= rect.left())
               & (y - margin <= rect.bottom()) & (y + HEIGHT + margin >= rect.top()))
        nodes = self._nodes
        return [nodes[i] for i in np.flatnonzero(hit).tolist()]

    def crossing(self, doc, rect: QRectF) -> List[Wire]:
        """The wires whose curves may pass through ``rect``."""
        wires = self._wires_list(doc)
        return [Wire(*wires[i]) for i in self._hits(rect)]

    def ends_crossing(self, doc, rect: QRectF, hidden: Container[str] = (), reach: float = REACH
                      ) -> List[Tuple[Tuple[str, str, int], float, float, float, float]]:
        """The wires whose curves may pass within ``reach`` of ``rect``, as (source, target,
        port) with the ends of each curve: x1, y1 (the output port), x2, y2 (the input port);
        none with an end in ``hidden`` (a collection never changed after it is given).

        Of a long wire, its bounds often meet the rect where the curve itself passes far
        away: Qt then cuts the whole curve to the screen to draw nothing. Those are left
        out (see _passing)."""
        hits, ends = self.ends_array(doc, rect, hidden, reach)
        wires = self._wires
        return list(zip([wires[i] for i in hits.tolist()], *(row.tolist() for row in ends)))

    def ends_array(self, doc, rect: QRectF, hidden: Container[str] = (), reach: float = REACH):
        """The wires of ``ends_crossing`` in arrays: their numbers, and the ends of their
        curves as four rows (x1, y1, x2, y2)."""
        import numpy as np
        self._wires_list(doc)
        hits = self._hit_array(rect)
        if len(hits) and hidden:
            # Thousands of long wires inside collapsed boxes cross a view at 1:1: dropped
            # here in one go, not one by one.
            hits = hits[~self._hidden_wires(doc, hidden)[hits]]
        if not len(hits):
            return hits, np.empty((4, 0))
        ends = self._ends[:, hits]
        near = _passing(*ends, rect.adjusted(-reach, -reach, reach, reach))
        return hits[near], ends[:, near]

    def _hidden_wires(self, doc, hidden: Container[str]):
        """Which wires (an array of flags) have an end in ``hidden``: kept for the same
        collection (held, so that no other one can come to have its id)."""
        import numpy as np
        if self._hidden is not None and self._hidden[0] is hidden:
            return self._hidden[1]
        if self._wire_nodes is None:
            names = list(doc.nodes())
            number = {node_id: i for i, node_id in enumerate(names)}
            count = len(self._wires)
            self._wire_nodes = tuple(
                np.fromiter(map(number.__getitem__, (w[end] for w in self._wires)),
                            dtype=np.int64, count=count) for end in (0, 1)) + (names, number)
        sources, targets, names, _ = self._wire_nodes
        # A look at every node (a millisecond for 10k): kept, and brought up to date
        # by hidden_changed when a box opens or closes.
        inside = np.fromiter(map(hidden.__contains__, names), dtype=bool, count=len(names))
        self._hidden = (hidden, inside[sources] | inside[targets], inside)
        return self._hidden[1]

    def hidden_changed(self, before: Container[str], after: Container[str], touched) -> None:
        """The hidden nodes are now ``after``, which differs from ``before`` only in the
        nodes ``touched``: which wires they hide is worked out for those alone."""
        kept = self._hidden
        if kept is None or kept[0] is not before or self._wire_nodes is None:
            return
        sources, targets, _, number = self._wire_nodes
        if len(touched) * 8 > len(number):
            self._hidden = None  # many boxes opened or closed: looked at afresh if needed
            return
        inside = kept[2].copy()
        for node_id in touched:
            i = number.get(node_id)
            if i is not None:
                inside[i] = node_id in after
        self._hidden = (after, inside[sources] | inside[targets], inside)

    def _wires_list(self, doc) -> List[Tuple[str, str, int]]:
        if self._bounds is None:
            self._measure(doc)
        return self._wires

    def _hits(self, rect: QRectF) -> List[int]:
        return self._hit_array(rect).tolist()

    def _hit_array(self, rect: QRectF):
        import numpy as np  # here: the window's start needs none of it
        if not self._wires:
            return np.empty(0, dtype=np.int64)
        left, top, right, bottom = self._bounds
        hit = ((left <= rect.right()) & (right >= rect.left())
               & (top <= rect.bottom()) & (bottom >= rect.top()))
        return np.flatnonzero(hit)

    def _measure(self, doc) -> None:
        import numpy as np
        nodes = doc.nodes()
        arity = {name: kind.arity for name, kind in KINDS.items()}
        # Plain tuples: a Wire is made only for the few wires asked for.
        self._wires = wires = [(source, target, port) for source, target, ports in doc.wire_groups()
                               for port in ports]
        ends = np.empty((4, len(wires)))
        if wires:
            starts = [nodes[source]["pos"] for source, _, _ in wires]
            targets = [(nodes[target], port) for _, target, port in wires]
            ends[0] = [x for x, _ in starts]
            ends[1] = [y for _, y in starts]
            ends[2] = [attrs["pos"][0] for attrs, _ in targets]
            ends[3] = [attrs["pos"][1] + HEIGHT * (port + 1) / (arity[attrs["kind"]] + 1)
                       for attrs, port in targets]
        x1, y1 = ends[0] + WIDTH, ends[1] + HEIGHT / 2  # the output port (see port_offset)
        x2, y2 = ends[2], ends[3]
        self._ends = np.array([x1, y1, x2, y2])
        bend = np.maximum(40.0, np.abs(x2 - x1) * 0.5)  # as wire_path bends
        self._bounds = np.array([np.minimum(x1, x2 - bend) - REACH,
                                 np.minimum(y1, y2) - REACH,
                                 np.maximum(x2, x1 + bend) + REACH,
                                 np.maximum(y1, y2) + REACH])


def _passing(x1, y1, x2, y2, rect: QRectF):
    """For curves drawn as ``wire_path`` draws them (arrays of their ends), False for those
    that surely stay outside ``rect``; True for the others.

    A curve running rightwards at least twice its least bend has its control points
    in order along x, and every curve has them in order along y, so x and y both
    only grow (or only shrink) along it: each piece between two points on it lies
    in the box those two points span. A curve whose boxes all miss ``rect`` misses
    it. Curves bending back are kept whatever their course.
    """
    import numpy as np
    t = np.linspace(0.0, 1.0, PIECES + 1)
    # wire_path's cubic, with bend = dx / 2 (control points x1, x1 + dx / 2 twice, x2;
    # y1 twice, y2 twice), at each t.
    along_x = 1.5 * t * (1.0 - t) + t ** 3
    along_y = (3.0 - 2.0 * t) * t * t
    xs = x1[:, None] + (x2 - x1)[:, None] * along_x
    ys = y1[:, None] + (y2 - y1)[:, None] * along_y
    lo_x, hi_x = np.minimum(xs[:, :-1], xs[:, 1:]), np.maximum(xs[:, :-1], xs[:, 1:])
    lo_y, hi_y = np.minimum(ys[:, :-1], ys[:, 1:]), np.maximum(ys[:, :-1], ys[:, 1:])
    meets = ((lo_x <= rect.right()) & (hi_x >= rect.left())
             & (lo_y <= rect.bottom()) & (hi_y >= rect.top())).any(axis=1)
    return meets | (x2 - x1 < 2 * _LEAST_BEND)
