"""Crash safety: autosave a modified document to a recovery file, offer it after a crash.

Each window owns one recovery file (see recovery_folder for whose is whose).
It is written a few seconds after edits stop, and never later than about ten
seconds after the first change it does not hold yet; a clean close removes it.
"""

import json
import os
import threading
import time
from typing import Optional

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from ...document.atomic import write_atomic
from ...document.fileformat import FileFormatError, encode, write_encoded
from .recovery_folder import Orphan, OwnerLock, data_dir, orphans, scan

__all__ = ["Orphan", "Recovery", "data_dir", "orphans", "scan"]

QUIET_MS = 2_000  # written this long after the last edit ...
AT_MOST_MS = 8_000  # ... and never later than this after the first one it lacks
WAIT_MS = 100  # how often to look whether other work has ended, when a write waits for it
BACKGROUND_ABOVE = 20_000  # nodes; a bigger document is encoded and written off the GUI thread


class Recovery(QObject):
    """Autosaves one session's unsaved changes to its recovery file, seconds after each edit.

    ``quiet_ms`` and ``at_most_ms`` say when (see the module); a document of
    more than ``background_above`` nodes, or any while other work runs beside
    the window, is written on a worker thread.
    """

    written = Signal()  # the recovery file now holds the latest changes

    def __init__(self, session, parent=None, quiet_ms: int = QUIET_MS,
                 at_most_ms: int = AT_MOST_MS, background_above: int = BACKGROUND_ABOVE):
        super().__init__(parent)
        self.session = session
        self.quiet_ms = quiet_ms
        self.at_most_ms = at_most_ms
        self.background_above = background_above
        self.folder = data_dir()
        self.path = self.folder / f"autosave-{os.getpid()}-{os.urandom(8).hex()}.json"
        self.last_written: Optional[float] = None  # when (time.time()) it was last written
        self._owner = OwnerLock(self.path.with_suffix(".lock"))
        self._closed = False
        self._waiting = False  # a write is due but other work runs: write once it ends
        self._quiet = self._timer(single=True)
        self._at_most = self._timer(single=True)
        self._wait = self._timer(single=False)
        self._wait.setInterval(WAIT_MS)
        self._job = None  # the background job writing a big document
        self._job_state: dict = {}
        self._writing = threading.Lock()  # held by the worker while it writes, and to discard
        self.status_label = QLabel()
        self.status_label.setObjectName("recoveryStatus")
        self.status_label.hide()
        stack = session.undo_stack
        stack.indexChanged.connect(self._changed)
        stack.cleanChanged.connect(self._changed)
        session.saved.connect(self._saved)
        session.document_replaced.connect(self.discard)

    def _timer(self, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.timeout.connect(self.autosave)
        return timer

    # ----- when ---------------------------------------------------------
    def _changed(self, *_args) -> None:
        """An edit, undo or redo: write a little later (or remove the file, if all is saved)."""
        if self._closed:
            return
        try:
            clean = self.session.undo_stack.isClean()
        except RuntimeError:  # the stack tells of its own clearing as it is destroyed
            return
        if clean:
            self.discard()
            return
        self._quiet.start(self.quiet_ms)
        if not self._at_most.isActive():
            self._at_most.start(self.at_most_ms)

    def _saved(self) -> None:
        self.discard()
        self._changed()  # an edit the save did not include is still to be protected

    @property
    def writing(self) -> bool:
        """True while a big document's recovery file is being written in the background."""
        return self._job is not None

    @property
    def due(self) -> bool:
        """True while there are changes the recovery file does not hold yet."""
        return self._quiet.isActive() or self._at_most.isActive() or self._waiting

    # ----- writing --------------------------------------------------------
    def autosave(self) -> bool:
        """Write the recovery file now if there are unsaved changes (else remove it).

        Half way through a change of the document, or while a big document's
        last write runs, it is written as soon as that ends. A big document is
        encoded and written by a worker thread while the window goes on,
        unless the document changes meanwhile (the edit asks for another
        write). True when the file was written now.
        """
        if self._closed:
            return False
        if self.session.work.document_changing or self._job is not None:
            self._waiting = True  # not skipped: written the moment that work is over
            self._wait.start()
            return False
        if self.session.undo_stack.isClean():
            self.discard()
            return False
        for timer in (self._quiet, self._at_most, self._wait):
            timer.stop()
        self._waiting = False
        doc = self.session.doc
        original = self.session.path
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._owner.take()
        except OSError as error:
            return self._report(f"cannot write to {self.folder}: {error.strerror or error}")
        # Written here unless big, or while other work runs beside the window (a training
        # run animating the window): then a write's wait for the disk would freeze it.
        if len(doc) <= self.background_above and not self.session.work.background_running:
            try:
                data = encode(doc)
            except FileFormatError as error:
                return self._report(str(error))
            return self._report(self._write(data, original))
        revision, state = doc.revision, {"void": False}

        def work() -> Optional[str]:
            """Encode and write on a worker: "written", what went wrong, or None if stale."""
            try:
                data = encode(doc)
            except RuntimeError:  # changed under it: a dict resized
                return None
            except FileFormatError as error:
                return str(error) if doc.revision == revision else None
            with self._writing:
                # Not if it changed while encoded (that edit asked for another write),
                # nor once the file is discarded (saved, or closed).
                if doc.revision != revision or state["void"]:
                    return None
                return self._write(data, original) or "written"

        self._job_state = state
        self._job = self.session.work.in_background(work, self._job_done, name="gradgui-autosave")
        return False

    def _job_done(self, job) -> None:
        self._job = None
        outcome = job.value if job.error is None else str(job.error)
        if self.session.undo_stack.isClean():
            self.discard()  # saved while the worker wrote: no changes left to recover
        elif outcome == "written":
            self._report(None)
        elif outcome is not None:
            self._report(outcome)
        if self._waiting:
            self.autosave()

    def _write(self, data: bytes, original) -> Optional[str]:
        """Write the recovery file and its notes (any thread); what went wrong, if anything."""
        try:
            write_encoded(data, self.path)
            meta = {"original": str(original) if original else None, "time": time.time()}
            write_atomic(self.path.with_suffix(".meta"), json.dumps(meta).encode("utf-8"))
        except FileFormatError as error:
            return str(error)
        except OSError as error:
            return f"{error.filename or self.path.name}: {error.strerror}" if error.strerror else str(error)
        return None

    def _report(self, error: Optional[str]) -> bool:
        if error is not None:
            self.session.message.emit(f"Autosave failed: {error}")
            return False
        self.last_written = time.time()
        stamp = time.strftime("%H:%M:%S", time.localtime(self.last_written))
        self.status_label.setText(f"Recovery data written {stamp}")
        self.status_label.setToolTip(
            "If gradgui stops unexpectedly, the next start offers the unsaved changes "
            f"as they were at {stamp}.")
        self.status_label.show()
        self.written.emit()
        return True

    def discard(self) -> None:
        """Remove this window's recovery file (after a save or a clean close).

        A worker writing it meanwhile finishes first; one about to write, doesn't.
        """
        for timer in (self._quiet, self._at_most, self._wait):
            timer.stop()
        self._waiting = False
        with self._writing:
            self._job_state["void"] = True
            for path in (self.path, self.path.with_suffix(".meta")):
                try:
                    path.unlink()
                except (FileNotFoundError, NotADirectoryError):
                    pass  # never written
                except OSError as error:
                    self.session.message.emit(f"Could not remove {path.name}: {error.strerror}")
        self.last_written = None
        self.status_label.hide()

    def close(self) -> None:
        """The window is closing cleanly: remove the recovery file and write no more."""
        self.discard()
        self._closed = True
        self._owner.release()
