"""Document number formats: the grammar, plain-sentence problems, rendering and previews.

Two spellings are accepted (CONTRACT.md, "Number tokens"): the canonical `{yyyy}`, `{yy}`,
`{n…}`, `{u…}` of the entity reference, and the multi-tenancy guide's `{NUM}`, `{YYYY}`,
`{YY}`, `{MM}`, `{DD}`. Tokens are case-sensitive, because the two spellings differ only in
case and `{NUM}` (unpadded) is not `{nnn}` (padded).
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from typing import Literal

DOCUMENT_TYPES: tuple[str, ...] = (
    "invoice",
    "estimate",
    "credit_note",
    "advance_invoice",
    "delivery_note",
)
"""The document types that have a number format, in the order editors show them."""

DEFAULT_FORMAT = "{yyyy}-{nnnnn}"
DEFAULT_UNIT_FORMAT = "{yyyy}-{u}-{nnnnn}"
MAX_WIDTH = 9
"""Most `n` (or `u`) a padded token may hold."""

TokenKind = Literal["text", "year", "sequence", "unit", "month", "day", "unknown", "stray"]

_YEAR_TOKENS = frozenset({"yyyy", "yy", "YYYY", "YY"})
_GUIDE_TO_CANONICAL = {"{YYYY}": "{yyyy}", "{YY}": "{yy}", "{NUM}": "{n}"}
_CANONICAL_WORDS = ("yyyy", "yy")
_GUIDE_WORDS = ("NUM", "YYYY", "YY", "MM", "DD")


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a format: literal text, a number token, or something the grammar refuses.

    `start`/`end` are character offsets into the format (end exclusive), so an editor can
    colour each piece.
    """

    kind: TokenKind
    text: str
    start: int
    end: int

    @property
    def inner(self) -> str:
        """The token's name without braces (empty for text and stray braces)."""
        if self.kind in ("text", "stray"):
            return ""
        return self.text[1:-1]


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem with its span, so an editor can underline the offending token."""

    message: str
    start: int
    end: int


def _classify(inner: str) -> TokenKind:
    if inner in _YEAR_TOKENS:
        return "year"
    if inner == "NUM" or (inner and set(inner) == {"n"}):
        return "sequence"
    if inner and set(inner) == {"u"}:
        return "unit"
    if inner == "MM":
        return "month"
    if inner == "DD":
        return "day"
    return "unknown"


def tokenize(fmt: str) -> list[Token]:
    """Split a format into tokens.

    A `{` opens a token only when a `}` follows before any other `{`; every other brace is a
    stray one, because the contract allows no literal braces.
    """
    tokens: list[Token] = []
    text_start = 0
    i = 0

    def flush(upto: int) -> None:
        if upto > text_start:
            tokens.append(Token("text", fmt[text_start:upto], text_start, upto))

    while i < len(fmt):
        char = fmt[i]
        if char == "{":
            close = fmt.find("}", i + 1)
            reopen = fmt.find("{", i + 1)
            flush(i)
            if close == -1 or (reopen != -1 and reopen < close):
                tokens.append(Token("stray", "{", i, i + 1))
                i += 1
            else:
                text = fmt[i : close + 1]
                tokens.append(Token(_classify(text[1:-1]), text, i, close + 1))
                i = close + 1
            text_start = i
        elif char == "}":
            flush(i)
            tokens.append(Token("stray", "}", i, i + 1))
            i += 1
            text_start = i
        else:
            i += 1
    flush(len(fmt))
    return tokens


def _suggestion(inner: str) -> str | None:
    """A likely intended token for a near miss such as `{NNNNN}`, `{Yyyy}` or `{ nnn }`."""
    word = inner.strip()
    if not word:
        return None
    if word.lower() in _CANONICAL_WORDS:
        return "{" + word.lower() + "}"
    if word.upper() in _GUIDE_WORDS:
        return "{" + word.upper() + "}"
    for letter in ("n", "u"):
        if set(word.lower()) == {letter}:
            return "{" + letter * min(len(word), MAX_WIDTH) + "}"
    if word != inner:
        return "{" + word + "}"
    return None


def _where(token: Token) -> str:
    return f"at position {token.start + 1}"


def find_problems(fmt: str, *, unit: bool = False) -> list[Problem]:
    """Every problem in a format, in order of position, with the span it concerns.

    Positions in the messages count from 1, as a bookkeeper would count characters. A
    problem that concerns the whole format (no sequence number) spans the whole format.
    """
    found: list[Problem] = []
    seen: dict[str, Token] = {}
    allowed = "{yyyy}, {yy}, {n…} or {u…}" if unit else "{yyyy}, {yy} or {n…}"
    for token in tokenize(fmt):
        where = _where(token)
        if token.kind == "stray" and token.text == "{":
            found.append(
                Problem(
                    f"The `{{` {where} is never closed; write a whole token such as "
                    "{nnnnn}, or remove the brace (braces cannot be used as text).",
                    token.start,
                    token.end,
                )
            )
        elif token.kind == "stray":
            found.append(
                Problem(
                    f"The `}}` {where} has no opening `{{`; remove it "
                    "(braces cannot be used as text).",
                    token.start,
                    token.end,
                )
            )
        elif token.kind == "unknown":
            message = (
                f"`{token.text}` {where} is not a number token; use {allowed} "
                "(or the guide's {NUM}, {YYYY}, {YY}, {MM}, {DD})."
            )
            hint = _suggestion(token.inner)
            if hint is not None:
                message += f" Did you mean {hint}?"
            found.append(Problem(message, token.start, token.end))
        elif token.kind in ("sequence", "unit") and len(token.inner) > MAX_WIDTH:
            found.append(
                Problem(
                    f"`{token.text}` {where} has {len(token.inner)} "
                    f"{token.inner[0]}'s; use at most {MAX_WIDTH}.",
                    token.start,
                    token.end,
                )
            )
        if token.kind == "unit" and not unit:
            found.append(
                Problem(
                    f"`{token.text}` {where} is the business unit's number, which only the "
                    "unit number format can use.",
                    token.start,
                    token.end,
                )
            )
        if token.kind in ("year", "sequence", "unit"):
            first = seen.get(token.kind)
            if first is None:
                seen[token.kind] = token
            else:
                what = {
                    "year": "year",
                    "sequence": "sequence number",
                    "unit": "business unit number",
                }[token.kind]
                found.append(
                    Problem(
                        f"`{token.text}` {where} is a second {what} (the first is "
                        f"`{first.text}` {_where(first)}); a format may hold only one.",
                        token.start,
                        token.end,
                    )
                )
    if "sequence" not in seen:
        found.append(
            Problem(
                "The format has no sequence number; add {n…} (for example {nnnnn}) or {NUM}.",
                0,
                len(fmt),
            )
        )
    return found


def problems(fmt: str, *, unit: bool = False) -> list[str]:
    """Plain sentences, one per problem; empty when the format is valid.

    `unit=True` checks the shared business-unit format, the only place `{u…}` may appear.
    """
    return [problem.message for problem in find_problems(fmt, unit=unit)]


def has_year_token(fmt: str) -> bool:
    """Whether the format holds a year, and so (as the sandbox reads it) restarts yearly."""
    return any(token.kind == "year" for token in tokenize(fmt))


def has_unit_token(fmt: str) -> bool:
    """Whether the format holds the business unit's number (`{u…}`)."""
    return any(token.kind == "unit" for token in tokenize(fmt))


def uses_guide_only_tokens(fmt: str) -> bool:
    """Whether the format holds `{MM}` or `{DD}`, which have no canonical equivalent."""
    return any(token.kind in ("month", "day") for token in tokenize(fmt))


@functools.lru_cache(maxsize=256)
def _checked_tokens(fmt: str) -> tuple[Token, ...]:
    """The tokens of a valid format (kept per format: the sandbox renders one for every
    document it numbers); `ValueError` with the first problem of an invalid one."""
    found = find_problems(fmt, unit=True)
    if found:
        raise ValueError(found[0].message)
    return tuple(tokenize(fmt))


def render(fmt: str, *, number: int, on: datetime.date, unit_index: int | None = None) -> str:
    """The document number a format gives for a sequence number on a date.

    Padded tokens never cut a longer number: a sequence past its width simply grows.
    Raises `ValueError` with the first problem when the format is invalid, when it holds
    `{u…}` but no `unit_index` is given, or when a number is negative.
    """
    tokens = _checked_tokens(fmt)
    if number < 0:
        raise ValueError(f"A sequence number cannot be negative (got {number}).")
    if unit_index is not None and unit_index < 0:
        raise ValueError(f"A business unit's number cannot be negative (got {unit_index}).")
    parts: list[str] = []
    for token in tokens:
        inner = token.inner
        if token.kind == "text":
            parts.append(token.text)
        elif token.kind == "year":
            parts.append(f"{on.year:04d}" if len(inner) == 4 else f"{on.year % 100:02d}")
        elif token.kind == "sequence":
            width = 1 if inner == "NUM" else len(inner)
            parts.append(str(number).zfill(width))
        elif token.kind == "unit":
            if unit_index is None:
                raise ValueError(
                    f"`{token.text}` is the business unit's number; choose a business unit "
                    "to see it."
                )
            parts.append(str(unit_index).zfill(len(inner)))
        elif token.kind == "month":
            parts.append(f"{on.month:02d}")
        else:
            parts.append(f"{on.day:02d}")
    return "".join(parts)


def canonical(fmt: str) -> str:
    """The format in canonical spelling where an equivalent exists.

    `{YYYY}`→`{yyyy}`, `{YY}`→`{yy}`, `{NUM}`→`{n}` (both unpadded); `{MM}` and `{DD}` stay,
    since only the guide spelling has month and day. Everything else is left as written.
    """
    return "".join(
        _GUIDE_TO_CANONICAL.get(token.text, token.text) if token.kind != "text" else token.text
        for token in tokenize(fmt)
    )


def preview(
    fmt: str,
    *,
    start: int,
    on: datetime.date,
    count: int = 3,
    unit_index: int | None = None,
) -> list[str]:
    """The next `count` numbers from `start`, as a live preview under a format editor."""
    return [render(fmt, number=start + i, on=on, unit_index=unit_index) for i in range(count)]


def year_end_preview(
    fmt: str, *, last_number: int, year: int, unit_index: int | None = None
) -> list[tuple[datetime.date, str]]:
    """The last number of `year` (on December 31) and the first of the next (January 1).

    Whether a sequence restarts each year is an unknown of the contract; this follows the
    sandbox's reading: a format holding a year token restarts at 1 on January 1, any other
    format simply continues.
    """
    last_day = datetime.date(year, 12, 31)
    first_day = datetime.date(year + 1, 1, 1)
    following = 1 if has_year_token(fmt) else last_number + 1
    return [
        (last_day, render(fmt, number=last_number, on=last_day, unit_index=unit_index)),
        (first_day, render(fmt, number=following, on=first_day, unit_index=unit_index)),
    ]


@functools.lru_cache(maxsize=256)
def _number_pattern(fmt: str) -> re.Pattern[str] | None:
    """A pattern that reads a number the format gave back into its sequence (group 1);
    None for an invalid format."""
    if find_problems(fmt, unit=True):
        return None
    parts: list[str] = []
    for token in tokenize(fmt):
        if token.kind == "text":
            parts.append(re.escape(token.text))
        elif token.kind == "year":
            parts.append(r"\d{4}" if len(token.inner) == 4 else r"\d{2}")
        elif token.kind == "sequence":
            parts.append(r"(\d+)")
        elif token.kind == "unit":
            parts.append(r"\d+")
        else:  # month, day
            parts.append(r"\d{2}")
    return re.compile("".join(parts))


def sequence_of(fmt: str, number: str) -> int | None:
    """The sequence number inside a document number the format gave (`143` from
    `2026-00143` under `{yyyy}-{nnnnn}`), or None when the number does not fit the format
    (another format gave it, or the format is invalid)."""
    pattern = _number_pattern(fmt)
    if pattern is None or not isinstance(number, str):
        return None
    found = pattern.fullmatch(number.strip())
    return int(found.group(1)) if found is not None else None
