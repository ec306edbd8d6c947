"""422 with `cause.issues[].path` for every rule of CONTRACT.md the sandbox checks."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.contract.conftest import create_entity, create_unit, issue_paths

pytestmark = pytest.mark.anyio


async def test_the_422_body_has_the_contract_shape(api: httpx.AsyncClient) -> None:
    response = await api.post("/entities", json={"country": "Slovenia"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    issue = body["cause"]["issues"][0]
    assert set(issue) == {"code", "path", "message"}
    assert issue["path"] == ["name"]


async def test_every_problem_is_reported_at_once(api: httpx.AsyncClient) -> None:
    response = await api.post("/entities", json={
        "name": "", "country": "Slovenia", "post_code": "x" * 21,
        "settings": {"primary_color": "blue", "pdf_template": "baroque"}})
    assert sorted(issue_paths(response)) == sorted([
        ["name"], ["post_code"], ["settings", "primary_color"], ["settings", "pdf_template"]])


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("name", "A", ""),
        ("country", "x" * 100, "x" * 101),
        ("address", "x" * 500, "x" * 501),
        ("address_2", "x" * 500, "x" * 501),
        ("post_code", "x" * 20, "x" * 21),
        ("city", "x" * 100, "x" * 101),
        ("state", "x" * 100, "x" * 101),
        ("country_code", "SI", "SVN"),
        ("currency_code", "EUR", "EURO"),
        ("locale", "x" * 20, "x" * 21),
        ("tax_number", "x" * 50, "x" * 51),
        ("tax_number_2", "x" * 50, "x" * 51),
        ("company_number", "x" * 50, "x" * 51),
        ("phone", "x" * 50, "x" * 51),
        ("email", "x" * 255, "x" * 256),
        ("website", "x" * 500, "x" * 501),
        ("fiscal_region_code", "x" * 10, "x" * 11),
    ],
)
async def test_entity_field_limits(api: httpx.AsyncClient, field: str, good: str,
                                   bad: str) -> None:
    base: dict[str, Any] = {"name": "Acme", "country": "Slovenia", "country_code": "SI"}
    assert (await api.post("/entities", json={**base, field: good})).status_code == 201
    assert [field] in issue_paths(await api.post("/entities", json={**base, field: bad}))
    entity = await create_entity(api)
    if field not in ("country", "country_code"):  # these two cannot change anyway
        response = await api.patch(f"/entities/{entity['id']}", json={field: bad})
        assert [field] in issue_paths(response)


async def test_text_fields_must_be_text(api: httpx.AsyncClient) -> None:
    response = await api.post("/entities", json={"name": 42, "country": "Slovenia",
                                                  "is_enabled": "yes"})
    assert sorted(issue_paths(response)) == [["is_enabled"], ["name"]]


async def test_metadata_limits(api: httpx.AsyncClient) -> None:
    fifty = {f"k{i}": "v" for i in range(50)}
    assert (await api.post("/entities", json={"name": "A", "country": "Slovenia",
                                              "metadata": fifty})).status_code == 201
    too_many = {f"k{i}": "v" for i in range(51)}
    for metadata in (too_many, {"k": "x" * 251}, {"k": 5}, ["not", "an", "object"]):
        response = await api.post("/entities", json={"name": "A", "country": "Slovenia",
                                                      "metadata": metadata})
        assert ["metadata"] in issue_paths(response)
    assert (await api.post("/entities", json={"name": "A", "country": "Slovenia",
                                              "metadata": {"k": "x" * 250}})).status_code == 201


@pytest.mark.parametrize(
    "fmt",
    ["{yyyy}-{nnnnn}", "INV-{yy}/{n}", "{nnnnnnnnn}", "INV-{YYYY}-{NUM}", "{YY}{MM}{DD}-{NUM}",
     "CN {nnn} {yyyy}"],
)
async def test_number_formats_in_both_spellings_are_accepted(api: httpx.AsyncClient,
                                                             fmt: str) -> None:
    entity = await create_entity(api)
    response = await api.patch(f"/entities/{entity['id']}", json={
        "settings": {"number_formats": {"invoice": fmt}}})
    assert response.status_code == 200
    assert response.json()["settings"]["number_formats"]["invoice"] == fmt


@pytest.mark.parametrize(
    "fmt",
    ["{yyyy}", "INV-{xyz}-{nnn}", "{nnn}-{nnnn}", "{yyyy}-{yy}-{nnn}", "INV {nnn",
     "INV }{nnn}", "{yyyy}-{u}-{nnnnn}", "{nnnnnnnnnn}"],
)
async def test_bad_number_formats_are_422_at_their_path(api: httpx.AsyncClient,
                                                        fmt: str) -> None:
    entity = await create_entity(api)
    response = await api.patch(f"/entities/{entity['id']}", json={
        "settings": {"number_formats": {"estimate": fmt}}})
    assert issue_paths(response)[0] == ["settings", "number_formats", "estimate"]


async def test_the_unit_token_is_allowed_only_in_unit_number_formats(
    api: httpx.AsyncClient,
) -> None:
    entity = await create_entity(api)
    path = f"/entities/{entity['id']}"
    ok = await api.patch(path, json={"settings": {"unit_number_formats": {
        "invoice": "{yyyy}-{u}-{nnnnn}", "estimate": "{uu}/{NUM}"}}})
    assert ok.status_code == 200
    bad = await api.patch(path, json={"settings": {"unit_number_formats": {
        "invoice": "{yyyy}-{u}-{u}-{nnnnn}"}}})
    assert issue_paths(bad) == [["settings", "unit_number_formats", "invoice"]]


async def test_sequence_starts_may_only_move_forward(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api, settings={"number_sequence_starts": {"invoice": 100}})
    path = f"/entities/{entity['id']}"
    forward = await api.patch(path, json={"settings": {"number_sequence_starts": {
        "invoice": 150}}})
    assert forward.status_code == 200
    back = await api.patch(path, json={"settings": {"number_sequence_starts": {"invoice": 120}}})
    assert issue_paths(back) == [["settings", "number_sequence_starts", "invoice"]]
    zero = await api.patch(path, json={"settings": {"number_sequence_starts": {"estimate": 0}}})
    assert issue_paths(zero) == [["settings", "number_sequence_starts", "estimate"]]


@pytest.mark.parametrize(
    ("colour", "ok"),
    [("#1D4ED8", True), ("#abc", True), ("#ABCDEF", True), ("1D4ED8", False),
     ("#12345", False), ("#GGGGGG", False), ("red", False), ("#1234567", False)],
)
async def test_colours(api: httpx.AsyncClient, colour: str, ok: bool) -> None:
    entity = await create_entity(api)
    response = await api.patch(f"/entities/{entity['id']}", json={
        "settings": {"primary_color": colour}})
    if ok:
        assert response.status_code == 200
    else:
        assert issue_paths(response) == [["settings", "primary_color"]]


@pytest.mark.parametrize(
    ("template", "ok"),
    [("modern", True), ("classic", True), ("condensed", True), ("minimal", True),
     ("fashion", True), ("timeless_modern_full_data", True), ("baroque", False),
     ({"logo_url": "https://example.com/logo.png"}, False)],
)
async def test_pdf_templates(api: httpx.AsyncClient, template: object, ok: bool) -> None:
    entity = await create_entity(api)
    response = await api.patch(f"/entities/{entity['id']}", json={
        "settings": {"pdf_template": template}})
    if ok:
        assert response.status_code == 200
    else:
        assert issue_paths(response) == [["settings", "pdf_template"]]


@pytest.mark.parametrize(
    ("scale", "ok"), [(10, True), (110, True), (200, True), (9, False), (201, False),
                      (55.5, False), ("100", False)]
)
async def test_logo_scale_percent_range(api: httpx.AsyncClient, scale: object,
                                        ok: bool) -> None:
    entity = await create_entity(api)
    response = await api.post("/business-units", headers={"x-entity-id": entity["id"]},
                              json={"name": "Shop", "settings": {"logo_scale_percent": scale}})
    if ok:
        assert response.status_code == 201
    else:
        assert issue_paths(response) == [["settings", "logo_scale_percent"]]


async def test_email_subject_and_body_lengths(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    path = f"/entities/{entity['id']}"
    fits = {"invoice_subject": "s" * 500, "invoice_body": "b" * 2000}
    assert (await api.patch(path, json={"settings": {"email_defaults": fits}})).status_code == 200
    too_long = {"invoice_subject": "s" * 501, "estimate_body": "b" * 2001}
    response = await api.patch(path, json={"settings": {"email_defaults": too_long}})
    assert sorted(issue_paths(response)) == [
        ["settings", "email_defaults", "estimate_body"],
        ["settings", "email_defaults", "invoice_subject"],
    ]
    overdue = await api.patch(path, json={"settings": {"overdue_notifications": {
        "enabled": True, "email_subject": "s" * 501}}})
    assert issue_paths(overdue) == [["settings", "overdue_notifications", "email_subject"]]


async def test_nested_unit_email_defaults_are_checked_too(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    response = await api.post("/business-units", headers={"x-entity-id": entity["id"]}, json={
        "name": "Shop", "settings": {"email_defaults": {"invoice": {"subject": "s" * 501,
                                                                    "body": "ok"}}}})
    assert issue_paths(response) == [["settings", "email_defaults", "invoice", "subject"]]


async def test_ids_of_the_wrong_shape(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    assert ["id"] in issue_paths(await api.get("/business-units/unit_12", headers=headers))
    assert ["x-entity-id"] in issue_paths(
        await api.get("/business-units", headers={"x-entity-id": "ent_nope"}))
    bad_file = await api.post("/business-units", headers=headers,
                              json={"name": "Shop", "logo_file_id": "logo.png"})
    assert ["logo_file_id"] in issue_paths(bad_file)
    bad_bank = await api.patch(f"/entities/{entity['id']}", json={"settings": {
        "bank_accounts": [{"id": "ba_1", "iban": "SI56"}]}})
    assert ["settings", "bank_accounts", 0, "id"] in issue_paths(bad_bank)


async def test_unit_field_limits(api: httpx.AsyncClient) -> None:
    entity = await create_entity(api)
    headers = {"x-entity-id": entity["id"]}
    response = await api.post("/business-units", headers=headers, json={
        "name": "", "post_code": "x" * 21, "country_code": "SVN", "email": "x" * 256})
    assert sorted(issue_paths(response)) == [["country_code"], ["email"], ["name"],
                                             ["post_code"]]
    unit = await create_unit(api, entity["id"], country=None, country_code=None)
    assert unit["country"] is None
    cleared = await api.patch(f"/business-units/{unit['id']}", headers=headers,
                              json={"name": None})
    assert ["name"] in issue_paths(cleared)
