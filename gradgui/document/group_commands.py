"""Commands on groups: make, rename, dissolve, collapse and expand, each undoable.

Each checks everything before it changes anything, and takes back exactly
what it did (the file's order of groups and of their members included).
None of them changes a number, so the evaluation and the grads stay.
"""

from typing import Dict, Iterable, List, Optional, Sequence

from .commands import Command
from .document import GraphDocument
from .errors import DocumentError
from .groups import DEFAULT_LEVEL, Undo


class GroupCommand(Command):
    """A command that changes only groups: undone by running back what it did."""

    changes_order = False
    only_groups = True

    def __init__(self):
        self._undos: List[Undo] = []

    def do(self, doc):
        self.check(doc)
        self._undos = []
        try:
            self.apply(doc, self._undos)
        except BaseException:
            self.undo(doc)
            raise

    def undo(self, doc):
        for undo in reversed(self._undos):
            undo()
        self._undos = []

    def check(self, doc: GraphDocument) -> None:
        """Raise DocumentError if the command cannot be done (changing nothing)."""

    def apply(self, doc: GraphDocument, undos: List[Undo]) -> None:
        """Make the change, appending to ``undos`` what takes back each part."""
        raise NotImplementedError


class MakeGroup(GroupCommand):
    """Make a group of nodes (taken out of the groups they were in) and, with
    ``groups``, of whole groups, which go inside it; ``extra`` holds fields gradgui
    does not know (a pasted group's)."""

    def __init__(self, gid: str, label: str, node_ids: Iterable[str], level: str = DEFAULT_LEVEL,
                 parent: Optional[str] = None, collapsed: bool = False, groups: Sequence[str] = (),
                 extra: Optional[dict] = None):
        super().__init__()
        self.extra = extra
        self.gid, self.label, self.level = gid, label, level
        self.node_ids = list(dict.fromkeys(node_ids))
        self.parent, self.collapsed = parent, collapsed
        self.groups = list(dict.fromkeys(groups))
        self.text = f"Group {label}" if label else "Group"

    def check(self, doc):
        model = doc.groups
        if self.gid in model:
            raise DocumentError(f"there is already a group {self.gid!r}")
        if not isinstance(self.label, str):
            raise DocumentError("a group's label must be text")
        for node_id in self.node_ids:
            doc.node(node_id)
        if self.parent is not None:
            model.label(self.parent)
        for child in self.groups:
            model.label(child)
            if self.parent is not None and (child == self.parent
                                            or child in model.ancestors(self.parent)):
                raise DocumentError(f"group {child!r} cannot go inside itself")

    def apply(self, doc, undos):
        model = doc.groups
        undos.extend(model.move(node_id, None) for node_id in self.node_ids)
        undos.append(model.add(self.gid, self.label, self.node_ids, level=self.level,
                               parent=self.parent, collapsed=self.collapsed, extra=self.extra))
        undos.extend(model.set(child, "parent", self.gid) for child in self.groups)


class RenameGroup(GroupCommand):
    """Give a group another label."""

    def __init__(self, gid: str, label: str):
        super().__init__()
        self.gid, self.label = gid, label
        self.text = "Rename group"

    def check(self, doc):
        doc.groups.label(self.gid)
        if not isinstance(self.label, str):
            raise DocumentError("a group's label must be text")

    def apply(self, doc, undos):
        undos.append(doc.groups.set(self.gid, "label", self.label))


class DissolveGroup(GroupCommand):
    """Take a group away; its nodes and the groups inside it go to its parent."""

    def __init__(self, gid: str):
        super().__init__()
        self.gid = gid
        self.text = f"Ungroup {gid}"

    def check(self, doc):
        self.text = f"Ungroup {doc.groups.label(self.gid)}"

    def apply(self, doc, undos):
        model = doc.groups
        parent = model.parent(self.gid)
        undos.extend(model.set(child, "parent", parent) for child in model.children(self.gid))
        undos.extend(model.move(node_id, parent) for node_id in model.members(self.gid))
        undos.append(model.remove(self.gid))


class RemoveGroups(GroupCommand):
    """Take away groups that hold no nodes, each with the groups inside it (a delete left
    them empty), in one pass."""

    def __init__(self, gids: Sequence[str]):
        super().__init__()
        self.gids = list(gids)
        self.text = "Remove groups"

    def check(self, doc):
        model = doc.groups
        for gid in self.gids:
            if model.members(gid):
                raise DocumentError(f"group {gid!r} is not empty")

    def apply(self, doc, undos):
        undos.append(doc.groups.remove_many(self.gids))


class SetCollapsed(GroupCommand):
    """Collapse or expand groups, all as one step: ``{group id: collapsed}``."""

    def __init__(self, states: Dict[str, bool], labels: Optional[Dict[str, str]] = None):
        super().__init__()
        self.states = dict(states)
        verbs = set(self.states.values())
        verb = "Collapse" if verbs == {True} else "Expand" if verbs == {False} else "Collapse/expand"
        if len(self.states) == 1:
            (gid,) = self.states
            self.text = f"{verb} {(labels or {}).get(gid, gid)}"
        else:
            self.text = f"{verb} {len(self.states)} groups"

    def check(self, doc):
        for gid, state in self.states.items():
            doc.groups.label(gid)
            if not isinstance(state, bool):
                raise DocumentError("a group is collapsed or not: true or false")

    def apply(self, doc, undos):
        model = doc.groups
        undos.extend(model.set(gid, "collapsed", state) for gid, state in self.states.items()
                     if model.collapsed(gid) != state)


def set_collapsed(doc: GraphDocument, states: Dict[str, bool]) -> SetCollapsed:
    """A SetCollapsed named with the groups' labels ("Expand L1.n3")."""
    return SetCollapsed(states, {gid: doc.groups.label(gid) for gid in list(states)[:1]})


def collapse_level(doc: GraphDocument, level: Optional[str], collapsed: bool) -> SetCollapsed:
    """Collapse (or expand) every group of ``level`` (None: every group) as one step."""
    model = doc.groups
    return set_collapsed(doc, {gid: collapsed for gid in model.ids()
                               if level is None or model.level(gid) == level})


def group_selection(doc: GraphDocument, node_ids: Iterable[str], label: Optional[str] = None,
                    level: str = DEFAULT_LEVEL) -> MakeGroup:
    """A MakeGroup for selected nodes: whole groups among them go inside the new group, and it
    goes inside the innermost group that holds all of them."""
    model = doc.groups
    chosen = set(node_ids)
    whole: List[str] = []
    covered = set()
    for gid in model.ids():  # parents first: the outermost whole groups are met first
        if gid in covered:
            continue
        inside = model.nodes(gid)
        if inside and inside <= chosen:
            whole.append(gid)
            covered.update(model.descendants(gid))
    loose = [n for n in dict.fromkeys(node_ids) if n not in _nodes_of(model, whole)]
    parent = common_group(model, [model.of(n) for n in loose] + [model.parent(g) for g in whole])
    gid = model.new_id()
    return MakeGroup(gid, gid if label is None else label, loose, level=level, parent=parent,
                     groups=whole)


def _nodes_of(model, gids: List[str]) -> set:
    found = set()
    for gid in gids:
        found |= model.nodes(gid)
    return found


def common_group(model, holders: Iterable[Optional[str]]) -> Optional[str]:
    """The innermost group that holds (or is) each of ``holders`` (None: top level)."""
    common: Optional[List[str]] = None
    for holder in holders:
        chain = [] if holder is None else list(reversed(model.ancestors(holder))) + [holder]
        if common is None:
            common = chain
        else:
            n = 0
            while n < min(len(common), len(chain)) and common[n] == chain[n]:
                n += 1
            common = common[:n]
    return common[-1] if common else None


def delete_groups_left_empty(doc: GraphDocument, node_ids: Iterable[str]) -> List[Command]:
    """A RemoveGroups for the groups a delete of ``node_ids`` leaves empty (groups inside
    them that were already empty go with them), or nothing."""
    model = doc.groups
    if not len(model):
        return []
    gone = set(node_ids)
    emptied = set()
    for gid in model.ids():  # parents first
        parent = model.parent(gid)
        if parent in emptied:
            emptied.add(gid)
            continue
        inside = model.nodes(gid)
        if inside and inside <= gone:
            emptied.add(gid)
    return [RemoveGroups([gid for gid in model.ids() if gid in emptied])] if emptied else []
