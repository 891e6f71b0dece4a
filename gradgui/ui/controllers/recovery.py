"""Crash safety: autosave a modified document to a recovery file, offer it after a crash.

Each running window owns one recovery file named after its process id. A
clean close removes it; a file whose process is gone was left by a crash.
"""

import json
import math
import os
import threading
import time
from pathlib import Path
from typing import List, Optional

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from ...document.fileformat import FileFormatError, encode, load, write_encoded

AUTOSAVE_MS = 30_000
BACKGROUND_ABOVE = 20_000  # nodes; a bigger document is encoded off the GUI thread


def data_dir() -> Path:
    """Where recovery files live: GRADGUI_SETTINGS_DIR if set, else gradgui's folder in the
    user's data folder.

    The folder must not depend on the running application's name: a window
    opened by ``gradgui.show`` from a script autosaves where the next
    ``gradgui`` start looks.
    """
    folder = os.environ.get("GRADGUI_SETTINGS_DIR")
    if not folder:
        generic = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.GenericDataLocation)
        folder = str(Path(generic) / "gradgui") if generic else str(Path.home() / ".gradgui")
    return Path(folder) / "recovery"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove(path: Path) -> None:
    """Delete a recovery file and its notes, whichever of them exist."""
    for each in (path, path.with_suffix(".meta")):
        try:
            each.unlink()
        except FileNotFoundError:
            pass


class Recovery(QObject):
    """Autosaves one session every 30 s while it has unsaved changes."""

    def __init__(self, session, parent=None, interval_ms: int = AUTOSAVE_MS):
        super().__init__(parent)
        self.session = session
        self.folder = data_dir()
        self.path = self.folder / f"autosave-{os.getpid()}-{id(self):x}.json"
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        self._job: Optional[dict] = None  # a big document being written by a worker
        self._writing = threading.Lock()  # held by the worker while it writes, and to discard
        self._job_timer = QTimer(self)
        self._job_timer.setInterval(50)
        self._job_timer.timeout.connect(self._job_done)
        session.saved.connect(self.discard)
        session.document_replaced.connect(self.discard)

    def autosave(self) -> bool:
        """Write the recovery file if there are unsaved changes (else remove it).

        A big document is encoded and written by a worker thread while the
        window goes on, unless the document changes meanwhile (the next
        autosave then takes the newer one). True when the file was written now.
        """
        if self.session.changing:
            return False  # half way through a change: the next autosave will do
        if self.session.undo_stack.isClean():
            self.discard()
            return False
        if self._job is not None:
            return False  # the last one is still encoding
        doc = self.session.doc
        original = self.session.path
        if len(doc) <= BACKGROUND_ABOVE:
            try:
                data = encode(doc)
            except FileFormatError as error:
                return self._report(str(error))
            return self._report(self._write(data, original))
        revision = doc.revision
        job = self._job = {}

        def work():
            try:
                data = encode(doc)
            except (RuntimeError, FileFormatError):  # changed under it: a dict resized
                return
            with self._writing:
                # Not if it changed while encoded (the next autosave takes the newer
                # one), nor once the file is discarded (saved, or closed).
                if doc.revision == revision and not job.get("void"):
                    job["error"] = self._write(data, original)

        job["thread"] = threading.Thread(target=work, name="gradgui-autosave", daemon=True)
        job["thread"].start()
        self._job_timer.start()
        return False

    def _job_done(self) -> None:
        job = self._job
        if job is None or job["thread"].is_alive():
            return
        self._job_timer.stop()
        self._job = None
        if self.session.undo_stack.isClean():
            self.discard()  # saved while the worker wrote: no changes left to recover
        else:
            self._report(job.get("error"))

    def _write(self, data: bytes, original: Optional[Path]) -> Optional[str]:
        """Write the recovery file and its notes (any thread); what went wrong, if anything."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_encoded(data, self.path)
            meta = {"original": str(original) if original else None, "time": time.time()}
            self.path.with_suffix(".meta").write_text(json.dumps(meta), encoding="utf-8")
        except (FileFormatError, OSError) as error:
            return str(error)
        return None

    def _report(self, error: Optional[str]) -> bool:
        if error is not None:
            self.session.message.emit(f"Autosave failed: {error}")
        return error is None

    def discard(self) -> None:
        """Remove this window's recovery file (after a save or a clean close).

        A worker writing it meanwhile finishes first; one about to write, doesn't.
        """
        with self._writing:
            if self._job is not None:
                self._job["void"] = True
            _remove(self.path)


class Orphan:
    """A recovery file left behind by a process that is gone."""

    def __init__(self, path: Path):
        self.path = path
        try:
            meta = json.loads(path.with_suffix(".meta").read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            meta = {}
        meta = meta if isinstance(meta, dict) else {}
        # Notes from a crashed run are not trusted: anything odd is left out.
        original, when = meta.get("original"), meta.get("time")
        self.original: Optional[str] = original if isinstance(original, str) else None
        self.time = (float(when) if isinstance(when, (int, float)) and not isinstance(when, bool)
                     and math.isfinite(when) and 0 <= when < 1e11 else None)

    def load(self):
        """The recovered document."""
        return load(self.path)

    def remove(self) -> None:
        """Delete the recovery file and its notes."""
        _remove(self.path)

    def describe(self) -> str:
        """One line for the recovery prompt."""
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.time)) if self.time else "earlier"
        name = Path(self.original).name if self.original else "an untitled graph"
        return f"unsaved changes to {name} from {when}"


def orphans() -> List[Orphan]:
    """Recovery files whose process is no longer running, newest first."""
    folder = data_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("autosave-*.json"):
        try:
            pid = int(path.stem.split("-")[1])
        except (IndexError, ValueError):
            continue
        if not _alive(pid):
            found.append(Orphan(path))
    return sorted(found, key=lambda o: o.time or 0, reverse=True)
