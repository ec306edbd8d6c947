"""S2 at the API layer: whatever a server sends, the client raises nothing but its own
`errors.ApiError` types, and one bad record in a list never loses the others."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from si_desktop.api import SkippedRecord, errors
from si_desktop.api.jsonbody import MAX_DEPTH, UnreadableBody, parse_json
from tests.unit.api.conftest import (
    ENT_ID,
    ENT_ID_2,
    FILE_ID,
    KEY,
    UNIT_ID,
    FakeServer,
    entity,
    make_client,
    ok,
    page,
    unit,
)

FORGED = "ent_../../x"
LONGER = "ent_" + "a" * 32  # a longer, future format: the contract does not allow it yet
BAD_RECORDS: list[Any] = [
    entity(id=FORGED),
    entity(id=LONGER),
    entity(id=5),
    entity(name=["not", "text"]) | {"id": "ent_" + "b" * 24},
    "not an object",
]


def _raw(body: str, status: int = 200) -> httpx.Response:
    """A response with exactly this JSON text (httpx's `json=` would escape surrogates)."""
    kind = {"Content-Type": "application/json"}
    return httpx.Response(status, content=body.encode(), headers=kind)


def _page_of(record: str) -> str:
    return '{"data": [' + record + '], "pagination": {}}'


def _nested(depth: int) -> str:
    """An entity whose unknown key `x` holds lists nested so that the body is `depth` deep."""
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    return '{"id": "%s", "x": %s}' % (ENT_ID, inner)  # noqa: UP031


# --- one bad record in a list -----------------------------------------------------------------


@pytest.mark.anyio
async def test_bad_records_in_a_page_are_skipped_and_the_others_come_through(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = [entity(id=ENT_ID), entity(id=ENT_ID_2)]
    body = page([good[0], *BAD_RECORDS, good[1]])
    async with make_client(FakeServer(ok(body))) as si:
        with caplog.at_level(logging.WARNING, logger="si_desktop.api"):
            result = await si.entities.list()
    assert [e.id for e in result.data] == [ENT_ID, ENT_ID_2]
    assert [s.id for s in result.skipped] == [FORGED, LONGER, None, "ent_" + "b" * 24, None]
    assert all(isinstance(s, SkippedRecord) for s in result.skipped)
    assert "<24 hex>" in result.skipped[0].reason and "<24 hex>" in result.skipped[1].reason
    assert result.skipped[3].reason == "name: Input should be a valid string"
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == len(BAD_RECORDS)  # once each
    assert "skipped one Entity record" in warnings[0].getMessage()
    # The page still dumps to what it holds: the good records and the pagination.
    assert result.model_dump(mode="json")["data"] == good


@pytest.mark.anyio
async def test_iterate_keeps_yielding_and_hands_out_the_skipped_records() -> None:
    server = FakeServer(
        ok(page([entity(id=FORGED), entity(id=ENT_ID)], next_cursor="2")),
        ok(page([entity(id=LONGER), entity(id=FORGED), entity(id=ENT_ID_2)])),
    )
    skipped: list[SkippedRecord] = []
    async with make_client(server) as si:
        ids = [e.id async for e in si.entities.iterate(on_skipped=skipped.append)]
    assert ids == [ENT_ID, ENT_ID_2]
    assert [s.id for s in skipped] == [FORGED, LONGER]  # the repeat of FORGED once only


@pytest.mark.anyio
async def test_iterate_without_a_callback_still_skips() -> None:
    server = FakeServer(ok(page([entity(id=LONGER), entity(id=ENT_ID)])))
    async with make_client(server) as si:
        assert [e.id async for e in si.entities.iterate()] == [ENT_ID]


@pytest.mark.anyio
async def test_units_and_files_pages_skip_bad_records_too() -> None:
    server = FakeServer(
        ok(page([unit(id="unit_1"), unit()])),
        ok(page([{"id": "file_" + "c" * 25}, {"id": FILE_ID}])),
    )
    units: list[SkippedRecord] = []
    files: list[SkippedRecord] = []
    async with make_client(server) as si:
        got_units = [
            u.id
            async for u in si.business_units.iterate(entity_id=ENT_ID, on_skipped=units.append)
        ]
        got_files = [
            f.id async for f in si.files.iterate(entity_id=ENT_ID, on_skipped=files.append)
        ]
    assert got_units == [UNIT_ID] and [s.id for s in units] == ["unit_1"]
    assert got_files == [FILE_ID] and [s.id for s in files] == ["file_" + "c" * 25]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("bad_id", "shown"),
    [
        (KEY, "[redacted]"),
        ("sk_live_someoneElsesKey01234", "sk_live_[redacted]"),
        ("ent_\x1b]0;owned\x07", None),  # control characters are never echoed
        ("ent_" + "f" * 200, None),  # nor a long string
        ("", None),
    ],
)
async def test_a_skipped_id_is_shown_only_when_harmless(bad_id: str, shown: str | None) -> None:
    async with make_client(FakeServer(ok(page([entity(id=bad_id)])))) as si:
        result = await si.entities.list()
    assert [s.id for s in result.skipped] == [shown]


@pytest.mark.anyio
@pytest.mark.parametrize("bad_id", [FORGED, LONGER, 5, None])
async def test_a_single_malformed_record_is_a_malformed_response(bad_id: Any) -> None:
    server = FakeServer(ok(entity(id=bad_id)), ok(unit(id=bad_id)), ok({"id": bad_id}))
    async with make_client(server) as si:
        with pytest.raises(errors.MalformedResponseError, match="Entity"):
            await si.entities.get(ENT_ID)
        with pytest.raises(errors.MalformedResponseError, match="BusinessUnit"):
            await si.business_units.get(UNIT_ID, entity_id=ENT_ID)
        with pytest.raises(errors.MalformedResponseError, match="File"):
            await si.files.upload(entity_id=ENT_ID, content=b"x", filename="a.png")


@pytest.mark.anyio
async def test_a_write_answered_with_a_forged_id_is_a_malformed_response() -> None:
    async with make_client(FakeServer(ok(entity(id=FORGED)))) as si:
        with pytest.raises(errors.MalformedResponseError):
            await si.entities.update(ENT_ID, name="New")


# --- lone surrogates ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_lone_surrogates_become_replacement_characters() -> None:
    cut = (
        f'{{"id": "{ENT_ID}", "name": "Caf\\u00e9 \\ud83d",'
        ' "metadata": {"\\udc00k": ["\\ud83d\\ude00 ok"]}}'
    )
    server = FakeServer(_raw(cut), _raw(_page_of(cut)))
    async with make_client(server) as si:
        single = await si.entities.get(ENT_ID)
        listed = (await si.entities.list()).data[0]
    for record in (single, listed):
        assert record.name == "Café \ufffd"
        assert record.metadata == {"\ufffdk": ["\U0001f600 ok"]}  # a real pair stays an emoji
        json.dumps(record.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")


@pytest.mark.anyio
async def test_a_lone_surrogate_in_an_error_message_can_be_printed() -> None:
    body = (
        '{"code": "bad\\ud800", "message": "cut \\udbff",'
        ' "cause": {"issues": [{"path": ["n\\udc00"], "message": "x\\ud83d"}]}}'
    )
    async with make_client(FakeServer(_raw(body, status=422))) as si:
        with pytest.raises(errors.ValidationError) as info:
            await si.entities.update(ENT_ID, name="x")
    error = info.value
    str(error).encode("utf-8")
    assert error.message == "cut \ufffd" and error.code == "bad\ufffd"
    assert error.issues[0].path == ("n\ufffd",) and error.issues[0].message == "x\ufffd"


@pytest.mark.anyio
async def test_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    body = b'{"id": "' + ENT_ID.encode() + b'", "name": "caf\xe9 \xed\xa0\xbd"}'
    async with make_client(FakeServer(httpx.Response(200, content=body))) as si:
        record = await si.entities.get(ENT_ID)
    assert record.name is not None and record.name.startswith("caf\ufffd")
    record.name.encode("utf-8")


# --- nesting -----------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 100_000])
async def test_deep_nesting_is_a_malformed_response(depth: int) -> None:
    deep = _nested(depth)
    server = FakeServer(_raw(deep), _raw(_page_of(deep)))
    async with make_client(server) as si:
        with pytest.raises(errors.MalformedResponseError, match="nested deeper"):
            await si.entities.get(ENT_ID)
        with pytest.raises(errors.MalformedResponseError, match="nested deeper"):
            await si.entities.list()


@pytest.mark.anyio
async def test_nesting_up_to_the_limit_is_read() -> None:
    async with make_client(FakeServer(_raw(_nested(MAX_DEPTH)))) as si:
        record = await si.entities.get(ENT_ID)
    assert isinstance(record.unknown_keys()["x"], list)


@pytest.mark.anyio
async def test_a_deep_error_body_still_maps_by_status() -> None:
    body = '{"code": "x", "message": ' + "[" * 100_000 + "]" * 100_000 + "}"
    async with make_client(FakeServer(_raw(body, status=404))) as si:
        with pytest.raises(errors.NotFoundError):
            await si.entities.get(ENT_ID)


@pytest.mark.anyio
async def test_an_unreadable_archive_answer_is_taken_as_a_bare_acknowledgement() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    server = FakeServer(_raw(deep), _raw('{"id": "%s", "x": %s}' % (UNIT_ID, deep)))  # noqa: UP031
    async with make_client(server) as si:
        assert await si.business_units.archive(UNIT_ID, entity_id=ENT_ID) is None
        assert await si.business_units.archive(UNIT_ID, entity_id=ENT_ID) is None


def test_parse_json_edges() -> None:
    assert parse_json(b"\xef\xbb\xbf{}") == {}  # a UTF-8 byte order mark
    assert parse_json(b'"\\ud800"') == "\ufffd"
    assert parse_json(b'"a\\\\ud800"') == "a\\ud800"  # an escaped backslash, not a surrogate
    assert parse_json(("[" * MAX_DEPTH + "]" * MAX_DEPTH).encode()) is not None
    too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    for bad in (b"", b"{", b"[" * 100_000, too_deep.encode()):
        with pytest.raises(UnreadableBody):
            parse_json(bad)


@pytest.mark.anyio
async def test_a_failing_page_shape_is_still_an_api_error() -> None:
    async with make_client(FakeServer(ok({"data": [entity()], "pagination": []}))) as si:
        with pytest.raises(errors.MalformedResponseError, match="page"):
            await si.entities.list()
