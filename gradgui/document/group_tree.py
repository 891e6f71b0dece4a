"""Reading groups: which there are, how they nest, what each holds (see groups.py).

A node is directly in at most one group; groups nest through ``parent``.
Each group is kept as the record its file holds, in file order.
"""

import copy
import re
import weakref
from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from .errors import DocumentError

if TYPE_CHECKING:  # pragma: no cover
    from .document import GraphDocument

DEFAULT_LEVEL = "group"


def outermost_collapsed(records: Dict[str, dict], gid: Optional[str]) -> Optional[str]:
    """Of ``gid`` and the groups it is inside (``records``: each group's record by id, with
    its "parent" and whether "collapsed"), the outermost collapsed one; None if none is."""
    hidden_by = None
    while gid is not None:
        rec = records[gid]
        if rec.get("collapsed"):
            hidden_by = gid
        gid = rec.get("parent")
    return hidden_by


class GroupTree:
    """The reading half of a document's groups (``doc.groups`` is a Groups, which adds the
    changes)."""

    def __init__(self, doc: "GraphDocument"):
        # The document holds its groups: a reference back would make a cycle, and a
        # document let go (a whole loaded graph) would wait for the cycle collector.
        self._doc_ref = weakref.ref(doc)
        self._records: Dict[str, dict] = {}  # id -> its file record without "id", in file order
        self._of: Dict[str, str] = {}  # node id -> the group it is directly in
        self.in_file = False  # the file had a "groups" field: write one back even if empty
        self._ids: Optional[List[str]] = None
        self._children: Optional[Dict[str, List[str]]] = None

    # ----- reading ---------------------------------------------------------
    def __contains__(self, gid) -> bool:
        return gid in self._records

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self):
        return iter(self.ids())

    def ids(self) -> List[str]:
        """Every group id, parents before children (otherwise in file order)."""
        if self._ids is None:
            order: List[str] = []
            seen: Set[str] = set()
            for gid in self._records:
                chain = []
                while gid is not None and gid not in seen:
                    chain.append(gid)
                    seen.add(gid)
                    gid = self._records[gid].get("parent")
                order.extend(reversed(chain))
            self._ids = order
        return list(self._ids)

    def _record(self, gid) -> dict:
        try:
            return self._records[gid]
        except (KeyError, TypeError):
            raise DocumentError(f"there is no group {gid!r}") from None

    def label(self, gid: str) -> str:
        """The group's label (its id when it has none)."""
        return self._record(gid).get("label", gid)

    def level(self, gid: str) -> str:
        """What the group is: "neuron", "layer", "sample", "loss", "expression", or "group"."""
        return self._record(gid).get("level", DEFAULT_LEVEL)

    def parent(self, gid: str) -> Optional[str]:
        """The group this one is inside, or None."""
        return self._record(gid).get("parent")

    def children(self, gid: str) -> List[str]:
        """The groups directly inside this one, in file order."""
        self._record(gid)
        if self._children is None:
            kids: Dict[str, List[str]] = {}
            for child, rec in self._records.items():
                parent = rec.get("parent")
                if parent is not None:
                    kids.setdefault(parent, []).append(child)
            self._children = kids
        return list(self._children.get(gid, ()))

    def members(self, gid: str) -> List[str]:
        """The nodes directly in the group (not those of groups inside it)."""
        return list(self._record(gid).get("nodes", ()))

    def node_list(self, gid: str) -> List[str]:
        """Every node inside the group, nested groups included: its members, then each
        child group's nodes."""
        found: List[str] = []
        stack = [gid]
        while stack:
            current = stack.pop()
            found.extend(self._record(current).get("nodes", ()))
            stack.extend(reversed(self.children(current)))
        return found

    def nodes(self, gid: str) -> Set[str]:
        """Every node inside the group, nested groups included."""
        return set(self.node_list(gid))

    def of(self, node_id: str) -> Optional[str]:
        """The innermost group holding the node, or None."""
        return self._of.get(node_id)

    def collapsed(self, gid: str) -> bool:
        """Whether the group is drawn as one box."""
        return bool(self._record(gid).get("collapsed", False))

    def shown_as(self, node_id: str) -> Optional[str]:
        """The outermost collapsed group hiding the node, or None when it shows on its own."""
        return outermost_collapsed(self._records, self._of.get(node_id))

    def ancestors(self, gid: str) -> List[str]:
        """The groups this one is inside, innermost first."""
        found = []
        gid = self.parent(gid)
        while gid is not None:
            found.append(gid)
            gid = self._records[gid].get("parent")
        return found

    def descendants(self, gid: str) -> List[str]:
        """Every group inside this one, at any depth, parents before children."""
        found: List[str] = []
        stack = list(reversed(self.children(gid)))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self.children(current)))
        return found

    def place(self, node_id: str) -> Tuple[Optional[str], Optional[int]]:
        """(the group a node is directly in, its place among the members), or (None, None)."""
        gid = self._of.get(node_id)
        if gid is None:
            return None, None
        return gid, self._records[gid]["nodes"].index(node_id)

    def levels(self) -> List[str]:
        """The levels present, innermost first (by how many group levels lie below them)."""
        records = self._records
        order = self.ids()
        height = dict.fromkeys(order, 0)
        for gid in reversed(order):  # children before parents: each lifts its parent
            parent = records[gid].get("parent")
            if parent is not None and height[parent] <= height[gid]:
                height[parent] = height[gid] + 1
        rank: Dict[str, int] = {}
        first: Dict[str, int] = {}
        for i, gid in enumerate(order):
            level = records[gid].get("level", DEFAULT_LEVEL)
            if level not in rank:
                rank[level], first[level] = height[gid], i
            elif height[gid] > rank[level]:
                rank[level] = height[gid]
        return sorted(rank, key=lambda level: (rank[level], first[level]))

    def outputs(self, gid: str) -> List[str]:
        """Nodes inside whose wires leave the group, or that are the document's output;
        when there are none, the nodes inside that feed nothing (the graph ends there, as
        a group of the loss whose output is not marked), those fed by something if any."""
        inside = self.node_list(gid)
        members = set(inside)
        succ, pred = self._doc.graph._succ, self._doc.graph._pred
        output = self._doc.output
        found = [n for n in inside
                 if n == output or any(t not in members for t in succ.get(n, ()))]
        ends = [n for n in inside if n in succ and not succ[n]]
        return found or [n for n in ends if pred[n]] or ends

    def new_id(self, prefix: str = "g") -> str:
        """A group id not in use yet: ``prefix`` followed by the smallest free number."""
        numbered = re.compile(re.escape(prefix) + r"(\d+)").fullmatch
        taken = {int(m.group(1)) for gid in self._records if (m := numbered(gid))}
        n = 1
        while n in taken:
            n += 1
        return f"{prefix}{n}"

    def records(self) -> List[dict]:
        """Every group as its file record (``id`` first), in file order; copies."""
        return [{"id": gid, **copy.deepcopy(rec)} for gid, rec in self._records.items()]

    def file_records(self):
        """(id, record) of every group in file order, the records themselves: for writers."""
        return self._records.items()

    def written(self) -> bool:
        """Whether a saved file has a ``groups`` field."""
        return bool(self._records) or self.in_file

    @property
    def _doc(self) -> "GraphDocument":
        return self._doc_ref()
