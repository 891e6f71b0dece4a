"""One window's long work: what is running, whether edits must wait, and what counts as big.

Every long piece of work goes through the window's ``Activity``: on a thread
beside the window with a progress box (``run``), on the window's own thread
in chunks (``chunks``), or silently on a thread (``in_background``). Flags
that said "not now" in many places are questions asked of it.
"""

from contextlib import contextmanager
from typing import Callable, Iterator, List, Optional, TypeVar

from ... import tuning
from .progress import SHOW_AFTER_MS, Cancelled, ChunkProgress
from .runner import BackgroundJob, Steps, run_with_box

T = TypeVar("T")

BIG = 2000
"""Nodes: a graph with more is big. Its edits show their progress, it opens zoomed out
with its wires drawn by the overview (their items made on the first zoom-in), its
overview is drawn and coloured on a worker, and its objects are frozen once in place."""

__all__ = ["Activity", "BIG", "Cancelled", "ChunkProgress"]


class _Job:
    def __init__(self, what: str, worker: bool, cancellable: bool):
        self.what, self.worker, self.cancellable = what, worker, cancellable
        self.cancelled = False  # a change that was cancelled half way: its owner takes it back


class Activity:
    """What long work one window is doing, and the settings that say how it is done.

    ``big`` (nodes) and ``show_after_ms`` (how long work runs before its
    progress box shows) are settings: tests may make either small.
    """

    def __init__(self, big: int = BIG, show_after_ms: float = SHOW_AFTER_MS):
        self.big = big
        self.show_after_ms = show_after_ms
        self.window = None  # progress boxes belong to it; without one chunked work shows none
        self._jobs: List[_Job] = []
        self._background: List[BackgroundJob] = []  # kept until told done

    def is_big(self, nodes: int) -> bool:
        """True for a graph of more than ``big`` nodes."""
        return nodes > self.big

    # ----- what is running -------------------------------------------------
    @property
    def worker_running(self) -> bool:
        """True while a worker started by ``run`` reads or computes on the document."""
        return any(job.worker for job in self._jobs)

    @property
    def background_running(self) -> bool:
        """True while work started by ``in_background`` runs (a training run, an autosave)."""
        return bool(self._background)

    @property
    def document_changing(self) -> bool:
        """True while another document is put in place or a big edit is half done:
        events run meanwhile, but nothing may read the document as finished."""
        return any(not job.worker for job in self._jobs)

    @property
    def edits_refused(self) -> bool:
        """True while an edit now would land half way through other work."""
        return bool(self._jobs)

    @property
    def background_running(self) -> bool:
        """True while work started with ``in_background`` has not yet been told done."""
        return bool(self._background)

    def doing(self, what: str) -> bool:
        """True while work started with this ``what`` runs."""
        return any(job.what == what for job in self._jobs)

    @property
    def change_may_be_cancelled(self) -> bool:
        """True while the document change under way may be cancelled (opening a file)."""
        changes = [job for job in self._jobs if not job.worker]
        return bool(changes) and changes[-1].cancellable

    def cancel_change(self) -> None:
        """The person cancelled part of the document change under way (building its
        canvas): whoever began the change takes it back once its block ends."""
        changes = [job for job in self._jobs if not job.worker]
        if changes:
            changes[-1].cancelled = True

    @contextmanager
    def _running(self, job: _Job) -> Iterator[_Job]:
        self._jobs.append(job)
        try:
            yield job
        finally:
            self._jobs.remove(job)

    @contextmanager
    def changing_document(self, what: str = "change", cancellable: bool = False,
                          pause_collector: bool = True) -> Iterator[_Job]:
        """Mark the document as being changed while the block runs (edits and autosave
        wait); the collector waits too, unless told not to.

        Yields the change: its ``cancelled`` says, at the end, whether a part
        of it was cancelled (see ``cancel_change``).
        """
        with self._running(_Job(what, False, cancellable)) as job:
            if not pause_collector:
                yield job
                return
            with tuning.collector_paused() as pause:
                try:
                    yield job
                finally:
                    # What a cancelled change made is thrown away: not frozen, or it never goes.
                    pause.keep = pause.keep and not job.cancelled

    def keep_if_big(self, nodes: int) -> None:
        """A graph of ``nodes`` nodes is now in place: if it is big, its objects are frozen
        out of the collector's walks (see tuning)."""
        tuning.freeze_if_big(nodes, self.big)

    # ----- ways to run work -----------------------------------------------
    def run(self, text: str, work: Callable[..., T], cancellable: bool = True,
            counts_steps: bool = False, what: str = "work") -> T:
        """Run ``work()`` on a thread while the window repaints; return what it returns.

        A progress box saying ``text`` shows if it takes longer than
        ``show_after_ms``; until then the window repaints but takes no input.
        Cancel raises Cancelled and the result is thrown away. Without
        ``cancellable`` the box has no Cancel (for work whose effect can't be
        taken back half way). With ``counts_steps`` the work is called as
        ``work(report)``: ``report(done, total)`` moves the box and returns
        False once Cancel was pressed, and what the work then returns is returned.
        """
        steps = Steps() if counts_steps else None
        call = (lambda: work(steps.report)) if steps is not None else work
        with self._running(_Job(what, True, cancellable)):
            return run_with_box(self.window, text, call, cancellable, self.show_after_ms, steps)

    def chunks(self, text: str, total: int, cancellable: bool = True) -> ChunkProgress:
        """The progress of work done on the window's thread in chunks (a context manager;
        call ``tick(done)`` between chunks, which raises Cancelled after Cancel)."""
        return ChunkProgress(self.window, text, total, cancellable, self.show_after_ms)

    def in_background(self, work: Callable[[], T],
                      done: Optional[Callable[[BackgroundJob], None]] = None,
                      pause_collector: bool = False,
                      name: str = "gradgui-background") -> BackgroundJob:
        """Run ``work()`` on a thread with no box while the person goes on (autosave).

        Edits are not refused meanwhile: the work must cope with the document
        changing under it (or copy what it needs first). ``done(job)`` is
        called on the window's thread once it has ended, with ``job.value`` or
        ``job.error`` set; not if the window is gone by then. With
        ``pause_collector`` the collector waits while it runs.
        """
        def finished(job: BackgroundJob) -> None:
            self._background.remove(job)
            if done is not None:
                done(job)
        job = BackgroundJob(work, finished, self.window, pause_collector, name)
        self._background.append(job)
        return job
