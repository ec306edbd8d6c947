"""Logo edits in the outbox: the file is committed with its edit, survives a reopen (and a
damaged file), the last logo chosen wins while nothing was sent, and each of the two requests
of an upload has an id of its own that never changes between attempts."""

from __future__ import annotations

from pathlib import Path

import pytest

from si_desktop.store import (
    EditKind,
    LogoFile,
    OutboxError,
    QueuedEdit,
    Store,
    is_local_id,
)
from si_desktop.store.database import _salvage_outbox
from si_desktop.store.outbox import MAX_FILE_BYTES
from tests.unit.store.conftest import LIVE, entity, entity_id, unit, unit_id
from tests.unit.store.test_schema import SCOPE, build_v1

E1, U1 = entity_id(1), unit_id(1)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"/>'


def png(name: str = "logo.png", data: bytes = PNG) -> LogoFile:
    return LogoFile(filename=name, content_type="image/png", data=data)


def queue_unit_logo(store: Store, file: LogoFile | None = None) -> QueuedEdit:
    record = unit(1, 1, 1, logo_file_id="file_" + "a" * 24)
    return store.outbox.enqueue_logo(
        LIVE, E1, U1, file or png(), base_updated_at=record["updated_at"], base_record=record
    )


def test_a_client_logo_is_the_has_logo_link_with_its_file(store: Store) -> None:
    record = entity(1)
    edit = store.outbox.enqueue_logo(
        LIVE, E1, None, png(), base_updated_at=record["updated_at"], base_record=record
    )
    assert edit.kind is EditKind.SET_LOGO and edit.target_id == edit.entity_id == E1
    assert not edit.targets_unit
    assert edit.payload == {"settings": {"has_logo": True}}
    assert edit.base == {"settings": {"has_logo": None}}
    file = store.outbox.file(edit.seq)
    assert file is not None and file.file_id is None and is_local_id(file.id)
    assert (file.filename, file.content_type, file.category, file.data) == (
        "logo.png", "image/png", "logo", PNG
    )


def test_a_unit_logo_links_a_local_file_id_until_uploaded(store: Store) -> None:
    edit = queue_unit_logo(store)
    file = store.outbox.file(edit.seq)
    assert file is not None
    assert edit.targets_unit and edit.entity_id == E1 and edit.target_id == U1
    assert edit.payload == {"logo_file_id": file.local_id}
    assert edit.base == {"logo_file_id": "file_" + "a" * 24}
    assert store.outbox.logo_edit(LIVE, U1) == edit
    assert store.outbox.logo_edit(LIVE, E1) is None


def test_the_file_survives_a_reopen_with_its_edit(store: Store) -> None:
    edit = queue_unit_logo(store, png("Logo Kovač.png"))
    path = store.path
    store.close()
    with Store.open(path) as reopened:
        (kept,) = reopened.outbox.list(LIVE)
        file = reopened.outbox.file(kept.seq)
        assert kept == edit
        assert file is not None and file.filename == "Logo Kovač.png" and file.data == PNG


def test_choosing_again_before_anything_was_sent_keeps_one_edit(store: Store) -> None:
    first = queue_unit_logo(store)
    second = queue_unit_logo(store, LogoFile("unit.svg", "image/svg+xml", SVG))
    assert second.seq == first.seq and second.request_id == first.request_id
    assert second.base == first.base  # still based on what the user started from
    file = store.outbox.file(second.seq)
    assert file is not None and file.data == SVG and second.payload == {
        "logo_file_id": file.local_id
    }
    removed = store.outbox.enqueue_logo(LIVE, E1, U1, None)
    assert removed.seq == first.seq and removed.kind is EditKind.REMOVE_LOGO
    assert removed.payload == {"logo_file_id": None}
    assert store.outbox.file(removed.seq) is None
    assert store.outbox.count(LIVE) == 1


def test_a_logo_after_an_attempt_or_an_upload_is_queued_behind_it(store: Store) -> None:
    first = queue_unit_logo(store)
    store.outbox.note_attempt(first.seq)
    second = queue_unit_logo(store)
    assert second.seq != first.seq and second.request_id != first.request_id
    store.outbox.discard(second.seq)
    uploaded = store.note_upload(first, "file_" + "b" * 24)
    # a resolved conflict makes the edit pending and unattempted again, yet its file is on
    # the service already: a new logo must not replace that edit
    store.outbox.resolve(uploaded.seq, uploaded.payload, base_updated_at=None)
    third = queue_unit_logo(store)
    assert third.seq != first.seq
    assert [e.seq for e in store.outbox.list(LIVE)] == [first.seq, third.seq]


def test_an_answered_upload_is_kept_and_its_bytes_cached(store: Store) -> None:
    edit = queue_unit_logo(store)
    service_id = "file_" + "c" * 24
    noted = store.note_upload(edit, service_id)
    assert noted.payload == {"logo_file_id": service_id}
    assert noted.request_id == edit.request_id
    file = store.outbox.file(edit.seq)
    assert file is not None and file.file_id == service_id and file.id == service_id
    cached = store.files.get(LIVE, service_id)
    assert cached is not None and cached.data == PNG and cached.content_type == "image/png"
    client = store.outbox.enqueue_logo(LIVE, E1, None, png())
    assert store.note_upload(client, service_id).payload == {"settings": {"has_logo": True}}


def test_the_link_has_a_request_id_of_its_own_derived_from_the_edit(store: Store) -> None:
    edit = queue_unit_logo(store)
    tried = store.outbox.note_attempt(edit.seq)
    assert edit.link_request_id == tried.link_request_id != edit.request_id
    path = store.path
    store.close()
    with Store.open(path) as reopened:
        (kept,) = reopened.outbox.list(LIVE)
        assert kept.link_request_id == edit.link_request_id
        # a resolution after an attempt binds new bodies to new ids: both change
        resolved = reopened.outbox.resolve(kept.seq, kept.payload, base_updated_at=None)
        assert resolved.request_id != edit.request_id
        assert resolved.link_request_id not in (edit.link_request_id, resolved.request_id)


def test_a_sent_or_discarded_logo_takes_its_file_along(store: Store) -> None:
    sent = queue_unit_logo(store)
    store.confirm(sent, unit(1, 1, 1, logo_file_id="file_" + "d" * 24))
    assert store.outbox.file(sent.seq) is None
    assert store.units.get(LIVE, U1) is not None  # a unit's logo confirms into the unit
    dropped = store.outbox.enqueue_logo(LIVE, E1, None, png())
    store.outbox.discard(dropped.seq)
    assert store.outbox.file(dropped.seq) is None
    count = store.db.connection().execute("SELECT count(*) FROM outbox_files").fetchone()
    assert count == (0,)


def test_what_can_never_be_sent_is_not_queued(store: Store) -> None:
    with pytest.raises(OutboxError):
        store.outbox.enqueue_logo(LIVE, E1, None, png(data=b"x" * (MAX_FILE_BYTES + 1)))
    with pytest.raises(OutboxError):
        store.outbox.enqueue_logo(LIVE, E1, None, png(data=b""))
    with pytest.raises(OutboxError):
        store.outbox.enqueue_logo(LIVE, E1, None, LogoFile("", "image/png", PNG))
    with pytest.raises(OutboxError, match="enqueue_logo"):
        store.outbox.enqueue(LIVE, EditKind.SET_LOGO, E1, {"settings": {"has_logo": True}})
    assert store.outbox.list(LIVE) == []


def test_a_salvaged_logo_edit_keeps_its_file(store: Store) -> None:
    """The edits read back from a damaged file are queued again with their logo's bytes."""
    edit = queue_unit_logo(store)
    store.outbox.enqueue(LIVE, EditKind.UPDATE_ENTITY, E1, {"name": "A"})
    path = store.path
    store.close()
    edits, readable, error = _salvage_outbox(path)
    assert readable and error is None and len(edits) == 2
    assert edits[0]["file"]["filename"] == "logo.png" and "file" not in edits[1]
    path.unlink()
    with Store.open(path) as fresh:
        assert fresh.db._requeue(edits) == 2
        requeued, update = fresh.outbox.list(LIVE)
        assert requeued.request_id == edit.request_id and update.payload == {"name": "A"}
        file = fresh.outbox.file(requeued.seq)
        assert file is not None and file.data == PNG
        assert requeued.payload == {"logo_file_id": file.local_id}


def test_an_older_cache_opens_and_takes_logo_edits(db_path: Path) -> None:
    build_v1(db_path)
    with Store.open(db_path) as store:
        (old,) = store.outbox.list(SCOPE)
        edit = store.outbox.enqueue_logo(SCOPE, old.target_id, None, png())
        assert edit.seq != old.seq and store.outbox.file(edit.seq) is not None
