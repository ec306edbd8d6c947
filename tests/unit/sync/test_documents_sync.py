"""Documents through the one workspace: cached per client and read from the cache, refreshed
by what changed, written through the outbox, and the legal rules of numbers: a draft
written offline reaches the service as a draft, and only the user's "Issue" issues it.

The service is the sandbox for clients and units, with the contract's document routes in
front of it (tests/fixtures/documents_service.py) until the sandbox serves them itself."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from si_desktop.api import RateLimiter, SpaceInvoicesClient, errors
from si_desktop.store import EditKind, Store
from si_desktop.sync.documents_refresh import DocumentRefresher, window_start
from si_desktop.sync.events import ChangeKind, Changes
from si_desktop.sync.workspace import Workspace
from tests.fixtures.documents_service import DocumentsOverlay
from tests.fixtures.sandbox import ASGI_BASE_URL
from tests.unit.sync.conftest import Switch, client_for, make_client, scope_for

pytestmark = pytest.mark.anyio

ITEMS = [{"name": "Consulting", "quantity": Decimal("2"), "price": Decimal("100.00"),
          "discounts": [{"value": Decimal("10"), "type": "percent"}],
          "taxes": [{"rate": Decimal("22")}]}]
CUSTOMER = {"name": "Kupec d.o.o.", "country": "Slovenia"}


@dataclass
class DocRig:
    app: Starlette
    service: DocumentsOverlay  # the documents' side of the service, to look at and to seed
    switch: Switch
    api: SpaceInvoicesClient  # the app's client
    server: SpaceInvoicesClient  # "someone else" on the service
    store: Store
    workspace: Workspace
    events: list[Changes]

    def requests(self, method: str, path_start: str) -> list[tuple[str, str, dict[str, str]]]:
        return [r for r in self.service.log if r[0] == method and r[1].startswith(path_start)]

    def offline(self) -> None:
        """The network goes, and the app knows (its first failed request told it)."""
        self.switch.online = False
        self.workspace.connectivity.report_failure("network is unreachable")

    def online(self) -> None:
        self.switch.online = True
        self.workspace.connectivity.report_success()


@pytest.fixture
async def rig(sandbox_key: str, tmp_path: Path) -> AsyncIterator[DocRig]:
    from si_desktop.sandbox import create_app

    app = create_app(api_key=sandbox_key)
    service = DocumentsOverlay(httpx.ASGITransport(app=app))
    switch = Switch(app)
    switch.inner = service  # type: ignore[assignment]  # the network, then the overlay
    api = client_for(sandbox_key, switch)
    server = client_for(sandbox_key, service)
    store = Store.open_in(tmp_path / "data")
    workspace = Workspace(store, scope_for(sandbox_key), api)
    events: list[Changes] = []
    workspace.changes.subscribe(events.append)
    try:
        yield DocRig(app, service, switch, api, server, store, workspace, events)
    finally:
        await api.aclose()
        await server.aclose()
        store.close()
        app.state.sandbox.close()


class LoseAnswers(httpx.AsyncBaseTransport):
    """The service runs the request; the answer to the next `times` requests whose path
    ends with `suffix` never arrives."""

    def __init__(self, inner: httpx.AsyncBaseTransport, suffix: str, times: int) -> None:
        self.inner, self.suffix, self.times = inner, suffix, times

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.times and request.url.path.endswith(self.suffix):
            self.times -= 1
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


async def cached_client(rig: DocRig, name: str = "Pekarna Novak") -> str:
    entity_id = await make_client(rig.server, name)
    await rig.workspace.refresh(logos=False)
    return entity_id


# -- the legal rules -----------------------------------------------------------------------


async def test_a_draft_written_offline_arrives_as_a_draft_and_is_numbered_only_when_issued(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    rig.offline()
    saved = await ws.create_document(entity_id, "invoice",
                                     {"items": ITEMS, "customer": CUSTOMER}, issue=False)
    assert saved.outcome == "queued"
    (local,) = ws.documents_now(entity_id)
    assert local["_local"] is True and local["number"] is None and local["is_draft"] is True
    assert local["id"].startswith("local_inv_") and local["_pending"] == ["create"]
    (row,) = ws.document_rows_now(entity_id)
    assert row.local and row.number is None and row.status(dt.date.today()) == "draft"
    assert await ws.next_number(entity_id, "invoice") is None  # "number given when issued"

    rig.online()
    report = await ws.send_pending()
    service_id = report.created[local["id"]]
    on_service = rig.service.documents[service_id]
    assert on_service["is_draft"] is True and on_service["number"].startswith("draft-")
    assert len(rig.requests("POST", "/invoices")) == 1
    assert json.loads(_bodies(rig, "POST", "/invoices")[0].content)["is_draft"] is True
    assert rig.requests("POST", "/documents") == []  # nothing issued it
    shown = ws.document_now(service_id)
    assert shown is not None and "_local" not in shown and shown["is_draft"] is True
    assert ws.document_now(local["id"]) is None
    assert any(local["id"] in e.renamed for e in rig.events)

    assert await ws.next_number(entity_id, "invoice") == f"{dt.date.today().year}-00001"
    issued = await ws.issue_document(service_id)
    assert issued.outcome == "sent"
    number = issued.record()["number"]
    assert number == f"{dt.date.today().year}-00001" == rig.service.documents[service_id][
        "number"]
    assert (ws.document_now(service_id) or {})["is_draft"] is False
    assert len(rig.requests("POST", f"/documents/{service_id}/finalize")) == 1
    assert issued.record()["total_with_tax"] == 219.6  # the vendor's worked example


async def test_issue_when_creating_is_a_draft_then_the_users_finalize(rig: DocRig) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    saved = await ws.create_document(entity_id, "invoice", {"items": ITEMS}, issue=True)
    assert saved.outcome == "sent" and saved.service_id is not None
    assert saved.record()["number"] == f"{dt.date.today().year}-00001"
    creates = [json.loads(r.content) for r in _bodies(rig, "POST", "/invoices")]
    assert creates and all(body["is_draft"] is True for body in creates)
    assert rig.requests("POST", "/documents")[0][1] == f"/documents/{saved.service_id}/finalize"
    changes = rig.events[-1]
    assert changes.kind is ChangeKind.SAVED and entity_id in changes.document_clients
    assert saved.service_id in changes.documents


async def test_an_issue_asked_for_offline_goes_out_as_a_finalize_after_the_create(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    rig.offline()
    saved = await ws.create_document(entity_id, "estimate", {"items": ITEMS}, issue=True)
    assert saved.outcome == "queued"
    (local,) = ws.documents_now(entity_id)
    assert local["_pending"] == ["create", "issue"] and local["number"] is None
    assert local["is_draft"] is True  # a queued issue does not make it issued
    rig.online()
    report = await ws.send_pending()
    service_id = report.created[local["id"]]
    assert [e.kind for e in report.sent] == [EditKind.CREATE_DOCUMENT, EditKind.ISSUE_DOCUMENT]
    assert rig.service.documents[service_id]["number"] == f"{dt.date.today().year}-00001"
    assert json.loads(_bodies(rig, "POST", "/estimates")[0].content)["is_draft"] is True


async def test_a_draft_written_offline_can_be_changed_and_deleted_before_it_is_sent(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    rig.offline()
    first = await ws.create_document(entity_id, "invoice", {"items": ITEMS}, issue=False)
    local_id = first.edit.target_id
    await ws.update_document(local_id, {"note": "Hvala", "items": [
        {"name": "Bread", "price": Decimal("2.50"), "quantity": Decimal("4")}]})
    (queued,) = ws.pending(entity_id)
    assert queued.kind is EditKind.CREATE_DOCUMENT and queued.payload["note"] == "Hvala"
    assert queued.payload["items"] == [{"name": "Bread", "price": 2.5, "quantity": 4}]
    second = await ws.create_document(entity_id, "invoice", {"items": ITEMS}, issue=False)
    dropped = await ws.delete_draft(second.edit.target_id)
    assert dropped.outcome == "dropped" and ws.document_now(second.edit.target_id) is None
    assert rig.events[-1].documents == frozenset({second.edit.target_id})
    rig.online()
    await ws.send_pending()
    (created,) = rig.service.documents.values()
    assert created["note"] == "Hvala" and created["total"] == 10
    assert len(rig.requests("POST", "/invoices")) == 1


async def test_an_issued_document_is_voided_not_deleted(rig: DocRig) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    issued = rig.service.seed(entity_id)
    draft = rig.service.seed(entity_id, is_draft=True)
    await ws.load_documents(entity_id)
    with pytest.raises(ValueError, match="void"):
        await ws.delete_draft(issued["id"])
    with pytest.raises(ValueError, match="draft"):
        await ws.void_document(draft["id"], "typo")
    with pytest.raises(ValueError, match="issued already"):
        await ws.issue_document(issued["id"])
    deleted = await ws.delete_draft(draft["id"])
    assert deleted.outcome == "sent" and draft["id"] not in rig.service.documents
    assert ws.document_now(draft["id"]) is None
    voided = await ws.void_document(issued["id"], "Wrong customer")
    assert voided.outcome == "sent" and voided.record()["voided_at"]
    assert ws.document_rows_now(entity_id)[0].status(dt.date.today()) == "voided"
    with pytest.raises(ValueError, match="voided"):
        await ws.update_document(issued["id"], {"note": "x"})


async def test_a_queued_void_is_held_when_the_document_changed_on_the_service(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    issued = rig.service.seed(entity_id)
    await ws.load_documents(entity_id)
    rig.offline()
    queued = await ws.void_document(issued["id"], "Customer cancelled")
    assert queued.outcome == "queued"
    assert (ws.document_now(issued["id"]) or {})["_pending"] == ["void"]
    # meanwhile the customer paid, and someone recorded it
    await rig.server.payments.create(entity_id=entity_id, document_id=issued["id"],
                                     amount=Decimal("50"), type="bank_transfer")
    rig.online()
    report = await ws.send_pending()
    (problem,) = report.conflicts
    assert problem.edit.kind is EditKind.VOID_DOCUMENT
    fields = {c.label: (c.base, c.theirs) for c in problem.conflicts}
    assert fields["total_paid"] == (0, 50)
    assert rig.service.documents[issued["id"]]["voided_at"] is None  # not sent
    assert rig.requests("POST", f"/invoices/{issued['id']}/void") == []
    assert (ws.document_now(issued["id"]) or {})["_held"] is True
    # the user looks at it and confirms: the void goes as it is
    ws.resolve(problem)
    again = await ws.send_pending()
    assert [e.kind for e in again.sent] == [EditKind.VOID_DOCUMENT]
    assert rig.service.documents[issued["id"]]["voided_at"] is not None


async def test_a_queued_void_of_a_document_changed_elsewhere_only_still_goes(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    issued = rig.service.seed(entity_id)
    await ws.load_documents(entity_id)
    rig.offline()
    await ws.void_document(issued["id"], None)
    await rig.server.invoices.update(issued["id"], entity_id=entity_id, reference="PO-7")
    rig.online()
    report = await ws.send_pending()
    assert not report.problems and rig.service.documents[issued["id"]]["voided_at"]


async def test_a_queued_change_of_an_issued_document_conflicts_field_by_field(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    issued = rig.service.seed(entity_id, note="Thanks")
    await ws.load_documents(entity_id)
    rig.offline()
    await ws.update_document(issued["id"], {"note": "Hvala"})
    await rig.server.invoices.update(issued["id"], entity_id=entity_id, note="Danke")
    rig.online()
    report = await ws.send_pending()
    (problem,) = report.conflicts
    assert [(c.label, c.base, c.theirs, c.mine) for c in problem.conflicts] == [
        ("note", "Thanks", "Danke", "Hvala")]


async def test_a_refused_document_comes_back_with_its_field_paths(rig: DocRig) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    bad = [{"name": "x", "price": Decimal(1), "gross_price": Decimal(2)}]
    saved = await ws.create_document(entity_id, "invoice", {"items": bad}, issue=True)
    assert saved.outcome == "rejected" and saved.withdrawn
    with pytest.raises(errors.ValidationError) as refused:
        saved.record()
    assert refused.value.issues[0].path == ("items", 0, "price")
    assert ws.pending(entity_id) == [] and ws.documents_now(entity_id) == []
    with pytest.raises(ValueError, match="service"):
        ws.enqueue_new_document(entity_id, "invoice", {"items": ITEMS, "number": "1"},
                                issue=False)
    with pytest.raises(ValueError, match="item"):
        ws.enqueue_new_document(entity_id, "invoice", {"items": []}, issue=False)


# -- payments -------------------------------------------------------------------------------


async def test_a_payment_made_offline_queues_and_moves_the_document_when_sent(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    issued = rig.service.seed(entity_id)  # 100.00
    draft = rig.service.seed(entity_id, is_draft=True)
    await ws.load_documents(entity_id)
    with pytest.raises(ValueError, match="issue it first"):
        await ws.record_payment(draft["id"], {"amount": Decimal(1), "type": "cash"})
    rig.offline()
    queued = await ws.record_payment(issued["id"], {"amount": Decimal("40.00"),
                                                    "type": "bank_transfer",
                                                    "date": "2026-03-10"})
    assert queued.outcome == "queued"
    (local,) = ws.payments_now(issued["id"])
    assert local["_local"] is True and local["amount"] == 40
    rig.online()
    report = await ws.send_pending()
    assert report.sent and not report.problems
    (paid,) = ws.payments_now(issued["id"])
    assert paid["id"].startswith("pay_") and "_local" not in paid
    document = ws.document_now(issued["id"]) or {}
    assert (document["total_paid"], document["total_due"]) == (40, 60)
    assert ws.document_rows_now(entity_id)[-1].state == "partially_paid" or any(
        r.state == "partially_paid" for r in ws.document_rows_now(entity_id))
    assert issued["id"] in rig.events[-1].documents
    changed = await ws.update_payment(paid["id"], {"amount": Decimal("100")})
    assert changed.outcome == "sent"
    assert (ws.document_now(issued["id"]) or {})["paid_in_full"] is True
    removed = await ws.delete_payment(paid["id"])
    assert removed.outcome == "sent" and ws.payments_now(issued["id"]) == []
    assert (ws.document_now(issued["id"]) or {})["total_paid"] == 0


async def test_load_document_reads_its_payments(rig: DocRig) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    issued = rig.service.seed(entity_id)
    await rig.server.payments.create(entity_id=entity_id, document_id=issued["id"],
                                     amount=Decimal("10"), type="cash")
    with pytest.raises(errors.NotFoundError):  # never cached: the tab's refresh brings it
        await ws.load_document(issued["id"])
    await ws.load_documents(entity_id)
    shown = await ws.load_document(issued["id"])
    assert shown["total_paid"] == 10
    assert [p["amount"] for p in ws.payments_now(issued["id"])] == [10]


# -- refreshing -----------------------------------------------------------------------------


async def test_one_clients_refresh_publishes_one_change_naming_its_documents(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    first = await cached_client(rig, "First")
    second = await cached_client(rig, "Second")
    mine = [rig.service.seed(first)["id"], rig.service.seed(first, is_draft=True)["id"],
            rig.service.seed(first, "credit_note")["id"]]
    rig.service.seed(second)
    rig.events.clear()
    summary = await ws.load_documents(first)
    (changes,) = rig.events
    assert changes.kind is ChangeKind.REFRESHED
    assert changes.documents == frozenset(mine)
    assert changes.document_clients == frozenset({first})
    assert changes.touches_documents(first) and not changes.touches_documents(second)
    assert summary.documents == 3 and summary.full == 1
    assert {r.id for r in ws.document_rows_now(first)} == set(mine)
    assert ws.document_rows_now(second) == []


async def test_later_reads_ask_only_for_what_changed(rig: DocRig) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    seeded = []
    for _ in range(5):  # written ten minutes apart
        seeded.append(rig.service.seed(entity_id)["id"])
        rig.service.advance(dt.timedelta(minutes=10))
    await ws.load_documents(entity_id)
    await rig.server.invoices.update(seeded[2], entity_id=entity_id, note="changed")
    rig.service.log.clear()
    rig.events.clear()
    summary = await ws.load_documents(entity_id)
    lists = rig.requests("GET", "/invoices")
    assert len(lists) == 1
    query = json.loads(lists[0][2]["query"])
    assert set(query) == {"updated_at"} and "gte" in query["updated_at"]
    state = rig.store.document_sync.get(ws.scope, entity_id)
    assert state is not None and state.high_water is not None
    # the overlap reaches back before the newest time seen, so a late write is not missed
    assert query["updated_at"]["gte"] < state.high_water
    (changes,) = rig.events
    assert changes.documents == frozenset({seeded[2]})
    # the service sent the changed one and the newest (within the overlap), no others
    assert summary.full == 0 and summary.received == 2 and summary.documents == 1
    assert (ws.document_now(seeded[2]) or {})["note"] == "changed"


async def test_what_the_overlap_brings_again_is_neither_written_nor_announced(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    seeded = [rig.service.seed(entity_id)["id"] for _ in range(3)]
    await ws.load_documents(entity_id)
    rig.events.clear()
    again = await ws.load_documents(entity_id)  # all three within the overlap
    assert again.received == 3 and again.documents == 0 and rig.events == []
    await rig.server.invoices.update(seeded[0], entity_id=entity_id, note="x")
    changed = await ws.load_documents(entity_id)
    assert changed.documents == 1 and rig.events[-1].documents == frozenset({seeded[0]})


async def test_a_full_read_covers_13_months_and_notices_deleted_drafts(rig: DocRig) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    ws.document_refresher.today = lambda: dt.date(2026, 3, 15)
    old = rig.service.seed(entity_id, date="2025-01-31")
    kept = rig.service.seed(entity_id, date="2025-02-01")
    draft = rig.service.seed(entity_id, date="2026-03-01", is_draft=True)
    await ws.load_documents(entity_id)
    (listed, *_rest) = rig.requests("GET", "/invoices")
    assert json.loads(listed[2]["query"]) == {"date": {"gte": "2025-02-01"}}
    assert window_start(dt.date(2026, 3, 15)) == dt.date(2025, 2, 1)
    assert ws.documents_window(entity_id) == dt.date(2025, 2, 1)
    ids = {r.id for r in ws.document_rows_now(entity_id)}
    assert ids == {kept["id"], draft["id"]}
    del rig.service.documents[draft["id"]]  # deleted by someone else
    await ws.load_documents(entity_id, full=True)
    assert {r.id for r in ws.document_rows_now(entity_id)} == {kept["id"]}
    await ws.load_documents(entity_id, since=dt.date(2024, 1, 1))  # "Show older"
    assert {r.id for r in ws.document_rows_now(entity_id)} == {kept["id"], old["id"]}
    assert ws.documents_window(entity_id) == dt.date(2024, 1, 1)


async def test_the_sweep_reads_the_clients_due_longest_ago_within_its_budget(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    clients = [await make_client(rig.server, f"Client {n}") for n in range(5)]
    await ws.refresh(logos=False)
    for entity_id in clients:
        rig.service.seed(entity_id)
    lanes: list[str] = []

    @contextlib.contextmanager
    def lane() -> Iterator[None]:
        lanes.append("in")
        yield

    ws.document_refresher.background_lane = lane
    rig.service.log.clear()
    first = await ws.document_refresher.sweep(budget=7)
    assert first.clients == 2 and first.budget_spent and first.requests == 6
    assert len(rig.service.log) == 6 and lanes == ["in"]
    second = await ws.document_refresher.sweep(budget=9)
    assert second.clients == 3
    read = {e for e in clients if ws.document_rows_now(e)}
    assert read == set(clients)
    third = await ws.document_refresher.sweep(budget=3, skip=clients[:4])
    assert third.clients == 1 and third.full == 0  # incremental now


async def test_a_sweep_takes_at_most_a_quarter_of_the_keys_minute(
    rig: DocRig, sandbox_key: str
) -> None:
    clients = [await make_client(rig.server, f"Client {n}") for n in range(4)]
    await rig.workspace.refresh(logos=False)
    limited = SpaceInvoicesClient(api_key=sandbox_key, base_url=ASGI_BASE_URL,
                                  transport=rig.switch, rate_limiter=RateLimiter(20))
    refresher = DocumentRefresher(rig.store, rig.workspace.scope, limited)
    rig.service.log.clear()
    swept = await refresher.sweep()  # 20 a minute: 5 requests, one client (3)
    await limited.aclose()
    assert (swept.clients, swept.requests, swept.budget_spent) == (1, 3, True)
    assert len(rig.service.log) == 3 and len(clients) == 4


async def test_synchronize_reads_the_open_clients_documents_then_sweeps(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    opened = await make_client(rig.server, "Opened")
    other = await make_client(rig.server, "Other")
    rig.service.seed(opened)
    rig.service.seed(other)
    rig.service.log.clear()
    result = await ws.synchronize(open_entity_id=opened, logos=False)
    assert result.documents is not None and result.documents.clients == 2
    entity_headers = [r for r in rig.switch.requests if r[1] == "/invoices"]
    assert entity_headers  # went through the app's client
    assert ws.document_rows_now(opened) and ws.document_rows_now(other)
    assert ws.customers_now(opened) == [] and ws.taxes_now(opened) == []
    rig.offline()
    offline = await ws.synchronize(open_entity_id=opened, logos=False)
    assert offline.offline and len(ws.document_rows_now(opened)) == 1  # the cache stays


async def test_opening_a_client_reads_its_customers_and_taxes(rig: DocRig) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    await rig.server.customers.create(entity_id=entity_id, name="Žito d.d.")
    await rig.server.taxes.create(entity_id=entity_id, name="VAT",
                                  tax_rates=[{"rate": Decimal("22")}])
    await ws.refresh_client(entity_id, logos=False)
    assert [c["name"] for c in ws.customers_now(entity_id)] == ["Žito d.d."]
    assert ws.taxes_now(entity_id)[0]["tax_rates"] == [{"rate": 22}]
    rig.offline()
    saved = await ws.create_customer(entity_id, {"name": "Ana s.p.", "city": "Kranj"})
    assert saved.outcome == "queued"
    assert [c["name"] for c in ws.customers_now(entity_id)] == ["Ana s.p.", "Žito d.d."]
    local = next(c for c in ws.customers_now(entity_id) if c.get("_local"))
    draft = await ws.create_document(entity_id, "invoice",
                                     {"items": ITEMS, "customer_id": local["id"]}, issue=False)
    rig.online()
    report = await ws.send_pending()
    customer_id = report.created[local["id"]]
    document_id = report.created[draft.edit.target_id]
    assert rig.service.documents[document_id]["customer_id"] == customer_id
    assert rig.service.documents[document_id]["customer"]["name"] == "Ana s.p."


def _bodies(rig: DocRig, method: str, path: str) -> list[httpx.Request]:
    return [r for r in rig.service.bodies if r.method == method and r.url.path == path]


# -- sending exactly once -----------------------------------------------------------------


async def test_a_lost_answer_never_makes_a_second_draft_nor_a_second_number(
    rig: DocRig,
) -> None:
    ws = rig.workspace
    entity_id = await cached_client(rig)
    rig.switch.lose_answers = 2  # the create reaches the service (twice); no answer comes
    first = await ws.create_document(entity_id, "invoice", {"items": ITEMS}, issue=True)
    assert first.outcome == "queued" and len(rig.service.documents) == 1
    rig.online()
    rig.switch.inner = LoseAnswers(rig.service, "/finalize", 2)  # type: ignore[assignment]
    await ws.send_pending()  # the create's replay is answered; the finalize's is lost
    (document,) = rig.service.documents.values()
    assert document["number"] == f"{dt.date.today().year}-00001"
    rig.online()
    rig.switch.inner = rig.service  # type: ignore[assignment]
    report = await ws.send_pending()  # the issue is checked: issued already, confirmed
    assert [e.kind for e in report.sent] == [EditKind.ISSUE_DOCUMENT]
    assert len(rig.service.documents) == 1
    finalizes = [r for r in rig.service.bodies
                 if r.url.path == f"/documents/{document['id']}/finalize"]
    assert len({r.headers["x-request-id"] for r in finalizes}) == 1  # retries, one id
    assert rig.service.sequences[(entity_id, "invoice", None, dt.date.today().year)] == 1
    assert (ws.document_now(document["id"]) or {})["number"] == document["number"]
    assert ws.pending(entity_id) == []


async def test_a_draft_whose_first_send_failed_takes_changes_and_a_delete_after_it(
    rig: DocRig,
) -> None:
    """The app did not know it was offline: the create was tried (the service may hold it),
    so later changes are edits of their own, and a delete goes after the create."""
    ws = rig.workspace
    entity_id = await cached_client(rig)
    rig.switch.online = False  # the network is gone, and nothing has noticed yet
    saved = await ws.create_document(entity_id, "invoice", {"items": ITEMS}, issue=False)
    assert saved.outcome == "queued" and saved.edit.attempts == 0
    (tried,) = ws.pending(entity_id)
    assert tried.attempts == 1
    local_id = tried.target_id
    await ws.update_document(local_id, {"note": "later"})
    assert [e.kind for e in ws.pending(entity_id)] == [EditKind.CREATE_DOCUMENT,
                                                       EditKind.UPDATE_DOCUMENT]
    dropped = await ws.delete_draft(local_id)
    assert dropped.outcome == "queued"
    assert (ws.document_now(local_id) or {})["_pending"] == ["create", "update", "delete"]
    rig.online()
    report = await ws.send_pending()
    assert [e.kind for e in report.sent] == [EditKind.CREATE_DOCUMENT,
                                             EditKind.UPDATE_DOCUMENT,
                                             EditKind.DELETE_DOCUMENT]
    assert rig.service.documents == {} and ws.documents_now(entity_id) == []


async def test_one_documents_row_follows_its_edits_and_belongs_to_its_client(
    rig: DocRig,
) -> None:
    """What the Documents tab reads for each document a change names."""
    ws = rig.workspace
    entity_id = await cached_client(rig)
    other = await cached_client(rig, "Mizarstvo Kos")
    rig.offline()
    saved = await ws.create_document(entity_id, "invoice",
                                     {"items": ITEMS, "customer": CUSTOMER}, issue=False)
    local_id = saved.edit.target_id
    row = ws.document_row_now(local_id, entity_id=entity_id)
    assert row is not None and row.local and row.number is None and row.pending == 1
    assert row.customer_name == "Kupec d.o.o."
    assert ws.document_row_now(local_id, entity_id=other) is None  # not that client's
    rig.online()
    report = await ws.send_pending()
    service_id = report.created[local_id]
    assert ws.document_row_now(local_id) is None  # it went: the service's id took over
    await ws.issue_document(service_id)
    issued = ws.document_row_now(service_id, entity_id=entity_id)
    assert issued is not None and not issued.local and issued.pending == 0
    assert issued.number == f"{dt.date.today().year}-00001"
    assert issued.total_with_tax == Decimal("219.6")
    numbers = ws.issued_numbers_now(entity_id)
    assert [(n.type, n.number) for n in numbers] == [("invoice", issued.number)]
    assert ws.issued_numbers_now(other) == []
