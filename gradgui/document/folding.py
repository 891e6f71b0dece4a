"""What a graph with collapsed groups shows: which nodes a box hides, where each box
sits, its ports, and the wires that cross a box's border, drawn once per pair.

Pure and headless: a plan is made from a document's groups, positions and
wires, and both the canvas and the overview draw from it (the overview on a
worker thread, so a plan is never changed after it is made).
"""

from dataclasses import dataclass, field
from typing import Dict, List, NamedTuple, Optional, Tuple

import networkx as nx

from .commands import move_nodes
from .document import GraphDocument
from .events import Wire
from .layout import layered_layout


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
        self.boxes: Dict[str, Box] = {}
        self.links: List[Link] = []
        self.arity: Dict[str, int] = {}  # of each visible node a link ends on
        self.port_offset = None  # port_offset(index, arity) as given to fold_plan

    def __bool__(self) -> bool:
        return bool(self.boxes)

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
    for gid in groups.ids():  # parents first
        if not groups.collapsed(gid):
            continue
        parent = groups.parent(gid)
        while parent is not None and not groups.collapsed(parent):
            parent = groups.parent(parent)
        if parent is None:
            shown.append(gid)
    return shown


def fold_plan(doc, width: float, height: float, port_offset) -> FoldPlan:
    """The plan of ``doc``'s collapsed groups for node boxes of ``width`` x ``height``.

    ``port_offset(index, arity)`` says where a node's port sits relative to
    its top left (index -1: the output), as the canvas draws it. Linear in
    the nodes the boxes hide and their wires (plus a sort of each box's
    inputs), so collapsing every neuron of a big network stays quick.
    """
    plan = FoldPlan(doc.identity, doc.revision)
    plan.port_offset = port_offset
    groups = getattr(doc, "groups", None)
    if groups is None or not len(groups):
        return plan
    shown = shown_groups(groups)
    if not shown:
        return plan
    nodes = doc.nodes()
    place = {node_id: i for i, node_id in enumerate(nodes)}
    hidden = plan.hidden
    inside: Dict[str, List[str]] = {}
    for gid in shown:
        members = sorted((n for n in groups.nodes(gid) if n in place), key=place.__getitem__)
        if not members:
            continue
        inside[gid] = members
        for node_id in members:
            hidden[node_id] = gid
    pred, succ = doc.graph._pred, doc.graph._succ
    out_index: Dict[str, Dict[str, int]] = {}
    for gid, members in inside.items():
        outputs = [n for n in groups.outputs(gid) if n in place]
        plan.boxes[gid] = _place(gid, outputs or members, nodes, width, height)
        plan.boxes[gid].outputs = outputs
        out_index[gid] = {n: i for i, n in enumerate(outputs)}
    links, arity = plan.links, plan.arity
    for gid, members in inside.items():
        box = plan.boxes[gid]
        sources = {}
        for node_id in members:
            for source in pred[node_id]:
                if hidden.get(source) != gid:
                    sources[source] = None
        box.sources = sorted(sources, key=place.__getitem__)
        for index, source in enumerate(box.sources):
            other = hidden.get(source)
            if other is None:
                links.append(Link(source, -1, gid, index))
            else:
                links.append(Link(other, _output_port(plan, out_index, other, source), gid, index))
        for node_id in members:
            for target, ports in succ[node_id].items():
                if target in hidden:
                    continue  # an input of the box hiding it (above)
                port_out = _output_port(plan, out_index, gid, node_id)
                for port in sorted(ports):
                    links.append(Link(gid, port_out, target, port))
                if target not in arity:
                    arity[target] = doc.kind(target).arity
    return plan


def _output_port(plan: FoldPlan, out_index: Dict[str, Dict[str, int]], gid: str,
                 node_id: str) -> int:
    """The output port of box ``gid`` for a node inside it whose wire leaves the box."""
    index = out_index[gid].get(node_id)
    if index is None:  # not listed among the outputs, yet it feeds out: it is one all the same
        box = plan.boxes[gid]
        index = out_index[gid][node_id] = len(box.outputs)
        box.outputs.append(node_id)
    return index


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
    the nodes that show), and every node a box hides moves with it, so the box lands on its
    place and opens where it was drawn. One undo step; None when nothing is collapsed."""
    if not plan:
        return None
    hidden = plan.hidden

    def key(node_id: str) -> str:
        gid = hidden.get(node_id)
        return "n:" + node_id if gid is None else "g:" + gid

    graph = nx.MultiDiGraph()
    for node_id in doc.node_ids():
        graph.add_node(key(node_id))
    for source, target, ports in doc.wire_groups():
        a, b = key(source), key(target)
        if a != b:
            for port in ports:
                if not graph.has_edge(a, b, port):
                    graph.add_edge(a, b, key=port, port=port)
    spots = layered_layout(GraphDocument(graph))
    corners = [doc.pos(n) for n in doc.node_ids() if n not in hidden]
    corners += [(box.x, box.y) for box in plan.boxes.values()]
    x0, y0 = min(x for x, _ in corners), min(y for _, y in corners)
    moves = {}
    for node_id in doc.node_ids():
        x, y = spots[key(node_id)]
        gid = hidden.get(node_id)
        if gid is None:
            target = (x + x0, y + y0)
        else:
            box = plan.boxes[gid]
            px, py = doc.pos(node_id)
            target = (px + x + x0 - box.x, py + y + y0 - box.y)
        if tuple(doc.pos(node_id)) != target:
            moves[node_id] = target
    command = move_nodes(moves)
    command.text = "Auto layout"
    return command
