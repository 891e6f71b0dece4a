"""The arrays a compiled network reuses from one batched pass to the next.

A pass over ``n`` rows needs one ``(row nodes, n)`` array of data, one of
grads, and a few scratch arrays as large as the largest group of nodes.
Asking numpy for them afresh at every training step costs more than the
arithmetic (the system hands out zeroed pages that are faulted in one by
one), so a ``Pool`` keeps them per row count, up to a total size (beyond
it, as with the largest data sets, passes make their own). A pass's
results stay its own while anything still holds them: its workspace comes
back once the pass is dropped, and is lent again only if no array viewing
it is left, so nothing a caller kept is ever overwritten. Pools belong to
one compiled program, so an edit (a new program) or another row count
starts afresh.
"""

import sys
import threading
import weakref
from collections import OrderedDict, deque
from typing import Dict, List, Optional

import numpy as np

_SHAPES_KEPT = 6  # kinds of array set by row count kept (training, the grid, a mini-batch)
_SPARE_KEPT = 2  # free sets kept of each
_FREE_BYTES = 512 * 2 ** 20  # at most this much kept free: larger passes allocate as they go


class Workspace:
    """One pass's data and grads arrays, ``(row nodes, n)``; grads made when first needed."""

    def __init__(self, n_row_nodes: int, n: int):
        self.shape = (n_row_nodes, n)
        self.data = np.empty(self.shape)
        self.grads: Optional[np.ndarray] = None

    def zeroed_grads(self) -> np.ndarray:
        """The grads array, every entry 0."""
        if self.grads is None:
            self.grads = np.zeros(self.shape)
        else:
            self.grads.fill(0.0)
        return self.grads

    @property
    def nbytes(self) -> int:
        """The size of its arrays."""
        return self.data.nbytes + (self.grads.nbytes if self.grads is not None else 0)

    def references(self) -> List[int]:
        """How many references each of its arrays has (a view of one holds one)."""
        return [sys.getrefcount(a) for a in (self.data, self.grads) if a is not None]

    def unshared(self) -> bool:
        """True when nothing but this workspace holds its arrays (no view of them is alive)."""
        return all(count == _ALONE for count in self.references())


def _alone() -> int:
    lone = Workspace(1, 1)
    lone.zeroed_grads()
    return max(lone.references())


_ALONE = _alone()


class Scratch:
    """Scratch arrays of one pass, ``(largest group, n)``, made when first needed."""

    def __init__(self, rows: int, n: int):
        self.shape = (rows, n)
        self._floats: Dict[str, np.ndarray] = {}
        self._mask: Optional[np.ndarray] = None

    @property
    def nbytes(self) -> int:
        """The size of the arrays made so far."""
        return sum(a.nbytes for a in self._floats.values()) + (
            self._mask.nbytes if self._mask is not None else 0)

    def floats(self, name: str, m: int) -> np.ndarray:
        """The scratch array ``name``, its first ``m`` rows."""
        found = self._floats.get(name)
        if found is None:
            found = self._floats[name] = np.empty(self.shape)
        return found[:m]

    def mask(self, m: int) -> np.ndarray:
        """A scratch array of booleans, its first ``m`` rows."""
        if self._mask is None:
            self._mask = np.empty(self.shape, dtype=bool)
        return self._mask[:m]


class Pool:
    """Free workspaces and scratch by row count, for one compiled program; thread-safe."""

    def __init__(self, n_row_nodes: int, largest_group: int):
        self.n_row_nodes, self.largest_group = n_row_nodes, largest_group
        self._lock = threading.Lock()
        self._shelves: "OrderedDict[tuple, list]" = OrderedDict()  # (kind, n) -> free sets
        self._bytes = 0  # the size of everything on the shelves
        # Workspaces of dropped passes, shelved at the next pass: a pass may be dropped
        # anywhere, even by the collector while this thread holds the lock.
        self._returned: deque = deque()

    def workspace(self, n: int) -> Workspace:
        """A workspace for a pass over ``n`` rows."""
        with self._lock:
            while self._returned:
                returned = self._returned.popleft()
                if returned.unshared():
                    self._keep(("workspace", returned.shape[1]), returned)
        found = self._take(("workspace", n))
        return found if found is not None else Workspace(self.n_row_nodes, n)

    def adopt(self, owner, workspace: Workspace) -> None:
        """Let ``owner`` (a pass) hold ``workspace``; it comes back here when ``owner`` goes."""
        finalizer = weakref.finalize(owner, self._give_back, workspace)
        finalizer.atexit = False

    def scratch(self, n: int) -> Scratch:
        """Scratch for one pass over ``n`` rows; hand it back with ``done``."""
        found = self._take(("scratch", n))
        return found if found is not None else Scratch(self.largest_group, n)

    def done(self, scratch: Scratch) -> None:
        """Take back scratch a pass has finished with."""
        with self._lock:
            self._keep(("scratch", scratch.shape[1]), scratch)

    @property
    def free_bytes(self) -> int:
        """The size of the arrays kept free now."""
        return self._bytes

    def _give_back(self, workspace: Workspace) -> None:
        self._returned.append(workspace)  # takes no lock (see _returned)

    def _take(self, key: tuple):
        with self._lock:
            free = self._shelves.get(key)
            if not free:
                return None
            self._shelves.move_to_end(key)
            found = free.pop()
            self._bytes -= found.nbytes
            return found

    def _keep(self, key: tuple, item) -> None:
        """Shelve ``item`` if it fits (the caller holds the lock)."""
        size = item.nbytes
        free = self._shelves.setdefault(key, [])
        self._shelves.move_to_end(key)
        # Room is made by letting go of the sets used longest ago.
        while len(self._shelves) > _SHAPES_KEPT or (
                size <= _FREE_BYTES < self._bytes + size and len(self._shelves) > 1):
            self._drop(next(iter(self._shelves)))
        if len(free) < _SPARE_KEPT and self._bytes + size <= _FREE_BYTES:
            free.append(item)
            self._bytes += size
        elif not free:
            del self._shelves[key]

    def _drop(self, key: tuple) -> None:
        self._bytes -= sum(item.nbytes for item in self._shelves.pop(key))
