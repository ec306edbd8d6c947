"""The cache file as the screens that look after it see it (Preferences, removing an
account): where it is, what each account keeps in it, and clearing one account's share.

When the app has the cache open it passes its `Store`, and the work runs on it; otherwise
each call opens the file, does its work and closes it again, and a call never creates the
file. The file is opened without `PRAGMA quick_check`: a look from the side must not move
a file another thread of the app may be using aside; checking the file is the app's own
open's job. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from si_desktop.store import DEFAULT_FILENAME, Scope, ScopeCounts, ScopeSummary, Store

T = TypeVar("T")


class LocalCache:
    """The cache file in `data_dir` (or `store`, the app's open one)."""

    def __init__(self, data_dir: Path, store: Store | None = None) -> None:
        self.data_dir = data_dir
        self._store = store

    @property
    def path(self) -> Path:
        return self._store.path if self._store is not None else self.data_dir / DEFAULT_FILENAME

    def summaries(self) -> list[ScopeSummary]:
        """Each account (scope) the cache holds, with what it keeps; [] without a file.
        Raises `StoreError` when the file cannot be read."""
        return self._with_store(lambda store: store.scopes.list()) or []

    def counts(self, scope: Scope) -> ScopeCounts | None:
        """What `scope` keeps in the cache (all zero if nothing); None without a file."""
        return self._with_store(lambda store: store.scopes.counts(scope))

    def clear(self, scope: Scope) -> ScopeCounts:
        """Delete `scope`'s records, files, preferences and queued edits, in one transaction,
        and return what was deleted. Queued edits are work never sent: ask the user first."""
        cleared = self._with_store(
            lambda store: store.scopes.clear(scope, include_queued_edits=True)
        )
        return cleared if cleared is not None else ScopeCounts()

    def _with_store(self, work: Callable[[Store], T]) -> T | None:
        if self._store is not None:
            return work(self._store)
        if not self.path.is_file():
            return None
        with Store.open(self.path, quick_check=False) as store:
            return work(store)
