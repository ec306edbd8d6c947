"""File names: names from elsewhere made into one safe path component, and a document's
name `"<Type> <number>.pdf"` in the client's language, safe on every desktop OS whatever the
number or the name holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from si_desktop.core.file_names import (
    MAX_NAME,
    MAX_STEM,
    document_pdf_name,
    readable_name,
    safe_component,
    safe_file_name,
)


@pytest.mark.parametrize(("given", "expected"), [
    ("Acme – invoices Q3.xlsx", "Acme – invoices Q3.xlsx"),
    ("../../etc/passwd.xlsx", "passwd.xlsx"),
    ("..\\..\\Windows\\win.xlsx", "win.xlsx"),
    ("C:\\Users\\x\\report.xlsx", "report.xlsx"),
    ("C:report.xlsx", "report.xlsx"),
    ("..", "fallback.xlsx"),
    ("", "fallback.xlsx"),
    ("a\x00b\x1b\x7fc\nd.xlsx", "abc d.xlsx"),
    ("\u202eslx.exe", "slx.exe.xlsx"),  # a right-to-left override is dropped
    ("CON.xlsx", "_CON.xlsx"),
    ("nul", "_nul.xlsx"),
    ("  .hidden.xlsx  ", "hidden.xlsx"),
    ('a<b>c:d"e|f?g*h.xlsx', "a_b_c_d_e_f_g_h.xlsx"),
    ("report.exe", "report.exe.xlsx"),
])
def test_a_servers_file_name_is_one_safe_component(given: str, expected: str) -> None:
    assert safe_file_name(given, fallback="fallback.xlsx", extension=".xlsx") == expected


def test_a_long_name_keeps_its_extension() -> None:
    name = safe_file_name("x" * 500 + ".xlsx", fallback="f.xlsx", extension=".xlsx")
    assert len(name) <= MAX_NAME and name.endswith(".xlsx")


def test_a_client_folder_name_keeps_what_a_person_reads() -> None:
    assert safe_component("Čevljarstvo Žan d.o.o. – SI 123/45", fallback="client") == (
        "Čevljarstvo Žan d.o.o. – SI 123_45")
    assert safe_component("...", fallback="ent_1") == "ent_1"
    assert safe_component("a\tb  c", fallback="x") == "a b c"


@pytest.mark.parametrize("hostile", ["../x", "/abs", "C:\\x", "..", ".", "a/../b", "\\\\srv\\s"])
def test_no_safe_name_leaves_its_folder(hostile: str) -> None:
    for name in (safe_component(hostile, fallback="f"), safe_file_name(hostile, fallback="f")):
        assert "/" not in name and "\\" not in name and name not in (".", "..")
        assert ":" not in name and not name.startswith(".")



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
    assert readable_name(stem) == expected


@given(st.text())
def test_any_text_makes_a_name_without_a_path_or_a_forbidden_character(text: str) -> None:
    name = readable_name(text, ".pdf")
    stem = name.removesuffix(".pdf")
    assert name.endswith(".pdf") and stem and len(stem) <= MAX_STEM + 1
    assert not set(stem) & set('<>:"/\\|?*') and all(ord(ch) >= 32 for ch in stem)
    assert stem == stem.strip(" .") or stem.startswith("_")
