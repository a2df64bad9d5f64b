"""A lock file beside the search index, so two Navigator processes never build or swap it at once.

Two processes that both find the index missing would otherwise both build it and rename their
folders over each other. Whoever holds this lock builds; the other waits, then finds the index
current and opens it. The lock is the operating system's (released when the process dies, so a
crash never leaves it held) on a small empty file that is never deleted: deleting it while
another process waits on it would let a third process lock a new file beside it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

try:  # POSIX
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

WINDOWS_RETRY_S = 0.05  # msvcrt has no blocking lock that waits longer than ten seconds


class IndexLock:
    """An exclusive lock on `path`, shared by the threads of one engine (re-entrant).

    Across processes it is the file lock; within a process an RLock, because `flock` treats two
    opens of the same file in one process as two owners.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._threads = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> IndexLock:
        self._threads.acquire()
        try:
            if self._depth == 0:
                self._fd = _lock_file(self.path)
            self._depth += 1
        except BaseException:
            self._threads.release()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                fd, self._fd = self._fd, None
                _unlock_file(fd)
        finally:
            self._threads.release()

    def busy(self) -> bool:
        """Whether another holder has the lock now (a build under way elsewhere): a search
        asks before rebuilding for a newer directory, rather than wait out another's build."""
        if self._depth:
            return False  # this engine holds it
        fd = _open_lock_file(self.path)
        if fd == NO_LOCK:
            return False
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:  # BlockingIOError on POSIX, PermissionError on Windows
            return True
        finally:
            os.close(fd)
        return False


NO_LOCK = -1  # a read-only data folder: nobody can build or swap the index there anyway


def _open_lock_file(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except PermissionError:
        try:
            return os.open(path, os.O_RDONLY)  # a lock taken on a read-only file still counts
        except OSError:
            return NO_LOCK


def _lock_file(path: Path) -> int:
    fd = _open_lock_file(path)
    if fd == NO_LOCK:
        return fd
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(WINDOWS_RETRY_S)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _unlock_file(fd: int) -> None:
    if fd == NO_LOCK:
        return
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)
