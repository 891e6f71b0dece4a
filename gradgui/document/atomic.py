"""Atomic file writes: a temporary file beside the target, flushed, then renamed over it.

A failed write never damages the file that was there before. While it is
written, a temporary is locked (see filelock): a temporary of gradgui's
naming that nobody holds was left by a writer that was killed, and the next
write of the same target deletes it.
"""

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable, List, Optional

from . import filelock

# ".NAME.XXXXXXXX.tmp": the prefix and suffix given to mkstemp, and its eight random
# characters (lower-case letters, digits and "_").
_TEMPORARY = re.compile(r"\A\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp\Z", re.DOTALL)
STALE_AFTER_S = 60.0
"""A temporary nobody holds is deleted once it is this old: a younger one may be being
written by a writer that does not lock (an older gradgui)."""


def temporary_target(name: str) -> Optional[str]:
    """The target's file name if ``name`` is the name of one of its temporaries, else None."""
    match = _TEMPORARY.match(name)
    return match.group("target") if match else None


def _mode_for(target: str) -> int:
    """Keep an existing file's permissions; new files get the usual 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: str) -> None:
    # Makes the rename itself durable; folders cannot be opened on Windows.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _locked_temporary(folder: str, base: str):
    """A new temporary beside the target, locked: (open descriptor, path)."""
    for _attempt in range(10):
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{base}.", suffix=".tmp")
        try:
            locked = filelock.try_lock(handle)
        except filelock.LockUnsupported:
            return handle, temp
        except BaseException:
            os.close(handle)
            raise
        # A sweeper may have taken it in the moment before the lock: then it is
        # gone (or going), and another name is taken.
        if locked and filelock.same_file(handle, temp):
            return handle, temp
        if locked:
            filelock.unlock(handle)
        os.close(handle)
    raise OSError(errno.EBUSY, "no temporary file could be made beside it")


def _let_go(handle: int) -> None:
    filelock.unlock(handle)
    os.close(handle)


def replace_atomic(path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it over ``path``.

    All or nothing: if anything fails, the old file is as it was and no
    temporary file is left. The new file keeps the old one's permissions
    (a new file gets the usual ones); through a symbolic link, the file it
    points to is replaced. OSError says why it failed. Afterwards, stale
    temporaries of the same target are deleted (see ``sweep_temporaries``).
    """
    target = os.path.realpath(os.fspath(path))
    if os.path.isdir(target):
        raise IsADirectoryError(21, "Is a directory", str(path))
    folder, base = os.path.split(target)
    handle, temp = _locked_temporary(folder, base)
    try:
        write(Path(temp))
        os.chmod(temp, _mode_for(target))
        os.replace(temp, target)
        temp = None
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
        _let_go(handle)
    _sync_folder(folder)
    try:
        sweep_temporaries(folder, base)
    except OSError:
        pass  # the save itself is done; tidying up can wait for the next one


def write_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once or not at all (see ``replace_atomic``)."""
    def write(temp: Path) -> None:
        with open(temp, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())

    replace_atomic(path, write)


def sweep_temporaries(folder, target: Optional[str] = None,
                      older_than_s: float = STALE_AFTER_S,
                      keep: Callable[[str], bool] = lambda _target: False) -> List[str]:
    """Delete the temporaries of gradgui's naming in ``folder`` that no running writer holds.

    Only those of the file named ``target`` if given, none whose target
    ``keep(target)`` says to keep, and none younger than ``older_than_s``
    seconds. Nothing else is touched: not other names, links, folders or
    special files. Returns the names deleted. OSError if ``folder`` can't be read.
    """
    deleted = []
    with os.scandir(folder) as entries:
        names = [entry.name for entry in entries]
    for name in names:
        of = temporary_target(name)
        if of is None or (target is not None and of != target) or keep(of):
            continue
        if _sweep_one(os.path.join(folder, name), older_than_s):
            deleted.append(name)
    return deleted


def _sweep_one(path: str, older_than_s: float) -> bool:
    """Delete one temporary if it is a plain file, old enough and not held; True if deleted."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or time.time() - info.st_mtime < older_than_s:
            return False
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        handle = os.open(path, flags)
    except OSError:
        return False
    try:
        held = filelock.try_lock(handle)  # else a running editor is writing it
    except OSError:  # with no locks, nothing tells a live writer from a dead one: leave it
        held = False
    if not held:
        os.close(handle)
        return False
    try:
        if not filelock.same_file(handle, path):
            return False  # renamed into place (or replaced) meanwhile
        if os.name == "nt":  # an open file cannot be deleted there
            _let_go(handle)
            held = False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        if held:
            _let_go(handle)
