"""A new document's graph before networkx is loaded: it becomes networkx's MultiDiGraph in
place the first time more than its tables is asked of it.

Importing networkx is a large share of the editor's start, and the window
opens on an empty document. An ``EmptyGraph`` holds the very tables a
``MultiDiGraph`` keeps (``graph``, ``_node``, ``_adj`` also as ``_succ``,
``_pred`` and networkx's cache) and answers what can be read of an empty
graph from them. Anything else (adding a node, a networkx function's
question) first turns it into a ``MultiDiGraph``: its class changes, the
object and its tables stay, so whoever holds it holds the real graph from
then on.
"""


class EmptyGraph:
    """An empty multigraph's tables; a ``MultiDiGraph`` (the same object) once asked for more."""

    def __init__(self):
        self.graph: dict = {}
        self._node: dict = {}
        self._adj: dict = {}
        self._succ = self._adj
        self._pred: dict = {}
        self.__networkx_cache__: dict = {}

    def __getattr__(self, name):
        # Only for what the object does not have: become the real graph, then answer as it.
        import networkx as nx
        self.__class__ = nx.MultiDiGraph
        return getattr(self, name)

    def __contains__(self, node_id) -> bool:
        try:
            return node_id in self._node
        except TypeError:  # an unhashable id is in no graph
            return False

    def __iter__(self):
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def number_of_nodes(self) -> int:
        """How many nodes there are."""
        return len(self._node)
