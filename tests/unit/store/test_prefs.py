from __future__ import annotations

import pytest

from si_desktop.store import Store
from tests.unit.store.conftest import LIVE, SANDBOX


def test_small_values_per_scope(store: Store) -> None:
    assert store.prefs.get(LIVE, "last_refresh", "never") == "never"
    store.prefs.set(LIVE, "last_refresh", "2026-11-21T08:14:00Z")
    store.prefs.set(LIVE, "columns", {"widths": [120, 80]})
    store.prefs.set(LIVE, "last_refresh", "2026-11-21T09:00:00Z")
    assert store.prefs.get(LIVE, "last_refresh") == "2026-11-21T09:00:00Z"
    assert store.prefs.get(LIVE, "columns") == {"widths": [120, 80]}
    assert store.prefs.get(SANDBOX, "columns") is None
    assert store.prefs.delete(LIVE, "columns")
    assert not store.prefs.delete(LIVE, "columns")


def test_large_values_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.prefs.set(LIVE, "blob", "x" * 20_000)
