"""Document numbers as the contract gives them: one sequence per entity × type × unit, the
unit format with `{u…}`, first numbers, a yearly restart for formats with a year (crossed
with a fixed clock), numbers rising in issue order, drafts and `next-number` using nothing,
archived units refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.contract.conftest import (
    Wall,
    create_document,
    create_entity,
    create_unit,
    issue_paths,
)

pytestmark = pytest.mark.anyio


def h(entity: dict[str, Any]) -> dict[str, str]:
    return {"x-entity-id": entity["id"]}


async def _issue(api: httpx.AsyncClient, entity: dict[str, Any], path: str = "/invoices",
                 **body: Any) -> str:
    number: str = (await create_document(api, entity["id"], path, **body))["number"]
    return number


async def _next(api: httpx.AsyncClient, entity: dict[str, Any], doc_type: str = "invoice",
                unit: dict[str, Any] | None = None) -> str:
    params = {"type": doc_type}
    if unit is not None:
        params["business_unit_id"] = unit["id"]
    response = await api.get("/documents/next-number", params=params, headers=h(entity))
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"number"}
    number: str = response.json()["number"]
    return number


async def test_one_sequence_per_entity_type_and_unit(dated_api: httpx.AsyncClient) -> None:
    first = await create_entity(dated_api, name="First", settings={"number_formats": {
        "invoice": "INV-{yyyy}-{nnn}", "estimate": "EST-{nnn}", "credit_note": "CN{nn}"}})
    second = await create_entity(dated_api, name="Second")
    shop = await create_unit(dated_api, first["id"], name="Shop")
    web = await create_unit(dated_api, first["id"], name="Web")
    assert [await _issue(dated_api, first) for _ in range(2)] == ["INV-2026-001",
                                                                 "INV-2026-002"]
    assert await _issue(dated_api, first, "/estimates") == "EST-001"
    assert await _issue(dated_api, first, "/credit-notes") == "CN01"
    assert await _issue(dated_api, second) == "2026-00001"
    assert await _issue(dated_api, first, business_unit_id=shop["id"]) == "2026-1-00001"
    assert await _issue(dated_api, first, business_unit_id=web["id"]) == "2026-2-00001"
    assert await _issue(dated_api, first, business_unit_id=shop["id"]) == "2026-1-00002"
    assert await _issue(dated_api, first) == "INV-2026-003"


async def test_the_unit_format_pads_the_units_index(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api, settings={"unit_number_formats": {
        "invoice": "P{uu}/{yy}/{nnnn}"}})
    units = [await create_unit(dated_api, entity["id"], name=f"Unit {n}") for n in range(3)]
    numbers = [await _issue(dated_api, entity, business_unit_id=u["id"]) for u in units]
    assert numbers == ["P01/26/0001", "P02/26/0001", "P03/26/0001"]
    estimate = await _issue(dated_api, entity, "/estimates", business_unit_id=units[2]["id"])
    assert estimate == "2026-3-00001"  # no unit format for estimates: the default one


async def test_a_unit_format_given_as_one_string_serves_every_type(
    dated_api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(dated_api, settings={"unit_number_formats": "{u}-{nnn}"})
    unit = await create_unit(dated_api, entity["id"])
    assert await _issue(dated_api, entity, "/credit-notes", business_unit_id=unit["id"]) == (
        "1-001")


async def test_the_guide_spelling_numbers_too(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api, settings={"number_formats": {
        "invoice": "INV-{YYYY}{MM}-{NUM}"}})
    assert [await _issue(dated_api, entity) for _ in range(2)] == ["INV-202606-1",
                                                                   "INV-202606-2"]


async def test_first_numbers_of_the_entity_and_of_a_unit(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api, settings={"number_sequence_starts": {"invoice": 143}})
    unit = await create_unit(dated_api, entity["id"])
    other = await create_unit(dated_api, entity["id"])
    await dated_api.patch(f"/entities/{entity['id']}", json={"settings": {
        "unit_number_sequence_starts": {"invoice": {unit["id"]: 500}}}})
    assert await _next(dated_api, entity) == "2026-00143"
    assert await _issue(dated_api, entity) == "2026-00143"
    assert await _issue(dated_api, entity) == "2026-00144"
    assert await _issue(dated_api, entity, business_unit_id=unit["id"]) == "2026-1-00500"
    assert await _issue(dated_api, entity, business_unit_id=other["id"]) == "2026-2-00001"
    assert await _issue(dated_api, entity, "/estimates") == "2026-00001"
    # moving a first number forward past what was issued jumps; a lower one never goes back
    await dated_api.patch(f"/entities/{entity['id']}", json={"settings": {
        "number_sequence_starts": {"invoice": 200}}})
    assert await _issue(dated_api, entity) == "2026-00200"
    await dated_api.patch(f"/entities/{entity['id']}", json={"settings": {
        "unit_number_sequence_starts": {"invoice": {unit["id"]: 2}}}})
    assert await _issue(dated_api, entity, business_unit_id=unit["id"]) == "2026-1-00501"


async def test_drafts_and_next_number_use_nothing(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    assert await _next(dated_api, entity) == "2026-00001"
    assert await _next(dated_api, entity) == "2026-00001"
    drafts = [await create_document(dated_api, entity["id"], is_draft=True) for _ in range(3)]
    assert await _next(dated_api, entity) == "2026-00001"
    headers = h(entity)
    await dated_api.delete(f"/documents/{drafts[0]['id']}", headers=headers)
    assert await _issue(dated_api, entity) == "2026-00001"
    assert await _next(dated_api, entity) == "2026-00002"


async def test_numbers_rise_in_issue_order_whatever_the_dates(dated_api: httpx.AsyncClient
                                                             ) -> None:
    entity = await create_entity(dated_api)
    headers = h(entity)
    late = await create_document(dated_api, entity["id"], is_draft=True, date="2026-06-10")
    early = await create_document(dated_api, entity["id"], is_draft=True, date="2026-02-01")
    middle = await _issue(dated_api, entity, date="2026-04-01")
    issued = [(await dated_api.post(f"/documents/{doc['id']}/finalize", headers=headers)
               ).json()["number"] for doc in (late, early)]
    assert [middle, *issued] == ["2026-00001", "2026-00002", "2026-00003"]


async def test_a_year_format_restarts_on_january_first(dated_api: httpx.AsyncClient,
                                                      wall: Wall) -> None:
    entity = await create_entity(dated_api, settings={"number_formats": {
        "invoice": "{yyyy}-{nnnnn}", "estimate": "E-{nnnn}"}})
    unit = await create_unit(dated_api, entity["id"])
    wall.set("2026-12-31T22:59:00+00:00")
    assert [await _issue(dated_api, entity) for _ in range(2)] == ["2026-00001", "2026-00002"]
    assert await _issue(dated_api, entity, business_unit_id=unit["id"]) == "2026-1-00001"
    assert await _issue(dated_api, entity, "/estimates") == "E-0001"
    assert await _next(dated_api, entity) == "2026-00003"
    wall.set("2027-01-01T00:00:05+00:00")
    assert await _next(dated_api, entity) == "2027-00001"
    assert await _issue(dated_api, entity) == "2027-00001"
    assert await _issue(dated_api, entity, business_unit_id=unit["id"]) == "2027-1-00001"
    assert await _issue(dated_api, entity, "/estimates") == "E-0002"  # no year: it runs on
    # a late invoice dated in the old year continues the old year's sequence
    assert await _issue(dated_api, entity, date="2026-12-31") == "2026-00003"
    assert await _issue(dated_api, entity) == "2027-00002"


async def test_a_first_number_counts_in_the_year_it_was_set(dated_api: httpx.AsyncClient,
                                                           wall: Wall) -> None:
    """A client that moves to the service in June with invoice 143 starts next January at 1
    again; a format without a year keeps its first number for ever."""
    entity = await create_entity(dated_api, settings={"number_formats": {"estimate": "E{nnn}"}})
    wall.set("2026-06-20T08:00:00+00:00")
    await dated_api.patch(f"/entities/{entity['id']}", json={"settings": {
        "number_sequence_starts": {"invoice": 143, "estimate": 40}}})
    assert await _issue(dated_api, entity) == "2026-00143"
    assert await _issue(dated_api, entity, "/estimates") == "E040"
    wall.set("2027-01-04T08:00:00+00:00")
    assert await _next(dated_api, entity) == "2027-00001"
    assert await _issue(dated_api, entity) == "2027-00001"
    assert await _issue(dated_api, entity, "/estimates") == "E041"
    # set again in the new year, it counts in the new year
    await dated_api.patch(f"/entities/{entity['id']}", json={"settings": {
        "number_sequence_starts": {"invoice": 300}}})
    assert await _issue(dated_api, entity) == "2027-00300"


async def test_an_archived_unit_gives_no_numbers(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    unit = await create_unit(dated_api, entity["id"])
    draft = await create_document(dated_api, entity["id"], is_draft=True,
                                  business_unit_id=unit["id"])
    await dated_api.delete(f"/business-units/{unit['id']}", headers=h(entity))
    for response in (
        await dated_api.post("/invoices", headers=h(entity), json={
            "business_unit_id": unit["id"], "items": [{"name": "x", "price": 1}]}),
        await dated_api.post(f"/documents/{draft['id']}/finalize", headers=h(entity)),
        await dated_api.get("/documents/next-number", headers=h(entity),
                            params={"type": "invoice", "business_unit_id": unit["id"]}),
    ):
        assert issue_paths(response) == [["business_unit_id"]]


async def test_next_number_checks_its_parameters(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    for params, path in (({}, ["type"]), ({"type": "receipt"}, ["type"]),
                         ({"type": "invoice", "business_unit_id": "shop"},
                          ["business_unit_id"]),
                         ({"type": "invoice", "business_unit_id": "unit_" + "0" * 24},
                          ["business_unit_id"])):
        response = await dated_api.get("/documents/next-number", params=params,
                                       headers=h(entity))
        assert issue_paths(response) == [path]


async def test_voiding_keeps_the_number_used(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    invoice = await create_document(dated_api, entity["id"])
    await dated_api.post(f"/invoices/{invoice['id']}/void", headers=h(entity))
    assert await _issue(dated_api, entity) == "2026-00002"


async def test_unit_first_numbers_must_be_whole(dated_api: httpx.AsyncClient) -> None:
    entity = await create_entity(dated_api)
    response = await dated_api.patch(f"/entities/{entity['id']}", json={"settings": {
        "unit_number_sequence_starts": {"invoice": {"unit_" + "1" * 24: 0}}}})
    assert issue_paths(response) == [["settings", "unit_number_sequence_starts", "invoice",
                                      "unit_" + "1" * 24]]
