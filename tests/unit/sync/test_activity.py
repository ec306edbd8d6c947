"""The activity log: written where edits enter the outbox and where their outcome is recorded,
so single edits, documents issued, voided and sent, conflicts and how they were resolved, and
access changes are all there; never an API key or the body of an e-mail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from si_desktop.store.activity import safe_value
from si_desktop.sync.conflicts import TAKE_MINE, TAKE_THEIRS
from tests.unit.sync.conftest import Rig, make_client
from tests.unit.sync.test_document_pdfs import CUSTOMER, ITEMS

pytestmark = pytest.mark.anyio

SECRET_BODY = "Dear customer, the secret body of this message must never be stored."


async def test_a_single_edit_is_recorded_with_before_after_and_its_outcome(rig: Rig) -> None:
    ws = rig.workspace
    entity_id = await make_client(rig.server, "Albion")
    await ws.refresh(logos=False)
    original = ws.client_now(entity_id)
    assert original is not None
    settings = dict(original["settings"]) | {"default_invoice_due_days": 12}
    await ws.update_client(original, {"city": "Kranj", "settings": settings})
    (row,) = ws.store.activity.entries(ws.scope, entity_ids=[entity_id])
    assert row.kind == "update_entity" and row.outcome == "sent" and row.batch_id is None
    assert set(row.fields) == {"city", "settings.default_invoice_due_days"}
    assert row.before["settings.default_invoice_due_days"] == 30
    assert row.after == {"city": "Kranj", "settings.default_invoice_due_days": 12}
    assert ws.store.activity.entries(ws.scope, text="kranj") == [row]
    assert ws.store.activity.entries(ws.scope, kinds=["issue_document"]) == []


async def test_documents_issued_sent_and_voided_are_recorded_without_the_mail_body(
    rig: Rig,
) -> None:
    ws = rig.workspace
    entity_id = await make_client(rig.server, "Pekarna Novak")
    await ws.refresh(logos=False)
    saved = await ws.create_document(entity_id, "invoice",
                                     {"items": ITEMS, "customer": CUSTOMER}, issue=True)
    document_id = str(saved.service_id or saved.record()["id"])
    await ws.send_document(document_id, to="racuni@kupec.si", subject="Račun",
                           body_text=SECRET_BODY)
    await ws.void_document(document_id, "wrong customer")
    rows = ws.store.activity.entries(ws.scope, entity_ids=[entity_id])
    kinds = [r.kind for r in reversed(rows)]
    assert kinds == ["create_document", "issue_document", "send_document", "void_document"]
    assert all(r.outcome == "sent" for r in rows)
    sent = next(r for r in rows if r.kind == "send_document")
    assert sent.after["to"] == "racuni@kupec.si"
    assert SECRET_BODY not in str(sent.after) and "secret" not in str(sent.after)
    with ws.store.db.read() as conn:
        dump = "\n".join(str(row) for row in conn.execute("SELECT * FROM activity"))
    assert "secret body" not in dump


async def test_a_conflict_and_how_it_was_resolved(rig: Rig) -> None:
    ws = rig.workspace
    entity_id = await make_client(rig.server, "Albion")
    await ws.refresh(logos=False)
    rig.switch.online = False
    ws.connectivity.report_failure("network is unreachable")
    original = ws.client_now(entity_id)
    assert original is not None
    await ws.update_client(original, {"city": "Mine"})
    await rig.server.entities.update(entity_id, city="Theirs")
    rig.switch.online = True
    await ws.send_pending()
    (row,) = ws.store.activity.entries(ws.scope, entity_ids=[entity_id])
    assert row.outcome == "conflict" and row.reason is not None and "city" in row.reason
    ws.resolve(ws.problems(entity_id)[0], {"city": TAKE_MINE})
    await ws.send_pending()
    (row,) = ws.store.activity.entries(ws.scope, entity_ids=[entity_id])
    assert (row.outcome, row.resolution) == ("sent", "kept mine")

    original = ws.client_now(entity_id)
    assert original is not None
    rig.switch.online = False
    await ws.update_client(original, {"city": "Mine again"})
    await rig.server.entities.update(entity_id, city="Theirs again")
    rig.switch.online = True
    await ws.send_pending()
    ws.resolve(ws.problems(entity_id)[0], {"city": TAKE_THEIRS})
    latest = ws.store.activity.entries(ws.scope, entity_ids=[entity_id])[0]
    assert (latest.outcome, latest.resolution) == ("conflict", "kept theirs")


async def test_access_changes_are_recorded_and_a_new_key_never_is(rig: Rig) -> None:
    ws = rig.workspace
    entity_id = await make_client(rig.server, "Albion")
    await ws.refresh(logos=False)
    await ws.access.invite(entity_id, "ana@firm.si", "viewer")
    created = await ws.access.create_key(entity_id, "Till", None)
    await ws.access.revoke_key(entity_id, created.key.record.id)
    rows = ws.store.activity.entries(ws.scope, entity_ids=[entity_id])
    assert [r.kind for r in reversed(rows)] == [
        "access_invite", "access_create_key", "access_revoke_key"]
    assert rows[-1].target_id == "ana@firm.si" and rows[-1].after == {"role": "viewer"}
    assert all(r.outcome == "done" for r in rows)
    with ws.store.db.read() as conn:
        dump = "\n".join(str(row) for row in conn.execute("SELECT * FROM activity"))
    assert created.key.secret not in dump and rig.key not in dump


def test_values_are_kept_safe() -> None:
    assert safe_value("note", "key sk_live_0123456789abcdef here") == "key [redacted] here"
    assert safe_value("body_text", SECRET_BODY) == f"({len(SECRET_BODY)} characters, not kept)"
    long = "x" * 500
    assert safe_value("settings.email_defaults.invoice_body", long).startswith("x" * 60 + "…")
    assert safe_value("items", [1, 2, 3]) == "(3 entries)"
    assert safe_value("amount", Decimal("1.5")) == Decimal("1.5")


async def test_rows_younger_than_24_months_are_never_pruned(rig: Rig) -> None:
    ws = rig.workspace
    entity_id = await make_client(rig.server, "Albion")
    await ws.refresh(logos=False)
    ws.store.activity.record(ws.scope, kind="access_invite", entity_id=entity_id,
                             target_id="a@b.si", after={"role": "viewer"})
    now = dt.datetime.now(dt.UTC)
    assert ws.store.activity.prune(now=now, months=1) == 0  # 24 months at least
    assert ws.store.activity.prune(now=now + dt.timedelta(days=23 * 31)) == 0
    assert ws.store.activity.prune(now=now + dt.timedelta(days=25 * 31)) == 1
