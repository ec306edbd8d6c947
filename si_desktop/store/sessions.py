"""Who has the cache file open, and whether someone stopped without closing it.

Each open `Database` on a file leaves a marker beside it, `<name>.session-<random>`, that
it holds locked (`store.locks.FileLock`) until it closes cleanly and removes it. The
operating system drops the lock of a process that dies, so a marker nobody holds is the
trace of an unclean stop: a crash, a `kill -9`, a power cut. A marker someone holds is a
live user: the window while a scheduled `si-desktop sync` starts, or the other way round.
`Session.look()` tells both apart; `Database` checks the whole file at open after an unclean
stop, and never moves a damaged file aside while another live user has it open.

On POSIX the marker is made and locked under another name and then renamed, so that nobody
ever sees an unlocked marker of a live open. Windows does not rename an open file: there the
marker is locked just after it is made, and an open that looks in that instant takes it for
an unclean stop (one integrity check too many, nothing worse).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from si_desktop.store.locks import FileLock

SESSION_INFIX = ".session-"
_STARTING_INFIX = ".starting-"


@dataclass(frozen=True)
class Others:
    """What `Session.look()` found beside the file: markers of live opens (`live`) and of
    opens that ended without closing (`stale`, held locked by the caller until released)."""

    live: int
    stale: tuple[FileLock, ...]

    def release(self, *, remove: bool) -> None:
        """Let go of the stale markers; with `remove`, delete them (their stop has been
        dealt with: the file was checked)."""
        for lock in self.stale:
            if remove and os.name == "posix":
                with contextlib.suppress(FileNotFoundError):
                    lock.path.unlink()
            lock.release()
            if remove and os.name != "posix":
                with contextlib.suppress(OSError):
                    lock.path.unlink()


class Session:
    """This open's marker beside the cache file at `db_path`."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        token = secrets.token_hex(8)
        marker = db_path.with_name(f"{db_path.name}{SESSION_INFIX}{token}")
        if os.name == "posix":
            self._lock = FileLock(db_path.with_name(f"{db_path.name}{_STARTING_INFIX}{token}"))
            self._take()
            self._lock.rename(marker)
        else:
            self._lock = FileLock(marker)
            self._take()

    def _take(self) -> None:
        if not self._lock.acquire():  # a fresh random name: nobody else can hold it
            raise OSError(f"the session marker {self._lock.path} is locked")

    @property
    def marker(self) -> Path:
        return self._lock.path

    def look(self) -> Others:
        """The other markers beside the file: how many are held (live opens), and those
        nobody holds (unclean stops), locked now so that no one else counts them as live."""
        live = 0
        stale: list[FileLock] = []
        for path in sorted(self.db_path.parent.glob(f"{self.db_path.name}{SESSION_INFIX}*")):
            if path == self.marker:
                continue
            probe = FileLock(path)
            try:
                held_here = probe.acquire(create=False)
            except FileNotFoundError:  # closed cleanly meanwhile
                continue
            if held_here:
                stale.append(probe)
            else:
                live += 1
        return Others(live, tuple(stale))

    def end(self) -> None:
        """A clean close: the marker goes."""
        if os.name == "posix":
            with contextlib.suppress(FileNotFoundError):
                self.marker.unlink()
            self._lock.release()
        else:
            path = self.marker
            self._lock.release()
            with contextlib.suppress(OSError):
                path.unlink()
