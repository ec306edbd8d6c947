"""A document's file name: `"<Type> <number>.pdf"` in the client's language, safe on every
desktop OS whatever the number or the name holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from si_desktop.core.file_names import MAX_STEM, document_pdf_name, safe_file_name


@pytest.mark.parametrize(("doc_type", "number", "locale", "expected"), [
    ("invoice", "2026-00143", "sl-SI", "Račun 2026-00143.pdf"),
    ("invoice", "2026-00143", "en-GB", "Invoice 2026-00143.pdf"),
    ("estimate", "EST-7", "de-AT", "Angebot EST-7.pdf"),
    ("credit_note", "CN/2026/4", "hr-HR", "Odobrenje CN-2026-4.pdf"),
    ("invoice", 'A<1>:"2"|?*', "en-GB", "Invoice A-1---2----.pdf"),
])
def test_the_name_a_customer_gets(doc_type: str, number: str, locale: str,
                                  expected: str) -> None:
    assert document_pdf_name(doc_type, number, locale) == expected


@pytest.mark.parametrize(("stem", "expected"), [
    ("CON", "_CON"), ("lpt1", "_lpt1"), ("nul.tar", "_nul.tar"), ("  . ", "-"),
    ("..hidden", "hidden"), ("a\tb\nc", "a b c"), ("trailing. ", "trailing"),
])
def test_names_windows_refuses_or_hides_are_avoided(stem: str, expected: str) -> None:
    assert safe_file_name(stem) == expected


@given(st.text())
def test_any_text_makes_a_name_without_a_path_or_a_forbidden_character(text: str) -> None:
    name = safe_file_name(text, ".pdf")
    stem = name.removesuffix(".pdf")
    assert name.endswith(".pdf") and stem and len(stem) <= MAX_STEM + 1
    assert not set(stem) & set('<>:"/\\|?*') and all(ord(ch) >= 32 for ch in stem)
    assert stem == stem.strip(" .") or stem.startswith("_")
