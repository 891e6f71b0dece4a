"""Keep Python's cycle collector from stalling the window on big graphs.

A graph of 100,000 nodes is about 750,000 objects, and the cycle collector
walks all of them in each full collection: about 200 ms on the test machine,
at moments no one chooses. So the collector waits while a worker or a big
edit makes such objects, and objects that have come to stay (an open
document, its canvas) are then set aside from its walks ("frozen"). A
document freed later still goes at once: its objects hold no reference
cycles, so counting references frees them, frozen or not. Only garbage in
cycles that is frozen stays, and there is little of it.
"""

import gc
from contextlib import contextmanager

BIG = 2000  # nodes: a bigger graph's objects are set aside once in place
MANY = 100_000  # objects made while the collector waited: set aside, not walked at once


def keep_long_lived(nodes: int) -> None:
    """After a graph of ``nodes`` nodes is put in place: if it is big, set aside
    what exists now from future collections."""
    if nodes > BIG:
        gc.freeze()


@contextmanager
def collector_paused():
    """No automatic collection while the block runs.

    Many objects made meanwhile are set aside at the end: else the first
    collection after it would walk them all in one go.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > MANY:
            gc.freeze()
        if was_enabled:
            gc.enable()
