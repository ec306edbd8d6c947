"""`list_records` / `iterate_records`: a list page as plain JSON objects, checked exactly as
the models check them, at a fraction of the CPU of validating into models and dumping back."""

from __future__ import annotations

import logging
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.api import (
    BusinessUnit,
    Entity,
    File,
    Invoice,
    Payment,
    RecordPage,
    SkippedRecord,
    errors,
)
from si_desktop.api import document_models as document_models_module
from si_desktop.api import models as models_module
from si_desktop.api.models import SIModel, record_checker
from si_desktop.sandbox.demo import make_client as demo_client
from tests.unit.api.conftest import (
    ENT_ID,
    ENT_ID_2,
    UNIT_ID,
    FakeServer,
    entity,
    load,
    make_client,
    ok,
    page,
    seed_examples,
    unit,
)

DEMO = [demo_client(i, 0, "acc_" + "1" * 24, "live") for i in range(30)]
GOOD_ENTITIES = [load(p) for p in seed_examples("seed003_") if "data" not in load(p)] + [
    e for e, _ in DEMO
]
GOOD_UNITS = [load(p) for p in seed_examples("seed004_") if "data" not in load(p)] + [
    u for _, units in DEMO for u in units
]
BAD_ENTITIES: list[Any] = [
    entity(id="ent_../../x"),
    entity(id="ent_" + "a" * 32),
    entity(id=5),
    {"name": "no id"},
    entity(name=["x"]),
    entity(is_enabled="true"),
    entity(starting_capital="1000"),
    entity(settings=[]),
    entity(settings={"primary_color": 5}),
    entity(settings={"bank_accounts": [{"is_default": "yes"}]}),
    entity(settings={"number_formats": {"invoice": 1}}),
    entity(settings={"overdue_notifications": {"threshold_days": ["7"]}}),
    entity(settings={"email_defaults": {"invoice_subject": None, "invoice_body": 3}}),
    entity(country_rules={"features": "all"}),
    entity(metadata=[]),
    "not an object",
    None,
]
BAD_UNITS: list[Any] = [
    unit(id="unit_1"),
    unit(settings={"logo_scale_percent": "50"}),
    unit(settings={"email_defaults": {"invoice_subject": 1}}),
    unit(numbering_index=1.5),
    unit(is_active=1),
]


def _problems(exc: pydantic.ValidationError) -> list[tuple[Any, str]]:
    return [(e["loc"], e["msg"]) for e in exc.errors(include_input=False, include_url=False)]


def _verdict(check: Any, record: Any) -> list[tuple[Any, str]] | None:
    try:
        check(record)
    except pydantic.ValidationError as exc:
        return _problems(exc)
    return None


@pytest.mark.parametrize(
    ("model", "records"),
    [
        (Entity, GOOD_ENTITIES + BAD_ENTITIES),
        (BusinessUnit, GOOD_UNITS + BAD_UNITS),
        (File, [{"id": "file_" + "c" * 24, "size": 3}, {"id": "file_1"}, {"id": 1, "size": "3"}]),
        (Invoice, [
            {"id": "inv_" + "1" * 24, "total": 1.5, "items": [{"price": "2", "taxes": []}]},
            {"id": "inv_" + "1" * 24, "total": True},
            {"id": "inv_" + "1" * 24, "items": [{"discounts": [{"value": "x"}]}]},
            {"id": "est_" + "1" * 24},
            {"id": "inv_" + "1" * 24, "customer": {"is_end_consumer": "no"}},
        ]),
        (Payment, [{"id": "pay_abc123", "amount": "3"}, {"id": "pay_a", "amount": 1},
                   {"id": "pay_abc123", "amount": float("inf")}]),
    ],
)
def test_the_checker_refuses_exactly_what_the_model_refuses(
    model: type[SIModel], records: list[Any]
) -> None:
    check = record_checker(model)
    refused = 0
    for record in records:
        expected = _verdict(model.model_validate, record)
        assert _verdict(check, record) == expected, record
        refused += expected is not None
    assert refused >= 2  # the list really holds bad records


def test_the_checker_knows_every_validator_the_models_have() -> None:
    """The checker mirrors fields and the id rule only: a validator added to a model that
    could refuse a value must be taught to `record_checker` too (then listed here)."""
    harmless = {"_remember_key_order", "_read_nested_as_flat"}  # never refuse a value
    models = [
        obj for module in (models_module, document_models_module)
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, SIModel)
    ]
    for model in models:
        decorators = model.__pydantic_decorators__
        assert set(decorators.model_validators) <= harmless, model
        assert set(decorators.field_validators) <= {"_id_has_the_contract_shape"}, model
        assert not decorators.validators and not decorators.root_validators, model


@pytest.mark.anyio
async def test_list_records_gives_the_json_the_models_would_dump(
    caplog: pytest.LogCaptureFixture,
) -> None:
    listed = GOOD_ENTITIES[:10] + BAD_ENTITIES[:3]
    body = page(listed, next_cursor="n")
    body["pagination"]["total"] = 99
    async with make_client(FakeServer(ok(body))) as si:
        with caplog.at_level(logging.WARNING, logger="si_desktop.api"):
            records = await si.entities.list_records(limit=100, search="x")
    assert isinstance(records, RecordPage)
    assert records.data == [
        Entity.model_validate(r).model_dump(mode="json") for r in GOOD_ENTITIES[:10]
    ]
    assert all(type(r) is dict for r in records.data)
    assert [s.id for s in records.skipped] == ["ent_../../x", "ent_" + "a" * 32, None]
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 3
    assert (records.next_cursor, records.has_more, records.total) == ("n", True, 99)


@pytest.mark.anyio
async def test_list_records_sends_what_list_sends() -> None:
    server = FakeServer(ok(page([])))
    async with make_client(server) as si:
        await si.entities.list(limit=5, search="a", environment="sandbox", order_by="-name")
        await si.entities.list_records(
            limit=5, search="a", environment="sandbox", order_by="-name"
        )
        await si.business_units.list(entity_id=ENT_ID, include_archived=True, limit=7)
        await si.business_units.list_records(entity_id=ENT_ID, include_archived=True, limit=7)
    first, second, third, fourth = server.requests
    assert first.url == second.url and third.url == fourth.url
    assert third.headers["x-entity-id"] == fourth.headers["x-entity-id"] == ENT_ID


@pytest.mark.anyio
async def test_iterate_records_walks_with_the_same_guards_and_skips() -> None:
    server = FakeServer(
        ok(page([entity(id=ENT_ID), entity(id="ent_x")], next_cursor="2")),
        ok(page([entity(id=ENT_ID), entity(id=ENT_ID_2)])),
        ok(page([unit(), unit(is_active="no") | {"id": "unit_" + "d" * 24}])),
    )
    skipped: list[SkippedRecord] = []
    async with make_client(server) as si:
        ids = [r["id"] async for r in si.entities.iterate_records(on_skipped=skipped.append)]
        units = [
            r["id"] async for r in si.business_units.iterate_records(
                entity_id=ENT_ID, on_skipped=skipped.append
            )
        ]
    assert ids == [ENT_ID, ENT_ID_2]  # the repeat of ENT_ID once only
    assert units == [UNIT_ID]
    assert [s.id for s in skipped] == ["ent_x", "unit_" + "d" * 24]


@pytest.mark.anyio
@pytest.mark.parametrize(
    "body",
    [{"data": "x", "pagination": {}}, {"data": []}, {"data": [], "pagination": {"total": "1"}}],
)
async def test_a_broken_page_is_still_a_malformed_response(body: dict[str, Any]) -> None:
    async with make_client(FakeServer(ok(body))) as si:
        with pytest.raises(errors.MalformedResponseError, match="page"):
            await si.entities.list_records()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def damaged(draw: st.DrawFn, base: Any) -> Any:
    """`base` with some values, at any depth, replaced by any JSON value."""
    if isinstance(base, dict):
        return {
            key: draw(json_values) if draw(st.integers(0, 7)) == 0 else draw(damaged(value))
            for key, value in base.items()
        }
    if isinstance(base, list):
        return [draw(damaged(item)) for item in base]
    return base


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.sampled_from(GOOD_ENTITIES[:12]).flatmap(damaged))
def test_the_checker_agrees_with_the_model_on_damaged_entities(record: Any) -> None:
    assert _verdict(record_checker(Entity), record) == _verdict(Entity.model_validate, record)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.sampled_from(GOOD_UNITS[:12]).flatmap(damaged))
def test_the_checker_agrees_with_the_model_on_damaged_units(record: Any) -> None:
    check = record_checker(BusinessUnit)
    assert _verdict(check, record) == _verdict(BusinessUnit.model_validate, record)
