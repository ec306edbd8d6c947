"""Records shaped like the seed documents' JSON examples go in and come back with the same
fields; the sandbox's own defaults match the reference's examples."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from tests.contract.conftest import create_entity
from tests.contract.seed_examples import (
    CREATED_US_ENTITY_EXAMPLE,
    ENTITY_EXAMPLE,
    UNIT_EXAMPLE,
)

pytestmark = pytest.mark.anyio

SERVER_OWNED = {"id", "account_id", "created_at", "updated_at", "country_rules"}
UNIT_SERVER_OWNED = {"id", "entity_id", "numbering_index", "is_active", "created_at",
                     "updated_at", "deleted_at"}


def _writable(example: dict[str, Any], owned: set[str]) -> dict[str, Any]:
    return {key: copy.deepcopy(value) for key, value in example.items() if key not in owned}


async def test_the_entity_example_round_trips(api: httpx.AsyncClient) -> None:
    body = _writable(ENTITY_EXAMPLE, SERVER_OWNED)
    response = await api.post("/entities", json=body)
    assert response.status_code == 201, response.text
    created = response.json()
    fetched = (await api.get(f"/entities/{created['id']}")).json()
    for key, value in body.items():
        assert fetched[key] == value, key
    assert set(fetched) >= set(ENTITY_EXAMPLE)
    assert fetched["country_rules"] == ENTITY_EXAMPLE["country_rules"]
    listed = (await api.get("/entities")).json()
    assert listed["data"] == [fetched]
    assert listed["pagination"] == {"total": 1, "next_cursor": None, "prev_cursor": None,
                                    "has_more": False}


async def test_a_slovenian_entity_gets_the_examples_settings_by_default(
    api: httpx.AsyncClient,
) -> None:
    created = await create_entity(api, name="Space Invoices d.o.o.", country="Slovenia")
    assert created["settings"] == ENTITY_EXAMPLE["settings"]
    assert (created["country_code"], created["currency_code"], created["locale"]) == (
        "SI", "EUR", "sl-SI")


async def test_the_create_example_answers_like_the_reference(api: httpx.AsyncClient) -> None:
    response = await api.post("/entities", json={"name": "Starward Equipment Co.",
                                                  "country": "United States"})
    assert response.status_code == 201
    created = response.json()
    for key, value in CREATED_US_ENTITY_EXAMPLE.items():
        if key not in SERVER_OWNED:
            assert created[key] == value, key
    assert created["country_rules"] == CREATED_US_ENTITY_EXAMPLE["country_rules"]


async def test_the_update_example_renames_and_keeps_country(api: httpx.AsyncClient) -> None:
    created = await create_entity(api, name="Old Name d.o.o.", country="Slovenia")
    response = await api.put(f"/entities/{created['id']}", json={"name": "Updated Company Name"})
    assert response.status_code == 200
    assert response.json()["name"] == "Updated Company Name"
    assert response.json()["country_code"] == "SI"


async def test_the_business_unit_example_round_trips(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    await api.post("/business-units", json={"name": "Ljubljana Store"}, headers=headers)
    body = _writable(UNIT_EXAMPLE, UNIT_SERVER_OWNED)
    response = await api.post("/business-units", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["numbering_index"] == UNIT_EXAMPLE["numbering_index"] == 2
    fetched = (await api.get(f"/business-units/{created['id']}", headers=headers)).json()
    for key, value in body.items():
        assert fetched[key] == value, key
    assert set(fetched) == set(UNIT_EXAMPLE)
    assert fetched["is_active"] is True and fetched["deleted_at"] is None


async def test_the_unit_patch_example(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    unit = (await api.post("/business-units", headers=headers,
                           json=_writable(UNIT_EXAMPLE, UNIT_SERVER_OWNED))).json()
    response = await api.patch(f"/business-units/{unit['id']}", headers=headers, json={
        "name": "Ljubljana Flagship",
        "settings": {"pdf_template": "minimal", "primary_color": "#0F172A"}})
    patched = response.json()
    expected = {**UNIT_EXAMPLE["settings"], "pdf_template": "minimal",
                "primary_color": "#0F172A"}
    assert patched["name"] == "Ljubljana Flagship"
    assert patched["settings"] == expected
    assert patched["address"] == UNIT_EXAMPLE["address"]


async def test_the_minimal_unit_create_example(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    created = (await api.post("/business-units", json={"name": "Ljubljana Store"},
                              headers={"x-entity-id": entity["id"]})).json()
    for key in ("address", "address_2", "post_code", "city", "state", "country",
                "country_code", "email", "phone", "website", "logo_file_id",
                "signature_file_id", "deleted_at"):
        assert created[key] is None, key
    assert created["settings"] == {} and created["numbering_index"] == 1
