"""Demo histories: every demo client has believable documents over the last 14 months of the
sandbox's clock, deterministic for a seed and a day, consistent with the API's own rules (its
totals, its numbers, its payments), and the next document continues its numbering."""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from si_desktop.core import numbering
from si_desktop.sandbox import create_app
from si_desktop.sandbox.demo import make_client, people_of
from si_desktop.sandbox.demo_history import FULL_HISTORIES, HISTORY_DAYS, make_history
from si_desktop.sandbox.ids import Clock
from tests.contract.conftest import Wall
from tests.fixtures.sandbox import asgi_client

pytestmark = pytest.mark.anyio

TODAY = datetime.date(2026, 6, 15)
NOON = "2026-06-15T12:00:00+00:00"


@asynccontextmanager
async def demo(key: str, clients: int, seed: int = 0, moment: str = NOON,
               db: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(db, api_key=key, clients=clients, seed=seed, clock=Clock(Wall(moment)))
    try:
        async with asgi_client(app, key) as client:
            yield client
    finally:
        app.state.sandbox.close()


async def every(client: httpx.AsyncClient, path: str, entity_id: str, **params: Any
                ) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": 100, **params}
        if cursor:
            query["next_cursor"] = cursor
        response = await client.get(path, params=query, headers={"x-entity-id": entity_id})
        assert response.status_code == 200, response.text
        rows += response.json()["data"]
        cursor = response.json()["pagination"]["next_cursor"]
        if cursor is None:
            return rows


async def clients_of(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (await client.get("/entities", params={"limit": 100})
                                  ).json()["data"]
    return rows


async def test_each_demo_client_has_a_believable_history(sandbox_key: str) -> None:
    async with demo(sandbox_key, 12) as client:
        for entity in await clients_of(client):
            invoices = await every(client, "/invoices", entity["id"])
            issued = [d for d in invoices if not d["is_draft"]]
            assert 24 <= len(issued) <= 40
            dates = [datetime.date.fromisoformat(d["date"]) for d in issued]
            assert min(dates) >= TODAY - datetime.timedelta(days=HISTORY_DAYS)
            assert max(dates) <= TODAY
            paid = [d for d in issued if d["paid_in_full"] and not d["voided_at"]]
            partly = [d for d in issued if 0 < d["total_paid"] < d["total_with_tax"]]
            overdue = [d for d in issued if not d["paid_in_full"] and not d["voided_at"]
                       and d["date_due"] < TODAY.isoformat()]
            assert len(paid) > len(issued) / 2 and overdue, entity["name"]
            assert sum(1 for d in issued if d["voided_at"]) == 1
            assert 2 <= len(invoices) - len(issued) <= 3  # drafts
            assert 3 <= len(await every(client, "/estimates", entity["id"])) <= 6
            (note,) = await every(client, "/credit-notes", entity["id"])
            assert note["linked_documents"][0] in {d["id"] for d in issued}
            assert len(await every(client, "/customers", entity["id"])) >= 5
            taxes = await every(client, "/taxes", entity["id"])
            assert sum(1 for t in taxes if t["is_default"]) == 1
            assert all(d["total_due"] > 0 for d in partly)


async def test_the_firm_has_partly_paid_and_unit_invoices(sandbox_key: str) -> None:
    async with demo(sandbox_key, 12) as client:
        partly = units = 0
        for entity in await clients_of(client):
            for doc in await every(client, "/invoices", entity["id"]):
                partly += 0 < doc["total_paid"] < doc["total_with_tax"]
                units += doc["business_unit_id"] is not None
        assert partly >= 3 and units >= 10


async def test_the_history_follows_the_apis_own_rules(sandbox_key: str) -> None:
    """Totals as the API computes them, balances from the payments listed, numbers from
    the client's formats and unique per sequence, and the next invoice continuing them."""
    async with demo(sandbox_key, 6) as client:
        for entity in await clients_of(client):
            headers = {"x-entity-id": entity["id"]}
            payments = await every(client, "/payments", entity["id"])
            docs = [*await every(client, "/invoices", entity["id"]),
                    *await every(client, "/credit-notes", entity["id"])]
            numbers: set[str] = set()
            for doc in docs:
                if doc["is_draft"]:
                    assert doc["number"].startswith("draft-") and doc["total_paid"] == 0
                    continue
                assert doc["number"] not in numbers
                numbers.add(doc["number"])
                own = [p["amount"] for p in payments
                       if doc["id"] in (p["invoice_id"], p["credit_note_id"])]
                assert doc["total_paid"] == pytest.approx(sum(own))
                assert doc["total_due"] == pytest.approx(doc["total_with_tax"] - sum(own))
                assert doc["total"] == pytest.approx(sum(i["total"] for i in doc["items"]))
                # the API computes the same totals from the same items
                again = await client.post("/invoices", headers=headers, json={
                    "is_draft": True, "date": doc["date"], "currency_code": doc[
                        "currency_code"],
                    "items": [{k: i[k] for k in ("name", "quantity", "price", "discounts")}
                              | {"taxes": [{"tax_id": t["tax_id"]} for t in i["taxes"]]}
                              for i in doc["items"]]})
                assert again.status_code == 201, again.text
                assert again.json()["total_with_tax"] == doc["total_with_tax"]
                await client.delete(f"/documents/{again.json()['id']}", headers=headers)
            fmt = entity["settings"]["number_formats"]["invoice"]
            plain = [d for d in docs if d["type"] == "invoice" and not d["is_draft"]
                     and d["business_unit_id"] is None and d["date"].startswith("2026")]
            if not plain:
                continue
            expected = numbering.render(fmt, number=len(plain) + 1, on=TODAY) if (
                numbering.has_year_token(fmt)) else None
            following = (await client.get("/documents/next-number", headers=headers, params={
                "type": "invoice"})).json()["number"]
            assert following not in numbers
            if expected is not None:
                assert following == expected


async def test_the_same_seed_and_day_give_the_same_history(sandbox_key: str) -> None:
    async with demo(sandbox_key, 4, seed=5) as first, demo(sandbox_key, 9, seed=5) as more:
        entity = (await clients_of(first))[2]
        ours = await every(first, "/invoices", entity["id"])
        assert ours == await every(more, "/invoices", entity["id"])
        assert await every(first, "/payments", entity["id"]) == await every(
            more, "/payments", entity["id"])
    async with demo(sandbox_key, 4, seed=5, moment="2026-06-16T12:00:00+00:00") as later:
        assert [d["date"] for d in await every(later, "/invoices", entity["id"])] != [
            d["date"] for d in ours]  # the history is relative to the day
    async with demo(sandbox_key, 4, seed=6) as other:
        theirs = await every(other, "/invoices", (await clients_of(other))[2]["id"])
        assert [d["total_with_tax"] for d in theirs] != [d["total_with_tax"] for d in ours]


async def test_the_history_moves_with_the_clock(sandbox_key: str) -> None:
    async with demo(sandbox_key, 2, moment="2027-03-01T09:00:00+00:00") as client:
        entity = (await clients_of(client))[0]
        dates = [d["date"] for d in await every(client, "/invoices", entity["id"])]
        assert max(dates) <= "2027-03-01" and min(dates) >= "2026-01-01"
        years = {d[:4] for d in dates}
        assert years == {"2026", "2027"}


def test_clients_past_the_first_ones_get_a_short_history() -> None:
    now = datetime.datetime.fromisoformat(NOON)
    entity, units = make_client(FULL_HISTORIES + 5, 0, "acc_" + "0" * 24, "live")
    history = make_history(entity, units, FULL_HISTORIES + 5, 0, people_of(entity), now)
    kinds = sorted((d["type"], d["is_draft"]) for d in history.documents)
    assert kinds == [("invoice", False), ("invoice", False)]
    assert [d["paid_in_full"] for d in history.documents] == [True, False]
    assert len(history.payments) == 1 and len(history.customers) == len(history.taxes) == 1


async def test_an_older_demo_database_gets_the_histories_once(sandbox_key: str,
                                                              tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite3")
    async with demo(sandbox_key, 3, db=db) as client:
        entity = (await clients_of(client))[1]
        before = await every(client, "/invoices", entity["id"])
    with sqlite3.connect(db) as conn:  # as a database of the previous schema left it
        for table in ("documents", "payments", "customers", "taxes", "sequences"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM meta WHERE key='demo_histories'")
    conn.close()
    async with demo(sandbox_key, 3, db=db) as client:
        assert await every(client, "/invoices", entity["id"]) == before
    async with demo(sandbox_key, 3, db=db) as client:
        assert len(await every(client, "/invoices", entity["id"])) == len(before)
        headers = {"x-entity-id": entity["id"]}
        listed = (await client.get("/invoices", headers=headers, params={
            "query": json.dumps({"is_draft": False}), "limit": 1})).json()
        assert listed["pagination"]["total"] == len([d for d in before if not d["is_draft"]])
