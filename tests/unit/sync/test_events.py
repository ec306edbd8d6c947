"""`Changes` and the `ChangeBus`: what an announcement names, and how it reaches listeners."""

from __future__ import annotations

import logging

import pytest

from si_desktop.sync.events import ChangeBus, ChangeKind, Changes, id_set


def test_a_change_touches_a_client_by_record_units_removal_or_new_id() -> None:
    change = Changes(ChangeKind.REFRESHED, clients=frozenset({"a"}),
                     unit_clients=frozenset({"b"}), removed_clients=frozenset({"c"}),
                     renamed={"local_ent_1": "d"})
    assert all(change.touches(entity_id) for entity_id in ("a", "b", "c", "local_ent_1"))
    assert not change.touches("d") and not change.touches("e")


def test_a_refresh_s_pages_merge_into_one_change() -> None:
    first = Changes(ChangeKind.REFRESHED, clients=frozenset({"a", "b"}))
    second = Changes(ChangeKind.REFRESHED, clients=frozenset({"b", "c"}),
                     units=frozenset({"u"}), unit_clients=frozenset({"c"}),
                     removed_clients=frozenset({"x"}), queue=True)
    merged = Changes.merged([first, second])
    assert merged.kind is ChangeKind.REFRESHED
    assert merged.clients == {"a", "b", "c"} and merged.units == {"u"}
    assert merged.unit_clients == {"c"} and merged.removed_clients == {"x"} and merged.queue


def test_the_bus_skips_empty_changes_and_survives_a_failing_listener(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = ChangeBus()
    heard: list[Changes] = []

    def broken(_changes: Changes) -> None:
        raise RuntimeError("a view's bug")

    bus.subscribe(broken)
    stop = bus.subscribe(heard.append)
    bus.publish(Changes(ChangeKind.SAVED))  # names nothing: nobody is told
    assert heard == []
    change = Changes(ChangeKind.SAVED, clients=id_set(["a", "", None]))
    with caplog.at_level(logging.ERROR, "si_desktop.sync.events"):
        bus.publish(change)
    assert heard == [change] and change.clients == {"a"}
    assert "a change listener failed" in caplog.text
    stop()
    bus.publish(change)
    assert heard == [change]
