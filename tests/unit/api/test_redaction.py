"""S8: every string a server sends that can hold a key is redacted before it reaches an
error, a log line or anything built from them (stdout, the outbox's `last_error`) — the key
in any letter case, and its secret part echoed without the `sk_live_` prefix."""

from __future__ import annotations

import logging

import httpx
import pytest

from si_desktop.api import RetryPolicy, SpaceInvoicesClient, errors
from tests.unit.api.conftest import BASE, ENT_ID, KEY, FakeServer, entity, make_client, ok, page

SECRET = KEY.removeprefix("sk_live_")  # "TopS3cretKeyValue0123456789"
FORMS = (KEY, SECRET, KEY.upper(), SECRET.lower())


def _everything(caplog: pytest.LogCaptureFixture) -> str:
    """What the app's log gets: its own loggers and stamina's (httpx's request lines reach no
    handler of the app)."""
    lines = []
    for record in caplog.records:
        if not record.name.startswith(("si_desktop", "stamina")):
            continue
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def _shows_no_secret(text: str) -> bool:
    low = text.lower()
    return SECRET.lower() not in low


def _error_text(error: errors.ApiError) -> str:
    issues = "\n".join(
        f"{'.'.join(map(str, i.path))}: {i.message} ({i.code})" for i in error.issues
    )
    return "\n".join(
        [str(error), repr(error), str(error.args), str(error.code), str(error.path), issues]
    )


@pytest.mark.anyio
async def test_a_422_echoing_the_key_everywhere_shows_it_nowhere(
    all_logs: pytest.LogCaptureFixture,
) -> None:
    issues = [
        {"path": ["metadata", KEY], "message": f"unknown key {SECRET}", "code": SECRET},
        {"path": f"settings.{SECRET}", "message": f"bad {KEY.upper()}"},
        {"path": ["name", 3, SECRET.lower()], "message": "too long"},
    ]
    body = {
        "code": f"invalid_{SECRET}", "message": f"{SECRET} is wrong", "cause": {"issues": issues}
    }
    server = FakeServer(httpx.Response(422, json=body, headers={"X-Request-Id": f"r-{SECRET}"}))
    async with make_client(server) as si:
        with pytest.raises(errors.ValidationError) as info:
            await si.entities.update(ENT_ID, metadata={"a": "b"})
    error = info.value
    assert _shows_no_secret(_error_text(error))
    assert _shows_no_secret(_everything(all_logs))
    # What is left still says where the problem is.
    assert error.issues[0].path == ("metadata", "[redacted]")
    assert error.issues[1].path == ("settings", "[redacted]")
    assert error.issues[2].path == ("name", 3, "[redacted]")
    assert error.message == "[redacted] is wrong"
    assert error.request_id == "r-[redacted]"


@pytest.mark.anyio
async def test_a_bare_secret_in_a_server_error_and_its_log_line_is_redacted(
    all_logs: pytest.LogCaptureFixture,
) -> None:
    server = FakeServer(
        httpx.Response(500, json={"code": "x", "message": f"token {SECRET} rejected"}),
        httpx.ConnectError(f"reset while sending {SECRET}"),
        ok(page([entity(id=f"ent_{SECRET}")])),  # a skipped record's id is logged
    )
    async with make_client(server, retry=RetryPolicy.never()) as si:
        with pytest.raises(errors.ServerError) as server_error:
            await si.entities.get(ENT_ID)
        with pytest.raises(errors.NetworkError) as network_error:
            await si.entities.get(ENT_ID)
        listed = await si.entities.list()
    assert _shows_no_secret(_error_text(server_error.value))
    assert _shows_no_secret(_error_text(network_error.value))
    assert [s.id for s in listed.skipped] == ["ent_[redacted]"]
    assert _shows_no_secret(_everything(all_logs))


@pytest.mark.anyio
async def test_a_download_url_holding_the_key_is_not_logged(
    all_logs: pytest.LogCaptureFixture,
) -> None:
    server = FakeServer(httpx.Response(404, json={"message": "gone"}))
    async with make_client(server) as si:
        with pytest.raises(errors.NotFoundError) as info:
            await si.files.download(f"{BASE}/files/{SECRET}/raw")
    assert _shows_no_secret(_error_text(info.value))
    assert _shows_no_secret(_everything(all_logs))


@pytest.mark.parametrize("form", FORMS)
def test_redact_removes_every_form_of_the_key(form: str) -> None:
    out = errors.redact(f"a {form} b", (KEY,))
    assert _shows_no_secret(out) and out.startswith("a ") and out.endswith(" b")


def test_redact_knows_the_key_kinds_in_any_case_without_being_told() -> None:
    for key in ("SK_LIVE_abcdef123456", "ek_Sandbox_abcdef123456", "rk_test_abcdef123456"):
        assert "abcdef123456" not in errors.redact(f"x {key} y")


def test_a_short_or_unprefixed_key_is_only_removed_whole() -> None:
    assert errors.redact("sk_live_abc and abc", ("sk_live_abc",)) == "[redacted] and abc"
    assert errors.redact("abcdefghij", ("odd-key-abcdefghij",)) == "abcdefghij"
    assert errors.redact("ODD-KEY-ABCDEFGHIJ", ("odd-key-abcdefghij",)) == "[redacted]"


def test_errors_built_anywhere_redact_code_and_issue_paths() -> None:
    other = "sk_live_SomeoneElse0123456789"
    error = errors.ApiError(
        "m", code=other, issues=[errors.Issue(path=("a", other), message=other, code=other)]
    )
    assert "SomeoneElse" not in _error_text(error)


@pytest.mark.anyio
async def test_an_unprintable_server_request_id_is_not_echoed() -> None:
    server = FakeServer(httpx.Response(404, json={}, headers={"X-Request-Id": "a\x1b[2Jb"}))
    async with SpaceInvoicesClient(
        api_key=KEY, base_url=BASE, transport=httpx.MockTransport(server),
        rate_limit_per_min=None,
    ) as si:
        with pytest.raises(errors.NotFoundError) as info:
            await si.entities.get(ENT_ID)
    assert info.value.request_id == server.last.headers["X-Request-Id"]  # our own instead
