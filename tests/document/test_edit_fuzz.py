"""Random edits, undos and redos with fields of any name: nothing lost, every byte given back.

A hypothesis state machine drives the document's commands the way the undo
history does. Nodes, wires and the graph carry extra fields named like
networkx's own parameters and Python's keywords. After every step the
document saves and loads again unchanged; a refused command changes nothing;
at the end, undoing everything gives back the starting bytes and redoing
everything the edited ones.
"""

import inspect
import json
import keyword

import networkx as nx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, initialize, invariant,
                                 precondition, rule)

from gradgui import examples_dir
from gradgui.document import (KINDS, AddNode, AddWire, DissolveGroup, DocumentError, Macro,
                              MakeGroup, RemoveNode, RemoveWire, RenameGroup, SetCollapsed,
                              SetField, SetOutput, Wire, delete_nodes, group_selection,
                              move_nodes)
from gradgui.document.group_file import KNOWN as GROUP_FIELDS
from gradgui.document.clipboard import (copy_fragment, fragment_from_text, fragment_to_text,
                                        paste_fragment)
from gradgui.document.fileformat import dumps, loads

NETWORKX_PARAMETERS = sorted({name for method in (nx.MultiDiGraph.add_node, nx.MultiDiGraph.add_edge,
                                                  nx.MultiDiGraph.add_edges_from)
                              for name in inspect.signature(method).parameters})
FIELD_NAMES = st.sampled_from(NETWORKX_PARAMETERS + keyword.kwlist + ["note", "", "ïd", "pos "])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=4)
    | st.floats(allow_nan=False, allow_infinity=False, width=32),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=6)
EXTRAS = st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=3)
NUMBERS = st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-100, 100)
ODD_VALUES = NUMBERS | st.none() | st.text(max_size=3) | st.just(float("nan"))

NEURON = json.loads((examples_dir() / "neuron.json").read_text(encoding="utf-8"))


def without_clashes(extras: dict, taken) -> dict:
    """Extra fields that the file format leaves free (the rest is refused, also tested)."""
    return {k: v for k, v in extras.items() if k not in taken}


class Edits(RuleBasedStateMachine):
    """The document and an undo history as the editor keeps them."""

    def __init__(self):
        super().__init__()
        self.doc = None
        self.done = []    # commands in the order they were done (the undo stack)
        self.undone = []  # commands undone, the last one first to redo

    @initialize(graph_extras=EXTRAS, node_extras=st.lists(EXTRAS, min_size=10, max_size=10),
                wire_extras=st.lists(EXTRAS, min_size=9, max_size=9), top_extras=EXTRAS)
    def open_the_neuron(self, graph_extras, node_extras, wire_extras, top_extras):
        data = json.loads(json.dumps(NEURON))
        data["graph"].update(without_clashes(graph_extras, ("format", "version", "output")))
        data.update(without_clashes(top_extras, ("directed", "multigraph", "graph", "nodes",
                                                 "edges")))
        for node, extras in zip(data["nodes"], node_extras):
            node.update(without_clashes(extras, ("id", "kind", "label", "value", "exponent",
                                                 "pos")))
        for edge, extras in zip(data["edges"], wire_extras):
            edge.update(without_clashes(extras, ("source", "target", "key", "port")))
        self.doc = loads(json.dumps(data))
        self.start = dumps(self.doc)

    # ----- running commands as the undo history does ----------------------------
    def execute(self, command) -> None:
        before = dumps(self.doc)
        try:
            command.do(self.doc)
        except DocumentError:
            assert dumps(self.doc) == before, f"refused {command.text} changed the document"
            return
        self.done.append(command)
        self.undone.clear()

    def node(self, data):
        ids = self.doc.node_ids()
        return data.draw(st.sampled_from(ids)) if ids else None

    # ----- the edits --------------------------------------------------------------
    @rule(kind=st.sampled_from(sorted(KINDS)), extras=EXTRAS, value=NUMBERS,
          pos=st.tuples(NUMBERS, NUMBERS))
    def add_node(self, kind, extras, value, pos):
        spec = KINDS[kind]
        self.execute(AddNode(self.doc.new_id(spec.id_prefix), kind, pos=pos,
                             value=value if spec.has_value else None,
                             exponent=value if spec.has_exponent else None, extra=extras))

    @rule(data=st.data(), alone=st.booleans())
    def remove_node(self, data, alone):
        node = self.node(data)
        if node is not None:
            # Alone: a bare RemoveNode (refused while wires remain).
            self.execute(RemoveNode(node) if alone else delete_nodes(self.doc, [node]))

    @rule(data=st.data(), port=st.integers(-1, 2), extras=EXTRAS)
    def wire(self, data, port, extras):
        source, target = self.node(data), self.node(data)
        if source is not None:
            self.execute(AddWire(source, target, port, extra=extras))

    @rule(data=st.data(), grouped=st.booleans())
    def unwire(self, data, grouped):
        wires = list(self.doc.wires())
        if wires:
            wire = data.draw(st.sampled_from(wires))
            command = RemoveWire(wire)
            self.execute(Macro("Remove wire", [command]) if grouped else command)

    @rule(data=st.data(), field=st.sampled_from(["label", "value", "exponent", "pos", "kind"]),
          value=ODD_VALUES | st.tuples(NUMBERS, NUMBERS))
    def set_field(self, data, field, value):
        node = self.node(data)
        if node is not None:
            self.execute(SetField(node, field, value))

    @rule(data=st.data(), to=st.tuples(NUMBERS, NUMBERS))
    def move(self, data, to):
        nodes = data.draw(st.lists(st.sampled_from(self.doc.node_ids()), max_size=3)) if len(
            self.doc) else []
        self.execute(move_nodes({node: to for node in nodes}))

    @rule(data=st.data(), clear=st.booleans())
    def set_output(self, data, clear):
        self.execute(SetOutput(None if clear else self.node(data)))

    @rule(data=st.data(), offset=st.tuples(NUMBERS, NUMBERS))
    def copy_and_paste(self, data, offset):
        if not len(self.doc):
            return
        chosen = data.draw(st.lists(st.sampled_from(self.doc.node_ids()), min_size=1,
                                    max_size=4, unique=True))
        fragment = fragment_from_text(fragment_to_text(copy_fragment(self.doc, chosen)))
        command, _ = paste_fragment(self.doc, fragment, offset)
        self.execute(command)

    @rule(data=st.data(), what=st.sampled_from(["make", "select", "rename", "dissolve",
                                                "collapse"]), extras=EXTRAS)
    def groups(self, data, what, extras):
        """Make, rename, dissolve, collapse and expand groups."""
        model = self.doc.groups
        gids = model.ids()
        some_nodes = st.lists(st.sampled_from(self.doc.node_ids()), max_size=4, unique=True) \
            if len(self.doc) else st.just([])
        if what == "make" or not gids and what != "select":
            self.execute(MakeGroup(model.new_id(), data.draw(st.text(max_size=3)),
                                   data.draw(some_nodes), level=data.draw(st.text(max_size=2)),
                                   parent=data.draw(st.sampled_from([None, *gids])),
                                   collapsed=data.draw(st.booleans()),
                                   extra=without_clashes(extras, GROUP_FIELDS)))
        elif what == "select":
            self.execute(group_selection(self.doc, data.draw(some_nodes)))
        elif what == "rename":
            self.execute(RenameGroup(data.draw(st.sampled_from(gids)), data.draw(st.text(max_size=3))))
        elif what == "dissolve":
            self.execute(DissolveGroup(data.draw(st.sampled_from(gids))))
        else:
            chosen = data.draw(st.lists(st.sampled_from(gids), min_size=1, unique=True))
            self.execute(SetCollapsed({gid: data.draw(st.booleans()) for gid in chosen}))

    @rule(data=st.data(), parts=st.integers(2, 4))
    def group(self, data, parts):
        """Several edits as one step: all happen, or (one refused) none."""
        commands = []
        for _ in range(parts):
            choice = data.draw(st.sampled_from(["delete", "wire", "label", "output", "add"]))
            node = self.node(data)
            if node is None or choice == "add":
                commands.append(AddNode(self.doc.new_id(f"g{len(commands)}_"), "neg",
                                        extra=data.draw(EXTRAS)))
            elif choice == "delete":
                commands.extend(delete_nodes(self.doc, [node]).commands)
            elif choice == "wire":
                commands.append(AddWire(node, self.node(data), data.draw(st.integers(0, 1)),
                                        extra=data.draw(EXTRAS)))
            elif choice == "label":
                commands.append(SetField(node, "label", data.draw(st.text(max_size=3))))
            else:
                commands.append(SetOutput(node))
        self.execute(Macro("Group", commands))

    @precondition(lambda self: self.done)
    @rule()
    def undo(self):
        command = self.done.pop()
        command.undo(self.doc)
        self.undone.append(command)

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self):
        command = self.undone.pop()
        command.do(self.doc)
        self.done.append(command)

    # ----- what must always hold ------------------------------------------------
    @invariant()
    def saves_and_loads_again_unchanged(self):
        if self.doc is not None:
            text = dumps(self.doc)
            assert dumps(loads(text)) == text

    def teardown(self):
        if self.doc is None:
            return
        while self.undone:  # redo what was undone, so the whole history is done
            self.redo()
        edited = dumps(self.doc)
        for command in reversed(self.done):
            command.undo(self.doc)
        assert dumps(self.doc) == self.start, "undoing every edit did not give the same bytes"
        for command in self.done:
            command.do(self.doc)
        assert dumps(self.doc) == edited, "redoing every edit did not give the same bytes"


Edits.TestCase.settings = settings(max_examples=50, stateful_step_count=20, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow,
                                                          HealthCheck.filter_too_much])
TestEdits = Edits.TestCase
