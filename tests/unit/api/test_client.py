"""What the client sends, and how it behaves around the edges (ids, pages, cancellation)."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from si_desktop import __version__
from si_desktop.api import (
    BusinessUnit,
    Entity,
    EntitySettings,
    File,
    NumberFormats,
    Page,
    RetryPolicy,
    SpaceInvoicesClient,
    errors,
)
from tests.unit.api.conftest import (
    ACC_ID,
    BASE,
    ENT_ID,
    ENT_ID_2,
    FILE_ID,
    KEY,
    UNIT_ID,
    FakeServer,
    entity,
    fail,
    load,
    make_client,
    ok,
    page,
    seed_examples,
    unit,
)


def query_of(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query.decode(), keep_blank_values=True)


# --- the public surface ---------------------------------------------------------------------


def test_public_names() -> None:
    from si_desktop.api import BusinessUnit, Entity, File, Page, SpaceInvoicesClient, errors

    assert issubclass(errors.ValidationError, errors.ApiError)
    assert {Entity, BusinessUnit, Page, File, SpaceInvoicesClient}


def test_only_transport_imports_httpx() -> None:
    from pathlib import Path

    import si_desktop.api as api

    root = Path(api.__file__).parent
    importers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "import httpx" in p.read_text() or "from httpx" in p.read_text()
    )
    assert importers == ["transport.py"]


def test_no_qt_in_the_client() -> None:
    from pathlib import Path

    import si_desktop.api as api

    for path in Path(api.__file__).parent.rglob("*.py"):
        assert "PySide6" not in path.read_text()


# --- headers and query ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_headers_for_entity_calls() -> None:
    server = FakeServer(ok(page([entity()])))
    async with make_client(server, account_id=ACC_ID) as si:
        await si.entities.list()
    headers = server.last.headers
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["x-account-id"] == ACC_ID
    assert "x-entity-id" not in headers
    assert headers["User-Agent"].startswith(f"si-desktop/{__version__} ")
    assert headers["Accept"] == "application/json"
    assert len(headers["X-Request-Id"]) >= 16
    assert server.last.url.path == "/entities"


@pytest.mark.anyio
async def test_headers_for_entity_scoped_calls() -> None:
    server = FakeServer(ok(page([unit()])))
    async with make_client(server, account_id=ACC_ID) as si:
        await si.business_units.list(entity_id=ENT_ID)
        await si.business_units.list(entity_id=None)
    assert server.requests[0].headers["x-entity-id"] == ENT_ID
    assert "x-account-id" not in server.requests[0].headers
    assert "x-entity-id" not in server.requests[1].headers


@pytest.mark.anyio
async def test_every_request_gets_its_own_request_id() -> None:
    server = FakeServer(ok(entity()))
    async with make_client(server) as si:
        await si.entities.get(ENT_ID)
        await si.entities.get(ENT_ID)
    assert server.requests[0].headers["X-Request-Id"] != server.requests[1].headers["X-Request-Id"]


@pytest.mark.anyio
async def test_entity_list_query_encoding() -> None:
    server = FakeServer(ok(page([])))
    async with make_client(server) as si:
        await si.entities.list(
            limit=25,
            next_cursor="abc==",
            search="d.o.o. & co",
            query={"country": {"in": ["Slovenia", "Österreich"]}, "created_at": {"gte": "2024"}},
            order_by=["-created_at", "name"],
            environment="sandbox",
            include_total_count=False,
        )
        await si.entities.list(order_by="name", prev_cursor="p")
        await si.entities.list()
    first = query_of(server.requests[0])
    assert first == [
        ("limit", "25"),
        ("next_cursor", "abc=="),
        ("include_total_count", "false"),
        ("order_by", "-created_at"),
        ("order_by", "name"),
        ("search", "d.o.o. & co"),
        ("query", '{"country":{"in":["Slovenia","Österreich"]},"created_at":{"gte":"2024"}}'),
        ("environment", "sandbox"),
    ]
    assert query_of(server.requests[1]) == [("prev_cursor", "p"), ("order_by", "name")]
    assert query_of(server.requests[2]) == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    "kwargs",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": True},
        {"next_cursor": "a", "prev_cursor": "b"},
        {"environment": "staging"},
        {"order_by": ""},
        {"order_by": ["name", 3]},
    ],
)
async def test_bad_list_arguments_fail_before_sending(kwargs: dict[str, Any]) -> None:
    server = FakeServer(ok(page([])))
    async with make_client(server) as si:
        with pytest.raises(ValueError):
            await si.entities.list(**kwargs)
    assert server.requests == []


@pytest.mark.anyio
async def test_query_must_be_a_dict() -> None:
    server = FakeServer(ok(page([])))
    async with make_client(server) as si:
        with pytest.raises(TypeError):
            await si.entities.list(query='{"name": "x"}')  # type: ignore[arg-type]
    assert server.requests == []


@pytest.mark.anyio
async def test_business_unit_list_filters() -> None:
    server = FakeServer(ok(page([unit()])))
    async with make_client(server) as si:
        result = await si.business_units.list(
            entity_id=ENT_ID, include_archived=True, limit=5, search="shop",
            query={"name": "Shop"}, order_by="-numbering_index", include_total_count=True,
        )
        await si.business_units.list(entity_id=ENT_ID)
    assert isinstance(result.data[0], BusinessUnit)
    assert query_of(server.requests[0]) == [
        ("limit", "5"),
        ("include_total_count", "true"),
        ("order_by", "-numbering_index"),
        ("search", "shop"),
        ("query", '{"name":"Shop"}'),
        ("include_archived", "true"),
    ]
    assert query_of(server.requests[1]) == []


# --- ids ------------------------------------------------------------------------------------

BAD_IDS = [
    "",
    "ent_",
    "ent_123",
    "ent_6595a27b5d35015c3ef0c3f",  # 23 hex
    "ent_6595a27b5d35015c3ef0c3fdd",  # 25 hex
    "ent_6595a27b5d35015c3ef0c3fz",
    "ENT_6595a27b5d35015c3ef0c3fd",
    "unit_6595a27b5d35015c3ef0c3fd",  # the wrong kind
    "ent_6595a27b5d35015c3ef0c3fd/../x",
    "../ent_6595a27b5d35015c3ef0c3fd",
    "ent_6595a27b5d35015c3ef0c3fd?x=1",
    "ent_6595a27b5d35015c3ef0c3fd#frag",
    "ent_6595a27b5d35015c3ef0c3f%64",
    "ent_6595a27b5d35015c3ef0c3fd\n",
    "ent_6595a27b5d35015c3ef0c3fd ",
    " ent_6595a27b5d35015c3ef0c3fd",
    "ent_６595a27b5d35015c3ef0c3fd",  # a full-width digit
]


@pytest.mark.anyio
@pytest.mark.parametrize("bad", BAD_IDS)
async def test_bad_entity_ids_send_nothing(bad: str) -> None:
    server = FakeServer(ok(entity()))
    async with make_client(server) as si:
        for call in (
            si.entities.get(bad),
            si.entities.update(bad, name="x"),
            si.entities.enable(bad),
            si.entities.disable(bad),
            si.business_units.list(entity_id=bad),
            si.business_units.get(UNIT_ID, entity_id=bad),
            si.business_units.create(entity_id=bad, name="x"),
            si.files.list(entity_id=bad),
            si.files.upload(entity_id=bad, content=b"x", filename="a.png"),
        ):
            with pytest.raises(ValueError):
                await call
    assert server.requests == []


@pytest.mark.anyio
@pytest.mark.parametrize("bad", ["unit_1", "unit_7595a27b5d35015c3ef0c3fe/..", ENT_ID, "%2e%2e"])
async def test_bad_unit_ids_send_nothing(bad: str) -> None:
    server = FakeServer(ok(unit()))
    async with make_client(server) as si:
        for call in (
            si.business_units.get(bad, entity_id=ENT_ID),
            si.business_units.update(bad, entity_id=ENT_ID, name="x"),
            si.business_units.archive(bad, entity_id=ENT_ID),
            si.files.list(entity_id=ENT_ID, business_unit_id=bad),
        ):
            with pytest.raises(ValueError):
                await call
    assert server.requests == []


@pytest.mark.anyio
async def test_non_string_id_is_rejected() -> None:
    async with make_client(FakeServer(ok(entity()))) as si:
        with pytest.raises(ValueError):
            await si.entities.get(42)  # type: ignore[arg-type]


def test_bad_account_id_is_rejected_at_construction() -> None:
    with pytest.raises(ValueError):
        SpaceInvoicesClient(api_key=KEY, account_id="acc_../x")


def test_id_error_does_not_echo_a_key() -> None:
    from si_desktop.api import check_id

    with pytest.raises(ValueError) as info:
        check_id(KEY, "ent")
    assert KEY not in str(info.value)


# --- construction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "http://eu.spaceinvoices.com",
        "ftp://eu.spaceinvoices.com",
        "eu.spaceinvoices.com",
        "https://user:pw@eu.spaceinvoices.com",
        "https://eu.spaceinvoices.com/?x=1",
    ],
)
def test_unsafe_base_urls_are_refused(base_url: str) -> None:
    with pytest.raises(ValueError):
        SpaceInvoicesClient(api_key=KEY, base_url=base_url)


@pytest.mark.parametrize(
    "base_url", ["https://eu.spaceinvoices.com", "http://127.0.0.1:8765", "http://localhost:1",
                 "http://[::1]:8765/"],
)
def test_safe_base_urls_are_accepted(base_url: str) -> None:
    SpaceInvoicesClient(api_key=KEY, base_url=base_url)


@pytest.mark.parametrize("key", ["", "   ", "sk_live_a b", "sk_live_\n", "sk_live_ключ"])
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):
        SpaceInvoicesClient(api_key=key)


def test_repr_hides_the_key() -> None:
    si = SpaceInvoicesClient(api_key=KEY, account_id=ACC_ID)
    assert KEY not in repr(si) and KEY not in str(si)
    assert KEY not in repr(vars(si).get("entities"))


# --- entities -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_create_sends_the_seed_example_body() -> None:
    server = FakeServer(ok(load(seed_examples("seed003_")[1]), status=201))
    async with make_client(server) as si:
        created = await si.entities.create(name="Starward Equipment Co.", country="United States")
    assert server.last.method == "POST" and server.last.url.path == "/entities"
    assert server.body() == {"name": "Starward Equipment Co.", "country": "United States"}
    assert server.last.headers["Content-Type"] == "application/json"
    assert created.country_code == "US"


@pytest.mark.anyio
async def test_create_with_more_fields_and_models_as_values() -> None:
    server = FakeServer(ok(entity()))
    async with make_client(server) as si:
        await si.entities.create(
            name="A", country="Slovenia", tax_number="SI1", metadata={"crm": "42"},
            settings={"number_formats": NumberFormats(invoice="INV-{nnnn}")},
        )
    assert server.body() == {
        "name": "A", "country": "Slovenia", "tax_number": "SI1", "metadata": {"crm": "42"},
        "settings": {"number_formats": {"invoice": "INV-{nnnn}"}},
    }


@pytest.mark.anyio
async def test_update_sends_patch_with_only_the_given_keys() -> None:
    server = FakeServer(ok(entity()))
    async with make_client(server) as si:
        await si.entities.update(ENT_ID, name="Updated Company Name")
        await si.entities.update(
            ENT_ID,
            settings={"primary_color": "#1D4ED8", "default_invoice_payment_terms": None},
        )
    assert server.requests[0].method == "PATCH"
    assert server.requests[0].url.path == f"/entities/{ENT_ID}"
    assert server.body(0) == {"name": "Updated Company Name"}  # the seed's update example
    assert server.body(1) == {
        "settings": {"primary_color": "#1D4ED8", "default_invoice_payment_terms": None}
    }


@pytest.mark.anyio
async def test_settings_must_be_a_dict_of_changed_keys() -> None:
    server = FakeServer(ok(entity()))
    async with make_client(server) as si:
        whole = EntitySettings.model_validate({"primary_color": "#fff"})
        with pytest.raises(TypeError):
            await si.entities.update(ENT_ID, settings=whole)
        with pytest.raises(TypeError):
            await si.entities.update(ENT_ID, settings=["primary_color"])
        await si.entities.update(ENT_ID, settings=None)
    assert len(server.requests) == 1
    assert server.body() == {"settings": None}


@pytest.mark.anyio
async def test_patch_405_falls_back_to_put_once_and_remembers() -> None:
    server = FakeServer(
        fail(405, code="method_not_allowed"), ok(entity(name="B")), ok(entity(name="C"))
    )
    async with make_client(server) as si:
        first = await si.entities.update(ENT_ID, name="B")
        second = await si.with_options(timeout=5).entities.update(ENT_ID, name="C")
    assert [r.method for r in server.requests] == ["PATCH", "PUT", "PUT"]
    assert first.name == "B" and second.name == "C"
    assert server.body(1) == server.body(0) == {"name": "B"}
    # The PUT has its own id: the server would replay the PATCH's stored 405 otherwise.
    assert server.requests[0].headers["X-Request-Id"] != server.requests[1].headers["X-Request-Id"]


@pytest.mark.anyio
async def test_put_fallback_keeps_a_caller_request_id_stable() -> None:
    ids: list[str] = []
    for _ in range(2):
        server = FakeServer(fail(405), ok(entity()))
        async with make_client(server) as si:
            await si.entities.update(ENT_ID, request_id="queued-edit-7", name="x")
        assert server.requests[0].headers["X-Request-Id"] == "queued-edit-7"
        ids.append(server.requests[1].headers["X-Request-Id"])
    assert ids[0] == ids[1] != "queued-edit-7"


@pytest.mark.anyio
async def test_a_405_on_put_is_raised() -> None:
    server = FakeServer(fail(405), fail(405))
    async with make_client(server) as si:
        with pytest.raises(errors.ApiError) as info:
            await si.entities.update(ENT_ID, name="x")
    assert info.value.status == 405
    assert [r.method for r in server.requests] == ["PATCH", "PUT"]


@pytest.mark.anyio
async def test_enable_and_disable() -> None:
    server = FakeServer(ok(entity(is_enabled=True)), ok(entity(is_enabled=False)))
    async with make_client(server) as si:
        assert (await si.entities.enable(ENT_ID)).is_enabled is True
        assert (await si.entities.disable(ENT_ID)).is_enabled is False
    assert [(r.method, r.url.path) for r in server.requests] == [
        ("POST", f"/entities/{ENT_ID}/enable"),
        ("POST", f"/entities/{ENT_ID}/disable"),
    ]


# --- iteration ------------------------------------------------------------------------------


def _paged_server(total: int, size_cap: int = 100) -> FakeServer:
    records = [entity(id=f"ent_{i:024x}", name=f"Client {i}") for i in range(total)]

    def reply(request: httpx.Request) -> httpx.Response:
        params = dict(query_of(request))
        start = int(params.get("next_cursor", "0"))
        size = min(int(params.get("limit", "10")), size_cap)
        chunk = records[start : start + size]
        more = start + size < total
        return ok(page(chunk, next_cursor=str(start + size) if more else None))

    return FakeServer(reply)


@pytest.mark.anyio
async def test_iterate_walks_every_page() -> None:
    server = _paged_server(1234)
    async with make_client(server) as si:
        names = [e.name async for e in si.entities.iterate(search="client")]
    assert len(names) == 1234 and len(set(names)) == 1234
    assert len(server.requests) == 13
    assert all(("limit", "100") in query_of(r) for r in server.requests)
    assert all(("search", "client") in query_of(r) for r in server.requests)
    assert all(("include_total_count", "false") in query_of(r) for r in server.requests)


@pytest.mark.anyio
async def test_iterate_with_a_small_page_size_and_a_server_cap() -> None:
    server = _paged_server(25, size_cap=4)
    async with make_client(server) as si:
        items = [e async for e in si.entities.iterate(page_size=10)]
    assert len(items) == 25
    assert all(isinstance(e, Entity) for e in items)


@pytest.mark.anyio
async def test_iterate_survives_failures_without_repeating_records() -> None:
    inner = _paged_server(300)
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] % 2 == 1:
            return fail(503)
        return inner(request)

    async with make_client(flaky) as si:
        ids = [e.id async for e in si.entities.iterate()]
    assert len(ids) == len(set(ids)) == 300


@pytest.mark.anyio
async def test_iterate_skips_a_repeated_record_and_stops_on_a_cursor_loop() -> None:
    server = FakeServer(
        ok(page([entity(id=ENT_ID)], next_cursor="a")),
        ok(page([entity(id=ENT_ID), entity(id=ENT_ID_2)], next_cursor="b")),
        ok(page([], next_cursor="a")),
        ok(page([], next_cursor="a")),
    )
    async with make_client(server) as si:
        seen: list[str] = []
        with pytest.raises(errors.MalformedResponseError):
            async for e in si.entities.iterate():
                seen.append(e.id)
    assert seen == [ENT_ID, ENT_ID_2]


@pytest.mark.anyio
async def test_iterate_units_and_files() -> None:
    server = FakeServer(
        ok(page([unit()], next_cursor="n")),
        ok(page([unit(id="unit_6595a27b5d35015c3ef0c3fd")])),
        ok(page([{"id": FILE_ID, "category": "logo"}])),
    )
    async with make_client(server) as si:
        units = [u async for u in si.business_units.iterate(entity_id=ENT_ID,
                                                            include_archived=True)]
        files = [f async for f in si.files.iterate(entity_id=ENT_ID, category="logo")]
    assert len(units) == 2 and len(files) == 1
    assert ("include_archived", "true") in query_of(server.requests[1])
    assert ("next_cursor", "n") in query_of(server.requests[1])


# --- business units -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_business_unit_calls() -> None:
    example = load(seed_examples("seed004_")[0])
    server = FakeServer(ok(unit()), ok(example), ok(example), httpx.Response(204), ok(unit()))
    async with make_client(server) as si:
        created = await si.business_units.create(entity_id=ENT_ID, name="Ljubljana Store")
        got = await si.business_units.get(UNIT_ID, entity_id=ENT_ID, include_archived=True)
        await si.business_units.update(
            UNIT_ID, entity_id=ENT_ID, name="Ljubljana Flagship",
        )
        archived = await si.business_units.archive(UNIT_ID, entity_id=ENT_ID)
        archived_unit = await si.business_units.archive(UNIT_ID, entity_id=ENT_ID)
    assert created.numbering_index is None and got.numbering_index == 2
    assert archived is None and archived_unit is not None
    assert [(r.method, r.url.path) for r in server.requests] == [
        ("POST", "/business-units"),
        ("GET", f"/business-units/{UNIT_ID}"),
        ("PATCH", f"/business-units/{UNIT_ID}"),
        ("DELETE", f"/business-units/{UNIT_ID}"),
        ("DELETE", f"/business-units/{UNIT_ID}"),
    ]
    assert server.body(0) == {"name": "Ljubljana Store"}
    assert query_of(server.requests[1]) == [("include_archived", "true")]
    assert server.body(2) == {"name": "Ljubljana Flagship"}
    assert all(r.headers["x-entity-id"] == ENT_ID for r in server.requests)


@pytest.mark.anyio
async def test_archive_accepts_a_bare_acknowledgement() -> None:
    server = FakeServer(ok({"deleted": True}), httpx.Response(200, text="OK"))
    async with make_client(server) as si:
        assert await si.business_units.archive(UNIT_ID, entity_id=ENT_ID) is None
        assert await si.business_units.archive(UNIT_ID, entity_id=ENT_ID) is None


@pytest.mark.anyio
async def test_unit_email_defaults_are_written_flat() -> None:
    server = FakeServer(ok(unit()))
    async with make_client(server) as si:
        await si.business_units.update(
            UNIT_ID, entity_id=ENT_ID,
            settings={"email_defaults": {
                "invoice": {"subject": "S", "body": "B"},
                "estimate_subject": "E",
                "credit_note": {"subject": "nested"},
                "credit_note_subject": "flat wins",
            }},
        )
    assert server.body() == {"settings": {"email_defaults": {
        "invoice_subject": "S", "invoice_body": "B", "estimate_subject": "E",
        "credit_note_subject": "flat wins",
    }}}


@pytest.mark.anyio
async def test_unit_read_modify_write_sends_only_the_changed_key() -> None:
    example = load(seed_examples("seed004_")[0])
    server = FakeServer(ok(example))
    async with make_client(server) as si:
        got = await si.business_units.get(UNIT_ID, entity_id=ENT_ID)
        assert got.settings is not None
        await si.business_units.update(
            UNIT_ID, entity_id=ENT_ID, settings={"primary_color": "#000000"}
        )
    assert server.body() == {"settings": {"primary_color": "#000000"}}


# --- files ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_upload_is_multipart() -> None:
    server = FakeServer(ok({"id": FILE_ID, "secureUrl": "https://cdn.test/l.png"}))
    async with make_client(server) as si:
        file = await si.files.upload(
            entity_id=ENT_ID, content=b"\x89PNG...", filename="../../logo.png",
            category="logo", business_unit_id=UNIT_ID,
        )
    assert isinstance(file, File) and file.download_url == "https://cdn.test/l.png"
    request = server.last
    assert request.method == "POST" and request.url.path == "/files"
    assert request.headers["x-entity-id"] == ENT_ID
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = request.content
    assert b'name="file"; filename="logo.png"' in body
    assert b"Content-Type: image/png" in body
    assert b"\x89PNG..." in body
    assert b'name="category"\r\n\r\nlogo' in body
    assert f'name="business_unit_id"\r\n\r\n{UNIT_ID}'.encode() in body


@pytest.mark.anyio
@pytest.mark.parametrize("name", ["", "..", "dir/", "a\nb.png"])
async def test_upload_refuses_odd_file_names(name: str) -> None:
    server = FakeServer(ok({"id": FILE_ID}))
    async with make_client(server) as si:
        with pytest.raises(ValueError):
            await si.files.upload(entity_id=ENT_ID, content=b"x", filename=name)
        with pytest.raises(TypeError):
            await si.files.upload(entity_id=ENT_ID, content="text", filename="a.png")  # type: ignore[arg-type]
    assert server.requests == []


@pytest.mark.anyio
async def test_files_list() -> None:
    server = FakeServer(ok(page([{"id": FILE_ID, "category": "signature"}])))
    async with make_client(server) as si:
        result = await si.files.list(entity_id=ENT_ID, category="signature",
                                     business_unit_id=UNIT_ID, limit=3)
    assert isinstance(result, Page) and result.data[0].category == "signature"
    assert query_of(server.last) == [
        ("limit", "3"), ("category", "signature"), ("business_unit_id", UNIT_ID)
    ]


@pytest.mark.anyio
async def test_download_sends_the_key_only_to_the_api_origin() -> None:
    server = FakeServer(httpx.Response(200, content=b"PNGDATA"))
    async with make_client(server) as si:
        own = File.model_validate({"id": FILE_ID, "secure_url": f"{BASE}/files/{FILE_ID}/raw"})
        foreign = File.model_validate({"id": FILE_ID, "secureUrl": "https://cdn.test/a.png?sig=1"})
        assert await si.files.download(own) == b"PNGDATA"
        assert await si.files.download(foreign) == b"PNGDATA"
        assert await si.files.download("/files/x/raw") == b"PNGDATA"
    assert server.requests[0].headers["Authorization"] == f"Bearer {KEY}"
    assert "Authorization" not in server.requests[1].headers
    assert server.requests[1].url.host == "cdn.test"
    assert server.requests[2].url == httpx.URL(f"{BASE}/files/x/raw")
    assert server.requests[2].headers["Authorization"] == f"Bearer {KEY}"


@pytest.mark.anyio
async def test_download_errors() -> None:
    server = FakeServer(httpx.Response(404, text="gone"))
    async with make_client(server) as si:
        with pytest.raises(ValueError):
            await si.files.download(File.model_validate({"id": FILE_ID}))
        with pytest.raises(ValueError):
            await si.files.download("file:///etc/passwd")
        with pytest.raises(errors.NotFoundError):
            await si.files.download("https://cdn.test/x.png")


# --- timeouts, cancellation, lifecycle ------------------------------------------------------


@pytest.mark.anyio
async def test_per_call_and_per_client_timeouts() -> None:
    server = FakeServer(ok(entity()))
    async with make_client(server, timeout=30.0) as si:
        await si.entities.get(ENT_ID)
        await si.entities.get(ENT_ID, timeout=2.5)
        await si.with_options(timeout=7.0).entities.get(ENT_ID)
        await si.entities.get(ENT_ID)  # the copy did not change the original
    seen = [r.extensions["timeout"]["read"] for r in server.requests]
    assert seen == [30.0, 2.5, 7.0, 30.0]


@pytest.mark.anyio
async def test_with_options_shares_pool_and_state() -> None:
    server = FakeServer(fail(500), ok(entity()))
    async with make_client(server) as si:
        quick = si.with_options(retry=RetryPolicy.never())
        with pytest.raises(errors.ServerError):
            await quick.entities.get(ENT_ID)
        assert quick.rate_limiter is si.rate_limiter
        await si.aclose()
        assert quick.closed


@pytest.mark.anyio
async def test_closed_client_refuses_work_and_aclose_is_idempotent() -> None:
    server = FakeServer(ok(entity()))
    si = make_client(server)
    await si.aclose()
    await si.aclose()
    with pytest.raises(RuntimeError):
        await si.entities.get(ENT_ID)
    assert server.requests == []


@pytest.mark.anyio
async def test_cancelled_request_leaves_the_client_usable() -> None:
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow_then_fast(request: httpx.Request) -> httpx.Response:
        if not started.is_set():
            started.set()
            await release.wait()  # never set: this one gets cancelled mid-request
        return ok(entity(name="after"))

    transport = httpx.MockTransport(slow_then_fast)
    async with SpaceInvoicesClient(
        api_key=KEY, base_url=BASE, transport=transport, rate_limit_per_min=1000
    ) as si:
        task = asyncio.create_task(si.entities.get(ENT_ID))
        await asyncio.wait_for(started.wait(), 1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        again = await asyncio.wait_for(si.entities.get(ENT_ID), 1)
        results = await asyncio.wait_for(
            asyncio.gather(*(si.entities.get(ENT_ID) for _ in range(20))), 2
        )
    assert again.name == "after"
    assert len(results) == 20


@pytest.mark.anyio
async def test_cancelled_patch_does_not_switch_to_put() -> None:
    gate = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH" and not gate.is_set():
            gate.set()
            await asyncio.Event().wait()
        return ok(entity())

    seen: list[str] = []

    async def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        return await handler(request)

    async with SpaceInvoicesClient(
        api_key=KEY, base_url=BASE, transport=httpx.MockTransport(recording)
    ) as si:
        task = asyncio.create_task(si.entities.update(ENT_ID, name="x"))
        await asyncio.wait_for(gate.wait(), 1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await si.entities.update(ENT_ID, name="y")
    assert seen == ["PATCH", "PATCH"]


@pytest.mark.anyio
async def test_timeout_wrapping_the_call_is_cancel_safe() -> None:
    async def sleepy(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("slow"):
            await asyncio.sleep(10)
        return ok(page([]))

    async with SpaceInvoicesClient(
        api_key=KEY, base_url=BASE, transport=httpx.MockTransport(sleepy)
    ) as si:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.05):
                await si.files.download(f"{BASE}/slow")
        assert (await si.entities.list()).data == []


def test_json_bodies_are_plain_json() -> None:
    from si_desktop.api.resources._base import write_body

    body = write_body({"metadata": {"a": "b"}, "settings": {"n": [NumberFormats(invoice="x")]}})
    assert json.loads(json.dumps(body)) == {
        "metadata": {"a": "b"}, "settings": {"n": [{"invoice": "x"}]}
    }
