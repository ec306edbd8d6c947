"""Default entity settings (in the entity's language) and the settings merge on update.

The defaults copy the shape of the Entities reference's examples: four number formats, e-mail
defaults for the five document types, 30 due and valid days, footer and signature
`{entity_name}`, overdue notifications off, and the EU tax rules for EU countries.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from si_desktop.sandbox.countries import by_code

PROTECTED_SETTINGS = frozenset(
    {"furs", "fina", "slovenia", "e_invoicing", "pt", "revenue_recognition"}
)
"""Managed by other endpoints: ignored when sent to an entity or unit update."""

DEEP_MERGED_SETTINGS = frozenset({"translations", "unit_number_sequence_starts"})
"""Merged one level deeper: each key inside replaces its own value, `null` clears it."""

_EMAILS: dict[str, dict[str, str]] = {
    "en": {
        "invoice_subject": "Invoice {document_number} from {entity_name}",
        "invoice_body": "Please find invoice {document_number} attached.\n"
        "Due date: {document_due_date}.",
        "estimate_subject": "Estimate {document_number} from {entity_name}",
        "estimate_body": "Please find estimate {document_number} attached.\n"
        "Valid until: {document_valid_until}.",
        "credit_note_subject": "Credit note {document_number} from {entity_name}",
        "credit_note_body": "Please find credit note {document_number} attached.",
        "advance_invoice_subject": "Advance invoice {document_number} from {entity_name}",
        "advance_invoice_body": "Please find advance invoice {document_number} attached.",
        "delivery_note_subject": "Delivery note {document_number} from {entity_name}",
        "delivery_note_body": "Please find delivery note {document_number} attached.",
    },
    "sl": {
        "invoice_subject": "Račun {document_number} od {entity_name}",
        "invoice_body": "V priponki vam pošiljamo račun {document_number}.\n"
        "Rok plačila: {document_due_date}.",
        "estimate_subject": "Predračun {document_number} od {entity_name}",
        "estimate_body": "V priponki vam pošiljamo predračun {document_number}.\n"
        "Velja do: {document_valid_until}.",
        "credit_note_subject": "Dobropis {document_number} od {entity_name}",
        "credit_note_body": "V priponki vam pošiljamo dobropis {document_number}.",
        "advance_invoice_subject": "Avansni račun {document_number} od {entity_name}",
        "advance_invoice_body": "V priponki vam pošiljamo avansni račun {document_number}.",
        "delivery_note_subject": "Dobavnica {document_number} od {entity_name}",
        "delivery_note_body": "V priponki vam pošiljamo dobavnico {document_number}.",
    },
    "hr": {
        "invoice_subject": "Račun {document_number} od {entity_name}",
        "invoice_body": "U privitku vam šaljemo račun {document_number}.\n"
        "Rok plaćanja: {document_due_date}.",
        "estimate_subject": "Ponuda {document_number} od {entity_name}",
        "estimate_body": "U privitku vam šaljemo ponudu {document_number}.\n"
        "Vrijedi do: {document_valid_until}.",
        "credit_note_subject": "Odobrenje {document_number} od {entity_name}",
        "credit_note_body": "U privitku vam šaljemo odobrenje {document_number}.",
        "advance_invoice_subject": "Račun za predujam {document_number} od {entity_name}",
        "advance_invoice_body": "U privitku vam šaljemo račun za predujam {document_number}.",
        "delivery_note_subject": "Otpremnica {document_number} od {entity_name}",
        "delivery_note_body": "U privitku vam šaljemo otpremnicu {document_number}.",
    },
    "de": {
        "invoice_subject": "Rechnung {document_number} von {entity_name}",
        "invoice_body": "Im Anhang erhalten Sie die Rechnung {document_number}.\n"
        "Fällig am: {document_due_date}.",
        "estimate_subject": "Angebot {document_number} von {entity_name}",
        "estimate_body": "Im Anhang erhalten Sie das Angebot {document_number}.\n"
        "Gültig bis: {document_valid_until}.",
        "credit_note_subject": "Gutschrift {document_number} von {entity_name}",
        "credit_note_body": "Im Anhang erhalten Sie die Gutschrift {document_number}.",
        "advance_invoice_subject": "Anzahlungsrechnung {document_number} von {entity_name}",
        "advance_invoice_body": "Im Anhang erhalten Sie die Anzahlungsrechnung "
        "{document_number}.",
        "delivery_note_subject": "Lieferschein {document_number} von {entity_name}",
        "delivery_note_body": "Im Anhang erhalten Sie den Lieferschein {document_number}.",
    },
}

_OVERDUE: dict[str, tuple[str, str]] = {
    "en": (
        "Payment reminder from {entity_name}",
        "This is a reminder about overdue invoices from {entity_name}.\n\n{invoice_list}\n\n"
        "Please review the outstanding balance and arrange payment.",
    ),
    "sl": (
        "Opomin za plačilo od {entity_name}",
        "To je opomnik glede zapadlih računov od {entity_name}.\n\n{invoice_list}\n\n"
        "Prosimo, preverite odprte obveznosti in uredite plačilo.",
    ),
    "hr": (
        "Opomena za plaćanje od {entity_name}",
        "Ovo je podsjetnik o dospjelim računima od {entity_name}.\n\n{invoice_list}\n\n"
        "Molimo provjerite otvorene obveze i izvršite plaćanje.",
    ),
    "de": (
        "Zahlungserinnerung von {entity_name}",
        "Dies ist eine Erinnerung an überfällige Rechnungen von {entity_name}.\n\n"
        "{invoice_list}\n\nBitte prüfen Sie den offenen Betrag und veranlassen Sie die Zahlung.",
    ),
}

_TAX_CLAUSES: dict[str, dict[str, str]] = {
    "SI": {
        "intra_eu_b2b": "46. člen ZDDV-1",
        "3w_b2b": "52. člen ZDDV-1",
        "3w_b2c": "52. člen ZDDV-1",
    },
    "HR": {"intra_eu_b2b": "Prijenos porezne obveze, čl. 75. st. 1. t. 6. Zakona o PDV-u"},
    "AT": {"intra_eu_b2b": "Übergang der Steuerschuld auf den Leistungsempfänger"},
    "DE": {"intra_eu_b2b": "Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)"},
}


def language_of(locale: object) -> str:
    """The language whose e-mail defaults an entity gets: Slovenian, Croatian, German, or
    English for everything else."""
    if isinstance(locale, str):
        head = locale.replace("_", "-").split("-")[0].lower()
        if head in _EMAILS:
            return head
    return "en"


def default_settings(*, locale: object, country_code: object) -> dict[str, Any]:
    """The settings a new entity starts with."""
    language = language_of(locale)
    subject, body = _OVERDUE[language]
    country = by_code(country_code)
    settings: dict[str, Any] = {
        "number_formats": {
            "invoice": "{yyyy}-{nnnnn}",
            "estimate": "{yyyy}-{nnnnn}",
            "credit_note": "CN-{yyyy}-{nnnnn}",
            "delivery_note": "DN-{yyyy}-{nnnnn}",
        },
        "email_defaults": dict(_EMAILS[language]),
        "default_invoice_due_days": 30,
        "default_invoice_payment_terms": None,
        "default_estimate_valid_days": 30,
        "document_footer": "{entity_name}",
        "default_document_signature": "{entity_name}",
        "overdue_notifications": {
            "enabled": False,
            "threshold_days": [7, 14, 30],
            "email_subject": subject,
            "email_body": body,
        },
        "tax_rules": None,
    }
    if country is not None and country.eu:
        settings["tax_rules"] = {
            "eu": {
                "vies_validate_vat": True,
                "auto_reverse_charge": False,
                "auto_remove_tax_export": False,
                "require_gross_prices": False,
            }
        }
    if country is not None and country.code in _TAX_CLAUSES:
        settings["tax_clause_defaults"] = dict(_TAX_CLAUSES[country.code])
    return settings


def merge_settings(
    current: Mapping[str, Any], sent: Mapping[str, Any], *, drop_nulls: bool = False
) -> dict[str, Any]:
    """The settings after an update (CONTRACT.md, "Settings merge on update").

    Each top-level key sent replaces that key; keys not sent stay; `null` clears a key;
    `translations` and `unit_number_sequence_starts` merge one level deeper; protected keys
    are ignored.

    A cleared entity key is kept as `null`, as the reference's examples show
    (`"default_invoice_payment_terms": null`); a unit clears by dropping the key
    (`drop_nulls`), so that the unit simply inherits the entity's value again.
    """
    merged = copy.deepcopy(dict(current))
    for key, value in sent.items():
        if key in PROTECTED_SETTINGS:
            continue
        if value is None:
            if drop_nulls:
                merged.pop(key, None)
            else:
                merged[key] = None
            continue
        if key in DEEP_MERGED_SETTINGS and isinstance(value, Mapping):
            inner = merged.get(key)
            inner = dict(inner) if isinstance(inner, Mapping) else {}
            for sub_key, sub_value in value.items():
                if sub_value is None:
                    inner.pop(sub_key, None)
                else:
                    inner[sub_key] = copy.deepcopy(sub_value)
            merged[key] = inner
            continue
        merged[key] = copy.deepcopy(value)
    return merged
