"""Text matching for search, the client list's and the command line's alike: case- and
accent-insensitive, plus a small fuzzy scorer."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

SEARCH_FIELDS = ("name", "tax_number", "tax_number_2", "company_number", "city", "country")


LETTERS: dict[str, str] = {
    "đ": "d", "ð": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h",
    "ı": "i", "ŧ": "t",
}
"""Letters NFKD leaves whole, written as people type them without the key: "dordevic" finds
"Đorđević", "lodz" "Łódź", "soren" "Søren", "thorsson" "Þórsson". Lower case only: case
folding comes first (Đ → đ), and ß, ẞ fold to "ss" by themselves."""


def _fold_char(code: int) -> str:
    """One character folded: case-folded, compatibility-decomposed, marks dropped, and the
    letters NFKD keeps (`LETTERS`) spelled out."""
    decomposed = unicodedata.normalize("NFKD", chr(code).casefold())
    return "".join(LETTERS.get(ch, ch) for ch in decomposed if not unicodedata.combining(ch))


class _FoldTable(dict[int, str]):
    """`str.translate`'s table for `fold`, filled one character at a time as they are met.

    Folding a text character by character gives the same as folding it whole: case folding
    maps each character on its own (unlike `lower`, it has no rule for a final sigma), and
    NFKD decomposes each character on its own and reorders only characters of a non-zero
    combining class, which are all dropped (tests/ui/test_switcher_text.py checks every
    character)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(code)
        return folded


_FOLDED = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents: "Čadež" → "cadez", "Đorđević" → "dordevic". (The
    switcher folds every client at start-up, so this stays in C: ASCII needs only `lower`,
    anything else one lookup a character.)"""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLDED)


def search_text(record: Mapping[str, Any]) -> str:
    """Everything the search box looks at for one client, folded: name, tax numbers, city,
    country and the metadata values (where firms keep their client codes)."""
    parts: list[str] = [str(record.get(key) or "") for key in SEARCH_FIELDS]
    metadata = record.get("metadata")
    if isinstance(metadata, Mapping):
        parts.extend(str(value) for value in metadata.values() if value is not None)
    return fold("\n".join(part for part in parts if part))


def fuzzy_score(query: str, candidate: str) -> int:
    """0 when the letters of `query` do not appear in order in `candidate`; otherwise higher
    for contiguous runs, matches at word starts and at the very beginning."""
    query, candidate = fold(query).replace(" ", ""), fold(candidate)
    if not query:
        return 1
    if query in candidate.replace(" ", ""):
        bonus = 200 if candidate.startswith(query) else 100
        return bonus + len(query) * 10 - len(candidate) // 10
    score, position, previous = 0, 0, -2
    for ch in query:
        found = candidate.find(ch, position)
        if found < 0:
            return 0
        score += 5
        if found == previous + 1:
            score += 10
        if found == 0 or not candidate[found - 1].isalnum():
            score += 8
        previous, position = found, found + 1
    return max(1, score - len(candidate) // 10)
