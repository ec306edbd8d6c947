"""Business units: x-entity-id (and the one-entity rule), numbering_index, archive."""

from __future__ import annotations

import httpx
import pytest

from tests.contract.conftest import create_entity, create_unit, issue_paths

pytestmark = pytest.mark.anyio

UNIT_FIELDS = {
    "id", "entity_id", "name", "address", "address_2", "post_code", "city", "state", "country",
    "country_code", "email", "phone", "website", "settings", "numbering_index", "logo_file_id",
    "signature_file_id", "is_active", "deleted_at", "created_at", "updated_at",
}


async def test_create_answers_the_reference_fields(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.post("/business-units", json={"name": "Ljubljana Store"},
                              headers={"x-entity-id": entity["id"]})
    assert response.status_code == 201
    unit = response.json()
    assert set(unit) >= UNIT_FIELDS
    assert unit["id"].startswith("unit_") and unit["entity_id"] == entity["id"]
    assert unit["settings"] == {} and unit["numbering_index"] == 1
    assert unit["is_active"] is True and unit["deleted_at"] is None


async def test_name_is_required(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.post("/business-units", json={"city": "Kranj"},
                              headers={"x-entity-id": entity["id"]})
    assert issue_paths(response) == [["name"]]


async def test_with_one_entity_x_entity_id_may_be_left_out(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.post("/business-units", json={"name": "Shop"})
    assert response.status_code == 201
    assert response.json()["entity_id"] == entity["id"]
    assert (await api.get("/business-units")).json()["pagination"]["total"] == 1


async def test_with_several_entities_x_entity_id_is_required(api: httpx.AsyncClient) -> None:
    await create_entity(api, name="One")
    await create_entity(api, name="Two")
    for response in (await api.get("/business-units"),
                     await api.post("/business-units", json={"name": "Shop"})):
        assert response.status_code == 400
        assert set(response.json()) >= {"code", "message"}


async def test_with_no_entity_x_entity_id_is_required(api: httpx.AsyncClient) -> None:
    assert (await api.get("/business-units")).status_code == 400


async def test_an_unknown_entity_is_404(api: httpx.AsyncClient) -> None:
    response = await api.get("/business-units", headers={"x-entity-id": "ent_" + "e" * 24})
    assert response.status_code == 404


async def test_numbering_index_counts_per_entity_and_is_never_reused(
    api: httpx.AsyncClient,
) -> None:
    first = await create_entity(api, name="First")
    second = await create_entity(api, name="Second")
    a1 = await create_unit(api, first["id"], name="A1")
    a2 = await create_unit(api, first["id"], name="A2")
    b1 = await create_unit(api, second["id"], name="B1")
    assert (a1["numbering_index"], a2["numbering_index"], b1["numbering_index"]) == (1, 2, 1)
    headers = {"x-entity-id": first["id"]}
    assert (await api.delete(f"/business-units/{a2['id']}", headers=headers)).status_code == 200
    a3 = await create_unit(api, first["id"], name="A3")
    assert a3["numbering_index"] == 3


async def test_numbering_index_cannot_be_sent(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    unit = await create_unit(api, entity["id"], numbering_index=42)
    assert unit["numbering_index"] == 1
    patched = await api.patch(f"/business-units/{unit['id']}", json={"numbering_index": 9},
                              headers={"x-entity-id": entity["id"]})
    assert patched.json()["numbering_index"] == 1


async def test_delete_archives_and_the_unit_stays_readable(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    keep = await create_unit(api, entity["id"], name="Keep")
    gone = await create_unit(api, entity["id"], name="Gone")
    archived = (await api.delete(f"/business-units/{gone['id']}", headers=headers)).json()
    assert archived["is_active"] is False and archived["deleted_at"] is not None
    assert archived["updated_at"] >= gone["updated_at"]
    default = (await api.get("/business-units", headers=headers)).json()
    assert [u["id"] for u in default["data"]] == [keep["id"]]
    assert default["pagination"]["total"] == 1
    everything = (await api.get("/business-units", headers=headers,
                                params={"include_archived": "true"})).json()
    assert [u["id"] for u in everything["data"]] == [keep["id"], gone["id"]]
    assert (await api.get(f"/business-units/{gone['id']}", headers=headers)).status_code == 404
    readable = await api.get(f"/business-units/{gone['id']}", headers=headers,
                             params={"include_archived": "true"})
    assert readable.status_code == 200 and readable.json() == archived
    again = await api.delete(f"/business-units/{gone['id']}", headers=headers)
    assert again.status_code == 200 and again.json() == archived


async def test_include_archived_must_be_a_boolean(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.get("/business-units", headers={"x-entity-id": entity["id"]},
                             params={"include_archived": "maybe"})
    assert issue_paths(response) == [["include_archived"]]


async def test_a_unit_of_another_entity_is_404(api: httpx.AsyncClient) -> None:
    mine = await create_entity(api, name="Mine")
    theirs = await create_entity(api, name="Theirs")
    unit = await create_unit(api, theirs["id"])
    headers = {"x-entity-id": mine["id"]}
    assert (await api.get(f"/business-units/{unit['id']}", headers=headers)).status_code == 404
    assert (await api.patch(f"/business-units/{unit['id']}", headers=headers,
                            json={"name": "x"})).status_code == 404
    assert (await api.delete(f"/business-units/{unit['id']}",
                             headers=headers)).status_code == 404
    listed = (await api.get("/business-units", headers=headers)).json()["data"]
    assert listed == []


async def test_patch_updates_fields_and_merges_settings(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    unit = await create_unit(api, entity["id"], settings={
        "pdf_template": "modern", "primary_color": "#1D4ED8", "logo_scale_percent": 110})
    response = await api.patch(f"/business-units/{unit['id']}", headers=headers, json={
        "name": "Ljubljana Flagship",
        "settings": {"pdf_template": "minimal", "primary_color": "#0F172A",
                     "logo_scale_percent": None}})
    assert response.status_code == 200
    patched = response.json()
    assert patched["name"] == "Ljubljana Flagship"
    assert patched["settings"] == {"pdf_template": "minimal", "primary_color": "#0F172A"}
    assert patched["updated_at"] > unit["updated_at"]
    assert (await api.get(f"/business-units/{unit['id']}", headers=headers)).json() == patched


async def test_unit_email_defaults_accept_flat_and_nested(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    flat = await create_unit(api, entity["id"], settings={"email_defaults": {
        "invoice_subject": "From {unit_name}", "invoice_body": "Hello"}})
    nested = await create_unit(api, entity["id"], settings={"email_defaults": {
        "invoice": {"subject": "From {unit_name}", "body": "Hello"}}})
    assert flat["settings"]["email_defaults"]["invoice_subject"] == "From {unit_name}"
    assert nested["settings"]["email_defaults"]["invoice"]["subject"] == "From {unit_name}"


async def test_units_can_be_listed_and_searched(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    for name, city in (("Shop Center", "Ljubljana"), ("Branch North", "Maribor"),
                       ("Brand Lipa", "Koper")):
        await create_unit(api, entity["id"], name=name, city=city)
    found = (await api.get("/business-units", headers=headers,
                           params={"search": "maribor"})).json()["data"]
    assert [u["name"] for u in found] == ["Branch North"]
    by_name = (await api.get("/business-units", headers=headers,
                             params={"order_by": "name"})).json()["data"]
    assert [u["name"] for u in by_name] == ["Branch North", "Brand Lipa", "Shop Center"]
    query = (await api.get("/business-units", headers=headers, params={
        "query": '{"numbering_index": {"gte": 2}}'})).json()["data"]
    assert [u["numbering_index"] for u in query] == [2, 3]
