from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.core.branding import (
    KNOWN_TEMPLATES,
    PDF_TEMPLATES,
    contrast_ratio,
    effective_settings,
    flat_email_defaults,
    parse_color,
    readable_text_color,
    relative_luminance,
    value_sources,
)

ENTITY: dict[str, Any] = {
    "pdf_template": "classic",
    "primary_color": "#000000",
    "document_footer": "{entity_name}",
    "email_defaults": {
        "invoice_subject": "Invoice {document_number} from {entity_name}",
        "invoice_body": "Please find invoice {document_number} attached.",
        "estimate_subject": "Estimate {document_number}",
    },
    "tax_clause_defaults": {"intra_eu_b2b": "Art. 46", "3w_b2b": "Art. 52"},
    "translations": {"en": {"invoice": "Invoice"}, "sl": {"invoice": "Račun"}},
    "bank_accounts": [{"iban": "SI56 0201 7001 4356 205", "is_default": True}],
    "furs": {"enabled": True},
}

UNIT: dict[str, Any] = {
    "pdf_template": "modern",
    "primary_color": "#1D4ED8",
    "logo_scale_percent": 110,
    "document_footer": None,
    "bank_accounts": [],
    "tax_clause_defaults": {"3w_b2b": "Unit clause"},
    "translations": {"sl": {"invoice": "Faktura"}},
    "email_defaults": {
        "invoice": {"subject": "Unit invoice {document_number}", "body": "Hello"},
        "estimate_subject": "Unit estimate",
    },
}


def test_templates() -> None:
    assert PDF_TEMPLATES == ("modern", "classic", "condensed", "minimal", "fashion")
    assert set(KNOWN_TEMPLATES) == {*PDF_TEMPLATES, "timeless_modern_full_data"}


def test_unit_keys_go_on_top() -> None:
    merged = effective_settings(ENTITY, UNIT)
    assert merged["pdf_template"] == "modern"
    assert merged["primary_color"] == "#1D4ED8"
    assert merged["logo_scale_percent"] == 110
    assert merged["furs"] == {"enabled": True}


def test_none_and_empty_bank_accounts_inherit() -> None:
    merged = effective_settings(ENTITY, UNIT)
    assert merged["document_footer"] == "{entity_name}"
    assert merged["bank_accounts"] == ENTITY["bank_accounts"]
    own = [{"iban": "DE89 3704 0044 0532 0130 00"}]
    assert effective_settings(ENTITY, {"bank_accounts": own})["bank_accounts"] == own


def test_merged_keys_merge_key_by_key() -> None:
    merged = effective_settings(ENTITY, UNIT)
    assert merged["email_defaults"] == {
        "invoice_subject": "Unit invoice {document_number}",
        "invoice_body": "Hello",
        "estimate_subject": "Unit estimate",
    }
    assert merged["tax_clause_defaults"] == {"intra_eu_b2b": "Art. 46", "3w_b2b": "Unit clause"}
    assert merged["translations"] == {"en": {"invoice": "Invoice"}, "sl": {"invoice": "Faktura"}}


def test_merge_when_the_entity_lacks_the_key() -> None:
    merged = effective_settings({}, {"email_defaults": {"invoice": {"subject": "S"}}})
    assert merged == {"email_defaults": {"invoice_subject": "S"}}


def test_flat_email_keys_win_over_nested() -> None:
    assert flat_email_defaults({"invoice": {"subject": "nested"}, "invoice_subject": "flat"}) == {
        "invoice_subject": "flat"
    }


def test_inputs_are_never_mutated_or_shared() -> None:
    entity, unit = copy.deepcopy(ENTITY), copy.deepcopy(UNIT)
    merged = effective_settings(entity, unit)
    merged["translations"]["en"]["invoice"] = "changed"
    merged["bank_accounts"][0]["iban"] = "changed"
    merged["email_defaults"]["invoice_body"] = "changed"
    assert entity == ENTITY and unit == UNIT


def test_value_sources() -> None:
    sources = value_sources(ENTITY, UNIT)
    assert sources["pdf_template"] == "unit"
    assert sources["logo_scale_percent"] == "unit"
    assert sources["document_footer"] == "entity"
    assert sources["bank_accounts"] == "entity"
    assert sources["furs"] == "entity"
    assert sources["email_defaults.invoice_subject"] == "unit"
    assert sources["email_defaults.estimate_subject"] == "unit"
    assert sources["tax_clause_defaults.intra_eu_b2b"] == "entity"
    assert sources["tax_clause_defaults.3w_b2b"] == "unit"
    assert sources["translations.en"] == "entity"
    assert "email_defaults" not in sources
    assert set(value_sources(ENTITY, None).values()) == {"entity"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("#1D4ED8", "#1d4ed8"), ("#abc", "#aabbcc"), ("#FFF", "#ffffff"), ("#000000", "#000000")],
)
def test_parse_color(text: str, expected: str) -> None:
    assert parse_color(text) == expected


@pytest.mark.parametrize(
    "text", ["", "red", "1d4ed8", "#12", "#1234", "#12345g", "#1d4ed8 ", " #abc", "#1d4ed8\n", 5]
)
def test_parse_color_refuses_with_a_sentence(text: object) -> None:
    with pytest.raises(ValueError, match="for example #1d4ed8"):
        parse_color(text)


def test_contrast_ratio_known_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#fff", "#000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777") == pytest.approx(1.0)
    # WebAIM's checker gives 4.48:1 for #777777 on white.
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


def test_readable_text_color() -> None:
    assert readable_text_color("#1D4ED8") == "#ffffff"
    assert readable_text_color("#ffff00") == "#000000"
    assert readable_text_color("#000") == "#ffffff"
    assert readable_text_color("#fff") == "#000000"


_COLORS = st.from_regex(r"\A#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")


@settings(max_examples=100, deadline=None)
@given(a=_COLORS, b=_COLORS)
def test_contrast_is_symmetric_and_bounded(a: str, b: str) -> None:
    ratio = contrast_ratio(a, b)
    assert 1.0 <= ratio <= 21.0 + 1e-9
    assert ratio == pytest.approx(contrast_ratio(b, a))
    text = readable_text_color(a)
    other = "#ffffff" if text == "#000000" else "#000000"
    assert contrast_ratio(a, text) >= contrast_ratio(a, other)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)
_SETTINGS = st.dictionaries(
    st.sampled_from(
        ["pdf_template", "email_defaults", "translations", "bank_accounts", "x", "tax_rules"]
    ),
    _JSON,
    max_size=5,
)


@settings(max_examples=100, deadline=None)
@given(entity=_SETTINGS)
def test_without_a_unit_the_entity_settings_are_effective(entity: dict[str, Any]) -> None:
    assert effective_settings(entity, None) == entity
    assert effective_settings(entity, {}) == entity


@settings(max_examples=100, deadline=None)
@given(entity=_SETTINGS, unit=_SETTINGS)
def test_merge_never_mutates_and_sources_cover_every_key(
    entity: dict[str, Any], unit: dict[str, Any]
) -> None:
    before = copy.deepcopy((entity, unit))
    merged = effective_settings(entity, unit)
    assert (entity, unit) == before
    sources = value_sources(entity, unit)
    covered = {key.split(".", 1)[0] for key in sources}
    assert covered <= set(merged)
    assert all(value in ("entity", "unit") for value in sources.values())
