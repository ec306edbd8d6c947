"""The firm's standard: its fields, its file (refused whole with line and reason), and the
comparison of a client with it."""

from __future__ import annotations

import json

import pytest

from si_desktop.core import standards
from si_desktop.core.standards import (
    AppliesTo,
    Standard,
    StandardError,
    StandardFileError,
    compare,
    dumps,
    from_settings,
    loads,
    settings_body,
)

SETTINGS = {
    "number_formats": {"invoice": "{yyyy}-{nnnnn}", "estimate": "E-{yyyy}-{nnn}"},
    "unit_number_formats": {"invoice": "{yyyy}-{u}-{nnnnn}"},
    "number_sequence_starts": {"invoice": 40},
    "email_defaults": {"invoice_subject": "Invoice {document_number}",
                       "invoice_body": "Please pay."},
    "default_invoice_due_days": 15,
    "default_invoice_note": "Thank you.",
    "default_invoice_payment_terms": None,
    "document_footer": "{entity_name}",
    "pdf_template": "classic",
    "primary_color": "#1D4ED8",
    "bank_accounts": [{"iban": "SI56"}],
}


def test_a_standard_made_from_a_client_holds_its_values_but_never_the_first_numbers() -> None:
    standard = from_settings("House rules", SETTINGS)
    assert standard.values == {
        "number_formats.invoice": "{yyyy}-{nnnnn}",
        "number_formats.estimate": "E-{yyyy}-{nnn}",
        "unit_number_formats.invoice": "{yyyy}-{u}-{nnnnn}",
        "email_defaults.invoice_subject": "Invoice {document_number}",
        "email_defaults.invoice_body": "Please pay.",
        "default_invoice_note": "Thank you.",
        "default_invoice_due_days": 15,
        "document_footer": "{entity_name}",
    }
    branded = from_settings("House rules", SETTINGS, branding=True)
    assert branded.values["pdf_template"] == "classic"
    assert branded.values["primary_color"] == "#1D4ED8"
    assert not any(path.startswith("number_sequence_starts") for path in branded.values)


def test_a_standard_needs_a_name() -> None:
    with pytest.raises(StandardError):
        from_settings("  ", SETTINGS)


def test_the_file_round_trips() -> None:
    standard = from_settings("Slovenian clients", SETTINGS, branding=True,
                             applies_to=AppliesTo("country", "SI"))
    again = loads(dumps(standard).encode())
    assert again == standard
    meta = Standard("By bookkeeper", {"document_footer": "x"},
                    AppliesTo("metadata", "Ana", "bookkeeper"))
    assert loads(dumps(meta)) == meta


def _file(**settings: object) -> str:
    return json.dumps({"si_desktop_standard": 1, "name": "Firm", "applies_to": {"all": True},
                       "settings": settings}, indent=2)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('{"si_desktop_standard": 1,\n "name": "x",\n "settings": {\n', 4, "not valid JSON"),
        (_file(**{"number_formats.invoice": "{yyyy}-{nnnnn}", "default_invoice_due_days": "15"}),
         9, "whole number of days"),
        (_file(**{"number_formats.invoice": "INV-{mm}"}), 8, "not a number token"),
        (_file(**{"settings.furs": {"x": 1}}), 8, "not a setting a standard can hold"),
        (_file(**{"number_sequence_starts.invoice": 1}), 8, "not a setting"),
        (_file(**{"primary_color": "blue"}), 8, "not a colour"),
        (_file(**{"email_defaults.invoice_subject": "x" * 501}), 8, "at most 500"),
        (_file(**{"document_footer": "a\x1b[2Jb"}), 8, "control characters"),
        (_file(), 7, "at least one value"),
        ('[1, 2]', 1, "one JSON object"),
        ('{"name": "x", "settings": {"document_footer": "a"}}', 1, "version 1"),
        ('{"si_desktop_standard": 1, "name": "x",\n "extra": 1,'
         ' "settings": {"document_footer": "a"}}', 2, "unknown key"),
        ('{"si_desktop_standard": 1, "name": "x",\n "settings": {"document_footer": "a",\n'
         ' "document_footer": "b"}}', 2, "given twice"),
        ('{"si_desktop_standard": 1, "name": "x", "settings": {\n"default_invoice_due_days":'
         ' NaN}}', 1, "not a number"),
        ('{"si_desktop_standard": 1, "name": "x",\n"applies_to": {"country_code": "Slovenia"},'
         ' "settings": {"document_footer": "a"}}', 2, "applies_to"),
    ],
)
def test_a_malformed_or_hostile_file_is_refused_with_line_and_reason(
    text: str, line: int, reason: str
) -> None:
    with pytest.raises(StandardFileError) as caught:
        loads(text.encode())
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_a_huge_or_binary_file_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(StandardFileError, match="larger than"):
        loads(b"{" + b" " * (standards.MAX_FILE_BYTES + 1) + b"}")
    with pytest.raises(StandardFileError, match="UTF-8") as caught:
        loads(b'{\n"name": "\xff"}')
    assert caught.value.line == 2
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(StandardFileError):
        loads(deep)


def test_compare_names_the_differing_fields_and_the_units_that_hide_the_standard() -> None:
    standard = Standard("S", {
        "number_formats.invoice": "{yyyy}-{nnnnn}",
        "email_defaults.invoice_subject": "Invoice {document_number}",
        "default_invoice_payment_terms": "",
        "primary_color": "#1d4ed8",
        "document_footer": "Firm",
    })
    client = {"id": "ent_1", "name": "Albion", "is_enabled": True, "settings": {
        "number_formats": {"invoice": "INV-{nnnn}"},
        "email_defaults": {"invoice": {"subject": "Invoice {document_number}"}},  # nested form
        "default_invoice_payment_terms": None,  # no text is the same as empty text
        "primary_color": "#1D4ED8",  # colours compare as #rrggbb
        "document_footer": "Firm",
    }}
    units = [
        {"id": "unit_1", "name": "Shop", "settings": {"document_footer": "Shop footer"}},
        {"id": "unit_2", "name": "Old", "deleted_at": "2026-01-01", "is_active": False,
         "settings": {"document_footer": "Old"}},
        {"id": "unit_3", "name": "Same", "settings": {"document_footer": "Firm"}},
    ]
    drift = compare(standard, client, units)
    assert drift.differing == ("number_formats.invoice",)
    assert drift.count == 1 and not drift.matches
    assert drift.differs_in("numbering") and not drift.differs_in("email")
    footer = next(f for f in drift.fields if f.path == "document_footer")
    assert not footer.differs and footer.hidden_by == ("Shop",)


def test_the_body_touches_only_the_standards_fields_and_keeps_the_rest_of_a_setting() -> None:
    body = settings_body(SETTINGS, {
        "number_formats.invoice": "R-{yyyy}-{nnnn}",
        "email_defaults.invoice_subject": "Račun {document_number}",
        "default_invoice_due_days": 8,
    })
    assert body == {
        "number_formats": {"invoice": "R-{yyyy}-{nnnn}", "estimate": "E-{yyyy}-{nnn}"},
        "email_defaults": {"invoice_subject": "Račun {document_number}",
                           "invoice_body": "Please pay."},
        "default_invoice_due_days": 8,
    }
    nested = settings_body({"email_defaults": {"invoice": {"subject": "a", "body": "b"}}},
                           {"email_defaults.invoice_body": "c"})
    assert nested == {"email_defaults": {"invoice_subject": "a", "invoice_body": "c"}}


@pytest.mark.parametrize(
    ("applies", "entity", "expected"),
    [
        (AppliesTo(), {}, True),
        (AppliesTo("country", "SI"), {"country_code": "si"}, True),
        (AppliesTo("country", "SI"), {"country_code": "AT"}, False),
        (AppliesTo("locale", "sl-SI"), {"locale": "sl_SI"}, True),
        (AppliesTo("metadata", "ana", "bookkeeper"), {"metadata": {"bookkeeper": "Ana"}}, True),
        (AppliesTo("metadata", "Ana", "bookkeeper"), {"metadata": {"other": "Ana"}}, False),
    ],
)
def test_whom_a_standard_applies_to(applies: AppliesTo, entity: dict[str, object],
                                    expected: bool) -> None:
    assert applies.matches(entity) is expected
