"""Names from elsewhere made into one safe path component."""

from __future__ import annotations

import pytest

from si_desktop.core.file_names import MAX_NAME, safe_component, safe_file_name


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
