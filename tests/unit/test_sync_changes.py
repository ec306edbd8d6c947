"""Saving sends only what changed: changed fields, and of settings only changed top-level keys."""

from __future__ import annotations

from si_desktop.sync.changes import entity_changes, unit_changes

ORIGINAL = {
    "id": "ent_000000000000000000000001",
    "name": "Old",
    "city": None,
    "country": "Slovenia",
    "metadata": {"code": "A"},
    "settings": {"document_footer": "{entity_name}", "unknown_key": {"x": 1}},
}


def test_only_changed_fields_are_sent() -> None:
    edited = {"name": "New", "city": "", "country": "Austria", "id": "ent_x"}
    assert entity_changes(ORIGINAL, edited) == {"name": "New"}


def test_empty_text_clears_a_value() -> None:
    original = {**ORIGINAL, "city": "Kranj"}
    assert entity_changes(original, {"city": ""}) == {"city": None}


def test_only_changed_settings_keys_are_sent_and_unknown_keys_survive() -> None:
    edited = {"settings": {"document_footer": "Thanks", "unknown_key": {"x": 1}}}
    assert entity_changes(ORIGINAL, edited) == {"settings": {"document_footer": "Thanks"}}
    assert entity_changes(ORIGINAL, {"settings": {"unknown_key": {"x": 1}}}) == {}


def test_metadata_is_sent_whole_when_changed() -> None:
    assert entity_changes(ORIGINAL, {"metadata": {"code": "B", "x": "y"}}) == {
        "metadata": {"code": "B", "x": "y"}
    }


def test_unit_fixed_fields_are_never_sent() -> None:
    original = {"id": "unit_1", "name": "Shop", "numbering_index": 1, "deleted_at": None}
    assert unit_changes(original, {"name": "Shop 2", "numbering_index": 5}) == {"name": "Shop 2"}
