"""Finding nodes by label or id as a person types: an index kept up to date by the
document's events, so a keystroke looks at lower-case text and nothing else."""

import re
from bisect import bisect_right
from dataclasses import dataclass
from heapq import merge
from itertools import accumulate, repeat
from operator import contains
from typing import Dict, Iterator, List, Optional

from .events import DocEvent

SHOWN = 200  # matches handed back for a list: more would only slow the list down


@dataclass(frozen=True)
class Matches:
    """What a search found: how many nodes match, and the first of them, best first."""

    query: str
    total: int
    node_ids: List[str]


class SearchIndex:
    """The lower-case label and id of every node of a document, for substring search.

    Built on the first search, then kept by the document's events (a node added,
    removed or relabelled; a reset forgets it all). Results come best first:
    a label or id equal to the query, then those starting with it, then the
    rest, each group in the document's order.
    """

    def __init__(self, doc):
        self.doc = doc
        self._texts: Optional[Dict[str, str]] = None  # node id -> "label\nid", lower case
        self._flat: Optional[_Flat] = None  # made again at the first search after an edit
        self._whole: Dict[str, List[str]] = {}  # a lower-case label or id -> its nodes
        doc.events.sub(self._on_event)

    def _on_event(self, event: DocEvent) -> None:
        if self._texts is None:
            return
        kind = event.kind
        if kind == "reset":
            self._texts = self._flat = None
            self._whole = {}
            return
        if kind not in ("node_added", "node_removed") and not (
                kind == "node_changed" and event.field == "label"):
            return
        node_id = event.node
        self._flat = None
        old = self._texts.pop(node_id, None)
        if old is not None:
            for key in set(old.split("\n", 1)):
                self._whole[key].remove(node_id)
        if kind != "node_removed":
            self._add(node_id, self.doc.label(node_id))

    def _add(self, node_id: str, label: str) -> None:
        # A newline between the two: a query (one line) never matches across them.
        text = self._texts[node_id] = f"{_one_line(label)}\n{_one_line(node_id)}"
        for key in set(text.split("\n", 1)):
            self._whole.setdefault(key, []).append(node_id)

    def _index(self) -> "_Flat":
        if self._texts is None:
            self._texts, self._whole = {}, {}
            for node_id, attrs in self.doc.nodes().items():
                self._add(node_id, attrs["label"])
        if self._flat is None:
            self._flat = _Flat(self._texts)
        return self._flat

    def find(self, query: str, limit: int = SHOWN) -> Matches:
        """The nodes whose label or id contains ``query`` (any case), best first."""
        wanted = query.strip().lower()
        if not wanted or "\n" in wanted or "\0" in wanted:
            return Matches(query, 0, [])
        flat = self._index()
        # Counting tests each text in C; the ranked lists look for their first ``limit``
        # in one long string and stop there (a loop over the texts in Python cost ten
        # times more).
        total = sum(map(contains, flat.texts, repeat(wanted)))
        best = list(self._whole.get(wanted, ())[:limit])
        seen = set(best)
        joined = flat.joined
        # A label starts after "\0", an id after "\n" (str.find: a pattern with a class
        # of characters cost ten times more); then every text holding it, once each.
        starting = merge(_places(joined, "\0" + wanted), _places(joined, "\n" + wanted))
        anywhere = (match.start() for match in re.finditer(re.escape(wanted) + "[^\0]*", joined))
        for places in (starting, anywhere):
            if len(best) >= min(limit, total):
                break
            for place in places:
                node_id = flat.node_at(place + 1)
                if node_id not in seen:
                    best.append(node_id)
                    seen.add(node_id)
                    if len(best) == limit:
                        break
        return Matches(query, total, best)


class _Flat:
    """The index's texts in document order: as a list, and joined into one string."""

    def __init__(self, texts: Dict[str, str]):
        self.ids = list(texts)
        self.texts = list(texts.values())
        self.joined = "\0" + "\0".join(self.texts) + "\0"
        self.starts = list(accumulate((len(text) + 1 for text in self.texts), initial=1))

    def node_at(self, position: int) -> str:
        """The node whose text covers a position of the joined string."""
        return self.ids[bisect_right(self.starts, position) - 1]


def _places(text: str, part: str) -> Iterator[int]:
    """Where ``part`` occurs in ``text``, first to last."""
    place = text.find(part)
    while place >= 0:
        yield place
        place = text.find(part, place + 1)


def _one_line(text: str) -> str:
    """Lower case, with the index's separators (newline, NUL) made spaces."""
    return text.lower().replace("\n", " ").replace("\0", " ")
