"""Models keep every key and give back exactly the JSON the server sent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pydantic
import pytest

from si_desktop.api import (
    BusinessUnit,
    Entity,
    EntitySettings,
    File,
    Page,
    UnitEmailDefaults,
    parse_datetime,
)
from si_desktop.api.models import SIModel
from tests.unit.api.conftest import ENT_ID, FILE_ID, UNIT_ID, load, seed_examples

ENTITY_EXAMPLES = seed_examples("seed003_")
UNIT_EXAMPLES = seed_examples("seed004_")


def _model_for(data: dict[str, Any], single: type[SIModel]) -> type[SIModel]:
    return Page[single] if "data" in data else single  # type: ignore[valid-type]


def test_every_seed_example_was_extracted() -> None:
    # 003: the object, create, list, get, update, enable, disable; 004: object, create, list,
    # get, update.
    assert len(ENTITY_EXAMPLES) == 7
    assert len(UNIT_EXAMPLES) == 5


@pytest.mark.parametrize("path", ENTITY_EXAMPLES, ids=lambda p: p.stem)
def test_entity_seed_examples_round_trip(path: Path) -> None:
    data = load(path)
    model = _model_for(data, Entity).model_validate(data)
    assert model.model_dump(mode="json") == data
    # Same keys in the same order, same values: the same JSON text.
    assert json.dumps(model.model_dump(mode="json"), ensure_ascii=False) == json.dumps(
        data, ensure_ascii=False
    )
    assert json.loads(model.model_dump_json()) == data


@pytest.mark.parametrize("path", UNIT_EXAMPLES, ids=lambda p: p.stem)
def test_business_unit_seed_examples_round_trip(path: Path) -> None:
    data = load(path)
    model = _model_for(data, BusinessUnit).model_validate(data)
    assert json.dumps(model.model_dump(mode="json")) == json.dumps(data)


def test_typed_fields_of_the_seed_entity() -> None:
    entity = Entity.model_validate(load(ENTITY_EXAMPLES[0]))
    assert entity.id == "ent_7595a27b5d35015c3ef0c3fe"
    assert entity.settings is not None
    assert entity.settings.number_formats is not None
    assert entity.settings.number_formats.credit_note == "CN-{yyyy}-{nnnnn}"
    assert entity.settings.number_formats.advance_invoice is None
    assert entity.settings.email_defaults is not None
    assert entity.settings.email_defaults.invoice_subject.startswith("Račun")  # type: ignore[union-attr]
    assert entity.settings.overdue_notifications is not None
    assert entity.settings.overdue_notifications.threshold_days == [7, 14, 30]
    assert entity.settings.tax_clause_defaults == {
        "intra_eu_b2b": "46. člen ZDDV-1",
        "3w_b2b": "52. člen ZDDV-1",
        "3w_b2c": "52. člen ZDDV-1",
    }
    assert entity.country_rules is not None and entity.country_rules.max_taxes_per_item == 1
    assert entity.metadata == {"industry": "Technology", "size": "Medium"}
    assert entity.created_at == "2024-01-01T00:00:00.000Z"  # kept as the server wrote it
    assert parse_datetime(entity.created_at) == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert parse_datetime(None) is None


def test_full_schema_example_fills_the_branding_and_bank_fields() -> None:
    entity = Entity.model_validate(load(ENTITY_EXAMPLES[-1]))
    settings = entity.settings
    assert settings is not None
    assert settings.pdf_template == "modern"
    assert settings.has_logo is True
    assert settings.bank_accounts is not None and settings.bank_accounts[0].type == "iban"
    assert settings.upn_qr is not None and settings.upn_qr.display_mode == "qr_only"
    assert settings.epc_qr is not None and settings.epc_qr.enabled is True
    assert settings.furs == {
        "enabled": False,
        "default_skip_fiscalization": False,
        "numbering_strategy": "B",
        "operator_tax_number": "string",
        "operator_label": "string",
        "foreign_operator": True,
        "environment": "test",
    }
    assert "furs" in EntitySettings.MANAGED_ELSEWHERE


def test_unit_nested_email_defaults_read_as_flat_keys_and_dump_unchanged() -> None:
    data = load(UNIT_EXAMPLES[0])
    unit = BusinessUnit.model_validate(data)
    assert unit.settings is not None and unit.settings.email_defaults is not None
    defaults = unit.settings.email_defaults
    assert defaults.invoice_subject == "Invoice {document_number} from {entity_name}"
    assert defaults.invoice_body == "Hello {customer_name},\n\nPlease find your invoice attached."
    assert defaults.estimate_subject is None
    assert defaults.flat()["invoice_subject"] == defaults.invoice_subject
    assert unit.settings.logo_scale_percent == 110
    assert unit.settings.bank_accounts is not None
    assert unit.settings.bank_accounts[0].id == "ba_6595a27b5d35015c3ef0c3fd"
    assert unit.model_dump(mode="json") == data  # still the nested form


def test_unit_email_defaults_flat_form_wins_over_nested() -> None:
    defaults = UnitEmailDefaults.model_validate(
        {"invoice": {"subject": "nested"}, "invoice_subject": "flat", "estimate": "odd"}
    )
    assert defaults.invoice_subject == "flat"
    assert defaults.estimate_subject is None
    assert defaults.model_dump() == {
        "invoice": {"subject": "nested"}, "invoice_subject": "flat", "estimate": "odd"
    }


def test_unknown_keys_are_kept_at_every_level() -> None:
    data = entity_with_unknowns()
    model = Entity.model_validate(data)
    assert model.unknown_keys() == {"brand_new": {"deep": [1, {"x": None}]}}
    assert model.settings is not None
    assert model.settings.unknown_keys() == {"future_setting": {"a": "b"}}
    assert model.model_dump(mode="json") == data


def entity_with_unknowns() -> dict[str, Any]:
    return {
        "id": ENT_ID,
        "brand_new": {"deep": [1, {"x": None}]},
        "settings": {
            "future_setting": {"a": "b"},
            "number_formats": {"invoice": "{nnn}", "receipt": "R-{n}"},
            "bank_accounts": [{"iban": "SI56", "swift_extra": True}],
        },
    }


def test_absent_keys_do_not_come_back_as_null() -> None:
    model = Entity.model_validate({"id": ENT_ID})
    assert model.name is None
    assert model.model_dump(mode="json") == {"id": ENT_ID}


def test_assigned_fields_are_dumped() -> None:
    model = Entity.model_validate({"id": ENT_ID, "x": 1})
    model.name = "New"
    assert model.model_dump(mode="json") == {"id": ENT_ID, "x": 1, "name": "New"}


def test_values_are_not_reformatted() -> None:
    data = {
        "id": ENT_ID,
        "starting_capital": 7500,
        "created_at": "2024-01-01T00:00:00.000Z",
        "updated_at": "not a date at all",
        "settings": {"primary_color": "#1d4ed8", "default_invoice_due_days": 0},
        "metadata": {"CaseSensitive": "ValUE"},
    }
    model = Entity.model_validate(data)
    assert isinstance(model.starting_capital, int)
    assert model.model_dump(mode="json") == data
    assert Entity.model_validate({"id": ENT_ID, "starting_capital": 1.5}).starting_capital == 1.5


@pytest.mark.parametrize(
    "bad",
    [
        {"id": ENT_ID, "is_enabled": "true"},
        {"id": ENT_ID, "settings": {"default_invoice_due_days": "30"}},
        {"id": ENT_ID, "settings": []},
        {"id": ENT_ID, "name": 5},
        {"id": 5},
        {"name": "no id"},
        {"id": "ent_../../x"},
        {"id": ENT_ID + "0" * 8},  # a longer id: not the contract's shape
        {"id": UNIT_ID},  # another resource's id
        {"id": ENT_ID.upper()},  # the prefix is lower case
    ],
)
def test_wrong_types_are_rejected_not_coerced(bad: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        Entity.model_validate(bad)


def test_business_unit_archive_flag() -> None:
    assert not BusinessUnit.model_validate({"id": UNIT_ID, "is_active": True}).is_archived
    archived = BusinessUnit.model_validate(
        {"id": UNIT_ID, "is_active": False, "deleted_at": "2024-01-01T00:00:00.000Z"}
    )
    assert archived.is_archived


def test_record_ids_must_have_the_contract_shape() -> None:
    """CONTRACT.md "Ids": `<prefix>_<24 hex>`; the message names the shape, not the value
    (the client logs the message, never the input)."""
    for model, good, bad in (
        (Entity, ENT_ID, "ent_" + "a" * 32),
        (BusinessUnit, UNIT_ID, "unit_x/../y"),
        (File, FILE_ID, "file_1"),
    ):
        assert model.model_validate({"id": good}).id == good
        with pytest.raises(pydantic.ValidationError) as info:
            model.model_validate({"id": bad})
        [problem] = info.value.errors(include_input=False, include_url=False)
        assert "<24 hex>" in problem["msg"] and bad not in problem["msg"]


@pytest.mark.parametrize(
    ("data", "url"),
    [
        ({"id": FILE_ID, "secure_url": "https://cdn/a.png"}, "https://cdn/a.png"),
        ({"id": FILE_ID, "secureUrl": "https://cdn/b.png"}, "https://cdn/b.png"),
        ({"id": FILE_ID, "url": "/files/x"}, "/files/x"),
        ({"id": FILE_ID}, None),
    ],
)
def test_file_url_in_either_spelling(data: dict[str, Any], url: str | None) -> None:
    file = File.model_validate(data)
    assert file.download_url == url
    assert file.model_dump(mode="json") == data


def test_page_helpers() -> None:
    data = {
        "data": [{"id": ENT_ID}],
        "pagination": {"total": -1, "next_cursor": "c2", "prev_cursor": None, "has_more": True},
    }
    page = Page[Entity].model_validate(data)
    assert page.has_more and page.next_cursor == "c2" and page.prev_cursor is None
    assert page.total is None
    assert page.model_dump(mode="json") == data
    done = Page[Entity].model_validate(
        {"data": [], "pagination": {"total": 3, "next_cursor": None, "has_more": False}}
    )
    assert not done.has_more and done.total == 3
    cursor_only = Page[Entity].model_validate({"data": [], "pagination": {"next_cursor": "n"}})
    assert cursor_only.has_more
