"""A graph read from a file to be evaluated, not edited: networkx's tables without networkx.

A headless run (``gradgui --backward FILE``) reads a file, evaluates it and
prints the result; importing networkx would be most of its time. The loader
fills the same tables a ``MultiDiGraph`` keeps (``_node``, ``_succ`` also
as ``_adj``, ``_pred``, and ``graph``), and this class answers the few
questions a document asks while reading. A document to edit is loaded
with a real ``MultiDiGraph`` (``load`` without ``plain``).
"""

from typing import Dict, Iterator


class PlainGraph:
    """The tables of a ``MultiDiGraph`` (node -> fields, adjacency by port), for reading only."""

    def __init__(self):
        self.graph: Dict = {}
        self._node: Dict = {}
        self._succ: Dict = {}
        self._adj = self._succ
        self._pred: Dict = {}

    @property
    def nodes(self) -> Dict:
        """Node id -> fields (read them)."""
        return self._node

    def __contains__(self, node_id) -> bool:
        try:
            return node_id in self._node
        except TypeError:  # an unhashable id is in no graph
            return False

    def __iter__(self) -> Iterator:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def number_of_nodes(self) -> int:
        """How many nodes there are."""
        return len(self._node)

    def in_edges(self, node_id, keys: bool = False):
        """(source, node_id, port) for each wire into ``node_id`` (``keys`` must be true)."""
        if not keys:
            raise ValueError("a plain graph lists wires with their ports only")
        return [(source, node_id, port) for source, ports in self._pred[node_id].items()
                for port in ports]

    def out_degree(self, node_id) -> int:
        """How many wires leave ``node_id``."""
        return sum(len(ports) for ports in self._succ[node_id].values())
