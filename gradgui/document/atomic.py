"""Atomic file writes: a temporary file beside the target, flushed, then renamed over it.

A failed write never damages the file that was there before.
"""

import os
import stat
import tempfile
from pathlib import Path


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


def write_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once or not at all; OSError says why it failed.

    Writing through a symbolic link updates the file it points to, not the link.
    """
    target = os.path.realpath(os.fspath(path))
    if os.path.isdir(target):
        raise IsADirectoryError(21, "Is a directory", str(path))
    folder, base = os.path.split(target)
    temp = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=f".{base}.", suffix=".tmp",
                                         delete=False) as file:
            temp = file.name
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
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


def temp_path_beside(path) -> Path:
    """A fresh temporary file name in the same folder as ``path`` (for writers that need a name)."""
    target = Path(os.path.realpath(os.fspath(path)))
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix)
    os.close(handle)
    return Path(name)
