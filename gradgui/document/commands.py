"""Edit commands: the only way a document changes, each with do and undo.

A command checks everything in ``do`` before it changes anything, so a
refused edit leaves the document as it was. ``Macro`` makes one undo step
of several commands (a delete with its wires, a paste, a layout).
"""

from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from .document import GraphDocument
from .node_fields import CORE_FIELDS
from .errors import DocumentError, WireError
from .events import Wire
from .kinds import get_kind


class Command:
    """An edit that can be done and undone; ``text`` names it for menus."""

    text = "Edit"
    changes_order = True  # it may add or remove nodes or wires (and so reorder the file)
    # Set by a Macro holding it: the macro puts the order back, once for all its parts.
    in_macro = False
    only_groups = False  # it changes groups and nothing else (no number, no wire)

    def do(self, doc: GraphDocument) -> None:
        """Apply the edit (raise DocumentError, changing nothing, if it can't be made)."""
        raise NotImplementedError

    def undo(self, doc: GraphDocument) -> None:
        """Take the edit back."""
        raise NotImplementedError


class AddNode(Command):
    """Add one node."""

    def __init__(self, node_id: str, kind: str, *, label=None, value=None,
                 exponent=None, pos=(0.0, 0.0), extra=None):
        self.node_id = node_id
        self.fields = dict(kind=kind, label=label, value=value, exponent=exponent,
                           pos=pos, extra=extra)
        self.text = f"Add {kind}"

    def do(self, doc):
        doc.add_node(self.node_id, **self.fields)

    def undo(self, doc):
        doc.remove_node(self.node_id)


class RemoveNode(Command):
    """Remove one node that has no wires (see ``delete_nodes`` for the usual case)."""

    def __init__(self, node_id: str):
        self.node_id = node_id
        self.attrs: Optional[dict] = None
        self.output_place: Optional[int] = None
        self.group_place: tuple = (None, None)
        self._order: Optional[tuple] = None
        self.text = "Delete node"

    def do(self, doc):
        output_place = doc.output_place() if doc.output == self.node_id else None
        order = None if self.in_macro else doc.order()
        group_place = doc.groups.place(self.node_id)
        self.attrs = doc.remove_node(self.node_id)
        self.output_place, self._order, self.group_place = output_place, order, group_place

    def undo(self, doc):
        attrs = self.attrs
        core = {key: attrs.get(key) for key in CORE_FIELDS}
        # Every field, core ones included, goes in as it was, so their order stays.
        doc.add_node(self.node_id, **core, extra=attrs)
        if self.output_place is not None:
            doc.set_output(self.node_id, at=self.output_place)
        gid, at = self.group_place
        if gid is not None:
            doc.groups.move(self.node_id, gid, at)
        if self._order is not None:
            doc.restore_order(self._order)


class AddWire(Command):
    """Wire ``source``'s output into input ``port`` of ``target``."""

    def __init__(self, source: str, target: str, port: int, extra: Optional[dict] = None):
        self.wire = Wire(source, target, port)
        self.extra = extra
        self.text = "Add wire"

    def do(self, doc):
        doc.add_wire(self.wire, self.extra)

    def undo(self, doc):
        doc.remove_wire(self.wire)


class RemoveWire(Command):
    """Remove one wire."""

    def __init__(self, wire: Wire):
        self.wire = wire
        self.extra: Optional[dict] = None
        self.ports: Optional[List[int]] = None
        self._order: Optional[tuple] = None
        self.text = "Remove wire"

    def do(self, doc):
        wire = self.wire
        # x*x: two wires join the same two nodes, and their order is the file's.
        ports = doc.ports_between(wire.source, wire.target)
        order = None if self.in_macro else doc.order()
        self.extra = doc.remove_wire(wire)
        self.ports, self._order = ports, order

    def undo(self, doc):
        doc.add_wire(self.wire, self.extra, restoring=True, ports=self.ports)
        if self._order is not None:
            doc.restore_order(self._order)


class SetField(Command):
    """Set a node's label, value, exponent or position."""

    changes_order = False

    def __init__(self, node_id: str, field: str, new):
        self.node_id = node_id
        self.field = field
        self.new = new
        self.old = None
        self.text = f"Set {field}" if field != "pos" else "Move node"

    def do(self, doc):
        self.old = doc.node(self.node_id).get(self.field)
        doc.set_field(self.node_id, self.field, self.new)

    def undo(self, doc):
        doc.set_field(self.node_id, self.field, self.old)


class SetOutput(Command):
    """Mark a node as the output (or clear the mark with None)."""

    changes_order = False

    def __init__(self, node_id: Optional[str]):
        self.node_id = node_id
        self.old: Optional[str] = None
        self.old_place: Optional[int] = None
        self.text = "Set output" if node_id else "Clear output"

    def do(self, doc):
        old, place = doc.output, doc.output_place()
        doc.set_output(self.node_id)
        self.old, self.old_place = old, place

    def undo(self, doc):
        doc.set_output(self.old, at=self.old_place)


PROGRESS_EVERY = 500  # a macro's steps between two reports of its progress


class Macro(Command):
    """Several commands as one undo step; all of them happen or none."""

    def __init__(self, text: str, commands: Sequence[Command]):
        self.text = text
        self.commands = list(commands)
        self.changes_order = any(command.changes_order for command in self.commands)
        for command in self.commands:
            command.in_macro = True
        self._order: Optional[tuple] = None

    def do(self, doc, progress: Optional[Callable[[int], None]] = None):
        """Do every command (all or none); ``progress(done)`` is told now and then."""
        # Only adding or removing can change the order: a layout of thousands
        # of nodes need not copy the whole graph's order first.
        self._order = doc.order(_at(progress, 0)) if self.changes_order else None
        done: List[Command] = []
        try:
            for count, command in enumerate(self.commands):
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
                command.do(doc)
                done.append(command)
        except BaseException:
            # A refused part, the person stopping the edit, or a fault nobody
            # foresaw: half an edit is never left in the document.
            for count, command in enumerate(reversed(done)):
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(len(done) - count)
                command.undo(doc)
            self._restore_order(doc, _at(progress, 0))
            raise

    def undo(self, doc, progress: Optional[Callable[[int], None]] = None):
        """Undo every command, last first; ``progress(done)`` is told now and then.

        If a part fails, the parts already undone are done again and the error
        is raised: the edit stays done whole, as the undo history says it is.
        """
        undone: List[Command] = []
        try:
            for count, command in enumerate(reversed(self.commands)):
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
                command.undo(doc)
                undone.append(command)
        except BaseException:
            for command in reversed(undone):
                command.do(doc)
            raise
        # Re-added nodes and wires come back last; the file order should not change.
        self._restore_order(doc, _at(progress, len(self.commands)))

    def _restore_order(self, doc, progress: Optional[Callable[[], None]]) -> None:
        if self._order is not None:
            doc.restore_order(self._order, progress)


def _at(progress: Optional[Callable[[int], None]], done: int) -> Optional[Callable[[], None]]:
    """A progress callback for work between two commands: it reports ``done`` again."""
    return None if progress is None else (lambda: progress(done))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def move_nodes(moves: Dict[str, Tuple[float, float]]) -> Command:
    """One undo step that moves every node in ``moves`` to its new position."""
    return Macro(f"Move {_plural(len(moves), 'node')}",
                 [SetField(node_id, "pos", pos) for node_id, pos in moves.items()])


def delete_nodes(doc: GraphDocument, node_ids: Iterable[str]) -> Command:
    """One undo step that removes the nodes, every wire they touch, and the groups
    they leave empty."""
    from .group_commands import delete_groups_left_empty  # it builds on this module

    node_ids = [n for n in dict.fromkeys(node_ids)]
    wires = list(dict.fromkeys(w for n in node_ids for w in doc.wires_of(n)))
    commands: List[Command] = []
    if "dataset" in doc.graph.graph:
        from .dataset_commands import unbind_deleted  # numpy only for graphs with data
        commands += unbind_deleted(doc, node_ids)
    commands += [RemoveWire(w) for w in wires]
    commands += [RemoveNode(n) for n in node_ids]
    commands += delete_groups_left_empty(doc, node_ids)
    return Macro(f"Delete {_plural(len(node_ids), 'node')}", commands)


def rewire(doc: GraphDocument, source: str, target: str, port: int) -> Command:
    """One undo step that wires source into target[port], replacing any wire there."""
    problem = doc.wire_problem(source, target, port, replacing=True)
    if problem:
        raise WireError(problem)
    old = doc.wire_into(target, port)
    commands: List[Command] = [RemoveWire(old)] if old else []
    commands.append(AddWire(source, target, port))
    return Macro("Replace wire" if old else "Add wire", commands)


def new_node(doc: GraphDocument, kind: str, pos=(0.0, 0.0)) -> AddNode:
    """An AddNode for a fresh node of ``kind`` with a unique id, that id as label, and defaults."""
    kind_ = get_kind(kind)
    node_id = doc.new_id(kind_.id_prefix)
    return AddNode(node_id, kind_.name, label=node_id, pos=pos,
                   value=kind_.default_value, exponent=kind_.default_exponent)
