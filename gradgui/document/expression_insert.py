"""Inserting a parsed expression into a document: its nodes, laid out and grouped, as one
undo step."""

from typing import Dict, List, Optional, Tuple

from .commands import AddNode, AddWire, Command, Macro
from .document import GraphDocument, check_number
from .errors import DocumentError
from .group_commands import MakeGroup
from .expression import Number, Operation, ParsedExpression, Variable, guess_kind
from .kinds import KINDS

_DX, _DY = 220.0, 100.0  # column and row spacing, as in the examples


def insert_expression(doc: GraphDocument, parsed: ParsedExpression,
                      variables: Optional[Dict[str, Tuple[str, float]]] = None,
                      origin: Tuple[float, float] = (0.0, 0.0), *,
                      label: Optional[str] = None,
                      reuse_existing: bool = False) -> Tuple[Command, List[str]]:
    """One undoable command adding the expression's nodes, and the new node ids.

    ``variables`` maps a name to (kind, value); names left out get
    ``guess_kind`` and 1.0. With ``reuse_existing``, a variable whose name is
    the label of an existing node wires from that node (the first such one)
    instead of adding a new one. ``label`` names the root when it is an op
    or a number. The command is returned undone: the caller runs it, usually
    through its undo stack. ``new_ids`` lists the added nodes, the root last
    when it is new. Two new nodes or more make a group (level "expression")
    labelled with ``label`` or else the expression's text.
    """
    return _Inserter(doc, parsed, variables or {}, origin, label, reuse_existing).run()


class _Inserter:
    """Allocates ids, lays out and wires the nodes of one parsed expression."""

    def __init__(self, doc, parsed, variables, origin, label, reuse):
        self.doc = doc
        self.parsed = parsed
        self.variables = variables
        self.origin = (check_number(origin[0], "the x of the origin"),
                       check_number(origin[1], "the y of the origin"))
        self.label = label
        self.reuse = reuse
        self.taken = set()
        self.ids: Dict[int, str] = {}  # by id(term): equal numbers are still distinct nodes
        self.layer: Dict[str, int] = {}
        self.adds: Dict[str, dict] = {}
        self.wires: List[AddWire] = []

    def new_id(self, prefix: str) -> str:
        n = 1
        while f"{prefix}{n}" in self.doc or f"{prefix}{n}" in self.taken:
            n += 1
        self.taken.add(f"{prefix}{n}")
        return f"{prefix}{n}"

    def variable(self, name: str) -> str:
        if self.reuse:
            for node_id in self.doc.node_ids():
                if self.doc.label(node_id) == name:
                    return node_id
        kind, value = self.variables.get(name, (guess_kind(name), 1.0))
        if not (isinstance(kind, str) and kind in KINDS and KINDS[kind].is_leaf):
            raise DocumentError(f"variable '{name}' must be an input, weight or const, "
                                f"not {kind!r}")
        value = check_number(value, f"the value of '{name}'")
        if name in self.doc or name in self.taken:
            node_id = self.new_id(KINDS[kind].id_prefix)
        else:
            node_id = name
            self.taken.add(name)
        self.adds[node_id] = dict(kind=kind, label=name, value=value)
        self.layer[node_id] = 0
        return node_id

    def run(self) -> Tuple[Command, List[str]]:
        names = {name: self.variable(name) for name in self.parsed.variables}
        # Post-order without recursion: operands get ids before their users.
        stack = [(self.parsed.root, False)]
        while stack:
            term, ready = stack.pop()
            if isinstance(term, Variable):
                self.ids[id(term)] = names[term.name]
            elif isinstance(term, Number):
                node_id = self.new_id(KINDS["const"].id_prefix)
                self.adds[node_id] = dict(kind="const", label=term.text, value=term.value)
                self.ids[id(term)] = node_id
            elif not ready:
                stack.append((term, True))
                stack.extend((t, False) for t in reversed(term.operands))
            else:
                self.add_operation(term)
        root = self.ids[id(self.parsed.root)]
        if self.label is not None and not isinstance(self.parsed.root, Variable):
            self.adds[root]["label"] = self.label
        positions = self.layout()
        commands: List[Command] = [AddNode(node_id, pos=positions[node_id], **fields)
                                   for node_id, fields in self.adds.items()]
        if len(self.adds) > 1:
            text = self.label if self.label is not None else self.parsed.text
            commands.append(MakeGroup(self.doc.groups.new_id("e"), text, list(self.adds),
                                      level="expression"))
        command = Macro("Insert expression", commands + self.wires)
        command.root = root
        return command, list(self.adds)

    def add_operation(self, term: Operation) -> None:
        node_id = self.new_id(KINDS[term.kind].id_prefix)
        fields = dict(kind=term.kind, label=term.text)
        if term.exponent is not None:
            fields["exponent"] = term.exponent
        sources = [self.ids[id(t)] for t in term.operands]
        for port, source in enumerate(sources):
            self.wires.append(AddWire(source, node_id, port))
        self.layer[node_id] = 1 + max(self.layer.get(s, 0) for s in sources)
        # A constant sits just left of the op that uses it, not with the inputs.
        for t, source in zip(term.operands, sources):
            if isinstance(t, Number):
                self.layer[source] = self.layer[node_id] - 1
        self.adds[node_id] = fields
        self.ids[id(term)] = node_id

    def layout(self) -> Dict[str, Tuple[float, float]]:
        """Columns by layer, each column centred against the tallest one."""
        columns: Dict[int, List[str]] = {}
        for node_id in self.adds:
            columns.setdefault(self.layer.get(node_id, 0), []).append(node_id)
        tallest = max((len(c) for c in columns.values()), default=0)
        x0, y0 = self.origin
        positions = {}
        for layer, members in columns.items():
            offset = (tallest - len(members)) / 2.0
            for row, node_id in enumerate(members):
                positions[node_id] = (x0 + layer * _DX, y0 + (row + offset) * _DY)
        return positions
