"""Keep Python's cycle collector from stalling the window on big graphs.

A graph of 100,000 nodes is about 750,000 objects, and the cycle collector
walks all of them in each full collection: about 200 ms on the test machine,
at moments no one chooses. So the collector waits while a worker or a big
edit makes such objects, and objects that have come to stay (an open
document, its canvas) are then set aside from its walks ("frozen").

Set aside, an object is freed only by counting references, never by the
collector. A replaced document goes that way: the graph's only cycles are
the views networkx keeps on it, dropped when it is replaced
(``document.release_views``), and its canvas items are deleted by Qt. What
a failed or cancelled worker made is not set aside.
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


def let_go() -> None:
    """Put everything set aside back in the collector's reach (a window closes)."""
    gc.unfreeze()


class Pause:
    """What a paused stretch tells at its end: whether what it made is to be kept."""

    keep = True


@contextmanager
def collector_paused():
    """No automatic collection while the block runs; yields a Pause.

    Many objects made meanwhile are set aside at the end, else the first
    collection after it would walk them all in one go; not when the block
    failed or its Pause says they are not kept (a failed worker's traceback
    holds what it made, in a cycle: set aside, it would never go).
    """
    pause = Pause()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield pause
    except BaseException:
        pause.keep = False
        raise
    finally:
        if pause.keep and gc.get_count()[0] > MANY:
            gc.freeze()
        if was_enabled:
            gc.enable()
