"""Crash safety: autosave a modified document to a recovery file, offer it after a crash.

Each running window owns one recovery file named after its process id. A
clean close removes it; a file whose process is gone was left by a crash.
"""

import json
import math
import os
import time
from pathlib import Path
from typing import List, Optional

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from ..document.fileformat import FileFormatError, load, save

AUTOSAVE_MS = 30_000


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
        session.saved.connect(self.discard)
        session.document_replaced.connect(self.discard)

    def autosave(self) -> bool:
        """Write the recovery file if there are unsaved changes (else remove it)."""
        if self.session.undo_stack.isClean():
            self.discard()
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            save(self.session.doc, self.path)
            meta = {"original": str(self.session.path) if self.session.path else None,
                    "time": time.time()}
            self.path.with_suffix(".meta").write_text(json.dumps(meta), encoding="utf-8")
        except (FileFormatError, OSError) as error:
            self.session.message.emit(f"Autosave failed: {error}")
            return False
        return True

    def discard(self) -> None:
        """Remove this window's recovery file (after a save or a clean close)."""
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
