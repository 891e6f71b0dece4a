"""The cycle collector during a benchmark's timed work: the one place the scripts pause it."""

import gc
from contextlib import contextmanager


@contextmanager
def collector(on: bool):
    """Collect first, then run with the cycle collector on (as a script runs) or paused."""
    gc.collect()
    if not on:
        gc.disable()
    try:
        yield
    finally:
        gc.enable()
