"""A tiny observer: the document emits events, views subscribe."""

from typing import Callable, List, Optional

from ..engine.record import Record

_set = object.__setattr__  # a Record's fields are set once, in __init__


class Wire(Record):
    """A wire from ``source``'s output to input ``port`` of ``target``."""

    __slots__ = ("source", "target", "port")

    def __init__(self, source: str, target: str, port: int):
        _set(self, "source", source)
        _set(self, "target", target)
        _set(self, "port", port)


class DocEvent(Record):
    """Something changed in a document.

    ``kind`` is one of: node_added, node_removed, node_changed (with
    ``field``), wire_added, wire_removed, output_changed, group_added,
    group_removed, group_changed (with ``group`` and ``field``: "label",
    "level", "collapsed", "parent" or "members"), reset (everything may have
    changed: rebuild from scratch).
    """

    __slots__ = ("kind", "node", "wire", "field", "group")

    def __init__(self, kind: str, node: Optional[str] = None, wire: Optional[Wire] = None,
                 field: Optional[str] = None, group: Optional[str] = None):
        _set(self, "kind", kind)
        _set(self, "node", node)
        _set(self, "wire", wire)
        _set(self, "field", field)
        _set(self, "group", group)


class Events:
    """Subscribers to a document's events."""

    def __init__(self):
        self._subscribers: List[Callable[[DocEvent], None]] = []
        self.emitted = 0  # how many events so far: equal counts mean nothing changed between

    def sub(self, callback: Callable[[DocEvent], None]) -> Callable[[], None]:
        """Call ``callback`` on every event; returns a function that unsubscribes."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def emit(self, event: DocEvent) -> None:
        """Tell every subscriber about ``event``."""
        self.emitted += 1
        for callback in list(self._subscribers):
            callback(event)
