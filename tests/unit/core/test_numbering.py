from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from si_desktop.core import numbering
from si_desktop.core.numbering import (
    DEFAULT_FORMAT,
    DEFAULT_UNIT_FORMAT,
    DOCUMENT_TYPES,
    canonical,
    find_problems,
    has_unit_token,
    has_year_token,
    preview,
    problems,
    render,
    tokenize,
    uses_guide_only_tokens,
    year_end_preview,
)

DAY = datetime.date(2026, 3, 7)


@pytest.mark.parametrize(
    "fmt",
    [
        DEFAULT_FORMAT,
        "INV-{YYYY}-{NUM}",
        "CN-{yyyy}-{nnnnn}",
        "{n}",
        "{nnnnnnnnn}",
        "{YY}{MM}{DD}-{NUM}",
        "{yy}/{nnn}",
        "{NUM}-{MM}-{MM}",
        "No year {nn} at all",
    ],
)
def test_valid_formats_have_no_problems(fmt: str) -> None:
    assert problems(fmt) == []


def test_unit_format_is_valid_only_for_units() -> None:
    assert problems(DEFAULT_UNIT_FORMAT, unit=True) == []
    found = problems(DEFAULT_UNIT_FORMAT)
    assert len(found) == 1
    assert "`{u}` at position 8" in found[0]
    assert "unit" in found[0]


def test_unknown_token_names_itself_and_its_position() -> None:
    [message] = problems("INV-{x}-{nnn}")
    assert message.startswith("`{x}` at position 5 is not a number token")
    assert "{yyyy}, {yy} or {n…}" in message


def test_unknown_token_suggests_a_near_miss() -> None:
    assert "Did you mean {nnnnn}?" in problems("{NNNNN}")[0]
    assert "Did you mean {yyyy}?" in problems("{Yyyy}-{n}")[0]
    assert "Did you mean {NUM}?" in problems("{num}")[0]
    assert "Did you mean {nnn}?" in problems("{ nnn }")[0]


def test_unit_message_lists_the_unit_token_for_units() -> None:
    assert "{u…}" in problems("{z}-{n}", unit=True)[0]


def test_missing_sequence() -> None:
    [problem] = find_problems("INV-{yyyy}")
    assert "no sequence number" in problem.message
    assert (problem.start, problem.end) == (0, len("INV-{yyyy}"))
    [empty] = problems("")
    assert "no sequence number" in empty


def test_second_sequence_year_and_unit() -> None:
    [seq] = find_problems("{n}-{NUM}")
    assert "second sequence number" in seq.message and (seq.start, seq.end) == (4, 9)
    [year] = problems("{yyyy}{YY}-{n}")
    assert "second year" in year and "`{yyyy}` at position 1" in year
    [unit] = problems("{u}{uu}{n}", unit=True)
    assert "second business unit number" in unit


def test_too_wide_padding() -> None:
    [message] = problems("{nnnnnnnnnn}")
    assert "10 n's" in message and "at most 9" in message
    assert "at most 9" in problems("{uuuuuuuuuu}-{n}", unit=True)[0]


def test_stray_braces() -> None:
    [opening] = find_problems("A{B{nnn}")
    assert "`{` at position 2 is never closed" in opening.message
    assert (opening.start, opening.end) == (1, 2)
    [closing] = problems("{nnn}}")
    assert "`}` at position 6 has no opening" in closing
    assert len(problems("{nnn")) == 2  # never closed, and so no sequence either


def test_empty_braces() -> None:
    assert "`{}` at position 1" in problems("{}{n}")[0]


def test_problems_come_in_order_of_position() -> None:
    found = find_problems("{a}{b}}{n}")
    assert [p.start for p in found] == sorted(p.start for p in found)


def test_tokenize_spans_cover_the_format() -> None:
    fmt = "INV-{yyyy}{{x}}-{NUM}"
    tokens = tokenize(fmt)
    assert "".join(t.text for t in tokens) == fmt
    assert all(fmt[t.start : t.end] == t.text for t in tokens)
    assert [t.kind for t in tokens] == [
        "text",
        "year",
        "stray",
        "unknown",
        "stray",
        "text",
        "sequence",
    ]


def test_render_tokens() -> None:
    assert render("INV-{yyyy}-{nnnnn}", number=42, on=DAY) == "INV-2026-00042"
    assert render("{yy}{MM}{DD}/{NUM}", number=7, on=DAY) == "260307/7"
    assert render("{YYYY}-{n}", number=123, on=DAY) == "2026-123"
    assert render(DEFAULT_UNIT_FORMAT, number=5, on=DAY, unit_index=3) == "2026-3-00005"
    assert render("{uuu}-{nn}", number=5, on=DAY, unit_index=12) == "012-05"


def test_render_never_cuts() -> None:
    assert render("{nn}", number=12345, on=DAY) == "12345"
    assert render("{yy}-{n}", number=1, on=datetime.date(2005, 1, 1)) == "05-1"


def test_render_refuses() -> None:
    with pytest.raises(ValueError, match="no sequence number"):
        render("{yyyy}", number=1, on=DAY)
    with pytest.raises(ValueError, match="choose a business unit"):
        render(DEFAULT_UNIT_FORMAT, number=1, on=DAY)
    with pytest.raises(ValueError, match="negative"):
        render("{n}", number=-1, on=DAY)
    with pytest.raises(ValueError, match="negative"):
        render("{u}{n}", number=1, on=DAY, unit_index=-1)


def test_canonical() -> None:
    assert canonical("INV-{YYYY}-{NUM}") == "INV-{yyyy}-{n}"
    assert canonical("{YY}{MM}{DD}{NUM}") == "{yy}{MM}{DD}{n}"
    assert canonical("YYYY {x} {") == "YYYY {x} {"
    assert canonical(DEFAULT_FORMAT) == DEFAULT_FORMAT


def test_token_helpers() -> None:
    assert has_year_token("{YY}{n}") and has_year_token(DEFAULT_FORMAT)
    assert not has_year_token("{MM}{n}")
    assert has_unit_token(DEFAULT_UNIT_FORMAT) and not has_unit_token(DEFAULT_FORMAT)
    assert uses_guide_only_tokens("{DD}{n}") and not uses_guide_only_tokens("{YYYY}{NUM}")


def test_preview() -> None:
    assert preview("{yyyy}-{nnn}", start=9, on=DAY) == ["2026-009", "2026-010", "2026-011"]
    assert preview("{n}", start=1, on=DAY, count=1) == ["1"]
    assert preview("{u}/{n}", start=1, on=DAY, count=2, unit_index=4) == ["4/1", "4/2"]


def test_year_end_preview_restarts_with_a_year_token() -> None:
    assert year_end_preview("{yyyy}-{nnn}", last_number=314, year=2026) == [
        (datetime.date(2026, 12, 31), "2026-314"),
        (datetime.date(2027, 1, 1), "2027-001"),
    ]


def test_year_end_preview_continues_without_a_year_token() -> None:
    [(_, last), (_, first)] = year_end_preview("R-{MM}-{nnn}", last_number=314, year=2026)
    assert (last, first) == ("R-12-314", "R-01-315")
    [_, (_, unit_first)] = year_end_preview(
        DEFAULT_UNIT_FORMAT, last_number=9, year=2026, unit_index=2
    )
    assert unit_first == "2027-2-00001"


def test_document_types() -> None:
    assert DOCUMENT_TYPES == (
        "invoice",
        "estimate",
        "credit_note",
        "advance_invoice",
        "delivery_note",
    )


# --- properties ------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "{",
        "}",
        "{n}",
        "{nnnnn}",
        "{nnnnnnnnnn}",
        "{u}",
        "{uuu}",
        "{yyyy}",
        "{yy}",
        "{YYYY}",
        "{YY}",
        "{NUM}",
        "{MM}",
        "{DD}",
        "{x}",
        "{}",
        "{Num}",
        "{ n }",
        "-",
        "INV",
        "/",
        " ",
        "n",
        "yyyy",
        "é",
    ]
)
_FORMATS = st.lists(_PIECES, max_size=8).map("".join)
_DATES = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


def reference_is_valid(fmt: str, *, unit: bool) -> bool:
    """An independent reading of CONTRACT.md's grammar, by regular expressions."""
    pieces = re.split(r"(\{[^{}]*\})", fmt)
    texts, tokens = pieces[0::2], pieces[1::2]
    if any("{" in text or "}" in text for text in texts):
        return False
    sequences = years = units = 0
    for token in tokens:
        if re.fullmatch(r"\{n{1,9}\}|\{NUM\}", token):
            sequences += 1
        elif re.fullmatch(r"\{(yyyy|yy|YYYY|YY)\}", token):
            years += 1
        elif unit and re.fullmatch(r"\{u{1,9}\}", token):
            units += 1
        elif token not in ("{MM}", "{DD}"):
            return False
    return sequences == 1 and years <= 1 and units <= 1


@settings(max_examples=300, deadline=None)
@given(fmt=_FORMATS, unit=st.booleans())
def test_problems_agree_with_reference(fmt: str, unit: bool) -> None:
    assert (problems(fmt, unit=unit) == []) == reference_is_valid(fmt, unit=unit)


@settings(max_examples=150, deadline=None)
@given(fmt=_FORMATS, number=st.integers(0, 10**12), on=_DATES, index=st.integers(0, 10**6))
def test_render_never_raises_on_accepted_formats(
    fmt: str, number: int, on: datetime.date, index: int
) -> None:
    if problems(fmt) == []:
        assert isinstance(render(fmt, number=number, on=on), str)
    if problems(fmt, unit=True) == []:
        assert isinstance(render(fmt, number=number, on=on, unit_index=index), str)


@settings(max_examples=150, deadline=None)
@given(width=st.integers(1, 9), number=st.integers(0, 10**15), prefix=st.text("AB-", max_size=3))
def test_padding_never_cuts(width: int, number: int, prefix: str) -> None:
    out = render(prefix + "{" + "n" * width + "}", number=number, on=DAY)
    digits = out[len(prefix) :]
    assert int(digits) == number
    assert len(digits) == max(width, len(str(number)))
    unit_out = render("{" + "u" * width + "}{NUM}", number=0, on=DAY, unit_index=number)
    assert int(unit_out[:-1]) == number


@settings(max_examples=150, deadline=None)
@given(fmt=_FORMATS, number=st.integers(0, 10**9), on=_DATES, index=st.integers(0, 999))
def test_canonical_renders_the_same(fmt: str, number: int, on: datetime.date, index: int) -> None:
    if problems(fmt, unit=True) == []:
        fixed = canonical(fmt)
        assert problems(fixed, unit=True) == []
        assert render(fixed, number=number, on=on, unit_index=index) == render(
            fmt, number=number, on=on, unit_index=index
        )
        assert not any(token in fixed for token in ("{YYYY}", "{YY}", "{NUM}"))


def test_module_exports_the_public_surface() -> None:
    for name in ("problems", "render", "canonical", "preview", "year_end_preview"):
        assert callable(getattr(numbering, name))


@pytest.mark.parametrize(("fmt", "number", "sequence"), [
    ("{yyyy}-{nnnnn}", "2026-00143", 143),
    ("{yyyy}-{u}-{nnnnn}", "2026-12-00007", 7),
    ("R-{yy}/{nnn}", "R-26/1432", 1432),  # a longer number is never cut
    ("INV-{YYYY}-{NUM}", "INV-2026-9", 9),
    ("{MM}{DD}-{n}", "1231-5", 5),
    ("{yyyy}-{nnnnn}", "CN-2026-00001", None),  # another format gave it
    ("{yyyy}-{x}", "2026-1", None),  # an invalid format reads nothing
])
def test_a_number_is_read_back_into_its_sequence(fmt: str, number: str,
                                                 sequence: int | None) -> None:
    assert numbering.sequence_of(fmt, number) == sequence


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=99))
@settings(max_examples=50)
def test_sequence_of_reads_back_what_render_wrote(number: int, unit: int) -> None:
    fmt = "{yyyy}-{uu}-{nnnnn}"
    rendered = numbering.render(fmt, number=number, on=datetime.date(2026, 5, 1),
                                unit_index=unit)
    assert numbering.sequence_of(fmt, rendered) == number
