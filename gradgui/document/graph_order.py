"""The order of a graph's nodes and wires: taken, put back in place, and the views let go.

A file lists nodes and wires in the graph's own order, so undoing an edit
must put that order back exactly for the file to come back byte for byte.
"""

from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:
    import networkx as nx

PROGRESS_EVERY = 2000  # nodes between two reports while the order is copied or restored

_GRAPH_DATA = {"graph", "_node", "_adj", "_pred", "_succ", "__networkx_cache__"}


def take(graph: "nx.MultiDiGraph", progress: Optional[Callable[[], None]] = None) -> tuple:
    """The order of ``graph``'s nodes and of each node's wires; ``progress()`` now and then."""
    succ, pred = {}, {}
    for count, (node, nbrs) in enumerate(graph._adj.items()):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress()
        if nbrs:
            succ[node] = list(nbrs)
        if graph._pred[node]:
            pred[node] = list(graph._pred[node])
    return (list(graph._node), succ, pred)


def restore(graph: "nx.MultiDiGraph", order: tuple,
            progress: Optional[Callable[[], None]] = None) -> None:
    """Put nodes and wires back in an order ``take`` gave (same nodes and wires)."""
    nodes, succ, pred = order
    # Reordered in place: networkx's cached views hold these very dicts.
    for table in (graph._node, graph._adj, graph._pred):
        reorder(table, nodes)
    for table, orders in ((graph._adj, succ), (graph._pred, pred)):
        for count, (node, neighbours) in enumerate(orders.items()):
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress()
            if len(neighbours) > 1:  # one neighbour has just one order
                reorder(table[node], neighbours)


def drop_cached_views(graph: "nx.MultiDiGraph") -> None:
    """Drop the views networkx caches on a graph (``nodes``, ``edges``, ``degree``...).

    Each points back at the graph, a reference cycle: a graph let go is then
    freed by counting references as soon as nothing else holds it, not when a
    collection happens to find it. The views come back when next asked for.
    """
    for name in [name for name in vars(graph) if name not in _GRAPH_DATA]:
        del vars(graph)[name]


def reorder(table: dict, keys: list) -> None:
    """Put ``table``'s entries in the order of ``keys`` (the same keys), in place."""
    if list(table) == keys:
        return
    items = [(key, table[key]) for key in keys]
    table.clear()
    table.update(items)
