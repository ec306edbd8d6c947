"""Every exchange is logged under `si_desktop.api` (method, path, status, duration, request
id), and no log line anywhere ever carries the API key."""

from __future__ import annotations

import logging

import httpx
import pytest

from si_desktop.api import errors
from tests.unit.api.conftest import ENT_ID, KEY, UNIT_ID, FakeServer, entity, fail, make_client, ok


def _all_text(caplog: pytest.LogCaptureFixture) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        lines.append(repr(record.args))
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


@pytest.mark.anyio
async def test_exchanges_are_logged_without_secrets(all_logs: pytest.LogCaptureFixture) -> None:
    caplog = all_logs  # every logger, httpx and stamina included
    server = FakeServer(
        httpx.Response(200, json=entity(), headers={"X-Request-Id": "srv-req-1"}),
        fail(500, message=f"boom {KEY}"),
        httpx.ConnectError(f"refused; Authorization: Bearer {KEY}"),
        ok(entity()),
        fail(401, code="unauthorized", message=f"bad key {KEY}"),
        fail(422, message="invalid", cause={"issues": [{"path": ["a"], "message": KEY}]}),
        ok({"id": UNIT_ID}),
    )
    async with make_client(server) as si:
        await si.entities.get(ENT_ID)
        await si.entities.update(ENT_ID, settings={"primary_color": "#fff"})
        with pytest.raises(errors.AuthenticationError):
            await si.entities.list()
        with pytest.raises(errors.ValidationError):
            await si.entities.create(name="x", country="y", metadata={"note": "hello"})
        await si.business_units.get(UNIT_ID, entity_id=ENT_ID)
    text = _all_text(caplog)
    assert KEY not in text
    assert "TopS3cret" not in text
    assert "Bearer" not in text or "Bearer [redacted]" in text

    ours = [r for r in caplog.records if r.name == "si_desktop.api"]
    messages = [r.getMessage() for r in ours]
    assert f"GET /entities/{ENT_ID} -> 200" in messages[0]
    assert "srv-req-1" in messages[0]
    assert " ms " in messages[0]
    assert any("PATCH" in m and "-> 500" in m for m in messages)
    assert any("PATCH" in m and "failed: could not connect" in m for m in messages)
    assert any("GET /entities -> 401" in m for m in messages)
    assert any("attempt 3" in m for m in messages)
    # Bodies are never logged.
    assert "#fff" not in text and "hello" not in text


@pytest.mark.anyio
async def test_request_ids_in_logs_match_the_headers(
    all_logs: pytest.LogCaptureFixture,
) -> None:
    caplog = all_logs
    server = FakeServer(ok(entity()))
    async with make_client(server) as si:
        await si.entities.get(ENT_ID)
    sent = server.last.headers["X-Request-Id"]
    assert any(sent in r.getMessage() for r in caplog.records)
