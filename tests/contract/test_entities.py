"""Entities: create with derived fields and default settings, read, update by PATCH and PUT
with the settings merge rules, enable/disable, updated_at."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.contract.conftest import create_entity, issue_paths

pytestmark = pytest.mark.anyio

ENTITY_FIELDS = {
    "id", "name", "address", "address_2", "post_code", "city", "state", "country",
    "country_code", "currency_code", "locale", "tax_number", "tax_number_2", "company_number",
    "phone", "email", "website", "fiscal_region_code", "starting_capital", "account_id",
    "environment", "is_tax_subject", "is_enabled", "settings", "metadata", "country_rules",
    "created_at", "updated_at",
}


async def test_create_answers_every_field_of_the_reference(api: httpx.AsyncClient) -> None:
    response = await api.post("/entities", json={"name": "Starward Equipment Co.",
                                                  "country": "United States"})
    assert response.status_code == 201
    entity = response.json()
    assert set(entity) >= ENTITY_FIELDS
    assert entity["id"].startswith("ent_") and len(entity["id"]) == 28
    assert entity["account_id"].startswith("acc_")
    assert entity["is_enabled"] is True and entity["environment"] == "live"
    assert entity["metadata"] == {}
    assert entity["created_at"] == entity["updated_at"]
    assert entity["created_at"].endswith("Z")


@pytest.mark.parametrize("missing", ["name", "country"])
async def test_name_and_country_are_required(api: httpx.AsyncClient, missing: str) -> None:
    body = {"name": "Acme", "country": "Slovenia"}
    del body[missing]
    response = await api.post("/entities", json=body)
    assert [missing] in issue_paths(response)


async def test_a_body_that_is_not_an_object_is_422(api: httpx.AsyncClient) -> None:
    assert (await api.post("/entities", json=["Acme"])).status_code == 422
    not_json = await api.post("/entities", content=b"{name", headers={
        "content-type": "application/json"})
    assert not_json.status_code == 422


@pytest.mark.parametrize(
    ("country", "code", "currency", "locale"),
    [
        ("Slovenia", "SI", "EUR", "sl-SI"),
        ("Croatia", "HR", "EUR", "hr-HR"),
        ("Austria", "AT", "EUR", "de-AT"),
        ("Germany", "DE", "EUR", "de-DE"),
        ("Italy", "IT", "EUR", "it-IT"),
        ("France", "FR", "EUR", "fr-FR"),
        ("United Kingdom", "GB", "GBP", "en-GB"),
        ("United States", "US", "USD", "en-US"),
    ],
)
async def test_country_code_currency_and_locale_are_derived(
    api: httpx.AsyncClient, country: str, code: str, currency: str, locale: str
) -> None:
    entity = await create_entity(api, country=country)
    assert (entity["country"], entity["country_code"], entity["currency_code"],
            entity["locale"]) == (country, code, currency, locale)


async def test_given_codes_win_over_derived_ones(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, country="Slovenia", currency_code="USD", locale="en-US")
    assert (entity["country_code"], entity["currency_code"], entity["locale"]) == (
        "SI", "USD", "en-US")


async def test_an_unknown_country_keeps_the_values_given(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, country="Atlantis", country_code="AQ",
                                 currency_code="ATL", locale="en-AQ")
    assert (entity["country"], entity["country_code"], entity["currency_code"],
            entity["locale"]) == ("Atlantis", "AQ", "ATL", "en-AQ")


async def test_an_unknown_country_without_country_code_is_422(api: httpx.AsyncClient) -> None:
    response = await api.post("/entities", json={"name": "Acme", "country": "Atlantis"})
    assert ["country_code"] in issue_paths(response)


@pytest.mark.parametrize(
    ("country", "subject"),
    [
        ("Slovenia", "Račun {document_number} od {entity_name}"),
        ("Croatia", "Račun {document_number} od {entity_name}"),
        ("Germany", "Rechnung {document_number} von {entity_name}"),
        ("Austria", "Rechnung {document_number} von {entity_name}"),
        ("United States", "Invoice {document_number} from {entity_name}"),
        ("Italy", "Invoice {document_number} from {entity_name}"),
        ("France", "Invoice {document_number} from {entity_name}"),
    ],
)
async def test_email_defaults_are_in_the_entitys_language(
    api: httpx.AsyncClient, country: str, subject: str
) -> None:
    entity = await create_entity(api, country=country)
    assert entity["settings"]["email_defaults"]["invoice_subject"] == subject


async def test_croatian_and_slovenian_defaults_differ_in_the_body(api: httpx.AsyncClient) -> None:
    si = await create_entity(api, country="Slovenia")
    hr = await create_entity(api, country="Croatia")
    assert si["settings"]["email_defaults"]["estimate_subject"].startswith("Predračun")
    assert hr["settings"]["email_defaults"]["estimate_subject"].startswith("Ponuda")


async def test_default_settings_follow_the_contract(api: httpx.AsyncClient) -> None:
    settings = (await create_entity(api, country="Germany"))["settings"]
    assert settings["number_formats"]["invoice"] == "{yyyy}-{nnnnn}"
    assert settings["default_invoice_due_days"] == 30
    assert settings["default_estimate_valid_days"] == 30
    assert settings["document_footer"] == "{entity_name}"
    docs = ("invoice", "estimate", "credit_note", "advance_invoice", "delivery_note")
    assert set(settings["email_defaults"]) == {
        f"{doc}_{part}" for doc in docs for part in ("subject", "body")}


async def test_settings_sent_on_create_are_laid_over_the_defaults(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, settings={"primary_color": "#123456",
                                                "number_formats": {"invoice": "R-{nnnn}"}})
    assert entity["settings"]["primary_color"] == "#123456"
    assert entity["settings"]["number_formats"] == {"invoice": "R-{nnnn}"}
    assert entity["settings"]["default_invoice_due_days"] == 30


async def test_get_unknown_and_malformed_ids(api: httpx.AsyncClient) -> None:
    missing = await api.get("/entities/ent_" + "a" * 24)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    for bad in ("ent_123", "unit_" + "a" * 24, "ent_" + "g" * 24):
        assert ["id"] in issue_paths(await api.get(f"/entities/{bad}"))


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
async def test_update_by_patch_and_put_is_partial(api: httpx.AsyncClient, method: str) -> None:
    entity = await create_entity(api, address="Old street 1", city="Ljubljana")
    response = await api.request(method, f"/entities/{entity['id']}",
                                 json={"name": "Renamed d.o.o.", "city": None})
    assert response.status_code == 200
    updated = response.json()
    assert updated["name"] == "Renamed d.o.o."
    assert updated["city"] is None
    assert updated["address"] == "Old street 1"
    assert (await api.get(f"/entities/{entity['id']}")).json() == updated


async def test_update_of_unknown_entity_is_404(api: httpx.AsyncClient) -> None:
    response = await api.patch("/entities/ent_" + "b" * 24, json={"name": "x"})
    assert response.status_code == 404


async def test_settings_merge_per_top_level_key(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, settings={
        "primary_color": "#111111",
        "number_formats": {"invoice": "A-{nnn}", "estimate": "E-{nnn}"},
        "future_setting_the_client_does_not_know": {"keep": True},
    })
    updated = (await api.patch(f"/entities/{entity['id']}", json={
        "settings": {"number_formats": {"invoice": "B-{nnnn}"}}})).json()["settings"]
    assert updated["number_formats"] == {"invoice": "B-{nnnn}"}  # the key is replaced whole
    assert updated["primary_color"] == "#111111"  # keys not sent stay
    assert updated["future_setting_the_client_does_not_know"] == {"keep": True}
    assert updated["email_defaults"] == entity["settings"]["email_defaults"]


async def test_null_clears_a_settings_key(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, settings={"primary_color": "#111111"})
    updated = (await api.patch(f"/entities/{entity['id']}", json={
        "settings": {"primary_color": None}})).json()["settings"]
    assert "primary_color" in updated and updated["primary_color"] is None
    assert updated["number_formats"] == entity["settings"]["number_formats"]


@pytest.mark.parametrize("key", ["translations", "unit_number_sequence_starts"])
async def test_two_keys_merge_one_level_deeper(api: httpx.AsyncClient, key: str) -> None:
    entity = await create_entity(api, settings={key: {"a": {"x": 1}, "b": {"y": 2},
                                                      "c": {"z": 3}}})
    updated = (await api.put(f"/entities/{entity['id']}", json={
        "settings": {key: {"b": {"y": 20}, "c": None, "d": {"w": 4}}}})).json()["settings"]
    assert updated[key] == {"a": {"x": 1}, "b": {"y": 20}, "d": {"w": 4}}


@pytest.mark.parametrize(
    "key", ["furs", "fina", "slovenia", "e_invoicing", "pt", "revenue_recognition"]
)
async def test_protected_settings_keys_are_ignored(api: httpx.AsyncClient, key: str) -> None:
    entity = await create_entity(api, settings={key: {"enabled": True}})
    assert key not in entity["settings"]
    response = await api.patch(f"/entities/{entity['id']}", json={
        "settings": {key: {"enabled": True}, "primary_color": "#222222"}})
    assert response.status_code == 200
    assert key not in response.json()["settings"]
    assert response.json()["settings"]["primary_color"] == "#222222"


@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "Croatia"), ("country_code", "HR"), ("environment", "sandbox")],
)
async def test_country_and_environment_cannot_change(
    api: httpx.AsyncClient, field: str, value: str
) -> None:
    entity = await create_entity(api)
    response = await api.patch(f"/entities/{entity['id']}", json={field: value})
    assert [field] in issue_paths(response)
    same = await api.patch(f"/entities/{entity['id']}", json={field: entity[field]})
    assert same.status_code == 200
    assert (await api.get(f"/entities/{entity['id']}")).json()[field] == entity[field]


async def test_read_only_fields_are_ignored_on_update(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    updated = (await api.patch(f"/entities/{entity['id']}", json={
        "id": "ent_" + "c" * 24, "created_at": "2000-01-01T00:00:00.000Z",
        "country_rules": {"x": 1}})).json()
    assert updated["id"] == entity["id"]
    assert updated["created_at"] == entity["created_at"]
    assert updated["country_rules"] == entity["country_rules"]


async def test_metadata_is_replaced_as_a_whole(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, metadata={"a": "1", "b": "2"})
    updated = (await api.patch(f"/entities/{entity['id']}", json={
        "metadata": {"c": "3"}})).json()
    assert updated["metadata"] == {"c": "3"}


async def test_enable_and_disable_are_idempotent(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, settings={"primary_color": "#abcdef"})
    path = f"/entities/{entity['id']}"
    disabled = (await api.post(f"{path}/disable")).json()
    assert disabled["is_enabled"] is False
    again = (await api.post(f"{path}/disable")).json()
    assert again == disabled  # nothing changes, not even updated_at
    assert again["settings"] == entity["settings"]
    enabled = (await api.post(f"{path}/enable")).json()
    assert enabled["is_enabled"] is True
    assert (await api.post(f"{path}/enable")).json() == enabled
    assert (await api.post("/entities/ent_" + "d" * 24 + "/enable")).status_code == 404


async def test_disabled_entities_are_listed_flagged(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    await api.post(f"/entities/{entity['id']}/disable")
    listed = (await api.get("/entities")).json()["data"]
    assert [(e["id"], e["is_enabled"]) for e in listed] == [(entity["id"], False)]


async def test_updated_at_moves_on_every_change(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    path = f"/entities/{entity['id']}"
    stamps = [entity["updated_at"]]
    for call in (
        api.patch(path, json={"name": "One"}),
        api.put(path, json={"name": "Two"}),
        api.patch(path, json={"settings": {"primary_color": "#000"}}),
        api.post(f"{path}/disable"),
        api.post(f"{path}/enable"),
    ):
        stamps.append((await call).json()["updated_at"])
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert (await api.get(path)).json()["created_at"] == entity["created_at"]


async def test_concurrent_creates_all_land(api: httpx.AsyncClient) -> None:
    results = await asyncio.gather(*(create_entity(api, name=f"C{i}") for i in range(20)))
    assert len({entity["id"] for entity in results}) == 20
    assert (await api.get("/entities")).json()["pagination"]["total"] == 20
