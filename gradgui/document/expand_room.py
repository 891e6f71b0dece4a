"""Room for a box that opens: the moves that keep an expanded group's nodes off the rest.

Auto Layout packs collapsed boxes a column apart, while what a box hides
is laid out around the box and is usually many columns wide. Opened as it
is, a neuron's staircase would be drawn over the boxes beside it, and its
first products would stand left of the inputs that feed them. So when an
opening group's nodes would cover anything else shown, or one of their
wires would run right to left, they are set to start at the box's column
and the rest moves aside as a layered picture would have it: whatever
stands right of the box's column moves right by the width the group needs
beyond the box, what shares the box's column moves up or down out of the
group's rows, and what stands left of it stays. Every wire that ran left
to right still does. A group that fits where its nodes are moves nothing.

Pure and headless: it reads a fold plan (what shows, where each box is)
and the document's positions, and gives the moves as one command.
"""

from typing import Dict, Iterable, List, Optional, Tuple

from .commands import Command, move_nodes
from .folding import FoldPlan

GAP = 20.0
"""Free space kept between the opened group's nodes and anything else, in canvas units."""

Rect = Tuple[float, float, float, float]  # left, top, right, bottom


def room_for(doc, plan: FoldPlan, gids: Iterable[str]) -> Optional[Command]:
    """The moves that make room for the boxes ``gids`` of ``plan`` to open (None: they fit
    where they are). Groups are opened in turn, each seeing the room made for those before."""
    room = _Room(doc, plan)
    for gid in gids:
        if gid in plan.boxes:
            room.open(gid)
    moves = {n: p for n, p in room.pos.items() if tuple(doc.pos(n)) != p}
    if not moves:
        return None
    command = move_nodes(moves)
    command.text = "Make room"
    return command


class _Room:
    """Positions as the moves so far leave them, and the groups opened so far."""

    def __init__(self, doc, plan: FoldPlan):
        self.doc, self.plan = doc, plan
        self.pos: Dict[str, Tuple[float, float]] = {}  # the nodes moved so far
        self.box_shift: Dict[str, Tuple[float, float]] = {}  # the boxes moved so far
        self.opened: List[str] = []

    def at(self, node_id: str) -> Tuple[float, float]:
        """Where a node is, with the moves so far."""
        found = self.pos.get(node_id)
        return found if found is not None else tuple(self.doc.pos(node_id))

    def move(self, node_ids: Iterable[str], dx: float, dy: float) -> None:
        """Move these nodes by (dx, dy)."""
        for node_id in node_ids:
            x, y = self.at(node_id)
            self.pos[node_id] = (x + dx, y + dy)

    def box_rect(self, gid: str) -> Rect:
        """Where box ``gid`` is drawn, with the moves so far."""
        box = self.plan.boxes[gid]
        dx, dy = self.box_shift.get(gid, (0.0, 0.0))
        return (box.x + dx, box.y + dy, box.x + dx + box.width, box.y + dy + box.height)

    def open(self, gid: str) -> None:
        """Make room for box ``gid``'s nodes, if they would cover anything else."""
        width, height = self.plan.size
        members = self.plan.members[gid]
        inner = _bounds((self.at(n) for n in members), width, height)
        items = self.items(gid)
        if self.runs_back(gid) or _covers(
                [_grown(_bounds([self.at(n)], width, height), GAP) for n in members],
                [rect for rect, _, _ in items]):
            start = self.box_rect(gid)
            shift = start[0] - inner[0]
            self.move(members, shift, 0.0)
            inner = (start[0], inner[1], inner[2] + shift, inner[3])
            wider = max(0.0, inner[2] - start[2])
            above = max(0.0, start[1] - inner[1] + GAP)
            below = max(0.0, inner[3] - start[3] + GAP)
            middle = (start[1] + start[3]) / 2.0
            for (left, top, right, bottom), is_box, what in items:
                if left >= start[2]:
                    dx, dy = wider, 0.0
                elif right > start[0]:  # in the box's column: out of the group's rows
                    dx, dy = 0.0, (-above if (top + bottom) / 2.0 < middle else below)
                else:
                    continue
                if dx or dy:
                    if is_box:
                        sx, sy = self.box_shift.get(what, (0.0, 0.0))
                        self.box_shift[what] = (sx + dx, sy + dy)
                        self.move(self.plan.members[what], dx, dy)
                    else:
                        self.move((what,), dx, dy)
        self.opened.append(gid)

    def runs_back(self, gid: str) -> bool:
        """True when a wire between group ``gid``'s nodes and a node that shows would run
        right to left where its link to the box ran left to right. (Wires to other boxes
        don't count: a box stands at its outputs' column, which in a layout not made by
        Auto Layout may be far from where its wires start.)"""
        graph, inside, hidden = self.doc.graph, set(self.plan.members[gid]), self.plan.hidden
        shown = (None, *self.opened)  # the boxes opened before this one show their nodes
        width = self.plan.size[0]
        box_left, _, box_right, _ = self.box_rect(gid)
        for node_id in inside:
            left = self.at(node_id)[0]
            for source in graph.pred[node_id]:
                if source not in inside and hidden.get(source) in shown:
                    if left < self.at(source)[0] + width <= box_left:
                        return True
            for target in graph.succ[node_id]:
                if target not in inside and hidden.get(target) in shown:
                    if box_right <= self.at(target)[0] < left + width:
                        return True
        return False

    def items(self, gid: str) -> List[Tuple[Rect, bool, str]]:
        """Everything but group ``gid`` that shows once it opens: its rect, whether it is a
        box that stays collapsed, and its node or group id."""
        width, height = self.plan.size
        hidden, boxes = self.plan.hidden, self.plan.boxes
        opened = set(self.opened)
        items: List[Tuple[Rect, bool, str]] = []
        for node_id in self.doc.node_ids():
            if hidden.get(node_id) in opened or node_id not in hidden:
                x, y = self.at(node_id)
                items.append(((x, y, x + width, y + height), False, node_id))
        for other in boxes:
            if other != gid and other not in opened:
                items.append((self.box_rect(other), True, other))
        return items


CELL = 256.0
"""The side of the squares that rects are sorted into to find overlaps."""


def _covers(rects: List[Rect], others: List[Rect]) -> bool:
    """True when one of ``rects`` overlaps one of ``others`` (in time about linear in both:
    each rect is only compared with those sharing a square of the grid)."""
    if not rects:
        return False
    # Only what meets the rects' bounding box can overlap one of them: usually a handful.
    area = (min(r[0] for r in rects), min(r[1] for r in rects),
            max(r[2] for r in rects), max(r[3] for r in rects))
    cells: Dict[Tuple[int, int], List[Rect]] = {}
    for rect in (other for other in others if _overlap(other, area)):
        for cell in _cells(rect):
            cells.setdefault(cell, []).append(rect)
    return any(_overlap(rect, other) for rect in rects for cell in _cells(rect)
               for other in cells.get(cell, ()))


def _cells(rect: Rect):
    """The grid's squares a rect touches."""
    for i in range(int(rect[0] // CELL), int(rect[2] // CELL) + 1):
        for j in range(int(rect[1] // CELL), int(rect[3] // CELL) + 1):
            yield (i, j)


def _bounds(corners: Iterable[Tuple[float, float]], width: float, height: float) -> Rect:
    """The rect that node boxes with these top-left corners cover."""
    xs, ys = zip(*corners)
    return (min(xs), min(ys), max(xs) + width, max(ys) + height)


def _grown(rect: Rect, by: float) -> Rect:
    """``rect`` with ``by`` more on every side."""
    return (rect[0] - by, rect[1] - by, rect[2] + by, rect[3] + by)


def _overlap(a: Rect, b: Rect) -> bool:
    """True when two rects share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
