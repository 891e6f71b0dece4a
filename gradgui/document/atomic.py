"""Atomic file writes: a temporary file beside the target, flushed, then renamed over it.

A failed write never damages the file that was there before.
"""

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable


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


def replace_atomic(path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it over ``path``.

    All or nothing: if anything fails, the old file is as it was and no
    temporary file is left. The new file keeps the old one's permissions
    (a new file gets the usual ones); through a symbolic link, the file it
    points to is replaced. OSError says why it failed.
    """
    target = os.path.realpath(os.fspath(path))
    if os.path.isdir(target):
        raise IsADirectoryError(21, "Is a directory", str(path))
    folder, base = os.path.split(target)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{base}.", suffix=".tmp")
    os.close(handle)
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
    _sync_folder(folder)


def write_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once or not at all (see ``replace_atomic``)."""
    def write(temp: Path) -> None:
        with open(temp, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())

    replace_atomic(path, write)
