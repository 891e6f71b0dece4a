"""The recovery folder: whose each recovery file is, what lost sessions left, and tidying up.

A window's recovery file ``autosave-PID-TOKEN.json`` has its notes beside it
(``.meta``: the file it was opened from, when it was written) and a lock
file (``.lock``) that the window holds locked from its first write until it
closes. The system lets go of the lock when the process ends, however it
ends, so a recovery file whose lock is free was left by a session that is
gone. A process id alone cannot tell: in a container every start may be
PID 1. Files from before the lock (no ``.lock``) are judged by their process id.
"""

import json
import math
import os
import re
import stat
import time
from pathlib import Path
from typing import List, NamedTuple, Optional

from PySide6.QtCore import QStandardPaths

from ...document import filelock
from ...document.atomic import sweep_temporaries
from ...document.fileformat import load

# gradgui's own names: anything else in the folder is never deleted.
_NAME = re.compile(r"\Aautosave-(?P<pid>[0-9]{1,19})-(?P<token>[0-9a-f]{1,32})\Z")
_LARGEST_PID = 2**31 - 1
ALIVE, GONE = "alive", "gone"


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


def _remove(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


class OwnerLock:
    """The lock file a window holds while it may have a recovery file."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: Optional[int] = None

    def take(self) -> None:
        """Create and lock the file, unless already held; OSError if it can't."""
        if self._fd is not None:
            return
        for _attempt in range(50):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                locked = filelock.try_lock(fd)
            except filelock.LockUnsupported:
                locked = True  # then only the process id tells; better than no autosave
            except BaseException:
                os.close(fd)
                raise
            # A starting editor may be looking at it this moment, or have just removed
            # it as stale: then take it again.
            if locked and filelock.same_file(fd, self.path):
                self._fd = fd
                return
            if locked:
                filelock.unlock(fd)
            os.close(fd)
        raise OSError(f"cannot lock {self.path.name}")

    def release(self) -> None:
        """Remove the file and let go of it (after the recovery file is gone)."""
        if self._fd is None:
            return
        _remove(self.path)
        filelock.unlock(self._fd)
        os.close(self._fd)
        self._fd = None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # someone else's process (or nothing known): leave its file alone
    return True


class _Owner(NamedTuple):
    state: str  # ALIVE, GONE, or why the entry cannot be judged
    lock: Optional[Path]  # the lock file, if it has one


def _owner(folder: Path, stem: str) -> _Owner:
    """Whether the session that wrote ``stem``'s files is running (or why that can't be told)."""
    lock = folder / f"{stem}.lock"
    try:
        fd = os.open(lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return _Owner(_legacy_owner(stem), None)
    except OSError as error:
        return _Owner(f"its lock file cannot be opened ({error.strerror or error})", lock)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return _Owner("its lock file is not a plain file", lock)
        free = filelock.try_lock(fd)
        if free:
            filelock.unlock(fd)
        return _Owner(GONE if free else ALIVE, lock)
    except OSError as error:
        return _Owner(f"its lock file cannot be locked ({error.strerror or error})", lock)
    finally:
        os.close(fd)


def _legacy_owner(stem: str) -> str:
    """Files written before the lock file: their process id is all there is."""
    match = _NAME.match(stem)
    if not match:
        return "its name is not one gradgui gives"
    pid = int(match.group("pid"))
    if not 0 < pid <= _LARGEST_PID:
        return "its name holds no possible process id"
    if pid == os.getpid():
        return GONE  # this process's own recovery files always have a lock file
    return ALIVE if _pid_alive(pid) else GONE


def _plain_original(value) -> Optional[str]:
    """The notes' original file, if it is a plausible absolute path (notes are not trusted)."""
    if not isinstance(value, str) or not value or len(value) > 4096 or "\0" in value:
        return None
    return value if os.path.isabs(value) else None


class Orphan:
    """A recovery file left behind by a session that is gone."""

    def __init__(self, path: Path):
        self.path = path
        try:
            meta = json.loads(path.with_suffix(".meta").read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            meta = {}
        meta = meta if isinstance(meta, dict) else {}
        # Notes from a crashed run are not trusted: anything odd is left out.
        when = meta.get("time")
        self.original: Optional[str] = _plain_original(meta.get("original"))
        self.time = (float(when) if isinstance(when, (int, float)) and not isinstance(when, bool)
                     and math.isfinite(when) and 0 <= when < 1e11 else None)

    def load(self):
        """The recovered document."""
        return load(self.path)

    def remove(self) -> None:
        """Delete the recovery file, its notes and its lock file."""
        _remove(self.path, self.path.with_suffix(".meta"), self.path.with_suffix(".lock"))

    def describe(self) -> str:
        """One line for the recovery prompt."""
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.time)) if self.time else "earlier"
        name = Path(self.original).name if self.original else "an untitled graph"
        return f"unsaved changes to {name} from {when}"


def _shown(name: str) -> str:
    """A name as one printable line (names may hold any byte but "/")."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class Scan(NamedTuple):
    """What the recovery folder holds: lost sessions' work, and entries that cannot be read."""

    orphans: List[Orphan]  # newest first
    unreadable: List[str]  # "NAME: why", one per entry skipped


def scan(sweep: bool = False) -> Scan:
    """Look through the recovery folder; with ``sweep``, delete what lost sessions left
    half written (temporaries, notes, lock files). Never raises for what the folder holds."""
    folder = data_dir()
    try:
        if not folder.is_dir():
            return Scan([], [])
        names = sorted(os.listdir(folder))
    except OSError as error:
        return Scan([], [f"{_shown(str(folder))}: cannot be read ({error.strerror or error})"])
    found, unreadable, owners = [], [], {}

    def owner(stem: str) -> _Owner:
        if stem not in owners:
            owners[stem] = _owner(folder, stem)
        return owners[stem]

    for name in names:
        if not (name.startswith("autosave-") and name.endswith(".json")):
            continue
        path = folder / name
        try:
            plain = stat.S_ISREG(os.lstat(path).st_mode)
        except OSError as error:
            unreadable.append(f"{_shown(name)}: {error.strerror or error}")
            continue
        if not plain:
            unreadable.append(f"{_shown(name)}: not a plain file")
            continue
        state = owner(path.stem).state
        if state == GONE:
            if path.exists():  # else its session removed it just now, as it closed
                found.append(Orphan(path))
        elif state != ALIVE:
            unreadable.append(f"{_shown(name)}: {state}")
    if sweep:
        _sweep(folder, names, owner)
    return Scan(sorted(found, key=lambda o: o.time or 0, reverse=True), unreadable)


def _sweep(folder: Path, names: List[str], owner) -> None:
    """Delete the leftovers of gradgui's naming whose session is gone: half-written
    temporaries, and notes and lock files with no recovery file."""
    def gone(target: str) -> bool:
        stem, dot, suffix = target.rpartition(".")
        return (bool(dot) and suffix in ("json", "meta") and _NAME.match(stem) is not None
                and owner(stem).state == GONE)

    try:
        sweep_temporaries(folder, older_than_s=0.0, keep=lambda target: not gone(target))
    except OSError:
        pass
    for name in names:
        stem, _dot, suffix = name.rpartition(".")
        if suffix not in ("meta", "lock") or not _NAME.match(stem):
            continue
        if (folder / f"{stem}.json").exists() or owner(stem).state != GONE:
            continue
        # Gone for good: a lock file is taken only by the session whose token it names.
        try:
            _remove(folder / name)
        except OSError:
            pass


def orphans() -> List[Orphan]:
    """Recovery files whose session is no longer running, newest first."""
    return scan().orphans
