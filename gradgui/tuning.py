"""Every process-wide setting gradgui changes, and how each is given back.

Three of the interpreter's settings are the whole process's, not one
window's, and gradgui may run inside someone else's interpreter (a script
or notebook calling ``gradgui.show``). So they are changed only here, and
nothing is left changed once gradgui's window is gone:

- **The cycle collector, paused** (``gc.disable``) while a worker or a big
  edit makes many objects: a full collection walks every object (several
  per node and wire of a graph) at a moment no one chooses, and it holds
  the interpreter lock that the window needs.
  Pauses nest and may overlap on several threads; the collector runs again
  when the last one ends, if it ran before the first began.
- **Long-lived objects frozen** (``gc.freeze``) once a big graph is in
  place, so later collections do not walk it again and again. Frozen, an
  object is freed only by counting references: a replaced graph still goes,
  as the document leaves no reference cycles in a graph it lets go. Nothing
  is frozen if the host had frozen objects of its own (unfreezing would then
  thaw theirs too); everything frozen is thawed when the window closes or
  ``gradgui.show`` returns.
- **A short switch interval** (``sys.setswitchinterval``) while a worker
  runs: every Qt call hands the interpreter lock back, and getting it again
  could take the worker's whole default turn, once per call of a repaint.

The benchmark scripts set the collector through ``collector_for_timing``, so
that every change to it is in this one module. It imports only the standard
library: an engine benchmark loads neither Qt nor networkx with it.
"""

import gc
import sys
import threading
from contextlib import ExitStack, contextmanager
from typing import Iterator, Optional

TURN_S = 0.0005  # the longest turn a thread has at Python while a worker runs
MANY = 100_000  # objects made while the collector waited: frozen, not walked all at once

_lock = threading.Lock()
_pauses = 0  # collector pauses under way, on any thread
_was_enabled = True  # whether the collector ran before the first of them began
_frozen_by_us = False  # whether anything is frozen that gradgui froze
_host_had_frozen: Optional[bool] = None  # the host's own frozen objects, seen before we froze


class Pause:
    """What a paused stretch tells at its end: whether what it made is to be kept."""

    keep = True


@contextmanager
def collector_paused(many: int = MANY) -> Iterator[Pause]:
    """No automatic collection while the block runs (on any thread); yields a Pause.

    When the last pause ends, more than ``many`` objects made meanwhile are
    frozen, else the first collection after it would walk them all at once;
    not when the block failed or its Pause says they are not kept (a failed
    worker's traceback holds what it made in a cycle: frozen, it would never go).
    """
    global _pauses, _was_enabled
    pause = Pause()
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
        _pauses += 1
        gc.disable()
    try:
        yield pause
    except BaseException:
        pause.keep = False
        raise
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0:
                if pause.keep and gc.get_count()[0] > many:
                    _freeze()
                if _was_enabled:
                    gc.enable()


def while_starting() -> ExitStack:
    """The collector paused while an editor starts; close the stack once its window has
    painted. What start-up makes (modules, classes, widgets) lives as long as the window,
    and walking it again and again is time the window is not on screen."""
    stack = ExitStack()
    stack.enter_context(collector_paused())
    return stack


def freeze_if_big(nodes: int, big: int) -> None:
    """After a graph of ``nodes`` nodes is put in place: if it has more than ``big``,
    freeze what exists now, out of the collector's walks."""
    if nodes > big:
        with _lock:
            _freeze()


def _freeze() -> None:
    global _frozen_by_us, _host_had_frozen
    if _host_had_frozen is None:
        _host_had_frozen = gc.get_freeze_count() > 0
    if not _host_had_frozen:
        gc.freeze()
        _frozen_by_us = True


def thaw() -> None:
    """Put back in the collector's reach everything gradgui froze (a window closes)."""
    global _frozen_by_us, _host_had_frozen
    with _lock:
        if _frozen_by_us:
            gc.unfreeze()
        _frozen_by_us = False
        _host_had_frozen = None


_turns = 0  # short-turn stretches under way; they may end in any order
_interval_before = 0.0  # the switch interval before the first of them began


@contextmanager
def short_turns(turn: float = TURN_S) -> Iterator[None]:
    """Let the window's thread get its turn at Python sooner while a worker runs: no
    thread holds it longer than ``turn`` seconds at a time.

    Stretches may overlap (a training run and a progress box) and end in any
    order: the interval goes back when the last one ends.
    """
    global _turns, _interval_before
    with _lock:
        if _turns == 0:
            _interval_before = sys.getswitchinterval()
        _turns += 1
        sys.setswitchinterval(min(_interval_before, turn))
    try:
        yield
    finally:
        with _lock:
            _turns -= 1
            if _turns == 0:
                sys.setswitchinterval(_interval_before)


@contextmanager
def host_settings_kept() -> Iterator[None]:
    """Run gradgui inside a host's interpreter: whatever happens, give back the collector's
    state (running or not, what is frozen) and the switch interval as they were."""
    enabled, interval = gc.isenabled(), sys.getswitchinterval()
    try:
        yield
    finally:
        thaw()
        sys.setswitchinterval(interval)
        (gc.enable if enabled else gc.disable)()


@contextmanager
def collector_for_timing(on: bool) -> Iterator[None]:
    """A benchmark's timed block: collect first, then run it with the cycle collector on
    (as a user's script runs) or paused; the collector runs again after it."""
    gc.collect()
    if not on:
        gc.disable()
    try:
        yield
    finally:
        gc.enable()
