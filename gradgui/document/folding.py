"""What a graph with collapsed groups shows: which nodes a box hides, where each box
sits, its ports, and the wires that cross a box's border, drawn once per pair.

Pure and headless: a plan is made from a document's groups, positions and
wires, and both the canvas and the overview draw from it (the overview on a
worker thread, so a plan is never changed after it is made).
"""

from dataclasses import dataclass, field
from typing import Dict, List, NamedTuple, Optional, Set, Tuple

from .commands import move_nodes
from .document import GraphDocument
from .events import Wire


@dataclass
class Box:
    """One collapsed group as drawn: where it sits and its ports.

    ``sources`` are the nodes outside whose wires enter it, one input port
    each (several wires from one node into the group are one); ``outputs``
    are the nodes inside whose wires leave it (or the document's output),
    one output port each.
    """

    gid: str
    x: float
    y: float
    width: float
    height: float
    sources: List[str] = field(default_factory=list)
    outputs: List[str] = field(default_factory=list)
    anchor: Optional[str] = None  # a node inside it, coloured like it when it has no output

    def in_port(self, index: int) -> Tuple[float, float]:
        """Where input port ``index`` sits on the canvas."""
        return (self.x, self.y + self.height * (index + 1) / (len(self.sources) + 1))

    def out_port(self, index: int) -> Tuple[float, float]:
        """Where output port ``index`` sits on the canvas."""
        return (self.x + self.width, self.y + self.height * (index + 1) / (len(self.outputs) + 1))


class Link(NamedTuple):
    """A drawn wire with at least one end on a box: from ``source`` (a node id or a box's
    group id) at ``source_port`` to ``target`` at ``target_port``.

    A node's output port is -1 and its inputs are its ports; a box's ports
    index its ``outputs`` and ``sources``.
    """

    source: str
    source_port: int
    target: str
    target_port: int


class FoldPlan:
    """The picture of a document's collapsed groups (empty when none is collapsed)."""

    def __init__(self, identity=None, revision: Optional[int] = None):
        self.identity = identity  # the graph it was made for
        self.revision = revision  # and that graph's revision then
        self.hidden: Dict[str, str] = {}  # node id -> the box showing it
        self.boxes: Dict[str, Box] = {}  # in the order of the document's groups
        self.members: Dict[str, List[str]] = {}  # the nodes each box hides, in node order
        self.box_links: Dict[str, List[Link]] = {}  # the links into and out of each box
        self.arity: Dict[str, int] = {}  # of each visible node a link ends on
        self.place: Dict[str, int] = {}  # each node's place in the document's order
        self.port_offset = None  # port_offset(index, arity) as given to fold_plan
        self.size = (0.0, 0.0)  # a box's width and height
        # Made by update_plan: the boxes whose links may differ from the plan before (gone
        # ones too) and the nodes shown otherwise than before. None: made from scratch.
        self.changed: Optional[Set[str]] = None
        self.touched: Optional[Set[str]] = None
        self._links: Optional[List[Link]] = None
        self._ports: Dict[str, Dict[str, int]] = {}  # each box's output ports by node

    def __bool__(self) -> bool:
        return bool(self.boxes)

    @property
    def links(self) -> List[Link]:
        """Every link, box by box."""
        if self._links is None:
            self._links = [link for gid in self.boxes for link in self.box_links[gid]]
        return self._links

    def shown_as(self, node_id: str) -> str:
        """What shows a node: its box's group id, else the node itself."""
        return self.hidden.get(node_id, node_id)

    def hides(self, wire: Wire) -> bool:
        """True when a wire has an end on a hidden node (it is inside a box, or drawn as a
        link to a box's port)."""
        hidden = self.hidden
        return wire.source in hidden or wire.target in hidden

    def box_of(self, node_id: str) -> Optional[Box]:
        """The box hiding a node, if any."""
        gid = self.hidden.get(node_id)
        return None if gid is None else self.boxes[gid]


def shown_groups(groups) -> List[str]:
    """The collapsed groups drawn as boxes: collapsed, and inside no collapsed group."""
    shown = []
    inside = set()  # groups within a collapsed one, seen before their children
    records = dict(groups.file_records())  # read directly: this walks every group
    for gid in groups.ids():  # parents first
        record = records[gid]
        parent = record.get("parent")
        if parent is not None and parent in inside:
            inside.add(gid)
        elif record.get("collapsed", False):
            shown.append(gid)
            inside.add(gid)
    return shown


def fold_plan(doc, width: float, height: float, port_offset) -> FoldPlan:
    """The plan of ``doc``'s collapsed groups for node boxes of ``width`` x ``height``.

    ``port_offset(index, arity)`` says where a node's port sits relative to
    its top left (index -1: the output), as the canvas draws it. Linear in
    the nodes the boxes hide and their wires (plus a sort of each box's
    inputs).
    """
    plan = FoldPlan(doc.identity, doc.revision)
    plan.port_offset, plan.size = port_offset, (width, height)
    groups = getattr(doc, "groups", None)
    if groups is None or not len(groups):
        return plan
    shown = shown_groups(groups)
    if not shown:
        return plan
    plan.place = {node_id: i for i, node_id in enumerate(doc.nodes())}
    inside = {gid: _hide(plan, groups, gid) for gid in shown}
    for gid in plan.members:
        _make_box(plan, doc, gid, inside[gid])
    for gid in plan.members:
        _link_box(plan, doc, gid)
    return plan


def update_plan(doc, old: FoldPlan) -> FoldPlan:
    """The plan after only groups were collapsed or expanded since ``old`` was made (no
    node, wire or position changed): what the boxes that opened, closed or touch those
    hide is worked out again, the rest is taken from ``old``. Equal to ``fold_plan``."""
    groups = doc.groups
    plan = FoldPlan(doc.identity, doc.revision)
    plan.port_offset, plan.size = old.port_offset, old.size
    plan.place = old.place or {node_id: i for i, node_id in enumerate(doc.nodes())}
    plan.arity = dict(old.arity)
    shown = shown_groups(groups)
    wanted = set(shown)
    if len(wanted ^ old.members.keys()) * 2 > len(wanted):
        # Most boxes opened or closed (Collapse All): made afresh, without the look at
        # every touched node's neighbours, it takes half the time.
        return fold_plan(doc, old.size[0], old.size[1], old.port_offset)
    plan.hidden = dict(old.hidden)
    touched = set()
    for gid in old.members:
        if gid not in wanted:
            for node_id in old.members[gid]:
                if plan.hidden.get(node_id) == gid:
                    del plan.hidden[node_id]
            touched.update(old.members[gid])
    opened = [gid for gid in shown if gid not in old.members]
    inside: Dict[str, List[str]] = {}
    for gid in shown:
        if gid in old.members:
            plan.members[gid] = old.members[gid]
        else:
            inside[gid] = _hide(plan, groups, gid)
            touched.update(plan.members.get(gid, ()))
    for gid in opened:
        if gid in plan.members:
            _make_box(plan, doc, gid, inside[gid])
    pred, succ = doc.graph._pred, doc.graph._succ
    hidden = plan.hidden
    affected = set(g for g in opened if g in plan.members)
    for node_id in touched:
        for other in list(pred[node_id]) + list(succ[node_id]):
            gid = hidden.get(other)
            if gid is not None:
                affected.add(gid)  # its links to this node changed ends
    for gid in plan.members:
        if gid not in plan.boxes:
            plan.boxes[gid] = old.boxes[gid]
    plan.boxes = {gid: plan.boxes[gid] for gid in plan.members}  # the groups' order
    for gid in plan.members:
        if gid in affected:
            _link_box(plan, doc, gid)
        else:
            plan.box_links[gid] = old.box_links[gid]
    plan.changed = affected | (old.members.keys() - wanted)
    plan.touched = touched
    return plan


def _hide(plan: FoldPlan, groups, gid: str) -> List[str]:
    """Note the nodes a box hides (none: no box); every node inside the group, as listed."""
    place = plan.place
    inside = groups.node_list(gid)
    members = sorted({n for n in inside if n in place}, key=place.__getitem__)
    if members:
        plan.members[gid] = members
        hidden = plan.hidden
        for node_id in members:
            hidden[node_id] = gid
    return inside


def _make_box(plan: FoldPlan, doc, gid: str, inside: List[str]) -> None:
    """A box where its outputs are: the nodes inside (``inside``, the group's node list)
    whose wires leave it, or that are the document's output; failing those, the nodes
    inside that feed nothing (those fed by something, if any: as ``Groups.outputs``)."""
    nodes, place, hidden = doc.nodes(), plan.place, plan.hidden
    succ, output = doc.graph._succ, doc.output
    outputs = []
    for node_id in inside:
        if node_id in place:
            if node_id == output:
                outputs.append(node_id)
                continue
            for target in succ[node_id]:
                if hidden.get(target) != gid:
                    outputs.append(node_id)
                    break
    if not outputs:  # the graph ends inside: where it ends is what the box shows
        ends = [n for n in inside if n in place and not succ[n]]
        pred = doc.graph._pred
        outputs = [n for n in ends if pred[n]] or ends  # not a loose node beside the end
    plan.boxes[gid] = _place(gid, outputs or plan.members[gid], nodes, *plan.size)
    plan.boxes[gid].outputs = outputs


def _link_box(plan: FoldPlan, doc, gid: str) -> None:
    """A box's inputs (one per node outside that feeds it, in node order) and its links."""
    pred, succ = doc.graph._pred, doc.graph._succ
    hidden, place, arity = plan.hidden, plan.place, plan.arity
    hidden_of = hidden.get
    members = plan.members[gid]
    sources = {}
    for node_id in members:
        for source in pred[node_id]:
            if hidden_of(source) != gid:
                sources[source] = None
    made = plan.boxes[gid]  # a plan's boxes are never changed: a new one with its inputs
    box = plan.boxes[gid] = Box(gid, made.x, made.y, made.width, made.height,
                                sorted(sources, key=place.__getitem__), made.outputs, made.anchor)
    links = plan.box_links[gid] = []
    add = links.append
    for index, source in enumerate(box.sources):
        other = hidden_of(source)
        if other is None:
            add(_link(source, -1, gid, index))
        else:
            add(_link(other, _output_ports(plan, other).get(source, 0), gid, index))
    ports_out = _output_ports(plan, gid)
    for node_id in members:
        for target, ports in succ[node_id].items():
            if target in hidden:
                continue  # an input of the box hiding it (above)
            port_out = ports_out.get(node_id, 0)  # outputs lists every node feeding out
            for port in (ports if len(ports) == 1 else sorted(ports)):
                add(_link(gid, port_out, target, port))
            if target not in arity:
                arity[target] = doc.kind(target).arity


def _link(source: str, source_port: int, target: str, target_port: int) -> "Link":
    return _new_tuple(Link, (source, source_port, target, target_port))


_new_tuple = tuple.__new__


def _output_ports(plan: FoldPlan, gid: str) -> Dict[str, int]:
    """Each output of a box (a node inside whose wire leaves it) and its output port."""
    found = plan._ports.get(gid)
    if found is None:
        found = {}
        for index, node_id in enumerate(plan.boxes[gid].outputs):
            found.setdefault(node_id, index)
        plan._ports[gid] = found
    return found


def _place(gid: str, anchors: List[str], nodes, width: float, height: float) -> Box:
    """A box where its outputs are: in their right-most column, centred on them."""
    xs = [nodes[n]["pos"][0] for n in anchors]
    ys = [nodes[n]["pos"][1] for n in anchors]
    return Box(gid, max(xs), sum(ys) / len(ys), width, height, anchor=anchors[0])


def link_points(plan: FoldPlan, link: Link, positions) -> Tuple[float, float, float, float]:
    """Where a link starts and ends on the canvas (x1, y1, x2, y2); ``positions`` maps a
    visible node to its top left."""
    offset = plan.port_offset
    if link.source in plan.boxes:
        x1, y1 = plan.boxes[link.source].out_port(link.source_port)
    else:
        sx, sy = positions(link.source)
        dx, dy = offset(-1, 0)
        x1, y1 = sx + dx, sy + dy
    if link.target in plan.boxes:
        x2, y2 = plan.boxes[link.target].in_port(link.target_port)
    else:
        tx, ty = positions(link.target)
        dx, dy = offset(link.target_port, plan.arity[link.target])
        x2, y2 = tx + dx, ty + dy
    return x1, y1, x2, y2


def folded_layout(doc, plan: FoldPlan):
    """Auto Layout for a graph with collapsed groups: each box is laid out as one node (with
    the nodes that show), and what a box hides is laid out as a graph of its own, placed so
    the box lands on its place: expanded, it opens around the box, not where it was before
    the boxes were packed together. One undo step; None when nothing is collapsed."""
    if not plan:
        return None
    hidden = plan.hidden

    def key(node_id: str) -> str:
        gid = hidden.get(node_id)
        return "n:" + node_id if gid is None else "g:" + gid

    import networkx as nx  # here: a window opens before networkx is loaded
    graph = nx.MultiDiGraph()
    for node_id in doc.node_ids():
        graph.add_node(key(node_id))
    for source, target, ports in doc.wire_groups():
        a, b = key(source), key(target)
        if a != b:
            for port in ports:
                if not graph.has_edge(a, b, port):
                    graph.add_edge(a, b, key=port, port=port)
    from .layout import layered_layout  # imported when first used: not needed at start

    spots = layered_layout(GraphDocument(graph))
    corners = [doc.pos(n) for n in doc.node_ids() if n not in hidden]
    corners += [(box.x, box.y) for box in plan.boxes.values()]
    x0, y0 = min(x for x, _ in corners), min(y for _, y in corners)
    targets = {}
    for node_id in doc.node_ids():
        if node_id not in hidden:
            x, y = spots[key(node_id)]
            targets[node_id] = (x + x0, y + y0)
    for gid, members in plan.members.items():
        x, y = spots["g:" + gid]
        targets.update(_inside_at(doc, plan.boxes[gid], members, x + x0, y + y0))
    moves = {n: pos for n, pos in targets.items() if tuple(doc.pos(n)) != pos}
    command = move_nodes(moves)
    command.text = "Auto layout"
    return command


def _inside_at(doc, box: Box, members: List[str], x: float,
               y: float) -> Dict[str, Tuple[float, float]]:
    """Where a box's nodes go when the box moves to (x, y): laid out on their own, with the
    spot the box is drawn at (as ``_place`` finds it from them) on (x, y)."""
    from .layout import layered_layout

    inside = layered_layout(doc, members)
    anchors = box.outputs or members
    dx = x - max(inside[n][0] for n in anchors)
    dy = y - sum(inside[n][1] for n in anchors) / len(anchors)
    return {n: (px + dx, py + dy) for n, (px, py) in inside.items()}
