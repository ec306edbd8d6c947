"""Drift, the dry run, the batch through the outbox and its undo, over the sandbox (ASGI) and
a cache file; and the activity log the outbox writes on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from si_desktop.core.standards import AppliesTo, Standard, StandardError, from_settings
from si_desktop.sync import standards
from si_desktop.sync.standards import FieldChange, StandardLibrary
from tests.unit.sync.conftest import Rig, make_client

pytestmark = pytest.mark.anyio

HOUSE: dict[str, Any] = {
    "number_formats.invoice": "R-{yyyy}-{nnnn}",
    "default_invoice_due_days": 8,
    "email_defaults.invoice_subject": "Račun {document_number}",
    "document_footer": "Firm footer",
}


async def _three_clients(rig: Rig) -> list[str]:
    ids = [await make_client(rig.server, name) for name in ("Albion", "Bistra", "Cedra")]
    await rig.server.entities.update(ids[0], settings={
        "number_formats": {"invoice": "R-{yyyy}-{nnnn}", "estimate": "E-{nnn}"},
        "default_invoice_due_days": 8,
        "document_footer": "Firm footer",
    })
    await rig.workspace.refresh(logos=False)
    return ids


async def _service_settings(rig: Rig, entity_id: str) -> dict[str, Any]:
    settings = (await rig.server.entities.get(entity_id)).model_dump(mode="json")["settings"]
    assert isinstance(settings, dict)
    return settings


async def test_drift_over_the_cache_names_each_clients_differing_fields(rig: Rig) -> None:
    albion, bistra, _ = await _three_clients(rig)
    standard = from_settings("House", rig.workspace.client_now(albion)["settings"])
    rig.switch.online = False  # drift reads the cache alone
    found = {d.entity_id: d for d in standards.drift(rig.workspace, standard)}
    assert found[albion].matches
    assert "number_formats.invoice" in found[bistra].differing
    assert "document_footer" in found[bistra].differing
    only_si = Standard("SI", HOUSE, AppliesTo("country", "AT"))
    assert standards.drift(rig.workspace, only_si) == []


async def test_apply_changes_only_the_standards_fields_of_the_chosen_clients(rig: Rig) -> None:
    albion, bistra, cedra = await _three_clients(rig)
    before_cedra = await _service_settings(rig, cedra)
    standard = Standard("House", HOUSE)
    plan = standards.dry_run(rig.workspace, standard, [albion, bistra])
    assert rig.workspace.pending_count() == 0  # a dry run queues nothing
    by_id = {c.entity_id: c for c in plan.clients}
    assert [c.path for c in by_id[albion].changes] == ["email_defaults.invoice_subject"]
    bistra_changes = {c.path: (c.before, c.after) for c in by_id[bistra].changes}
    assert bistra_changes["default_invoice_due_days"] == (30, 8)
    assert bistra_changes["number_formats.invoice"][1] == "R-{yyyy}-{nnnn}"

    result = await standards.apply(rig.workspace, plan)
    assert [c.outcome for c in result.clients] == ["sent", "sent"]
    albion_now = await _service_settings(rig, albion)
    assert albion_now["number_formats"]["estimate"] == "E-{nnn}"  # the rest of the key kept
    assert albion_now["email_defaults"]["invoice_subject"] == "Račun {document_number}"
    assert albion_now["email_defaults"]["estimate_subject"]  # other templates kept
    bistra_now = await _service_settings(rig, bistra)
    assert bistra_now["default_invoice_due_days"] == 8
    assert bistra_now["document_footer"] == "Firm footer"
    assert await _service_settings(rig, cedra) == before_cedra  # never crosses clients
    rows = rig.store.activity.entries(rig.workspace.scope, batch_id=result.batch_id)
    assert {r.entity_id for r in rows} == {albion, bistra}
    assert all(r.outcome == "sent" for r in rows)
    bistra_row = next(r for r in rows if r.entity_id == bistra)
    assert bistra_row.before["settings.default_invoice_due_days"] == 30
    assert bistra_row.after["settings.default_invoice_due_days"] == 8


async def test_disabled_clients_are_left_out_unless_chosen_explicitly(rig: Rig) -> None:
    _, bistra, _ = await _three_clients(rig)
    await rig.server.entities.disable(bistra)
    await rig.workspace.refresh(logos=False, full=True)
    standard = Standard("House", HOUSE)
    plan = standards.dry_run(rig.workspace, standard, [bistra])
    assert plan.clients[0].skipped == "disabled" and plan.changing == ()
    with pytest.raises(StandardError):
        await standards.apply(rig.workspace, plan)
    chosen = standards.dry_run(rig.workspace, standard, [bistra], include_disabled=True)
    assert [c.entity_id for c in chosen.changing] == [bistra]


async def test_offline_the_batch_waits_in_the_outbox_and_goes_with_the_next_send(
    rig: Rig,
) -> None:
    _, bistra, cedra = await _three_clients(rig)
    rig.switch.online = False
    plan = standards.dry_run(rig.workspace, Standard("House", HOUSE), [bistra, cedra])
    result = await standards.apply(rig.workspace, plan)
    assert [c.outcome for c in result.clients] == ["waiting", "waiting"]
    shown = rig.workspace.client_now(bistra)["settings"]  # the view shows it, pending
    assert shown["default_invoice_due_days"] == 8
    rig.switch.online = True
    await rig.workspace.send_pending()
    again = standards.results(rig.workspace, result.batch_id)
    assert [c.outcome for c in again.clients] == ["sent", "sent"]
    assert (await _service_settings(rig, cedra))["default_invoice_due_days"] == 8


async def test_a_refused_change_is_reported_per_client_with_the_reason(rig: Rig) -> None:
    _, bistra, cedra = await _three_clients(rig)
    plan = standards.dry_run(rig.workspace, Standard("House", HOUSE), [bistra, cedra])
    # a value the service refuses (a standard file could never hold it: core refuses it)
    broken = plan.clients[1]
    bad = standards.ClientPlan(broken.entity_id, broken.name, True,
                               (FieldChange("primary_color", None, "not a colour"),))
    plan = standards.DryRun("apply", "House", (plan.clients[0], bad))
    result = await standards.apply(rig.workspace, plan)
    outcomes = {c.entity_id: c for c in result.clients}
    assert outcomes[bistra].outcome == "sent"
    assert outcomes[cedra].outcome == "refused" and outcomes[cedra].reason
    assert len(rig.workspace.problems(cedra)) == 1  # held for the user, not taken back


async def test_undo_writes_the_values_back_and_shows_a_changed_field_as_a_conflict(
    rig: Rig,
) -> None:
    _, bistra, cedra = await _three_clients(rig)
    plan = standards.dry_run(rig.workspace, Standard("House", HOUSE), [bistra, cedra])
    applied = await standards.apply(rig.workspace, plan)
    # someone changes Cedra's footer on the service after the batch
    await rig.server.entities.update(cedra, settings={"document_footer": "Their footer"})
    await rig.workspace.refresh(logos=False)

    undo = standards.undo_plan(rig.workspace, applied.batch_id)
    by_id = {c.entity_id: c for c in undo.clients}
    assert {c.path for c in by_id[bistra].sendable} == set(HOUSE)
    (conflict,) = by_id[cedra].conflicts
    assert (conflict.path, conflict.before, conflict.after) == (
        "document_footer", "Their footer", "{entity_name}")
    undone = await standards.apply(rig.workspace, undo)
    assert [c.outcome for c in undone.clients] == ["sent", "sent"]
    bistra_now = await _service_settings(rig, bistra)
    assert bistra_now["default_invoice_due_days"] == 30
    assert bistra_now["number_formats"]["invoice"] == "{yyyy}-{nnnnn}"
    cedra_now = await _service_settings(rig, cedra)
    assert cedra_now["document_footer"] == "Their footer"  # not overwritten
    assert cedra_now["default_invoice_due_days"] == 30
    with pytest.raises(StandardError, match="undone already"):
        standards.undo_plan(rig.workspace, applied.batch_id)
    record = rig.store.batches.get(rig.workspace.scope, undone.batch_id)
    assert record is not None and record.kind == "undo" and record.undoes == applied.batch_id


async def test_the_library_keeps_imports_and_refuses_a_bad_file_whole(tmp_path: Path) -> None:
    library = StandardLibrary(tmp_path)
    library.save(Standard("Slovenian clients", HOUSE, AppliesTo("country", "SI")))
    exported = tmp_path / "export.json"
    standards.export_file(library.resolve("slovenian CLIENTS"), exported)
    other = StandardLibrary(tmp_path / "other")
    assert other.import_file(exported) == library.get("Slovenian clients")
    assert other.resolve(str(exported)).name == "Slovenian clients"
    bad = tmp_path / "bad.json"
    bad.write_text(exported.read_text().replace('"R-{yyyy}-{nnnn}"', '"R-{mm}"'))
    with pytest.raises(standards.StandardFileError) as caught:
        other.import_file(bad)
    assert caught.value.line > 1 and "number token" in caught.value.reason
    assert [s.name for s in other.list()] == ["Slovenian clients"]  # nothing half-loaded
    with pytest.raises(StandardError, match="no standard named"):
        other.resolve("Nope")


async def test_the_quick_read_of_the_cache_compares_as_the_whole_records_do(rig: Rig) -> None:
    """Drift reads only the compared values out of the cache (B14); it must find what a
    comparison of the whole records (queued edits applied) finds."""
    albion, bistra, cedra = await _three_clients(rig)
    await rig.server.entities.update(bistra, settings={"email_defaults": {
        "invoice": {"subject": "Račun {document_number}", "body": "Nested."}}})
    shop = await rig.server.business_units.create(
        entity_id=cedra, name="Shop", settings={"document_footer": "Shop footer"})
    await rig.workspace.refresh(logos=False)
    await rig.workspace.refresh_client(cedra)
    rig.switch.online = False
    rig.workspace.connectivity.report_failure("network is unreachable")
    cedra_now = rig.workspace.client_now(cedra)
    assert cedra_now is not None
    await rig.workspace.update_client(cedra_now, {"settings": {"document_footer": "Firm footer"}})
    standard = Standard("House", HOUSE | {"email_defaults.invoice_body": "Nested."})
    quick = standards.drift(rig.workspace, standard, units=True)
    whole = standards.drift(rig.workspace, standard,
                            records=standards.client_records(rig.workspace))
    assert [(d.entity_id, d.differing, d.hidden, dict(d.values)) for d in quick] == [
        (d.entity_id, d.differing, d.hidden, dict(d.values)) for d in whole]
    by_id = {d.entity_id: d for d in quick}
    assert "email_defaults.invoice_subject" not in by_id[bistra].differing  # nested spelling
    assert "document_footer" not in by_id[cedra].differing  # the queued edit counts
    assert by_id[cedra].hidden == {"document_footer": (shop.name,)}
    assert by_id[albion].count == 2  # subject and body
    # the list without units counts the same; one client's detail names its units
    counts = [(d.entity_id, d.differing) for d in standards.drift(rig.workspace, standard)]
    assert counts == [(d.entity_id, d.differing) for d in quick]
    one = standards.client_drift(rig.workspace, standard, cedra)
    assert one is not None and one.hidden == {"document_footer": (shop.name,)}
