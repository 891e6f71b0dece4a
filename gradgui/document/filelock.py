"""Advisory locks on open files: how a running gradgui marks the files it is using.

The system lets go of a lock when the process holding it ends, however it
ends, and a lock cannot be mistaken for another process's the way a
process id can (every process of a container may be PID 1). So a file that
can be locked is not in use by a running editor.
"""

import os
import threading

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

# Files this process has locked. On some file systems (NFS) a lock belongs to the
# process, not to the open file, so this process could lock its own file again.
_held = set()
_guard = threading.Lock()


class LockUnsupported(OSError):
    """The file system cannot lock files: whether a file is in use cannot be told."""


def _key(fd: int):
    info = os.fstat(fd)
    return info.st_dev, info.st_ino


def try_lock(fd: int) -> bool:
    """Lock the open file ``fd`` for this process without waiting; False if it is held.

    LockUnsupported if the file system has no locks.
    """
    key = _key(fd)
    with _guard:
        if key in _held:
            return False
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except BlockingIOError:
            return False
        except OSError as error:
            if fcntl is None or error.errno in (13, 11):  # EACCES, EAGAIN: someone holds it
                return False
            raise LockUnsupported(error.errno, error.strerror) from None
        _held.add(key)
        return True


def unlock(fd: int) -> None:
    """Let go of a lock taken with ``try_lock`` (closing the file does too, for other processes)."""
    with _guard:
        _held.discard(_key(fd))
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            else:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass


def same_file(fd: int, path) -> bool:
    """True if ``path`` (not followed if a link) is still the file open as ``fd``."""
    try:
        there = os.lstat(path)
    except OSError:
        return False
    return (there.st_dev, there.st_ino) == _key(fd)
