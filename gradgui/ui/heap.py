"""Keep Python's cycle collector from stalling the window on big graphs.

A graph of 100,000 nodes is about 750,000 objects that Python's cycle
collector walks on every full collection: about 200 ms each on the test
machine, at moments no one chooses. Long-lived objects (an open document,
its canvas) are set aside from those walks once they are in place, and the
collector waits while a worker builds such objects. A document freed later
still goes at once: its objects hold no reference cycles, so counting
references frees them, frozen or not.
"""

import gc
from contextlib import contextmanager

BIG = 2000  # objects from a graph of more nodes than this are set aside


def keep_long_lived(nodes: int) -> None:
    """After a graph of ``nodes`` nodes is put in place: if it is big, leave what exists
    now out of future full collections."""
    if nodes <= BIG:
        return
    gc.collect(1)  # young garbage first: anything set aside is never collected for cycles
    gc.freeze()


@contextmanager
def collector_paused():
    """No automatic collection while the block runs (its objects are mostly kept)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
