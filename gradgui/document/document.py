"""The graph document: one networkx MultiDiGraph, the single source of truth.

Nodes carry ``kind``, ``label``, ``pos`` and, by kind, ``value`` or
``exponent``, plus any extra fields a file brought along. Edges carry
``port`` (the operand index at the target) and use it as their key. The
methods that change the graph are for commands only; everyone else reads.
"""

import re
from itertools import chain
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, List, Mapping, Optional, Set, Tuple

from . import graph_handover, graph_order, node_fields, rules
from .empty_graph import EmptyGraph
from .errors import DocumentError, WireError
from .events import DocEvent, Events, Wire
from .groups import Groups
from .kinds import KINDS, Kind
from .nesting import too_deep, too_deep_message
from .node_fields import check_number, checked_pos
from .rules import article

if TYPE_CHECKING:
    import networkx as nx


FORMAT = "gradgui"
VERSION = 1
WIRE_FIELDS = ("source", "target", "key", "port")  # what a file says of a wire itself


class GraphDocument:
    """A computation graph being edited: nodes, wires, labels, positions."""

    def __init__(self, graph: Optional["nx.MultiDiGraph"] = None):
        if graph is None:
            # networkx is imported when the graph is first edited (see empty_graph); reading
            # a file needs none (plain_graph).
            graph = EmptyGraph()
        self.graph = graph
        self.graph.graph.setdefault("format", FORMAT)
        self.graph.graph.setdefault("version", VERSION)
        # Top-level fields of a loaded file that gradgui does not know; saved back.
        self.file_extras: dict = {}
        self.events = Events()
        self.groups = Groups(self)
        self._identity = object()  # see identity: goes with the graph to whoever takes it over

    # ----- reading -------------------------------------------------------
    def __contains__(self, node_id) -> bool:
        return node_id in self.graph

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def node_ids(self) -> List[str]:
        """Every node id, in insertion order."""
        return list(self.graph._node)  # what networkx's node view iterates

    def node(self, node_id: str) -> dict:
        """The attributes of a node (read them; change them through commands)."""
        try:
            return self.graph._node[node_id]
        except KeyError:
            raise DocumentError(f"there is no node {node_id!r}") from None

    def kind(self, node_id: str) -> Kind:
        """The kind of a node."""
        return KINDS[self.node(node_id)["kind"]]

    def label(self, node_id: str) -> str:
        """The label of a node."""
        return self.node(node_id)["label"]

    def pos(self, node_id: str) -> Tuple[float, float]:
        """The canvas position of a node."""
        x, y = self.node(node_id)["pos"]
        return (x, y)

    def inputs(self, node_id: str) -> List[Optional[str]]:
        """The node feeding each input port of ``node_id`` (None where free)."""
        feeds = [None] * self.kind(node_id).arity
        for source, _, port in self.graph.in_edges(node_id, keys=True):
            feeds[port] = source
        return feeds

    def wires(self) -> Iterator[Wire]:
        """Every wire."""
        # Straight from the adjacency, in networkx's own order (an empty graph has no views).
        for source, targets in self.graph._adj.items():
            for target, ports in targets.items():
                for port in ports:
                    yield Wire(source, target, port)

    def wire_count(self) -> int:
        """How many wires there are (networkx's own count walks every node's degree)."""
        return sum(len(ports) for targets in self.graph._adj.values() for ports in targets.values())

    def wires_of(self, node_id: str) -> List[Wire]:
        """Every wire into or out of a node, each once."""
        if node_id not in self.graph:
            return []
        # Read from the adjacency dicts (neighbour -> {port: data}): edge views cost
        # more than the rest of deleting a node.
        found = [Wire(s, node_id, p) for s, ports in self.graph._pred[node_id].items() for p in ports]
        found += [Wire(node_id, t, p) for t, ports in self.graph._succ[node_id].items()
                  if t != node_id for p in ports]
        return found

    def wire_into(self, target: str, port: int) -> Optional[Wire]:
        """The wire in input ``port`` of ``target``, if any."""
        # Straight from networkx's adjacency (source -> {port: data}): an edge view
        # costs more than the rest of adding a wire.
        for source, ports in self.graph._pred[target].items():
            if port in ports:
                return Wire(source, target, port)
        return None

    def consumers(self, node_id: str) -> List[str]:
        """The nodes this node feeds (each once)."""
        self.node(node_id)
        return list(self.graph.successors(node_id))

    @property
    def output(self) -> Optional[str]:
        """The node marked as the output, if any."""
        return self.graph.graph.get("output")

    # ----- reading for views: bulk reads, paths, revision ----------------------
    @property
    def revision(self) -> int:
        """A number that changes on every edit: equal numbers mean nothing changed between."""
        return self.events.emitted

    @property
    def identity(self) -> object:
        """A token for the graph held now; a document that takes it over (replace_with)
        has the same token, so what was made for it can be recognised."""
        return self._identity

    def nodes(self) -> Mapping[str, dict]:
        """Every node's fields by id, in insertion order: a live, read-only view.

        For reads of many nodes at once (drawing a big graph): iterating and
        looking up cost what a dict's do, where a call per node costs more.
        """
        return MappingProxyType(self.graph._node)

    def positions(self) -> Iterator[Tuple[str, Tuple[float, float]]]:
        """(id, canvas position) of every node, in insertion order."""
        return ((node_id, attrs["pos"]) for node_id, attrs in self.graph._node.items())

    def wire_groups(self) -> Iterator[Tuple[str, str, Iterable[int]]]:
        """Every wire, grouped by the two nodes it joins: (source, target, ports at target)."""
        for source, targets in self.graph._adj.items():
            for target, ports in targets.items():
                yield source, target, ports.keys()

    def wire_places(self, place: Mapping[str, int]) -> "numpy.ndarray":
        """Every wire as a row of three whole numbers (numpy), in wire_groups' order: its
        source's and its target's number in ``place`` (id -> number), then its port."""
        import numpy as np  # here: a window starts without it
        adj = self.graph._adj
        # Every loop here runs in C (map, chain, numpy): a loop of Python per wire took
        # four times as long at 100,000 nodes.
        targets = list(chain.from_iterable(adj.values()))
        port_maps = list(chain.from_iterable(map(dict.values, adj.values())))
        per_source = np.fromiter(map(len, adj.values()), np.int64, len(adj))
        per_pair = np.fromiter(map(len, port_maps), np.int64, len(port_maps))
        rows = np.empty((int(per_pair.sum()), 3), np.int64)
        sources = np.fromiter(map(place.__getitem__, adj), np.int64, len(adj))
        rows[:, 0] = np.repeat(np.repeat(sources, per_source), per_pair)
        rows[:, 1] = np.repeat(np.fromiter(map(place.__getitem__, targets), np.int64,
                                           len(targets)), per_pair)
        rows[:, 2] = np.fromiter(chain.from_iterable(port_maps), np.int64, len(rows))
        return rows

    def wires_of_nodes(self, node_ids: Iterable[str]) -> Set[Wire]:
        """Every wire into or out of any of these nodes (ids not in the graph are skipped)."""
        pred, succ = self.graph._pred, self.graph._succ
        found: Set[Wire] = set()
        for node_id in node_ids:
            if node_id not in pred:
                continue
            found.update(Wire(source, node_id, port)
                         for source, ports in pred[node_id].items() for port in ports)
            found.update(Wire(node_id, target, port)
                         for target, ports in succ[node_id].items() for port in ports)
        return found

    def upstream(self, node_id: str) -> Set[str]:
        """Every node with a path of wires to ``node_id`` (not the node itself)."""
        self.node(node_id)
        import networkx as nx
        return nx.ancestors(self.graph, node_id)

    def downstream(self, node_id: str) -> Set[str]:
        """Every node ``node_id`` has a path of wires to (not the node itself)."""
        self.node(node_id)
        import networkx as nx
        return nx.descendants(self.graph, node_id)

    def twin(self) -> "GraphDocument":
        """Another document holding this very graph and what goes with it (see graph_handover)."""
        return graph_handover.twin(self)

    def wire_problem(self, source: str, target: str, port: int, replacing: bool = False,
                     loops: bool = True) -> Optional[str]:
        """Why the wire source -> target[port] cannot be made, or None if it can.

        With ``replacing``, a wire already in the port does not count: the
        caller means to swap it out. Without ``loops``, a loop it would close
        is not looked for.
        """
        if source not in self.graph or target not in self.graph:
            missing = source if source not in self.graph else target
            return f"there is no node {missing!r}"
        kind = self.kind(target)
        fault = rules.wire_fault(source, target, port, kind.arity, lambda port: (
            not replacing and self.wire_into(target, port) is not None))
        if fault == rules.NO_INPUTS:
            return f"'{self.label(target)}' is {article(kind.name)}: it has no inputs to wire into"
        if fault == rules.NO_SUCH_PORT:
            return f"'{self.label(target)}' ({kind.name}) has no input port {port!r}"
        if fault == rules.FEEDS_ITSELF:
            return "a node cannot feed itself: backpropagation needs a graph without cycles"
        if fault == rules.PORT_TAKEN:
            return f"input {kind.ports[port]} of '{self.label(target)}' is already wired"
        if loops and rules.closes_loop(self.graph, source, target):
            return ("this wire would make a loop: backpropagation needs a graph "
                    "without cycles")
        return None

    def new_id(self, prefix: str) -> str:
        """A node id not in use yet: ``prefix`` followed by the smallest free number."""
        numbered = re.compile(re.escape(prefix) + r"(\d+)").fullmatch
        taken = {int(m.group(1)) for node_id in self.graph
                 if isinstance(node_id, str) and (m := numbered(node_id))}
        n = 1
        while n in taken:
            n += 1
        return f"{prefix}{n}"

    # ----- changing (commands only) ---------------------------------------
    def add_node(self, node_id: str, kind: str, *, label: Optional[str] = None,
                 value=None, exponent=None, pos=(0.0, 0.0), extra: Optional[dict] = None) -> None:
        """Add a node; every field is checked first, so a failure changes nothing."""
        attrs = self.checked_node(node_id, kind, label=label, value=value,
                                  exponent=exponent, pos=pos, extra=extra)
        # Fields go in as one dict, never as keyword arguments: a field may be
        # named like a parameter of networkx's add_node ("node_for_adding", "self").
        self.graph.add_node(node_id)
        self.graph._node[node_id].update(attrs)
        self.events.emit(DocEvent("node_added", node=node_id))

    def checked_node(self, node_id, kind, *, label=None, value=None, exponent=None,
                     pos=(0.0, 0.0), extra=None) -> dict:
        """The attributes of a valid new node, or DocumentError saying what is wrong."""
        return node_fields.checked_node(node_id, kind, label=label, value=value, exponent=exponent,
                                        pos=pos, extra=extra, taken=self.graph.__contains__)

    def remove_node(self, node_id: str) -> dict:
        """Remove a node that has no wires; returns its attributes."""
        attrs = dict(self.node(node_id))
        if self.graph.degree(node_id):
            raise DocumentError(f"'{attrs['label']}' still has wires; remove them first")
        self.graph.remove_node(node_id)
        self.groups.drop(node_id)
        if self.output == node_id:
            self.set_output(None)
        self.events.emit(DocEvent("node_removed", node=node_id))
        return attrs

    def add_wire(self, wire: Wire, extra: Optional[dict] = None, restoring: bool = False,
                 ports: Optional[List[int]] = None) -> None:
        """Add a wire, or raise WireError saying why it cannot be made.

        ``restoring`` puts back a wire that an undo takes back out of history:
        the graph is then on its way back to a state it was in, which had no
        loop, so the search for one (the costly check) is skipped. ``ports``,
        from ``ports_between`` before the wire was removed, puts the wires
        between its two nodes back in their old order.
        """
        problem = self.wire_problem(wire.source, wire.target, wire.port, loops=not restoring)
        if problem:
            raise WireError(problem)
        clash = next((field for field in WIRE_FIELDS if field in (extra or ())), None)
        if clash is not None:
            raise WireError(f"a wire cannot have a field {clash!r}: the file keeps it for itself")
        attrs = {"port": wire.port}
        attrs.update(extra or {})
        deep = next((field for field, value in attrs.items() if too_deep(value)), None)
        if deep is not None:
            raise WireError(f"the wire's field {deep!r} is {too_deep_message()}")
        # One dict, never keyword arguments: a field may be named like a
        # parameter of networkx's add_edge ("u_for_edge", "self").
        self.graph.add_edge(wire.source, wire.target, key=wire.port)
        keys = self.graph._succ[wire.source][wire.target]
        keys[wire.port].update(attrs)
        if ports is not None and len(keys) > 1:
            graph_order.reorder(keys, [p for p in ports if p in keys] + [p for p in keys if p not in ports])
        self.events.emit(DocEvent("wire_added", wire=wire))

    def ports_between(self, source: str, target: str) -> List[int]:
        """The ports of ``target`` that ``source`` feeds, in the graph's (and file's) order."""
        return list(self.graph._succ.get(source, {}).get(target, ()))

    def remove_wire(self, wire: Wire) -> dict:
        """Remove a wire; returns the extra fields it carried."""
        try:
            attrs = dict(self.graph._succ[wire.source][wire.target][wire.port])
        except KeyError:
            raise WireError(f"there is no wire {wire.source} -> {wire.target}[{wire.port}]") from None
        self.graph.remove_edge(wire.source, wire.target, key=wire.port)
        self.events.emit(DocEvent("wire_removed", wire=wire))
        attrs.pop("port", None)
        return attrs

    def set_field(self, node_id: str, field: str, value) -> None:
        """Set a node's label, value, exponent or pos, checked for its kind."""
        attrs = self.node(node_id)
        kind = KINDS[attrs["kind"]]
        if field == "label":
            try:
                rules.label(value)
            except rules.Broken:
                raise DocumentError("a label must be text") from None
        elif field == "value" and kind.has_value or field == "exponent" and kind.has_exponent:
            value = check_number(value, f"the {field} of '{attrs['label']}'")
        elif field == "pos":
            value = checked_pos(value, node_id)
        else:
            raise DocumentError(f"{article(kind.name)} node has no {field}")
        attrs[field] = value
        self.events.emit(DocEvent("node_changed", node=node_id, field=field))

    def set_output(self, node_id: Optional[str], at: Optional[int] = None) -> None:
        """Mark ``node_id`` as the output (None: no marked output).

        ``at``, from ``output_place`` before the mark was cleared, puts the
        mark back in its old place among the graph's fields.
        """
        fields = self.graph.graph
        if node_id is None:
            fields.pop("output", None)
        else:
            self.node(node_id)
            fields["output"] = node_id
            if at is not None and list(fields).index("output") != at:
                keys = [key for key in fields if key != "output"]
                keys.insert(at, "output")
                graph_order.reorder(fields, keys)
        self.events.emit(DocEvent("output_changed", node=node_id))

    def output_place(self) -> Optional[int]:
        """Where the output mark sits among the graph's fields (None: no mark)."""
        fields = self.graph.graph
        return list(fields).index("output") if "output" in fields else None

    def order(self, progress: Optional[Callable[[], None]] = None) -> tuple:
        """The order of nodes and of each node's wires, which a file's order follows.

        ``progress()``, if given, is called now and then (for a big graph).
        """
        return graph_order.take(self.graph, progress)

    def restore_order(self, order: tuple, progress: Optional[Callable[[], None]] = None) -> None:
        """Put nodes and wires back in an order taken by ``order()`` (same nodes and wires)."""
        graph_order.restore(self.graph, order, progress)

    def replace_with(self, other: "GraphDocument") -> "GraphDocument":
        """Take over another document's graph (after a load); returns what this one held."""
        return graph_handover.take_over(self, other)
