"""Handing a document's graph over: a twin that holds the same graph, and taking over
another document's graph (after a load), with the groups and file extras that go with it.

A document's graph, its groups, its file extras and its identity token travel
together: whoever holds the graph holds the rest, so that what views made
for a graph (recognised by the identity) stays valid, and putting the old
graph back gives back exactly the old document.
"""

from . import graph_order
from .events import DocEvent


def twin(doc):
    """Another document holding ``doc``'s very graph, groups and file extras (not a copy),
    to put back with ``take_over`` after trying another graph."""
    other = type(doc)(doc.graph)
    other.file_extras = doc.file_extras
    other.groups = doc.groups
    other._identity = doc._identity
    return other


def take_over(doc, other):
    """Make ``doc`` hold ``other``'s graph and what goes with it; views rebuild.

    Returns a document holding what ``doc`` held before (to put it back).
    """
    previous = twin(doc)
    doc.graph = other.graph
    doc.file_extras = other.file_extras
    doc.groups = other.groups
    doc.groups.bind(doc)
    doc._identity = other._identity
    if previous.graph is not doc.graph:
        # The views networkx keeps on a graph are cycles: dropped, the old graph goes at once.
        graph_order.drop_cached_views(previous.graph)
    doc.events.emit(DocEvent("reset"))
    return previous
