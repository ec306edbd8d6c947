"""Locks between processes, held through small files beside the cache.

`FileLock` is an exclusive, non-blocking lock on a file of its own (never on the cache file:
on POSIX, closing any descriptor of a file drops every `fcntl` lock the process holds on it,
which would take SQLite's locks away). POSIX uses `flock`, which belongs to the open file,
not to the process, so two `FileLock`s on one path exclude each other inside one process as
well; Windows uses `msvcrt.locking` on the file's first byte. The operating system lets go of
a lock when its process ends, however it ends: a crashed holder never blocks anyone.

`turn(path)` is the process-wide turn that sending the outbox takes (see `Store.sending`):
the first holder in a process takes the lock on the file, and the process's other holders
share it until the last lets go. Inside one process the sender's own lock orders the runs;
this one keeps two processes (the window and a scheduled `si-desktop sync`) from sending the
same queued edit at the same time.

Standard library only, no Qt: a lock and a counter are all that is needed, and `msvcrt` /
`fcntl` are what a lock library would call anyway.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

log = logging.getLogger("si_desktop.store")


class FileLock:
    """An exclusive lock on `path` (created 0600 if missing), taken without waiting."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, create: bool = True) -> bool:
        """Take the lock if nobody holds it; True when this object holds it now. With
        `create=False` a missing file is not made (FileNotFoundError)."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def rename(self, target: Path) -> None:
        """Give the held file another name; the lock goes with it (POSIX only: Windows does
        not rename a file that is open)."""
        os.rename(self.path, target)
        self.path = target

    def release(self) -> None:
        """Let go (the file stays: removing it could let two holders lock two files)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held elsewhere (EWOULDBLOCK / EACCES)
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


class _NoLock(FileLock):
    """Stands in for a lock file that cannot be made."""

    def acquire(self, *, create: bool = True) -> bool:
        return True

    def release(self) -> None:
        pass


class _Shared:
    """One process's hold on a lock file, shared by its holders."""

    def __init__(self, lock: FileLock) -> None:
        self.lock = lock
        self.holders = 0


_turns: dict[Path, _Shared] = {}
_turns_guard = threading.Lock()


@contextlib.contextmanager
def turn(path: str | os.PathLike[str]) -> Iterator[bool]:
    """This process's turn at what `path` guards: yields True when it has it (another
    process does not), False when another process holds it. Never waits."""
    key = Path(path).absolute()
    with _turns_guard:
        shared = _turns.get(key)
        if shared is None:
            lock = FileLock(key)
            try:
                taken = lock.acquire()
            except OSError as error:  # e.g. a read-only folder: nobody can share it anyway
                log.warning("the lock %s cannot be made (%s); going on without it", key, error)
                taken = True
                lock = _NoLock(key)
            if not taken:
                has_turn = False
            else:
                shared = _turns[key] = _Shared(lock)
        if shared is not None:
            shared.holders += 1
            has_turn = True
    try:
        yield has_turn
    finally:
        if has_turn:
            with _turns_guard:
                assert shared is not None
                shared.holders -= 1
                if shared.holders == 0:
                    del _turns[key]
                    shared.lock.release()
