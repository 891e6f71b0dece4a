"""Labels made unique for pasted nodes: a name and the smallest free number, as ids are."""

import re
from typing import Dict, Iterable, Set

_SIMPLE = re.compile(r"^([A-Za-z_]+)(\d*)$")  # x1, w, bias2: a stem and its number


class UniqueLabels:
    """Hands out labels that no node has yet, and none twice.

    A simple name keeps its stem and takes the smallest free number (``x1``
    becomes ``x3`` when ``x2`` is taken, ``b`` becomes ``b2``); any other
    label gets a counter after it (``x1*w1 (2)``), so an expression's label
    never turns into a different expression.
    """

    def __init__(self, taken: Iterable[str]):
        self.taken: Set[str] = set(taken)
        self._next: Dict[str, int] = {}

    def new(self, label: str) -> str:
        """``label`` if it is free, else the first free variant of it."""
        if label not in self.taken:
            self.taken.add(label)
            return label
        simple = _SIMPLE.match(label)
        stem, pattern = (simple.group(1), "{stem}{n}") if simple else (label, "{stem} ({n})")
        n = self._next.get(pattern + stem, 2)
        while pattern.format(stem=stem, n=n) in self.taken:
            n += 1
        self._next[pattern + stem] = n + 1
        fresh = pattern.format(stem=stem, n=n)
        self.taken.add(fresh)
        return fresh
