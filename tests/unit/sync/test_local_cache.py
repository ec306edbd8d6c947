"""`LocalCache`: the same answers on the app's open store and on the file opened for one
call, nothing created where there is no file, and clearing takes queued edits too."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from si_desktop.store import (
    DEFAULT_FILENAME,
    SCHEMA_VERSION,
    EditKind,
    Scope,
    ScopeCounts,
    Store,
    StoreError,
)
from si_desktop.sync.local_cache import LocalCache

MINE = Scope("fp_aaaaaaaaaaaaaaaa", "live")
OTHER = Scope("fp_bbbbbbbbbbbbbbbb", "sandbox")


def _entity(n: int) -> dict[str, object]:
    return {"id": f"ent_{n:024x}", "name": f"Client {n}", "updated_at": "2025-01-01T00:00:00Z"}


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    with Store.open_in(tmp_path) as store:
        store.entities.upsert(MINE, [_entity(n) for n in range(3)])
        store.entities.upsert(OTHER, [_entity(n) for n in range(5)])
        store.outbox.enqueue(MINE, EditKind.UPDATE_ENTITY, "ent_" + "0" * 24, {"name": "New"})
    return tmp_path


@pytest.fixture(params=["file", "open store"])
def cache(request: pytest.FixtureRequest, seeded: Path) -> Iterator[LocalCache]:
    if request.param == "file":
        yield LocalCache(seeded)
        return
    with Store.open_in(seeded) as store:
        yield LocalCache(seeded, store)


def test_summaries_and_counts_per_account(cache: LocalCache, seeded: Path) -> None:
    assert cache.path == seeded / DEFAULT_FILENAME
    counts = {summary.scope: summary.counts for summary in cache.summaries()}
    assert counts[MINE].entities == 3 and counts[MINE].queued_edits == 1
    assert counts[OTHER].entities == 5
    assert cache.counts(MINE) == counts[MINE]
    assert cache.counts(Scope("fp_cccccccccccccccc", "live")) == ScopeCounts()


def test_clearing_one_account_takes_its_queued_edits_and_leaves_the_other(
    cache: LocalCache, seeded: Path
) -> None:
    cleared = cache.clear(MINE)
    assert (cleared.entities, cleared.queued_edits) == (3, 1)
    assert cache.counts(MINE) == ScopeCounts()
    assert [s.scope for s in cache.summaries()] == [OTHER]
    with Store.open_in(seeded) as store:  # on the file itself, not only on the open store
        assert store.outbox.count(MINE) == 0
        assert store.scopes.counts(OTHER).entities == 5


def test_without_a_file_there_is_nothing_and_nothing_is_created(tmp_path: Path) -> None:
    cache = LocalCache(tmp_path)
    assert cache.summaries() == []
    assert cache.counts(MINE) is None
    assert cache.clear(MINE) == ScopeCounts()
    assert not cache.path.exists()


def test_a_file_that_cannot_be_read_says_so_and_is_left_as_it_is(tmp_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(tmp_path / DEFAULT_FILENAME)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")  # from a newer release
    with pytest.raises(StoreError):
        LocalCache(tmp_path).summaries()
    assert [p.name for p in tmp_path.iterdir()] == [DEFAULT_FILENAME]
