"""The rules of nodes and wires, in one place.

A number field holds a finite number; a position is two of them; a label is
text; a node id is non-empty text; a wire goes into an input port that
exists and is free, never from a node into itself, never around a loop.
The document (edits), the file loader and the clipboard all ask these
functions. Each names the rule broken (``Broken.rule``, one of the names
below) and the caller says it in its reader's words: a file's fault names
the record, an edit's the node.
"""

from typing import TYPE_CHECKING, Callable, Hashable, List, Mapping, Optional, Tuple

if TYPE_CHECKING:
    import networkx as nx

# Numbers.
NOT_A_NUMBER = "not a number"
NOT_FINITE = "not finite"
TOO_LARGE = "too large"
# Node fields.
BAD_ID = "bad id"
NOT_TEXT = "not text"
NOT_A_PAIR = "not a pair"
# Wires.
NO_INPUTS = "no inputs"
NO_SUCH_PORT = "no such port"
FEEDS_ITSELF = "feeds itself"
PORT_TAKEN = "port taken"
LOOP = "loop"


class Broken(Exception):
    """A rule broken: ``rule`` says which; ``part`` which part of the thing (x or y of a
    position) and ``value`` what that part held; ``node`` the node a loop runs through."""

    def __init__(self, rule: str, part: Optional[str] = None, value=None, node=None):
        super().__init__(rule)
        self.rule = rule
        self.part = part
        self.value = value
        self.node = node


def number(value) -> float:
    """``value`` as a float if it is a finite number (not a bool); else Broken."""
    if type(value) is float:
        # inf - inf and nan - nan are nan, the only float not equal to itself.
        if value - value == 0.0:
            return value
        raise Broken(NOT_FINITE)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Broken(NOT_A_NUMBER)
    try:
        value = float(value)
    except OverflowError:
        # An int too big for a float (JSON allows any length of digits).
        raise Broken(TOO_LARGE) from None
    if value - value != 0.0:
        raise Broken(NOT_FINITE)
    return value


def position(pos) -> Tuple[float, float]:
    """A node's position: two finite numbers x, y; else Broken (``part`` "x" or "y" for
    a bad number)."""
    try:
        x, y = pos
    except (TypeError, ValueError):
        raise Broken(NOT_A_PAIR) from None
    try:
        x = number(x)
    except Broken as broken:
        raise Broken(broken.rule, "x", x) from None
    try:
        y = number(y)
    except Broken as broken:
        raise Broken(broken.rule, "y", y) from None
    return (x, y)


def node_id(candidate) -> str:
    """A node id: non-empty text; else Broken(BAD_ID)."""
    if not isinstance(candidate, str) or not candidate:
        raise Broken(BAD_ID)
    return candidate


def label(text) -> str:
    """A label: text; else Broken(NOT_TEXT)."""
    if not isinstance(text, str):
        raise Broken(NOT_TEXT)
    return text


def wire_fault(source, target, port, arity: int, taken: Callable[[int], bool]) -> Optional[str]:
    """The rule a wire source -> target[port] breaks on its own, or None.

    ``arity`` is the target's number of inputs; ``taken(port)`` says whether
    another wire is in a (valid) port. A loop is looked for separately (see
    closes_loop and acyclic_order): it depends on the whole graph.
    """
    if arity == 0:
        return NO_INPUTS
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port < arity:
        return NO_SUCH_PORT
    if source == target:
        return FEEDS_ITSELF
    if taken(port):
        return PORT_TAKEN
    return None


def closes_loop(graph: "nx.MultiDiGraph", source, target) -> bool:
    """True if a new wire source -> target would close a loop (target already reaches
    source)."""
    import networkx as nx  # here: reading a file needs no networkx
    return nx.has_path(graph, target, source)


def acyclic_order(succ: Mapping[Hashable, Mapping], pred: Mapping[Hashable, Mapping]) -> List:
    """Every node, each after the nodes that feed it; Broken(LOOP, node=...) naming a
    node on a loop if the wires make one.

    ``succ`` and ``pred`` map each node to its successors and predecessors (the
    order of ``pred`` is the order ties are broken in: the same order as
    networkx's topological sort). Iterative, so any depth.
    """
    waiting = {n: len(p) for n, p in pred.items() if p}
    order = [n for n, p in pred.items() if not p]
    for node in order:  # grows while it is walked
        for nxt in succ[node]:
            count = waiting[nxt] - 1
            waiting[nxt] = count
            if not count:
                order.append(nxt)
    if len(order) == len(pred):
        return order
    # Every leftover node has a leftover predecessor; walking back must repeat.
    node = next(n for n, count in waiting.items() if count)
    seen = set()
    while node not in seen:
        seen.add(node)
        node = next(p for p in pred[node] if waiting.get(p))
    raise Broken(LOOP, node=node)


def article(word: str) -> str:
    """'an add', 'a mul': the word with its indefinite article."""
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"

