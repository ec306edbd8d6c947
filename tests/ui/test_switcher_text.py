"""The switcher's folding: the fast path (ASCII, then one table lookup a character) gives
exactly what case folding, NFKD, dropping the marks and spelling out the letters NFKD keeps
(đ, ł, ø, æ, þ, œ, …) give for the whole text."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

from si_desktop.core.search_text import LETTERS, fold, search_text
from si_desktop.store import SwitcherRow
from si_desktop.ui.switcher.model import cached_record, row_search_text


def whole(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(LETTERS.get(ch, ch) for ch in kept)


def test_fold_examples() -> None:
    assert fold("Čadež") == "cadez"
    assert fold("ŠKOFJA LOKA") == "skofja loka"
    assert fold("Straße") == "strasse"
    assert fold("ΣΊΣΥΦΟΣ") == "σισυφοσ"  # no final sigma: case folding has no context
    assert fold("ﬁrma") == "firma"
    assert fold("A\u030a") == fold("Å") == "a"


@pytest.mark.parametrize(("typed", "name"), [
    ("dordevic", "Đorđević d.o.o."), ("DORDEVIC", "ĐORĐEVIĆ"), ("lodz", "Łódź"),
    ("LODZ", "ŁÓDŹ"), ("soren", "Søren"), ("SOREN", "SØREN"), ("aero", "Ærø"),
    ("thorsson", "Þórsson"), ("gudmundsdottir", "Guðmundsdóttir"), ("oeuvre", "Œuvre"),
    ("strasse", "Straße"), ("STRASSE", "STRAẞE"), ("haeusler", "Hæusler"),
])
def test_letters_nfkd_keeps_are_spelled_as_typed(typed: str, name: str) -> None:
    assert fold(typed) in fold(name)
    assert fold(typed) in search_text({"name": name})


@pytest.mark.slow  # every code point
def test_fold_is_the_fold_of_the_whole_text_for_every_character() -> None:
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert fold(chr(code)) == whole(chr(code)), hex(code)


def test_fold_is_the_fold_of_the_whole_text_for_mixed_texts() -> None:
    pool = [chr(code) for code in (
        *range(0x20, 0x250), *range(0x300, 0x370), *range(0x370, 0x500),
        *range(0x1E00, 0x1F00), 0x1E9E, 0xFB01, 0x2126, 0x212B, 0x0345, 0x1F80, 0xAC00,
        0x1100, 0x1161, 0x11A8, 0xFF21, 0x2460,
    )]
    rng = random.Random(9)
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert fold(text) == whole(text), repr(text)


def row(**fields: object) -> SwitcherRow:
    values: dict[str, object] = dict.fromkeys(SwitcherRow._fields)
    values.update(id="ent_1", name="", metadata_text="", fetched_at="", business_units=0,
                  pending_edits=0)
    values.update(fields)
    return SwitcherRow(**values)  # type: ignore[arg-type]


def test_a_cached_rows_search_text_is_its_records() -> None:
    rows = [
        row(),
        row(name="Čadež d.o.o.", city="Škofja Loka", country="Slovenia", tax_number="SI1"),
        row(name="Bor", client_code="C-01", metadata_text="C-01"),
        row(name="Bor", client_code="C-01", metadata_text="C-01 Ptuj Žiga"),
        row(name="Bor", client_code=None, metadata_text="Ptuj"),
        row(name="Bor", client_code="C-01", metadata_text=""),
    ]
    for cached in rows:
        assert row_search_text(cached) == search_text(cached_record(cached))
    record = {"id": "ent_2", "name": "Ölmühle", "metadata": {"code": 7}}
    assert row_search_text(record) == search_text(record) == "olmuhle\n7"
