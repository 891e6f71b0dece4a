"""Copy, paste and duplicate: a selection as a self-contained, JSON-able fragment.

A fragment holds the selected nodes with every attribute (extra fields a
file brought along included) and the wires whose both ends are selected;
wires to the rest of the graph are left behind. Groups all of whose nodes
are selected go along (pasted under fresh group ids); a group only part of
which is selected does not. Pasting gives every node a
fresh id, so the same fragment can be pasted any number of times. Text from
the system clipboard is data: it is parsed as JSON, checked field by field,
and refused with a DocumentError if anything is off; nothing in it is ever
executed.
"""

import copy
import json
from typing import Dict, List, Optional, Sequence, Tuple

from . import group_file, rules
from .commands import AddNode, AddWire, Command, Macro
from .document import GraphDocument
from .node_fields import CORE_FIELDS
from .errors import DocumentError
from .group_commands import MakeGroup
from .group_tree import outermost_collapsed
from .nesting import too_deep, too_deep_message
from .kinds import KINDS
from .labels import UniqueLabels

MARKER = "gradgui-fragment"
"""The value of a fragment's ``format`` field."""

FRAGMENT_VERSION = 1

MAX_TEXT = 64 * 1024 * 1024
"""Longest clipboard text read (characters), so a stray huge paste cannot stall the editor."""

DUPLICATE_OFFSET = (30.0, 30.0)

# networkx owns "key" (it is the port): as an extra field it would clash.
_WIRE_FIELDS = ("source", "target", "port", "key")


def copy_fragment(doc: GraphDocument, node_ids: Sequence[str]) -> dict:
    """The selected nodes and the wires between them, as a JSON-able dict."""
    chosen = dict.fromkeys(node_ids)
    for node_id in chosen:
        doc.node(node_id)  # an unknown id is a DocumentError, not a silent gap
    nodes = []
    for node_id in chosen:
        attrs = copy.deepcopy(dict(doc.node(node_id)))
        attrs["pos"] = list(attrs["pos"])
        nodes.append({"id": node_id, **attrs})
    wires = []
    for node_id in chosen:
        for source, _, port, attrs in doc.graph.in_edges(node_id, keys=True, data=True):
            if source in chosen:
                extra = {k: copy.deepcopy(v) for k, v in attrs.items() if k not in _WIRE_FIELDS}
                wires.append({**extra, "source": source, "target": node_id, "port": port})
    fragment = {"format": MARKER, "version": FRAGMENT_VERSION, "nodes": nodes, "wires": wires}
    groups = _whole_groups(doc, chosen)
    if groups:
        fragment["groups"] = groups
    return fragment


def _whole_groups(doc: GraphDocument, chosen: dict) -> List[dict]:
    """Records of the groups every node of which is chosen (a parent left behind is dropped)."""
    model = doc.groups
    if not len(model):
        return []
    whole = set()
    for gid in model.ids():
        inside = model.nodes(gid)
        if inside and all(node_id in chosen for node_id in inside):
            whole.add(gid)
    records = []
    for gid, rec in model.file_records():
        if gid in whole:
            rec = copy.deepcopy(rec)
            if rec.get("parent") not in whole:
                rec.pop("parent", None)
            records.append({"id": gid, **rec})
    return records


_ENCODER = json.JSONEncoder(allow_nan=False, separators=(",", ":"))


def fragment_to_text(fragment: dict) -> str:
    """The fragment as text for the system clipboard (compact JSON).

    Encoded a node or wire at a time: one call for a big fragment would hold
    the interpreter, and the window with it, for as long as it takes.
    """
    fields = []
    for key, value in fragment.items():
        if isinstance(value, list):
            value_text = "[" + ",".join(map(_ENCODER.encode, value)) + "]"
        else:
            value_text = _ENCODER.encode(value)
        fields.append(f"{_ENCODER.encode(key)}:{value_text}")
    return "{" + ",".join(fields) + "}"


def fragment_from_text(text: str) -> dict:
    """A checked fragment from clipboard text; DocumentError if it is not one."""
    if not isinstance(text, str):
        raise DocumentError("the clipboard does not hold text")
    if len(text) > MAX_TEXT:
        raise DocumentError("the clipboard text is too large to be a gradgui selection")
    try:
        fragment = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise DocumentError("the clipboard does not hold a gradgui selection") from None
    check_fragment(fragment)
    return fragment


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a finite number")


def check_fragment(fragment) -> List[str]:
    """Check a fragment's shape and content; returns its wires' targets in a safe order.

    Raises DocumentError naming the first fault: a missing marker, a newer
    version, a malformed or unknown node, a wire to a node outside the
    fragment, a port out of range or taken twice, or a cycle.
    """
    if not isinstance(fragment, dict) or fragment.get("format") != MARKER:
        raise DocumentError("the clipboard does not hold a gradgui selection")
    version = fragment.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version > FRAGMENT_VERSION:
        raise DocumentError("the selection comes from a newer gradgui and cannot be pasted")
    nodes, wires = fragment.get("nodes"), fragment.get("wires")
    if not isinstance(nodes, list) or not isinstance(wires, list):
        raise DocumentError("the selection has no list of nodes and wires")
    # A scratch document runs every check a real node gets (kind, numbers, pos).
    scratch = GraphDocument()
    for entry in nodes:
        if not isinstance(entry, dict):
            raise DocumentError("a node of the selection is not a record")
        node_id, core, extra = _split(entry)
        scratch.add_node(node_id, **core, extra=extra)
    succ: Dict[str, dict] = {node_id: {} for node_id in scratch.node_ids()}
    pred: Dict[str, dict] = {node_id: {} for node_id in succ}
    taken = set()
    for entry in wires:
        source, target, port = _wire_ends(entry)
        if source not in succ or target not in succ:
            raise DocumentError("a wire of the selection leads to a node outside it")
        fault = rules.wire_fault(source, target, port, scratch.kind(target).arity,
                                 lambda port: (target, port) in taken)
        if fault == rules.FEEDS_ITSELF:
            raise DocumentError("a wire of the selection feeds a node into itself")
        if fault in (rules.NO_INPUTS, rules.NO_SUCH_PORT):
            raise DocumentError(f"'{scratch.label(target)}' has no input port {port}")
        if fault == rules.PORT_TAKEN:
            raise DocumentError(f"input {port} of '{scratch.label(target)}' is wired twice")
        taken.add((target, port))
        succ[source][target] = pred[target][source] = True
    try:
        order = rules.acyclic_order(succ, pred)
    except rules.Broken:
        raise DocumentError("the wires of the selection make a loop") from None
    if "groups" in fragment:
        try:
            group_file.check(fragment["groups"], succ, _check_group_extra)
        except DocumentError as error:
            raise DocumentError(f"the selection's groups: {error}") from None
    return order


def _check_group_extra(value, where: str) -> None:
    if too_deep(value):
        raise DocumentError(f"{where} is {too_deep_message()}")


def _split(entry: dict):
    """A node record as (id, the core fields add_node takes, the extra fields)."""
    node_id = entry.get("id")
    if not isinstance(node_id, str) or not node_id:
        raise DocumentError("a node of the selection has no id")
    if "kind" not in entry or "pos" not in entry:
        raise DocumentError(f"node {node_id!r} of the selection lacks its kind or position")
    core = {key: entry[key] for key in CORE_FIELDS if key in entry}
    extra = {key: value for key, value in entry.items() if key not in CORE_FIELDS and key != "id"}
    return node_id, core, extra


def _wire_ends(entry) -> Tuple[str, str, int]:
    if not isinstance(entry, dict):
        raise DocumentError("a wire of the selection is not a record")
    source, target, port = entry.get("source"), entry.get("target"), entry.get("port")
    if not isinstance(source, str) or not isinstance(target, str):
        raise DocumentError("a wire of the selection lacks its ends")
    if isinstance(port, bool) or not isinstance(port, int):
        raise DocumentError("a wire of the selection has no port number")
    return source, target, port


class _Ids:
    """Fresh ids in the document's style (prefix + smallest free number), none repeated."""

    def __init__(self, doc: GraphDocument):
        self.doc = doc
        self.free: Dict[str, Tuple[set, int]] = {}

    def new(self, prefix: str) -> str:
        """A fresh id with this prefix, never handed out before."""
        if prefix not in self.free:
            # Ask the document once per prefix, then count on from its answer.
            first = self.doc.new_id(prefix)
            self.free[prefix] = int(first[len(prefix):])
        n = self.free[prefix]
        while f"{prefix}{n}" in self.doc:
            n += 1
        self.free[prefix] = n + 1
        return f"{prefix}{n}"


def paste_fragment(doc: GraphDocument, fragment: dict,
                   offset: Tuple[float, float] = (0.0, 0.0),
                   at: Optional[Tuple[float, float]] = None,
                   what_shows_at: bool = False) -> Tuple[Command, List[str]]:
    """A "Paste N nodes" step adding the fragment's nodes under fresh ids, and those ids.

    The nodes move by ``offset``; or, with ``at``, so that the top left of
    their positions lands there (with ``what_shows_at``, the top left of what shows of
    them, a collapsed group's box for the nodes it hides: a paste at the pointer).
    The command is returned undone; whoever runs it (the undo stack) does it.
    A label another node already has is made unique as ids are (x1 -> x3).
    """
    order = check_fragment(fragment)
    dx, dy = offset
    if at is not None and fragment["nodes"]:
        corners = (shown_corners(fragment) if what_shows_at else
                   [_split(entry)[1]["pos"] for entry in fragment["nodes"]])
        dx = at[0] - min(x for x, _ in corners)
        dy = at[1] - min(y for _, y in corners)
    ids = _Ids(doc)
    labels = UniqueLabels(doc.label(n) for n in doc.node_ids())
    new_of: Dict[str, str] = {}
    commands: List[Command] = []
    for entry in fragment["nodes"]:
        old_id, core, extra = _split(entry)
        kind = core["kind"]
        new_id = ids.new(KINDS[kind].id_prefix)
        new_of[old_id] = new_id
        x, y = core["pos"]
        commands.append(AddNode(new_id, kind, label=labels.new(core.get("label", old_id)),
                                value=core.get("value"), exponent=core.get("exponent"),
                                pos=(x + dx, y + dy), extra=copy.deepcopy(extra)))
    # Wires go in topological order of their targets: a target then has no
    # wires out yet, so the document's loop check ends at once.
    rank = {node_id: i for i, node_id in enumerate(order)}
    wires = sorted(fragment["wires"], key=lambda w: (rank[w["target"]], w["port"]))
    for wire in wires:
        extra = {k: copy.deepcopy(v) for k, v in wire.items() if k not in _WIRE_FIELDS}
        commands.append(AddWire(new_of[wire["source"]], new_of[wire["target"]], wire["port"],
                                extra=extra or None))
    commands += _group_commands(doc, fragment.get("groups", ()), new_of)
    n = len(new_of)
    return Macro(f"Paste {n} node" + ("" if n == 1 else "s"), commands), list(new_of.values())


def shown_corners(fragment: dict) -> List[Tuple[float, float]]:
    """The top left corners of what a (checked) fragment shows once pasted: each node outside
    collapsed groups, and for each outermost collapsed group its box, which stands where
    the canvas's fold plan puts it (at the rightmost of the nodes whose wires leave it,
    level with their middle; when none does, the nodes inside that feed nothing, those
    fed by something if any)."""
    records = {rec["id"]: rec for rec in fragment.get("groups", ())}
    pos = {entry["id"]: tuple(entry["pos"]) for entry in fragment["nodes"]}
    hidden = {}  # node -> the box that hides it
    for gid, rec in records.items():
        box = outermost_collapsed(records, gid)
        if box is not None:
            for node_id in rec.get("nodes", ()):
                hidden[node_id] = box
    members: Dict[str, List[str]] = {}
    for node_id, box in hidden.items():
        members.setdefault(box, []).append(node_id)
    leaving = {w["source"] for w in fragment["wires"]
               if hidden.get(w["source"]) is not None
               and hidden.get(w["target"]) != hidden[w["source"]]}
    feeding = {w["source"] for w in fragment["wires"]}
    fed = {w["target"] for w in fragment["wires"]}
    corners = [xy for node_id, xy in pos.items() if node_id not in hidden]
    for inside in members.values():
        ends = [n for n in inside if n not in feeding]
        anchors = ([n for n in inside if n in leaving] or [n for n in ends if n in fed] or ends
                   or inside)
        corners.append((max(pos[n][0] for n in anchors),
                        sum(pos[n][1] for n in anchors) / len(anchors)))
    return corners


def _group_commands(doc: GraphDocument, records, new_of: Dict[str, str]) -> List[Command]:
    """MakeGroup commands for a fragment's (checked) groups under fresh ids, parents first."""
    by_id = {rec["id"]: rec for rec in records}
    order: List[str] = []
    placed = set()
    for gid in by_id:
        chain = []
        while gid is not None and gid not in placed:
            chain.append(gid)
            placed.add(gid)
            gid = by_id[gid].get("parent")
        order.extend(reversed(chain))
    fresh: Dict[str, str] = {}
    taken = set(doc.groups.ids())
    n = 1
    commands: List[Command] = []
    for gid in order:
        while f"g{n}" in taken:
            n += 1
        fresh[gid] = f"g{n}"
        taken.add(fresh[gid])
        rec = by_id[gid]
        parent = rec.get("parent")
        extra = {k: copy.deepcopy(v) for k, v in rec.items() if k not in group_file.KNOWN}
        commands.append(MakeGroup(fresh[gid], rec.get("label", gid),
                                  [new_of[node_id] for node_id in rec.get("nodes", ())],
                                  level=rec.get("level", "group"),
                                  parent=None if parent is None else fresh[parent],
                                  collapsed=rec.get("collapsed", False), extra=extra))
    return commands


def duplicate(doc: GraphDocument, node_ids: Sequence[str],
              offset: Tuple[float, float] = DUPLICATE_OFFSET,
              at: Optional[Tuple[float, float]] = None) -> Tuple[Command, List[str]]:
    """A "Paste N nodes" step that copies the nodes (and the wires between them), moved by
    ``offset`` or to ``at`` as ``paste_fragment`` does."""
    return paste_fragment(doc, copy_fragment(doc, node_ids), offset, at)
