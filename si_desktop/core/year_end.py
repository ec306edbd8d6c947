"""Year-end numbering: for one client, every sequence it numbers with (each counted document
type, without a business unit and under each active unit), the last number of this year, the
first after 1 January, and what may go wrong there. No I/O: the caller hands in the client's
record, its units, the numbers its cache holds and the service's counters.

The rules are CONTRACT.md's ("Documents", Numbers):
- One sequence per document type × business unit (or none). Without a unit the type's
  `number_formats` entry applies, under one the type's `unit_number_formats` entry (a plain
  string serves every type); a missing or invalid format is the default.
- A format with a year token restarts at 1 each calendar year; any other keeps counting.
  Next = max(last issued + 1, the configured first number).

Where each figure comes from is part of the answer (`Source`): the last number of this year
is read from the service's counter (its `next-number`, one past the last issued) when it
was asked and says so unambiguously, else from the numbers in this computer's copy. The
first number after 1 January is worked out by the rules above from that last number; the
count of documents issued this year is always the copy's.

Warnings (`WarningKind`):
- `NO_YEAR`: the format has no year token, so numbering does not restart on 1 January.
- `SHARED_NUMBERS`: two sequences of the same document type can give the same number (units
  sharing a format without `{u}`, or a unit format that can give what the client's own
  format gives). Decided exactly: each format is read as a small regular language for this
  year and the next, and two sequences clash when the languages meet. Different document
  types are never compared: an invoice and an estimate both numbered 2026-00001 is what
  the defaults do.
- `FIRST_BELOW_ISSUED`: a first number is configured (above 1) at or below a number already
  issued in the sequence's current year (ever, for a format without a year), so it has no
  effect, except where the sequence began exactly at it (a client that moved over with
  invoice 143 and went on from there used its first number as meant).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from si_desktop.core import numbering

COUNTED_TYPES: tuple[str, ...] = ("invoice", "estimate", "credit_note")
"""The document types the service numbers (and answers `next-number` for)."""


class Source(enum.Enum):
    """Where the last number of this year comes from."""

    SERVICE = "service"
    """The service's counter (`next-number` minus one)."""
    CACHE = "cache"
    """The numbers of the documents in this computer's copy."""
    NONE = "none"
    """Neither knows of a number issued in the sequence this year."""


class WarningKind(enum.Enum):
    NO_YEAR = "no_year"
    SHARED_NUMBERS = "shared_numbers"
    FIRST_BELOW_ISSUED = "first_below_issued"


@dataclass(frozen=True)
class YearEndWarning:
    """One problem of a sequence, with the figures a sentence about it needs."""

    kind: WarningKind
    other_unit_id: str | None = None
    """SHARED_NUMBERS: the other sequence's unit (None: the one without a unit)."""
    other_unit_name: str = ""
    first: int | None = None
    """FIRST_BELOW_ISSUED: the configured first number."""
    last: int | None = None
    """FIRST_BELOW_ISSUED: the last number issued."""


class IssuedLike(Protocol):
    """A number the client was given (the cache's `IssuedNumber` has this shape)."""

    @property
    def type(self) -> str: ...
    @property
    def business_unit_id(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def number(self) -> str: ...


@dataclass(frozen=True)
class ClientNumbering:
    """What the year end of one client is worked out from."""

    entity: Mapping[str, Any]
    units: Sequence[Mapping[str, Any]]
    """The client's units; archived ones are left out (they cannot issue any more)."""
    issued: Sequence[IssuedLike]
    counters: Mapping[tuple[str, str | None], str] = field(default_factory=dict)
    """(document type, unit id or None) → the service's next number, for those asked."""
    documents_read: bool = True
    """False: the cache has never read the client's documents, so `issued` says nothing
    (not even that there are none)."""


@dataclass(frozen=True)
class SequenceYearEnd:
    """One sequence at the turn of the year."""

    entity_id: str
    client_name: str
    unit_id: str | None
    unit_name: str
    unit_index: int | None
    doc_type: str
    fmt: str
    yearly: bool
    issued_this_year: int | None
    """Documents of the sequence dated this year in the cache (None: its documents were
    never read)."""
    last_sequence: int | None
    last_number: str | None
    last_source: Source
    configured_first: int | None
    next_first: int
    next_number: str
    """The first number on 1 January of next year."""
    warnings: tuple[YearEndWarning, ...]

    @property
    def restarts(self) -> bool:
        return self.yearly

    @property
    def has_problems(self) -> bool:
        return bool(self.warnings)


# -- formats -------------------------------------------------------------------------------


def effective_format(settings: Mapping[str, Any], doc_type: str, *, unit: bool) -> str:
    """The format a document of the type is numbered with: the client's own when valid, else
    the default (`{yyyy}-{nnnnn}`, or `{yyyy}-{u}-{nnnnn}` under a unit)."""
    if unit:
        formats = settings.get("unit_number_formats")
        fmt = formats.get(doc_type) if isinstance(formats, Mapping) else formats
        default = numbering.DEFAULT_UNIT_FORMAT
    else:
        formats = settings.get("number_formats")
        fmt = formats.get(doc_type) if isinstance(formats, Mapping) else None
        default = numbering.DEFAULT_FORMAT
    if isinstance(fmt, str) and fmt.strip() and not numbering.find_problems(fmt, unit=unit):
        return fmt
    return default


def configured_first(settings: Mapping[str, Any], doc_type: str, unit_id: str | None
                     ) -> int | None:
    """The first number the settings configure for the sequence, or None."""
    if unit_id is None:
        starts = settings.get("number_sequence_starts")
        value = starts.get(doc_type) if isinstance(starts, Mapping) else None
    else:
        starts = settings.get("unit_number_sequence_starts")
        per_unit = starts.get(doc_type) if isinstance(starts, Mapping) else None
        value = per_unit.get(unit_id) if isinstance(per_unit, Mapping) else None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


# -- can two formats give the same number? ---------------------------------------------------

_DIGITS = frozenset("0123456789")
_NONZERO = frozenset("123456789")


@dataclass(frozen=True)
class _Atom:
    chars: frozenset[str]
    repeat: bool = False
    """True: any number of these characters (also none)."""


def _languages(fmt: str, year: int, unit_index: int | None) -> list[list[_Atom]]:
    """The numbers a format gives in `year` as patterns of atoms: one pattern for sequence
    numbers that fit the padding (exactly that many digits) and one for longer ones (a
    non-zero digit, then at least as many digits again)."""
    fitting: list[_Atom] = []
    longer: list[_Atom] = []
    for token in numbering.tokenize(fmt):
        if token.kind == "sequence":
            width = 1 if token.inner == "NUM" else len(token.inner)
            fitting += [_Atom(_DIGITS)] * width
            longer += [_Atom(_NONZERO), *[_Atom(_DIGITS)] * width, _Atom(_DIGITS, True)]
            continue
        if token.kind == "year":
            text = f"{year:04d}" if len(token.inner) == 4 else f"{year % 100:02d}"
        elif token.kind == "unit":
            text = str(unit_index or 0).zfill(len(token.inner))
        elif token.kind in ("month", "day"):
            fitting += [_Atom(_DIGITS)] * 2
            longer += [_Atom(_DIGITS)] * 2
            continue
        else:
            text = token.text
        atoms = [_Atom(frozenset(char)) for char in text]
        fitting += atoms
        longer += atoms
    return [fitting, longer]


def _meet(first: list[_Atom], second: list[_Atom]) -> bool:
    """Whether some text matches both patterns (a walk over pairs of positions)."""
    seen: set[tuple[int, int]] = set()
    waiting = [(0, 0)]
    while waiting:
        i, j = waiting.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(first) and j == len(second):
            return True
        a = first[i] if i < len(first) else None
        b = second[j] if j < len(second) else None
        if a is not None and a.repeat:
            waiting.append((i + 1, j))
        if b is not None and b.repeat:
            waiting.append((i, j + 1))
        if a is not None and b is not None and a.chars & b.chars:
            waiting.append((i if a.repeat else i + 1, j if b.repeat else j + 1))
    return False


def can_give_same_number(first: str, first_unit: int | None, second: str,
                         second_unit: int | None, years: Iterable[int]) -> bool:
    """Whether two sequences (format and unit index) can give one and the same number in
    any of `years`."""
    for year in years:
        for a in _languages(first, year, first_unit):
            for b in _languages(second, year, second_unit):
                if _meet(a, b):
                    return True
    return False


# -- the year end of one client --------------------------------------------------------------


def _is_active(unit: Mapping[str, Any]) -> bool:
    return unit.get("deleted_at") is None and unit.get("is_active") is not False


@dataclass
class _Draft:
    """A sequence being worked out (warnings are added once every sequence is known)."""

    unit_id: str | None
    unit_name: str
    unit_index: int | None
    doc_type: str
    fmt: str
    warnings: list[YearEndWarning] = field(default_factory=list)


def _from_cache(draft: _Draft, issued: Sequence[IssuedLike], year: int
                ) -> tuple[int, int | None, str | None, int | None]:
    """(documents this year, last sequence number, its number, first sequence number) of
    the sequence's current period in the cache."""
    yearly = numbering.has_year_token(draft.fmt)
    prefix = str(year)
    count = 0
    last: tuple[int, str] | None = None
    first: int | None = None
    for found in issued:
        if found.type != draft.doc_type or found.business_unit_id != draft.unit_id:
            continue
        this_year = (found.date or "").startswith(prefix)
        count += this_year
        if yearly and not this_year:
            continue
        sequence = numbering.sequence_of(draft.fmt, found.number)
        if sequence is None:
            continue
        if last is None or sequence > last[0]:
            last = (sequence, found.number)
        first = sequence if first is None else min(first, sequence)
    if last is None:
        return count, None, None, first
    return count, last[0], last[1], first


def _last_number(draft: _Draft, counters: Mapping[tuple[str, str | None], str],
                 configured: int | None, cached: int | None
                 ) -> tuple[int | None, Source]:
    """The last sequence number of this year and where it comes from."""
    asked = counters.get((draft.doc_type, draft.unit_id))
    following = numbering.sequence_of(draft.fmt, asked) if asked else None
    if following is None:
        return cached, Source.CACHE if cached is not None else Source.NONE
    if following > max(1, configured or 1):
        return following - 1, Source.SERVICE
    if following <= 1:
        return None, Source.SERVICE  # the service has issued nothing in it yet
    # the counter stands at the configured first number: whatever was issued lies below it
    return cached, Source.CACHE if cached is not None else Source.SERVICE


def _shared_numbers(drafts: list[_Draft], year: int) -> None:
    by_type: dict[str, list[_Draft]] = {}
    for draft in drafts:
        by_type.setdefault(draft.doc_type, []).append(draft)
    for same_type in by_type.values():
        for index, first in enumerate(same_type):
            for second in same_type[index + 1:]:
                if can_give_same_number(first.fmt, first.unit_index, second.fmt,
                                        second.unit_index, (year, year + 1)):
                    first.warnings.append(YearEndWarning(
                        WarningKind.SHARED_NUMBERS, second.unit_id, second.unit_name))
                    second.warnings.append(YearEndWarning(
                        WarningKind.SHARED_NUMBERS, first.unit_id, first.unit_name))


def year_end(client: ClientNumbering, *, today: datetime.date) -> list[SequenceYearEnd]:
    """Every sequence of the client at the end of `today`'s year: the client's own per
    counted type first, then each active unit's in numbering order."""
    entity = client.entity
    raw = entity.get("settings")
    settings: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    units = sorted((unit for unit in client.units if _is_active(unit)),
                   key=lambda unit: int(unit.get("numbering_index") or 0))
    drafts = [_Draft(None, "", None, doc, effective_format(settings, doc, unit=False))
              for doc in COUNTED_TYPES]
    for unit in units:
        index = unit.get("numbering_index")
        for doc in COUNTED_TYPES:
            drafts.append(_Draft(str(unit.get("id")), str(unit.get("name") or ""),
                                 int(index) if isinstance(index, int) else None, doc,
                                 effective_format(settings, doc, unit=True)))
    year = today.year
    _shared_numbers(drafts, year)
    new_year = datetime.date(year + 1, 1, 1)
    result: list[SequenceYearEnd] = []
    for draft in drafts:
        yearly = numbering.has_year_token(draft.fmt)
        configured = configured_first(settings, draft.doc_type, draft.unit_id)
        count: int | None
        count, cached_last, cached_text, cached_first = _from_cache(draft, client.issued, year)
        if not client.documents_read:
            count = None
        last, source = _last_number(draft, client.counters, configured, cached_last)
        warnings = list(draft.warnings)
        if not yearly:
            warnings.insert(0, YearEndWarning(WarningKind.NO_YEAR))
        if (configured is not None and configured > 1 and last is not None
                and configured <= last and cached_first != configured):
            warnings.append(YearEndWarning(WarningKind.FIRST_BELOW_ISSUED, first=configured,
                                           last=last))
        following = 1 if yearly else max((last or 0) + 1, configured or 1)
        if last is None:
            shown_last = None
        elif last == cached_last and cached_text is not None:
            shown_last = cached_text
        else:
            shown_last = numbering.render(draft.fmt, number=last, on=today,
                                          unit_index=draft.unit_index)
        result.append(SequenceYearEnd(
            entity_id=str(entity.get("id") or ""),
            client_name=str(entity.get("name") or ""),
            unit_id=draft.unit_id,
            unit_name=draft.unit_name,
            unit_index=draft.unit_index,
            doc_type=draft.doc_type,
            fmt=draft.fmt,
            yearly=yearly,
            issued_this_year=count,
            last_sequence=last,
            last_number=shown_last,
            last_source=source,
            configured_first=configured,
            next_first=following,
            next_number=numbering.render(draft.fmt, number=following, on=new_year,
                                         unit_index=draft.unit_index),
            warnings=tuple(warnings),
        ))
    return result
