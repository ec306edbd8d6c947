"""The API client end to end against the local sandbox (in-process over
`httpx.ASGITransport`, and once over a real loopback port).

The sandbox is an independent reading of CONTRACT.md, so these tests check the client and
the sandbox against each other: a field name or a rule read wrongly on one side shows up here.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import stamina
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from si_desktop.api import Entity, Page, RetryPolicy, SpaceInvoicesClient, errors
from si_desktop.sandbox import Faults, SandboxServer, create_app

BASE = "http://sandbox.test"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def no_real_sleeping() -> Iterator[None]:
    with stamina.set_testing(True, attempts=1000, cap=True):
        yield


@asynccontextmanager
async def connect(
    app: Starlette, key: str, **kwargs: Any
) -> AsyncIterator[SpaceInvoicesClient]:
    kwargs.setdefault("rate_limit_per_min", None)
    async with SpaceInvoicesClient(
        api_key=key, base_url=BASE, transport=httpx.ASGITransport(app=app), **kwargs
    ) as si:
        yield si


@asynccontextmanager
async def sandbox(key: str, **kwargs: Any) -> AsyncIterator[Starlette]:
    app = create_app(api_key=key, **kwargs)
    try:
        yield app
    finally:
        app.state.sandbox.close()


async def make_clients(si: SpaceInvoicesClient) -> dict[str, Entity]:
    """A small, known set of client businesses for the filter tests."""
    specs = [
        ("Alpha Trgovina d.o.o.", "Slovenia", {"tier": "gold", "crm": "A-1"}),
        ("beta Bakery GmbH", "Austria", {"tier": "silver"}),
        ("Gamma Tools Ltd", "United Kingdom", {"tier": "gold"}),
        ("Delta Čevlji s.p.", "Slovenia", {"tier": "bronze", "note": "Needle in metadata"}),
        ("Epsilon Design", "Germany", {}),
    ]
    made = {}
    for name, country, metadata in specs:
        made[name] = await si.entities.create(name=name, country=country, metadata=metadata)
    return made


# --- entities: create, update, merge, enable --------------------------------------------------


@pytest.mark.anyio
async def test_create_fills_in_what_the_contract_says(sandbox_app: Starlette,
                                                      sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        created = await si.entities.create(name="Starward Equipment Co.", country="United States")
        fetched = await si.entities.get(created.id)
    assert created.id.startswith("ent_")
    assert (created.country_code, created.currency_code, created.locale) == ("US", "USD", "en-US")
    assert created.is_enabled is True and created.environment == "live"
    settings = created.settings
    assert settings is not None
    assert settings.default_invoice_due_days == 30
    assert settings.default_estimate_valid_days == 30
    assert settings.document_footer == "{entity_name}"
    assert settings.number_formats is not None and settings.number_formats.invoice
    assert settings.email_defaults is not None and settings.email_defaults.invoice_subject
    assert fetched.model_dump(mode="json") == created.model_dump(mode="json")


@pytest.mark.anyio
async def test_update_merges_settings_per_top_level_key(sandbox_app: Starlette,
                                                        sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        created = await si.entities.create(
            name="Merge d.o.o.", country="Slovenia",
            settings={"primary_color": "#112233", "document_footer": "Footer",
                      "translations": {"en": {"a": "A"}, "de": {"a": "Ä"}}},
        )
        before = created.settings
        assert before is not None
        updated = await si.entities.update(
            created.id,
            name="Merged d.o.o.",
            settings={"primary_color": "#445566", "document_footer": None,
                      "translations": {"en": {"b": "B"}},
                      "furs": {"enabled": True}},  # managed elsewhere: ignored
        )
    after = updated.settings
    assert after is not None
    assert updated.name == "Merged d.o.o."
    assert after.primary_color == "#445566"  # replaced
    assert after.document_footer is None  # null cleared it (kept as null, or dropped)
    assert after.email_defaults == before.email_defaults  # untouched
    assert after.number_formats == before.number_formats
    assert after.translations == {"en": {"b": "B"}, "de": {"a": "Ä"}}  # one level deeper
    assert after.furs is None
    assert updated.country == "Slovenia"


@pytest.mark.anyio
async def test_unknown_settings_keys_survive_a_read_modify_write(sandbox_app: Starlette,
                                                                 sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        created = await si.entities.create(
            name="Future GmbH", country="Austria",
            settings={"some_future_setting": {"nested": [1, None, "x"]}},
        )
        assert created.settings is not None
        future = {"some_future_setting": {"nested": [1, None, "x"]}}
        assert created.settings.unknown_keys() == future
        updated = await si.entities.update(created.id, settings={"primary_color": "#000"})
    assert updated.settings is not None
    assert updated.settings.unknown_keys() == future


@pytest.mark.anyio
async def test_update_with_put_after_405(sandbox_app: Starlette, sandbox_key: str) -> None:
    """A server without PATCH: the client falls back to PUT and the sandbox takes it."""

    async def no_patch(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "PATCH":
            response = httpx.Response(405)  # only to build the bytes below
            await send({"type": "http.response.start", "status": response.status_code,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body",
                        "body": b'{"code":"method_not_allowed","message":"Use PUT."}'})
            return
        await sandbox_app(scope, receive, send)

    async with SpaceInvoicesClient(
        api_key=sandbox_key, base_url=BASE, transport=httpx.ASGITransport(app=no_patch),
        rate_limit_per_min=None,
    ) as si:
        created = await si.entities.create(name="Put Me", country="Slovenia")
        first = await si.entities.update(created.id, name="Put Me 2")
        second = await si.entities.update(created.id, name="Put Me 3")
    assert (first.name, second.name) == ("Put Me 2", "Put Me 3")


@pytest.mark.anyio
async def test_enable_disable_are_idempotent(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        created = await si.entities.create(name="Toggle", country="Slovenia")
        assert (await si.entities.disable(created.id)).is_enabled is False
        assert (await si.entities.disable(created.id)).is_enabled is False
        assert (await si.entities.enable(created.id)).is_enabled is True
        assert (await si.entities.enable(created.id)).is_enabled is True


@pytest.mark.anyio
async def test_validation_errors_point_at_fields(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        created = await si.entities.create(name="Valid", country="Slovenia")
        with pytest.raises(errors.ValidationError) as info:
            await si.entities.update(created.id, settings={"primary_color": "blue"})
        with pytest.raises(errors.ValidationError) as missing:
            await si.entities.create(name="", country="Slovenia")
    assert info.value.status == 422 and info.value.code == "validation_error"
    assert ("settings", "primary_color") in [i.path for i in info.value.issues]
    assert any(i.path == ("name",) for i in missing.value.issues)


@pytest.mark.anyio
async def test_error_statuses(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        with pytest.raises(errors.NotFoundError) as nf:
            await si.entities.get("ent_000000000000000000000000")
        await si.entities.create(name="One", country="Slovenia")
        await si.entities.create(name="Two", country="Slovenia")
        with pytest.raises(errors.BadRequestError):  # two entities and no x-entity-id
            await si.business_units.list(entity_id=None)
    assert nf.value.request_id
    async with connect(sandbox_app, "sk_live_" + "0" * 32) as wrong:
        with pytest.raises(errors.AuthenticationError) as auth:
            await wrong.entities.list()
    assert "0" * 32 not in str(auth.value)
    async with connect(sandbox_app, sandbox_key, account_id="acc_" + "f" * 24) as other:
        with pytest.raises(errors.PermissionDeniedError):
            await other.entities.list()


# --- entity lists: every filter -------------------------------------------------------------


@pytest.mark.anyio
async def test_entity_list_filters(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        made = await make_clients(si)
        ids = {e.name or "": e.id for e in made.values()}

        async def names(**kw: Any) -> list[str]:
            page = await si.entities.list(limit=100, **kw)
            return [e.name or "" for e in page.data]

        everything = await si.entities.list(limit=100)
        assert everything.total == 5 and not everything.has_more
        assert (await si.entities.list(include_total_count=False)).total is None
        # order_by, one field and several
        assert await names(order_by="name") == sorted(ids, key=str.casefold)
        assert await names(order_by="-name") == sorted(ids, key=str.casefold, reverse=True)
        assert await names(order_by=["country", "-name"]) == [
            "beta Bakery GmbH", "Epsilon Design",
            "Delta Čevlji s.p.", "Alpha Trgovina d.o.o.", "Gamma Tools Ltd",
        ]
        # search: case-insensitive substring, metadata values included
        assert set(await names(search="BAKERY")) == {"beta Bakery GmbH"}
        assert set(await names(search="needle")) == {"Delta Čevlji s.p."}
        assert set(await names(search="d.o.o")) == {"Alpha Trgovina d.o.o."}
        # query: every operator
        slovenia = {"Alpha Trgovina d.o.o.", "Delta Čevlji s.p."}
        assert set(await names(query={"country": "Slovenia"})) == slovenia
        assert set(await names(query={"country": {"equals": "Slovenia"}})) == slovenia
        assert set(await names(query={"country": {"not": "Slovenia"}})) == set(ids) - slovenia
        assert set(await names(query={"country": {"in": ["Austria", "Germany"]}})) == {
            "beta Bakery GmbH", "Epsilon Design"}
        assert set(await names(query={"country": {"notIn": ["Slovenia", "Austria"]}})) == {
            "Gamma Tools Ltd", "Epsilon Design"}
        assert set(await names(query={"name": {"contains": "TOOLS"}})) == {"Gamma Tools Ltd"}
        assert set(await names(query={"name": {"startsWith": "Alpha"}})) == {
            "Alpha Trgovina d.o.o."}
        assert set(await names(query={"name": {"endsWith": "GmbH"}})) == {"beta Bakery GmbH"}
        assert set(await names(query={"currency_code": "GBP"})) == {"Gamma Tools Ltd"}
        assert set(await names(query={"metadata.tier": "gold"})) == {
            "Alpha Trgovina d.o.o.", "Gamma Tools Ltd"}
        assert set(await names(query={"id": ids["Epsilon Design"]})) == {"Epsilon Design"}
        stamps = sorted(e.created_at or "" for e in made.values())
        assert len(await names(query={"created_at": {"gt": stamps[1]}})) == 3
        assert len(await names(query={"created_at": {"gte": stamps[1]}})) == 4
        assert len(await names(query={"created_at": {"lt": stamps[1]}})) == 1
        assert len(await names(query={"created_at": {"lte": stamps[1]}})) == 2
        assert len(await names(query={"created_at": {"between": [stamps[1], stamps[3]]}})) == 3
        # search and query together
        assert set(await names(search="a", query={"country": "Slovenia"})) == slovenia
        # environment
        assert len(await names(environment="live")) == 5
        with pytest.raises(errors.ApiError):
            await si.entities.list(query={"website": "x"})  # not a filterable field


@pytest.mark.anyio
async def test_entity_list_cursors_both_ways(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        await make_clients(si)
        first = await si.entities.list(limit=2, order_by="name")
        assert first.has_more and first.total == 5 and first.prev_cursor is None
        second = await si.entities.list(limit=2, order_by="name", next_cursor=first.next_cursor)
        third = await si.entities.list(limit=2, order_by="name", next_cursor=second.next_cursor)
        assert not third.has_more and len(third.data) == 1
        back = await si.entities.list(limit=2, order_by="name", prev_cursor=second.prev_cursor)
    walked = [e.id for p in (first, second, third) for e in p.data]
    assert len(walked) == len(set(walked)) == 5
    assert [e.id for e in back.data] == [e.id for e in first.data]


@pytest.mark.anyio
async def test_other_environment_with_the_sandbox_twin_key(sandbox_key: str) -> None:
    twin = "sk_sandbox_" + sandbox_key.removeprefix("sk_live_")
    async with sandbox(sandbox_key) as app, connect(app, twin) as si:
        made = await si.entities.create(name="Test Co", country="Slovenia")
        assert made.environment == "sandbox"
        page = await si.entities.list(environment="sandbox")
        assert [e.id for e in page.data] == [made.id]
        assert si.rate_limiter is None


# --- iteration --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_iterate_many_pages(sandbox_key: str) -> None:
    async with sandbox(sandbox_key, clients=730, seed=3) as app, connect(app, sandbox_key) as si:
        everyone = [e async for e in si.entities.iterate(order_by="name")]
        small_pages = [e.id async for e in si.entities.iterate(page_size=37)]
        total = (await si.entities.list(limit=1)).total
    assert total == 730
    assert len(everyone) == len({e.id for e in everyone}) == 730
    assert set(small_pages) == {e.id for e in everyone}
    assert len(small_pages) == 730
    for entity in everyone[:50]:
        assert entity.model_dump(mode="json")["id"] == entity.id


@pytest.mark.anyio
async def test_error_rate_still_returns_every_record_exactly_once(sandbox_key: str) -> None:
    """`--error-rate 0.3`, the client's default retry policy, a full walk of 420 clients."""
    async with (
        sandbox(sandbox_key, clients=420, seed=1) as clean,
        connect(clean, sandbox_key) as si,
    ):
        expected = [e.id async for e in si.entities.iterate()]
    # A fixed seed makes the run repeatable; with five attempts a page is lost only after
    # five failures in a row (0.3**5, 0.24 % per page), see the next test for many pages.
    faults = Faults(error_rate=0.3, random_seed=1)
    async with sandbox(sandbox_key, clients=420, seed=1, faults=faults) as app:
        counted = Counting(app)
        async with SpaceInvoicesClient(
            api_key=sandbox_key, base_url=BASE, transport=httpx.ASGITransport(app=counted),
            rate_limit_per_min=None,
        ) as si:
            got = [e.id async for e in si.entities.iterate()]
    assert len(got) == len(set(got)) == 420
    assert set(got) == set(expected)
    assert counted.requests > 5  # some pages were answered with 5xx and retried


@pytest.mark.anyio
@pytest.mark.parametrize("random_seed", [1, 2, 3])
async def test_error_rate_over_hundreds_of_small_pages(sandbox_key: str, random_seed: int) -> None:
    """Many more requests (pages of 20, and every client's units two at a time): with ten
    attempts per page nothing is lost and nothing repeats."""
    faults = Faults(error_rate=0.3, random_seed=random_seed)
    async with (
        sandbox(sandbox_key, clients=300, seed=2) as clean,
        connect(clean, sandbox_key) as si,
    ):
        expected = [e.id async for e in si.entities.iterate()]
        expected_units = {
            entity_id: [u.id async for u in si.business_units.iterate(
                entity_id=entity_id, include_archived=True)]
            for entity_id in expected[:25]
        }
    async with sandbox(sandbox_key, clients=300, seed=2, faults=faults) as app:
        counted = Counting(app)
        async with SpaceInvoicesClient(
            api_key=sandbox_key, base_url=BASE, transport=httpx.ASGITransport(app=counted),
            rate_limit_per_min=None, retry=RetryPolicy(attempts=10),
        ) as si:
            got = [e.id async for e in si.entities.iterate(page_size=20)]
            units = {
                entity_id: [u.id async for u in si.business_units.iterate(
                    entity_id=entity_id, include_archived=True, page_size=2)]
                for entity_id in got[:25]
            }
    assert len(got) == len(set(got)) == 300
    assert set(got) == set(expected)
    assert units == expected_units
    assert sum(map(len, units.values())) > 0
    assert counted.requests > 15 + 25


class Counting:
    """An ASGI app that counts the requests it passes on."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.requests = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.requests += 1
        await self.app(scope, receive, send)


@pytest.mark.anyio
async def test_a_write_whose_answer_was_lost_runs_once(sandbox_key: str) -> None:
    """The answer to a create is lost on the way back; the retry carries the same
    X-Request-Id, and the sandbox replays the first answer instead of creating twice."""
    async with sandbox(sandbox_key) as app:
        inner = httpx.ASGITransport(app=app)
        lost = {"done": False}

        class LosingTransport(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                response = await inner.handle_async_request(request)
                if request.method == "POST" and not lost["done"]:
                    lost["done"] = True
                    await response.aread()
                    raise httpx.ReadError("connection reset after the server answered")
                return response

        async with SpaceInvoicesClient(
            api_key=sandbox_key, base_url=BASE, transport=LosingTransport(),
            rate_limit_per_min=None,
        ) as si:
            created = await si.entities.create(name="Only Once", country="Slovenia")
            page = await si.entities.list(search="Only Once")
    assert lost["done"]
    assert [e.id for e in page.data] == [created.id]


# --- business units -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_business_units_create_update_archive(sandbox_app: Starlette,
                                                    sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        owner = await si.entities.create(name="Units d.o.o.", country="Slovenia")
        shop = await si.business_units.create(
            entity_id=owner.id, name="Ljubljana Store", city="Ljubljana",
            settings={"primary_color": "#1D4ED8", "logo_scale_percent": 110,
                      "email_defaults": {"invoice": {"subject": "S {unit_name}", "body": "B"}}},
        )
        web = await si.business_units.create(entity_id=owner.id, name="Online store")
        assert (shop.numbering_index, web.numbering_index) == (1, 2)
        assert shop.settings is not None and shop.settings.email_defaults is not None
        assert shop.settings.email_defaults.invoice_subject == "S {unit_name}"
        # The client wrote the nested form flat.
        assert shop.settings.email_defaults.model_dump() == {
            "invoice_subject": "S {unit_name}", "invoice_body": "B"}

        renamed = await si.business_units.update(
            shop.id, entity_id=owner.id, name="Ljubljana Flagship",
            settings={"pdf_template": "minimal"},
        )
        assert renamed.name == "Ljubljana Flagship"
        assert renamed.settings is not None
        assert renamed.settings.primary_color == "#1D4ED8"  # merged, not replaced
        assert renamed.settings.pdf_template == "minimal"

        archived = await si.business_units.archive(web.id, entity_id=owner.id)
        assert archived is None or archived.is_archived
        active = await si.business_units.list(entity_id=owner.id)
        assert [u.id for u in active.data] == [shop.id]
        with_archived = await si.business_units.list(entity_id=owner.id, include_archived=True)
        assert {u.id for u in with_archived.data} == {shop.id, web.id}
        with pytest.raises(errors.NotFoundError):
            await si.business_units.get(web.id, entity_id=owner.id)
        again = await si.business_units.get(web.id, entity_id=owner.id, include_archived=True)
        assert again.is_archived and again.deleted_at is not None
        third = await si.business_units.create(entity_id=owner.id, name="Third")
        assert third.numbering_index == 3  # never reused


@pytest.mark.anyio
async def test_business_unit_list_filters(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        owner = await si.entities.create(name="Many Units", country="Slovenia")
        names = ["Maribor Shop", "Koper Shop", "Online store", "Brand Zeta", "Celje Kiosk"]
        units = [await si.business_units.create(entity_id=owner.id, name=n, city=n.split()[0])
                 for n in names]
        await si.business_units.archive(units[-1].id, entity_id=owner.id)

        async def listed(**kw: Any) -> list[str]:
            page = await si.business_units.list(entity_id=owner.id, limit=100, **kw)
            return [u.name or "" for u in page.data]

        assert await listed() == names[:-1]  # numbering order
        assert await listed(include_archived=True) == names
        assert await listed(order_by="-numbering_index") == names[-2::-1]
        assert await listed(order_by="name") == sorted(names[:-1])
        assert set(await listed(search="shop")) == {"Maribor Shop", "Koper Shop"}
        assert await listed(query={"numbering_index": {"gte": 3}}) == names[2:4]
        assert await listed(query={"name": {"startsWith": "Online"}}) == ["Online store"]
        assert await listed(query={"city": {"in": ["Koper", "Brand"]}}) == [
            "Koper Shop", "Brand Zeta"]
        page = await si.business_units.list(entity_id=owner.id, limit=2,
                                            include_total_count=True)
        assert page.total == 4 and page.has_more
        rest = await si.business_units.list(entity_id=owner.id, limit=2,
                                            next_cursor=page.next_cursor)
        assert [u.name for u in page.data + rest.data] == names[:-1]
        walked = [u.id async for u in si.business_units.iterate(entity_id=owner.id,
                                                                page_size=1)]
        assert walked == [u.id for u in units[:-1]]


# --- files ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_files_upload_list_download(sandbox_app: Starlette, sandbox_key: str) -> None:
    async with connect(sandbox_app, sandbox_key) as si:
        owner = await si.entities.create(name="Logo Co", country="Slovenia")
        shop = await si.business_units.create(entity_id=owner.id, name="Shop")
        logo = await si.files.upload(entity_id=owner.id, content=PNG, filename="logo.png")
        unit_logo = await si.files.upload(entity_id=owner.id, content=PNG, filename="u.png",
                                          category="logo", business_unit_id=shop.id)
        signature = await si.files.upload(entity_id=owner.id, content=PNG, filename="s.png",
                                          category="signature")
        assert logo.id.startswith("file_") and logo.download_url
        assert await si.files.download(logo) == PNG
        everything = await si.files.list(entity_id=owner.id)
        logos = await si.files.list(entity_id=owner.id, category="logo")
        of_unit = await si.files.list(entity_id=owner.id, business_unit_id=shop.id)
        refreshed = await si.entities.get(owner.id)
        unit_after = await si.business_units.get(shop.id, entity_id=owner.id)
        with pytest.raises(errors.ValidationError):
            await si.files.upload(entity_id=owner.id, content=b"not an image", filename="x.txt")
    assert {f.id for f in everything.data} == {logo.id, unit_logo.id, signature.id}
    assert {f.id for f in logos.data} == {logo.id, unit_logo.id}
    assert [f.id for f in of_unit.data] == [unit_logo.id]
    assert refreshed.settings is not None and refreshed.settings.has_logo is True
    assert unit_after.logo_file_id == unit_logo.id
    assert isinstance(everything, Page)


# --- rate limits ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_sandbox_429_surfaces_with_retry_after(sandbox_key: str) -> None:
    async with sandbox(sandbox_key, faults=Faults(rate_limit_per_min=3)) as app, connect(
        app, sandbox_key
    ) as si:
        for _ in range(3):
            await si.entities.list()
        with pytest.raises(errors.RateLimitError) as info:
            await si.entities.list()
    assert info.value.code == "rate_limit_exceeded"
    assert info.value.retry_after is not None and 0 < info.value.retry_after <= 60


@pytest.mark.anyio
async def test_client_limiter_keeps_under_the_sandbox_limit(sandbox_key: str) -> None:
    async with sandbox(sandbox_key, faults=Faults(rate_limit_per_min=8)) as app, connect(
        app, sandbox_key, rate_limit_per_min=8, retry=RetryPolicy.never()
    ) as si:
        results = await asyncio.gather(*(si.entities.list() for _ in range(8)))
        assert len(results) == 8
        waiting = asyncio.create_task(si.entities.list())
        await asyncio.sleep(0.2)  # a negative: a 429 would have come back by now
        assert not waiting.done()  # the ninth waits on our side instead of meeting a 429
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting


# --- a real socket ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.anyio
async def test_over_loopback_with_no_key_in_any_log(sandbox_server: SandboxServer,
                                                    sandbox_key: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    app_logger = logging.getLogger("si_desktop")  # undo what an app logging set-up left
    saved = (app_logger.level, app_logger.propagate)
    app_logger.setLevel(logging.NOTSET)
    app_logger.propagate = True
    caplog.set_level(logging.DEBUG)
    try:
        await _loopback_run(sandbox_server, sandbox_key, caplog)
    finally:
        app_logger.setLevel(saved[0])
        app_logger.propagate = saved[1]


async def _loopback_run(sandbox_server: SandboxServer, sandbox_key: str,
                        caplog: pytest.LogCaptureFixture) -> None:
    async with SpaceInvoicesClient(api_key=sandbox_key, base_url=sandbox_server.url) as si:
        created = await si.entities.create(name="Loopback", country="Slovenia")
        await si.entities.update(created.id, settings={"primary_color": "#abcdef"})
        listed = [e.id async for e in si.entities.iterate()]
        with pytest.raises(errors.NotFoundError):
            await si.entities.get("ent_" + "0" * 24)
    assert created.id in listed
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert sandbox_key not in text
    assert sandbox_key.removeprefix("sk_live_") not in text
    assert "si_desktop.api" in text


class Arrivals:
    """Sets `arrived` as a request reaches the sandbox, before any of its work."""

    def __init__(self, app: ASGIApp, arrived: threading.Event) -> None:
        self.app = app
        self.arrived = arrived

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.arrived.set()
        await self.app(scope, receive, send)


@pytest.mark.slow
@pytest.mark.anyio
async def test_cancelled_mid_request_over_loopback_leaves_the_client_working(
    sandbox_key: str, tmp_path: Any
) -> None:
    server = SandboxServer(api_key=sandbox_key, faults=Faults(latency_ms=300))
    arrived = threading.Event()
    server.app.add_middleware(Arrivals, arrived=arrived)
    server.start()
    try:
        async with SpaceInvoicesClient(api_key=sandbox_key, base_url=server.url) as si:
            slow = asyncio.create_task(si.entities.create(name="Cancelled", country="Slovenia"))
            assert await asyncio.to_thread(arrived.wait, 10)  # on the server, in its latency
            slow.cancel()
            with pytest.raises(asyncio.CancelledError):
                await slow
            made = await si.entities.create(name="After", country="Slovenia")
            found = await si.entities.get(made.id)
            pages = await asyncio.gather(*(si.entities.list() for _ in range(5)))
        assert found.name == "After"
        assert all(p.total == pages[0].total for p in pages)
    finally:
        server.close()
