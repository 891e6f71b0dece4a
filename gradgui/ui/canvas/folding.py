"""Collapsed groups on the canvas: their boxes and links, the node and wire items they
hide, and what a box shows."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Set, Tuple

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsItem

from ...document import Wire
from ...document.folding import FoldPlan, Link, link_points, update_plan
from ...engine import fmt
from ..overview.shapes import make_plan, shown_output
from .link_layer import LinkLayer
from .node_item import NodeItem
from .wire_item import WireItem

if TYPE_CHECKING:  # the boxes' module is imported with the first box: a graph without
    from .group_item import GroupItem, GroupLook  # collapsed groups never needs it

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
TOOLTIP_NAMES = 12  # labels listed in a box's tooltip before "and N more"


class Folding:
    """Keeps a scene's boxes and links in step with the document's collapsed groups.

    The scene calls ``refresh`` once an edit is over (and after a rebuild);
    it compares the new plan with the last one and shows, hides, makes and
    removes only what changed.
    """

    def __init__(self, scene, session, nodes: Dict[str, NodeItem], wires: Dict[Wire, WireItem]):
        self.scene = scene
        self.session = session
        self.nodes = nodes
        self.wires = wires
        self.plan = FoldPlan()
        self.boxes: Dict[str, GroupItem] = {}
        self.links: Dict[Link, tuple] = {}  # each link drawn, with its ends (x1, y1, x2, y2)
        self.link_layer = LinkLayer()  # draws them all
        self._linked: Optional[FoldPlan] = None  # the plan the links were drawn for
        self._looks: Dict[str, GroupLook] = {}
        self._only_collapsing = False  # only groups collapsed or expanded since the last plan
        self._renamed = set()  # groups given another label since the last plan
        # Items of boxes gone, hidden for the next ones: Qt took most of a
        # millisecond to remove each from a big scene (expanding every neuron: seconds).
        self._spare_boxes: List[GroupItem] = []
        scene.detail.wire_hidden = lambda wire: self.plan.hides(wire)
        scene.detail.hidden_nodes = lambda: self.plan.hidden
        scene.queries.folding = self
        self.reset()

    # ----- following the document ------------------------------------------
    def reset(self) -> None:
        """The scene was cleared: every item of ours is gone with it."""
        self.plan = FoldPlan()
        self._only_collapsing = False
        self.boxes.clear()
        self.links = {}
        self._linked = None
        self._spare_boxes = []
        self._looks.clear()
        boxes_module = sys.modules.get(__package__ + ".group_item")
        if boxes_module is not None:  # else no box was ever drawn
            boxes_module.BOX_PICTURES.clear()
        self.link_layer = LinkLayer()
        self.link_layer.setVisible(not self.scene.overview_mode)
        self.scene.addItem(self.link_layer)

    def any_collapsed(self) -> bool:
        """True when some group of the document is collapsed."""
        groups = getattr(self.session.doc, "groups", None)
        return groups is not None and any(groups.collapsed(g) for g in groups.ids())

    def note(self, event) -> None:
        """An event of the document: anything but collapsing, expanding or renaming groups
        and new numbers or labels on nodes means the next plan is made from scratch."""
        kind, field = event.kind, event.field
        if kind == "group_changed" and field == "label":
            self._renamed.add(event.group)  # its box keeps its place: drawn again all the same
        if not (kind == "group_changed" and field in ("collapsed", "label")
                or kind == "node_changed" and field != "pos"):
            self._only_collapsing = False

    def refresh(self) -> bool:
        """Follow the document's groups, positions and wires; True if anything changed."""
        doc = self.session.doc
        old = self.plan
        if old.revision == doc.revision and old.identity is doc.identity:
            return False
        incremental = self._only_collapsing and old.identity is doc.identity \
            and old.port_offset is not None
        self._only_collapsing = True
        if not old and not self.any_collapsed():
            self.plan = FoldPlan(doc.identity, doc.revision)
            self.plan.port_offset = None  # not made from the document: the next one is
            return False
        new = self.plan = update_plan(doc, old) if incremental else make_plan(doc)
        self._looks.clear()
        overview = self.scene.overview_mode
        touched = new.touched if new.touched is not None else old.hidden.keys() ^ new.hidden.keys()
        for node_id in touched:
            item = self.nodes.get(node_id)
            if item is not None:
                item.setVisible(node_id not in new.hidden)
        if touched:
            self.scene.detail.layer.update()  # a big graph's wires it draws: some hide or show
            self.scene.detail.spans.hidden_changed(old.hidden, new.hidden, touched)
        if self.wires and touched:
            # For many nodes, a look at each wire item costs less than making their wires.
            wires = (((w, self.wires.get(w)) for w in doc.wires_of_nodes(touched))
                     if len(touched) < 1000 else
                     ((w, i) for w, i in self.wires.items() if w.source in touched or w.target in touched))
            for wire, item in wires:
                if item is not None:
                    item.setVisible(not overview and not new.hides(wire))
        for gid in list(self.boxes):
            if gid not in new.boxes:
                self._spare(self.boxes.pop(gid), self._spare_boxes)
        for gid, box in new.boxes.items():
            item = self.boxes.get(gid)
            if item is None:
                item = self.boxes[gid] = self._box_item(gid)
                item.setFlag(_NO_CONTENTS, overview)
            elif new.changed is not None and gid not in new.changed:
                if gid in self._renamed:
                    item.update()
                continue  # as it was
            item.setPos(box.x, box.y)
            item.set_ports(len(box.sources), len(box.outputs))
            item.update()
        self._renamed.clear()
        self.make_links(old)
        return True

    def make_links(self, old: Optional[FoldPlan] = None) -> None:
        """Route the links of boxes that changed since ``old`` (every box when the links
        were not drawn for ``old``), only where wire items are made and shown: the
        overview draws links itself."""
        if not self.scene.detail.wire_items_made:
            self.links, self._linked = {}, None
            self.link_layer.clear()
            return
        if self.scene.overview_mode:
            return  # hidden there: routed when the canvas leaves the overview (set_overview)
        plan, drawn = self.plan, self._linked
        if old is not None and plan.changed is not None and drawn is old:
            gids = plan.changed
        else:
            gids = set(drawn.box_links if drawn is not None else ()) | set(plan.box_links)
        self._linked = plan
        self.route_boxes(gids, drawn)

    def _spare(self, item, spares: list) -> None:
        item.setSelected(False)
        item.setVisible(False)
        spares.append(item)

    def _box_item(self, gid: str) -> GroupItem:
        if self._spare_boxes:
            item = self._spare_boxes.pop()
            item.gid = gid
            item.setVisible(True)
            return item
        from .group_item import GroupItem

        item = GroupItem(gid)
        self.scene.addItem(item)
        return item

    def route_near(self, ends) -> None:
        """Route the links with an end on one of these nodes or boxes (being dragged)."""
        if ends and self.links and not self.scene.overview_mode:
            boxes = self.plan.boxes
            self.route_boxes({link.target if link.target in boxes else link.source
                              for link in self.links if link.source in ends or link.target in ends})

    def route_boxes(self, gids, drawn: Optional[FoldPlan] = None) -> None:
        """Route the links each of these boxes owns (the links in its ``box_links``; a box
        gone takes its links away) between where their ends' items are now (mid-drag too).
        ``drawn`` is the plan the links on show were made for, if not this one."""
        plan, nodes, boxes, links = self.plan, self.nodes, self.boxes, self.links
        doc = self.session.doc
        before = (drawn or plan).box_links
        offsets: Dict[str, tuple] = {}  # how far each box's item was dragged, once asked

        def offset(box_id: str) -> tuple:
            found = offsets[box_id] = _offset(boxes[box_id], plan.boxes[box_id])
            return found

        def position(node_id: str):
            return _pos_of(nodes.get(node_id), doc, node_id)
        for gid in gids:
            for link in before.get(gid, ()):
                links.pop(link, None)
            ends = []
            for link in plan.box_links.get(gid, ()):
                x1, y1, x2, y2 = link_points(plan, link, position)
                if link.source in boxes:
                    dx, dy = offsets.get(link.source) or offset(link.source)
                    if dx or dy:
                        x1, y1 = x1 + dx, y1 + dy
                if link.target in boxes:
                    dx, dy = offsets.get(link.target) or offset(link.target)
                    if dx or dy:
                        x2, y2 = x2 + dx, y2 + dy
                end = links[link] = (x1, y1, x2, y2)
                ends.append(end)
            self.link_layer.set_box(gid, ends)
        self.link_layer.commit()

    def set_overview(self, on: bool) -> None:
        """Hide the links and empty the boxes for the overview, or bring them back."""
        if not on and self.scene.detail.wire_items_made and self._linked is not self.plan:
            self.make_links()
        self.link_layer.setVisible(not on)
        for item in self.boxes.values():
            item.setFlag(_NO_CONTENTS, on)

    def wire_hidden(self, wire: Wire) -> bool:
        """True when a wire has an end inside a collapsed box."""
        return self.plan.hides(wire)

    # ----- questions -----------------------------------------------------------
    def box_at(self, scene_point) -> Optional[GroupItem]:
        """The topmost box under a point."""
        from .group_item import GroupItem

        for item in self.scene.items(scene_point):
            if isinstance(item, GroupItem):
                return item
            if isinstance(item, NodeItem):
                return None
        return None

    def selected_gids(self) -> List[str]:
        """The group ids of the selected boxes."""
        from .group_item import GroupItem

        return [i.gid for i in self.scene.selectedItems() if isinstance(i, GroupItem)]

    def members(self, gids: Iterable[str]) -> Set[str]:
        """Every node the boxes of these groups hide."""
        members = self.plan.members
        return {n for gid in set(gids) for n in members.get(gid, ())}

    def split(self, node_ids: List[str]) -> Tuple[List[str], List[GroupItem], List[str]]:
        """(the nodes that show, the boxes hiding the others, and for each of those boxes
        the output whose colour it shows) for nodes whose grads changed."""
        if not self.plan:
            return node_ids, [], []
        self.forget_looks()
        gids = self.boxes_touched(node_ids)
        shown = [n for n in node_ids if n not in self.plan.hidden]
        stand_ins = [self.representative(g) or self.plan.boxes[g].anchor for g in gids]
        return shown, [self.boxes[g] for g in gids if g in self.boxes], stand_ins

    def boxes_touched(self, node_ids: Iterable[str]) -> Set[str]:
        """The boxes hiding any of these nodes."""
        hidden = self.plan.hidden
        return {hidden[n] for n in node_ids if n in hidden}

    def role(self, gid: str) -> Optional[str]:
        """'current' when the step on show is inside the box, 'changed' when it wrote a
        grad inside, else None."""
        found = None
        hidden = self.plan.hidden
        for node_id, role in self.scene.display.step_roles.items():
            if hidden.get(node_id) == gid:
                if role == "current":
                    return role
                found = role
        return found

    # ----- what a box shows ------------------------------------------------------
    def forget_looks(self) -> None:
        """Grads or the evaluation changed: looks are worked out again when painted."""
        self._looks.clear()

    def representative(self, gid: str) -> Optional[str]:
        """The output a box shows the grad (and colour) of: its only one, else the one whose
        grad is largest in size; None when ``gid`` shows no box."""
        box = self.plan.boxes.get(gid)
        return shown_output(box.outputs, self.session.grad) if box is not None else None

    def look(self, gid: str) -> GroupLook:
        """The look of a box now (cached until grads or the groups change)."""
        look = self._looks.get(gid)
        if look is None or look.role != self.role(gid):
            look = self._looks[gid] = self._make_look(gid)
        return look

    def _make_look(self, gid: str) -> GroupLook:
        session, scene = self.session, self.scene
        doc, evaluation = session.doc, session.evaluation
        box = self.plan.boxes[gid]
        rep = self.representative(gid)
        data = evaluation.data(rep) if rep is not None else None
        grad = session.grad(rep) if data is not None else None
        # "max grad" is an answer only once the pass has reached every output, not the first.
        pending = any(scene.is_pending(n) for n in box.outputs)
        scale = scene.grad_scale()
        fill = scale.color(grad) if grad is not None and scale is not None and not pending else None
        many = len(box.outputs) > 1
        if len(box.outputs) == 0:
            data_text = "no output"
        elif many:
            data_text = f"{len(box.outputs)} outputs"
        else:
            data_text = "data " + ("—" if data is None else fmt(data))
        grad_text = "" if grad is None else ("grad —" if pending else
                                             ("max grad " if many else "grad ") + fmt(grad))
        problems = evaluation.problems
        problem = bool(problems) and any(self.plan.hidden.get(n) == gid for n in problems)
        from .group_item import GroupLook

        return GroupLook(doc.groups.label(gid), data_text, grad_text, fill,
                         grad is not None and session.grads_stale, pending and grad is not None,
                         problem, self.plan.hidden.get(doc.output) == gid if doc.output else False,
                         self.role(gid))

    def tooltip(self, gid: str) -> str:
        """A box's tooltip: what kind of group, how many nodes of each kind, their labels
        (trimmed), each output's data and grad, and how to open it."""
        doc, session = self.session.doc, self.session
        groups = doc.groups
        inside = [n for n in doc.node_ids() if self.plan.hidden.get(n) == gid]
        kinds = Counter(doc.kind(n).name for n in inside)
        lines = [f"{groups.label(gid)}  ({groups.level(gid)}, collapsed)",
                 f"{len(inside)} nodes: " + ", ".join(f"{count} {name}"
                                                      for name, count in kinds.most_common())]
        children = groups.children(gid)
        if children:
            lines.append(f"{len(children)} groups: " + _trimmed([groups.label(c) for c in children]))
        lines.append("inside: " + _trimmed([doc.label(n) for n in inside]))
        for output in self.plan.boxes[gid].outputs[:4]:
            data = session.evaluation.data(output)
            grad = session.grad(output) if data is not None else None
            lines.append(f"{doc.label(output)}: data {'—' if data is None else fmt(data)}, "
                         f"grad {'—' if grad is None else fmt(grad)}")
        if len(self.plan.boxes[gid].outputs) > 4:
            lines.append(f"… and {len(self.plan.boxes[gid].outputs) - 4} more outputs")
        lines.append("Double-click to expand it.")
        return "\n".join(lines)


def _trimmed(names: List[str]) -> str:
    if len(names) <= TOOLTIP_NAMES:
        return ", ".join(names)
    return ", ".join(names[:TOOLTIP_NAMES]) + f", … and {len(names) - TOOLTIP_NAMES} more"


def _pos_of(item: Optional[NodeItem], doc, node_id: str):
    """Where a node is drawn: its item (dragged, maybe), else (a big graph makes items only
    near the views) where the document has it."""
    if item is None:
        return doc.pos(node_id)
    pos = item.pos()
    return pos.x(), pos.y()


def box_positions(scene) -> Dict[str, QPointF]:
    """Where the selected boxes are (a drag begins)."""
    if not scene.folding.plan:
        return {}
    return {gid: scene.folding.boxes[gid].pos() for gid in scene.folding.selected_gids()}


def box_moves(scene, started: Dict[str, QPointF], doc) -> Dict[str, tuple]:
    """A drag of boxes as moves of every node they hide, each by its box's offset."""
    moves = {}
    folding = scene.folding
    for gid, start in started.items():
        item = folding.boxes.get(gid)
        if item is None or item.pos() == start:
            continue
        dx, dy = item.pos().x() - start.x(), item.pos().y() - start.y()
        for node_id in folding.members([gid]):
            x, y = doc.pos(node_id)
            moves[node_id] = (x + dx, y + dy)
    return moves


def _offset(item: GroupItem, box) -> tuple:
    """How far a box's item was dragged from where the plan puts it."""
    pos = item.pos()
    return pos.x() - box.x, pos.y() - box.y
