"""Groups: named, nestable sets of nodes (a neuron, a layer, a sample, the loss).

A node is directly in at most one group; groups nest through ``parent``.
Each group is kept as the record its file holds (``label``, ``level``,
``parent``, ``nodes``, ``collapsed`` and any fields gradgui does not know,
in their order), so a file comes back byte for byte. The changing methods
are for commands and for code that builds a new document; each says what it
changed through the document's events and returns what puts it back.
"""

import weakref
from typing import TYPE_CHECKING, Callable, List, Optional, Tuple

from .errors import DocumentError
from .events import DocEvent
from .group_tree import DEFAULT_LEVEL, GroupTree

if TYPE_CHECKING:  # pragma: no cover
    from .document import GraphDocument

__all__ = ["DEFAULT_LEVEL", "FIELDS", "Groups", "Undo"]

FIELDS = ("label", "level", "parent", "collapsed")  # what ``set`` may change
_MISSING = object()
Undo = Callable[[], None]


class Groups(GroupTree):
    """The groups of one document, read through its API; held as ``doc.groups``: what
    GroupTree reads, and the changes commands and document builders make."""

    # ----- changing (commands and document builders only) ------------------------
    def add(self, gid: str, label: Optional[str] = None, nodes=(), level: str = DEFAULT_LEVEL,
            parent: Optional[str] = None, collapsed: bool = False,
            extra: Optional[dict] = None) -> Undo:
        """Add a group of free nodes (in no group yet), with ``extra`` fields gradgui does
        not know; returns what takes it back out."""
        rec: dict = {"label": gid if label is None else label, "level": level}
        if parent is not None:
            rec["parent"] = parent
        rec["nodes"] = list(nodes)
        for field, value in (extra or {}).items():
            if field in ("id", "label", "level", "parent", "nodes", "collapsed"):
                raise DocumentError(f"group {gid!r}: {field!r} is not an extra field")
            rec[field] = value
        if collapsed:
            rec["collapsed"] = True
        return self.insert(gid, rec)

    def insert(self, gid: str, rec: dict, at: Optional[int] = None) -> Undo:
        """Put a group record in at place ``at`` of the file's order (default: last)."""
        self._check_new(gid, rec)
        if at is None or at >= len(self._records):
            self._records[gid] = rec
        else:
            items = list(self._records.items())
            items.insert(at, (gid, rec))
            self._records = dict(items)
        for node_id in rec.get("nodes", ()):
            self._of[node_id] = gid
        self._changed(structure=True)
        self._emit("group_added", gid)
        return lambda: self.remove(gid)

    def _check_new(self, gid, rec: dict) -> None:
        if not isinstance(gid, str) or not gid:
            raise DocumentError(f"a group id must be non-empty text, not {gid!r}")
        if gid in self._records:
            raise DocumentError(f"there is already a group {gid!r}")
        label = rec.get("label", gid)
        if not isinstance(label, str):
            raise DocumentError(f"the label of group {gid!r} must be text")
        level = rec.get("level", DEFAULT_LEVEL)
        if not isinstance(level, str) or not level:
            raise DocumentError(f"the level of group {gid!r} must be non-empty text")
        parent = rec.get("parent")
        if parent is not None and parent not in self._records:
            raise DocumentError(f"group {gid!r}: there is no parent group {parent!r}")
        nodes = rec.get("nodes", [])
        if len(set(nodes)) != len(nodes):
            raise DocumentError(f"group {gid!r}: a node is listed twice")
        for node_id in nodes:
            if node_id not in self._doc:
                raise DocumentError(f"group {gid!r}: there is no node {node_id!r}")
            if node_id in self._of:
                raise DocumentError(f"group {gid!r}: node {node_id!r} is already in group "
                                    f"{self._of[node_id]!r}")

    def remove(self, gid: str) -> Undo:
        """Take out a group with no groups inside; its nodes are left in no group."""
        rec = self._record(gid)
        if self.children(gid):
            raise DocumentError(f"group {gid!r} still holds groups; take them out first")
        at = list(self._records).index(gid)
        del self._records[gid]
        for node_id in rec.get("nodes", ()):
            del self._of[node_id]
        self._changed(structure=True)
        self._emit("group_removed", gid)
        return lambda: self.insert(gid, rec, at)

    def remove_many(self, gids) -> Undo:
        """Take out several groups at once (with every group inside them); their nodes are
        left in no group. One pass, however many there are (a delete of a whole network)."""
        gone = dict.fromkeys(gids)
        for gid in gone:
            self._record(gid)
            stray = [child for child in self.children(gid) if child not in gone]
            if stray:
                raise DocumentError(f"group {gid!r} still holds group {stray[0]!r}")
        order = list(self._records)
        removed = {gid: self._records.pop(gid) for gid in gone}
        for rec in removed.values():
            for node_id in rec.get("nodes", ()):
                del self._of[node_id]
        self._changed(structure=True)
        for gid in gone:
            self._emit("group_removed", gid)

        def undo():
            records = self._records
            self._records = {gid: removed[gid] if gid in removed else records[gid]
                             for gid in order if gid in removed or gid in records}
            self._records.update((gid, rec) for gid, rec in records.items()
                                 if gid not in self._records)
            for gid, rec in removed.items():
                for node_id in rec.get("nodes", ()):
                    self._of[node_id] = gid
            self._changed(structure=True)
            for gid in self.ids():
                if gid in removed:
                    self._emit("group_added", gid)
        return undo

    def set(self, gid: str, field: str, value) -> Undo:
        """Set a group's label, level, parent or collapsed; returns what sets it back."""
        rec = self._record(gid)
        if field not in FIELDS:
            raise DocumentError(f"a group has no field {field!r}")
        if field == "label" and not isinstance(value, str):
            raise DocumentError("a group's label must be text")
        if field == "level" and (not isinstance(value, str) or not value):
            raise DocumentError("a group's level must be non-empty text")
        if field == "collapsed" and not isinstance(value, bool):
            raise DocumentError("a group is collapsed or not: true or false")
        if field == "parent" and value is not None:
            self._record(value)
            if value == gid or gid in self.ancestors(value):
                raise DocumentError(f"group {gid!r} cannot go inside itself")
        old = rec.get(field, _MISSING)
        self._put(gid, field, value)
        return lambda: self._put(gid, field, old)

    def _put(self, gid: str, field: str, value) -> None:
        """Set (or, with _MISSING, delete) a field of a record, and tell."""
        rec = self._records[gid]
        old_parent = rec.get("parent")
        if value is _MISSING:
            rec.pop(field, None)
        else:
            rec[field] = value
        if field == "parent":
            self._changed(structure=True)
            for touched in dict.fromkeys((old_parent, rec.get("parent"))):
                if touched is not None:
                    self._emit("group_changed", touched, "members")
        self._emit("group_changed", gid, field)

    def move(self, node_id: str, gid: Optional[str], at: Optional[int] = None) -> Undo:
        """Put a node directly in group ``gid`` (None: in no group), at place ``at`` of its
        members (default: last); returns what puts it back where it was."""
        if node_id not in self._doc:
            raise DocumentError(f"there is no node {node_id!r}")
        if gid is not None:
            self._record(gid)
        old, old_at = self.drop(node_id)
        if gid is not None:
            nodes = self._records[gid].setdefault("nodes", [])
            nodes.insert(len(nodes) if at is None else at, node_id)
            self._of[node_id] = gid
            self._changed()
            self._emit("group_changed", gid, "members")
        return lambda: self.move(node_id, old, old_at)

    def drop(self, node_id: str) -> Tuple[Optional[str], Optional[int]]:
        """Take a node out of its group (a node being removed): (group, place), or (None, None)."""
        gid = self._of.pop(node_id, None)
        if gid is None:
            return None, None
        nodes = self._records[gid]["nodes"]
        at = nodes.index(node_id)
        del nodes[at]
        self._changed()
        self._emit("group_changed", gid, "members")
        return gid, at

    def _changed(self, structure: bool = False) -> None:
        if structure:
            self._ids = None
            self._children = None

    def _emit(self, kind: str, gid: str, field: Optional[str] = None) -> None:
        self._doc.events.emit(DocEvent(kind, group=gid, field=field))

    # ----- a file's records ------------------------------------------------------
    def load(self, records: List[dict], in_file: bool = True) -> None:
        """Take checked records (see ``group_file.check``), ``id`` included, into an empty
        model: a file's (``in_file``), or those a builder of a new document made."""
        self.in_file = in_file
        for rec in records:
            gid = rec.pop("id")
            self._records[gid] = rec
            for node_id in rec.get("nodes", ()):
                self._of[node_id] = gid
        self._changed(structure=True)

    def bind(self, doc: "GraphDocument") -> None:
        """Belong to ``doc`` (which took over the graph these groups are of)."""
        self._doc_ref = weakref.ref(doc)
