"""One map from status to exception; malformed answers are clean `ApiError`s; no key in any
error's text."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
import pytest

from si_desktop.api import RetryPolicy, SpaceInvoicesClient, errors
from tests.unit.api.conftest import BASE, ENT_ID, KEY, FakeServer, fail, make_client, ok, page

NO_RETRY = RetryPolicy.never()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (405, errors.ApiError),
        (409, errors.ConflictError),
        (410, errors.ApiError),
        (422, errors.ValidationError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (502, errors.ServerError),
        (503, errors.ServerError),
        (504, errors.ServerError),
    ],
)
async def test_status_maps_to_exception(status: int, cls: type[errors.ApiError]) -> None:
    server = FakeServer(
        fail(status, code="some_code", message="Nope", headers={"X-Request-Id": "req-srv-1"})
    )
    async with make_client(server, retry=NO_RETRY) as si:
        with pytest.raises(errors.ApiError) as info:
            await si.entities.get(ENT_ID)
    error = info.value
    assert type(error) is cls
    assert error.status == status
    assert error.code == "some_code"
    assert error.message == "Nope"
    assert error.request_id == "req-srv-1"
    assert error.method == "GET" and error.path == f"/entities/{ENT_ID}"
    assert str(error).startswith(f"{status} some_code: Nope")
    assert "req-srv-1" in str(error)


@pytest.mark.anyio
async def test_validation_error_carries_issues() -> None:
    body = {
        "code": "validation_error",
        "message": "Invalid settings",
        "cause": {
            "issues": [
                {"code": "invalid_string", "path": ["settings", "primary_color"],
                 "message": "Invalid colour"},
                {"path": ["settings", "bank_accounts", 0, "iban"], "message": "Bad IBAN"},
                {"path": "name", "message": "Required"},
                "garbage",
                {"path": ["x"], "message": 5},
            ]
        },
    }
    server = FakeServer(httpx.Response(422, json=body))
    async with make_client(server) as si:
        with pytest.raises(errors.ValidationError) as info:
            await si.entities.update(ENT_ID, settings={"primary_color": "blue"})
    issues = info.value.issues
    assert issues[0] == errors.Issue(
        path=("settings", "primary_color"), message="Invalid colour", code="invalid_string"
    )
    assert issues[1].path == ("settings", "bank_accounts", 0, "iban")
    assert issues[2].path == ("name",)
    assert issues[3] == errors.Issue(path=("x",), message="invalid value")
    assert len(issues) == 4
    assert len(server.requests) == 1  # a 422 is never retried


@pytest.mark.anyio
async def test_rate_limit_error_has_retry_after() -> None:
    server = FakeServer(
        fail(429, code="rate_limit_exceeded", headers={"Retry-After": "12"})
    )
    async with make_client(server, retry=NO_RETRY) as si:
        with pytest.raises(errors.RateLimitError) as info:
            await si.entities.list()
    assert info.value.retry_after == 12.0
    assert info.value.retryable


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("response", "words"),
    [
        (httpx.Response(200, text="<html>proxy login</html>",
                        headers={"Content-Type": "text/html"}), "expected a JSON body"),
        (httpx.Response(200, content=b""), "expected a JSON body"),
        (httpx.Response(200, content=b'{"id": "ent_'), "expected a JSON body"),
        (httpx.Response(200, json=[1, 2]), "expected a JSON object, got list"),
        (httpx.Response(200, json="ok"), "expected a JSON object, got str"),
        (httpx.Response(200, json={"name": "no id"}), "Entity: id: Field required"),
        (httpx.Response(200, json={"id": ENT_ID, "settings": "x"}), "settings"),
        (httpx.Response(200, json={"id": ENT_ID, "is_enabled": "yes"}), "is_enabled"),
    ],
)
async def test_malformed_success_is_an_api_error(response: httpx.Response, words: str) -> None:
    async with make_client(FakeServer(response)) as si:
        with pytest.raises(errors.MalformedResponseError) as info:
            await si.entities.get(ENT_ID)
    assert isinstance(info.value, errors.ApiError)
    assert words in info.value.message
    assert info.value.status == 200


@pytest.mark.anyio
@pytest.mark.parametrize(
    "body",
    [
        {"data": "nope", "pagination": {}},
        {"data": [{"id": ENT_ID}]},
        {"data": [{"id": ENT_ID}], "pagination": "x"},
        {"data": [], "pagination": {"has_more": "no"}},
    ],
)
async def test_malformed_pages_are_api_errors(body: dict[str, Any]) -> None:
    async with make_client(FakeServer(ok(body))) as si:
        with pytest.raises(errors.MalformedResponseError):
            await si.entities.list()
        with pytest.raises(errors.MalformedResponseError):
            async for _ in si.entities.iterate():
                pass


@pytest.mark.anyio
async def test_malformed_error_bodies_still_map_by_status() -> None:
    server = FakeServer(
        httpx.Response(502, text="<h1>Bad gateway</h1>"),
        httpx.Response(404, json=["not", "an", "object"]),
        httpx.Response(409, content=b""),
        httpx.Response(401, json={"code": 7, "message": None}),
    )
    async with make_client(server, retry=NO_RETRY) as si:
        with pytest.raises(errors.ServerError) as e1:
            await si.entities.get(ENT_ID)
        with pytest.raises(errors.NotFoundError) as e2:
            await si.entities.get(ENT_ID)
        with pytest.raises(errors.ConflictError) as e3:
            await si.entities.get(ENT_ID)
        with pytest.raises(errors.AuthenticationError) as e4:
            await si.entities.get(ENT_ID)
    assert e1.value.message == "HTTP 502: <h1>Bad gateway</h1>"
    assert e2.value.message == "HTTP 404"
    assert e3.value.message == "HTTP 409"
    assert e4.value.code is None and e4.value.message == "HTTP 401"


@pytest.mark.anyio
async def test_redirect_is_not_followed_for_api_calls() -> None:
    server = FakeServer(httpx.Response(302, headers={"Location": "https://evil.test/"}))
    async with make_client(server, retry=NO_RETRY) as si:
        with pytest.raises(errors.ApiError) as info:
            await si.entities.list()
    assert "redirect" in info.value.message
    assert len(server.requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "connect"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), "connect"),
        (httpx.ConnectTimeout("timed out"), "timeout"),
        (httpx.ReadTimeout("timed out"), "timeout"),
        (httpx.WriteTimeout("timed out"), "timeout"),
        (httpx.PoolTimeout("timed out"), "timeout"),
        (httpx.ReadError("[Errno 104] Connection reset by peer"), "connection"),
        (httpx.WriteError("broken pipe"), "connection"),
        (httpx.RemoteProtocolError("Server disconnected"), "protocol"),
        (httpx.ProxyError("proxy said no"), "connection"),
    ],
)
async def test_transport_failures_are_network_errors(exc: Exception, reason: str) -> None:
    server = FakeServer(exc)
    async with make_client(server) as si:
        with pytest.raises(errors.NetworkError) as info:
            await si.entities.list()
    assert info.value.reason == reason
    assert info.value.status is None
    assert info.value.request_id == server.last.headers["X-Request-Id"]
    assert len(server.requests) == 5  # retried to the limit


@pytest.mark.anyio
async def test_tls_certificate_failure_is_a_network_error_not_retried() -> None:
    cause = ssl.SSLCertVerificationError("certificate verify failed: self-signed")
    exc = httpx.ConnectError("certificate verify failed")
    exc.__cause__ = cause
    server = FakeServer(exc)
    async with make_client(server) as si:
        with pytest.raises(errors.NetworkError) as info:
            await si.entities.list()
    assert info.value.reason == "tls"
    assert not info.value.retryable
    assert len(server.requests) == 1


# --- secrets ------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    "response",
    [
        fail(401, code="unauthorized", message=f"Invalid API key {KEY}"),
        fail(403, message=f"Authorization: Bearer {KEY} may not do this"),
        httpx.Response(500, text=f"Traceback: headers={{'authorization': 'Bearer {KEY}'}}"),
        fail(422, message="bad", cause={"issues": [{"path": ["k"], "message": f"key {KEY}"}]}),
        fail(400, message="key sk_sandbox_abcdefABCDEF012345 is for another account"),
    ],
)
async def test_no_key_in_error_text(response: httpx.Response) -> None:
    async with make_client(FakeServer(response), retry=NO_RETRY) as si:
        with pytest.raises(errors.ApiError) as info:
            await si.entities.get(ENT_ID)
    error = info.value
    for text in (str(error), repr(error), error.message, *(i.message for i in error.issues)):
        assert KEY not in text
        assert "TopS3cret" not in text
        assert "abcdefABCDEF" not in text


@pytest.mark.anyio
async def test_no_key_in_network_error_text() -> None:
    server = FakeServer(httpx.ConnectError(f"failed with headers Authorization: Bearer {KEY}"))
    async with make_client(server, retry=NO_RETRY) as si:
        with pytest.raises(errors.NetworkError) as info:
            await si.entities.list()
    assert KEY not in str(info.value) and KEY not in repr(info.value)


@pytest.mark.anyio
async def test_a_key_of_no_known_shape_is_redacted_too() -> None:
    odd_key = "custom-Key-9f8e7d6c5b4a"
    server = FakeServer(
        fail(401, message=f"unknown key {odd_key}"),
        httpx.ConnectError(f"proxy refused token {odd_key}"),
    )
    async with SpaceInvoicesClient(
        api_key=odd_key, base_url=BASE, transport=httpx.MockTransport(server), retry=NO_RETRY
    ) as si:
        with pytest.raises(errors.AuthenticationError) as auth:
            await si.entities.list()
        with pytest.raises(errors.NetworkError) as net:
            await si.entities.list()
    for error in (auth.value, net.value):
        assert odd_key not in str(error) and odd_key not in repr(error)
        assert odd_key not in str(error.args)


def test_redact_patterns() -> None:
    text = f"a {KEY} b Bearer abc.def c ek_sandbox_XYZ d authorization=zzz e"
    out = errors.redact(text, ("extra-secret",))
    assert KEY not in out and "abc.def" not in out and "XYZ" not in out and "zzz" not in out
    assert out.startswith("a sk_live_[redacted] b Bearer [redacted]")
    assert errors.redact("my extra-secret!", ("extra-secret",)) == "my [redacted]!"


def test_error_repr_and_str_without_response() -> None:
    error = errors.ApiError("plain")
    assert str(error) == "plain"
    assert repr(error) == "ApiError(status=None, code=None, message='plain', request_id=None)"
    long = errors.ApiError("x" * 2000)
    assert len(long.message) == 500


def test_error_path_drops_the_query() -> None:
    error = errors.ApiError("m", method="GET", path="https://cdn.test/a.png?X-Amz-Signature=abc")
    assert error.path == "https://cdn.test/a.png"
    assert "abc" not in str(error)


@pytest.mark.anyio
async def test_page_of_errors_maps_first_page_failure() -> None:
    server = FakeServer(ok(page([{"id": ENT_ID}], next_cursor="c2")), fail(404))
    async with make_client(server, retry=NO_RETRY) as si:
        seen = []
        with pytest.raises(errors.NotFoundError):
            async for item in si.entities.iterate():
                seen.append(item.id)
    assert seen == [ENT_ID]
