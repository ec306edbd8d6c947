"""The document's words follow the client's locale, every language has every word, and the
words a country's invoices use are the ones shown."""

from __future__ import annotations

import re

import pytest

from si_desktop.core.document_words import (
    DOCUMENT_TYPES,
    FALLBACK_LANGUAGE,
    REGIONAL,
    WORDS,
    document_language,
    title,
    words_for,
)

BRACES = re.compile(r"\{[a-z_]+\}")


def test_the_issues_languages_are_all_there() -> None:
    assert {"en", "sl", "de", "hr", "it"} <= set(WORDS)


@pytest.mark.parametrize("language", sorted(WORDS))
def test_every_language_has_every_word_with_the_same_placeholders(language: str) -> None:
    english = WORDS[FALLBACK_LANGUAGE]
    words = WORDS[language]
    assert set(words) == set(english)
    for key, text in words.items():
        assert text.strip() == text and text, (language, key)
        assert sorted(BRACES.findall(text)) == sorted(BRACES.findall(english[key])), key
    if language != FALLBACK_LANGUAGE:  # translated, not copied: the words that differ
        for key in ("invoice", "estimate", "credit_note", "bill_to", "due_date", "total",
                    "sample", "approximate", "line_bookkeeping"):
            assert words[key] != english[key], (language, key)


def test_regional_words_are_known_words() -> None:
    for region, words in REGIONAL.items():
        assert region.split("-")[0] in WORDS
        assert set(words) <= set(WORDS[FALLBACK_LANGUAGE])


@pytest.mark.parametrize(("locale", "invoice", "estimate", "credit_note", "vat"), [
    ("sl-SI", "Račun", "Predračun", "Dobropis", "DDV"),
    ("de-AT", "Rechnung", "Angebot", "Gutschrift", "USt."),
    ("de-DE", "Rechnung", "Angebot", "Gutschrift", "USt."),
    ("de-CH", "Rechnung", "Angebot", "Gutschrift", "MWST"),
    ("hr-HR", "Račun", "Ponuda", "Odobrenje", "PDV"),
    ("it-IT", "Fattura", "Preventivo", "Nota di credito", "IVA"),
    ("fr-FR", "Facture", "Devis", "Avoir", "TVA"),
    ("en-GB", "Invoice", "Estimate", "Credit note", "VAT"),
    ("ja-JP", "請求書", "見積書", "返還請求書", "消費税"),
])
def test_each_country_reads_its_own_terms(
    locale: str, invoice: str, estimate: str, credit_note: str, vat: str
) -> None:
    words = words_for(locale)
    assert (words["invoice"], words["estimate"], words["credit_note"], words["vat"]) == (
        invoice, estimate, credit_note, vat)
    assert title("credit_note", locale) == credit_note
    assert title("no such type", locale) == invoice


def test_regions_and_fallbacks() -> None:
    assert words_for("de-AT")["tax_number"] == "UID-Nr."
    assert words_for("de_DE")["tax_number"] == WORDS["de"]["tax_number"]
    assert words_for("pt-PT") == words_for("en-GB") == WORDS["en"]
    for odd in (None, "", "x", 7, "SL-si"):
        words = words_for(odd)
        assert set(words) == set(WORDS["en"])
    assert words_for("SL-si")["invoice"] == "Račun"  # spelled loosely, still Slovenian
    assert document_language("sl-SI") == "sl" and document_language("pt-BR") == "en"
    assert set(DOCUMENT_TYPES) <= set(WORDS["en"])
