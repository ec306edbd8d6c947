"""Lists: limit, cursors both ways (also while rows are added), total count, order_by,
search, and every `query` operator."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.contract.conftest import create_entity, issue_paths

pytestmark = pytest.mark.anyio

NAMES = ["Delta", "alpha", "Charlie", "bravo", "Echo", "foxtrot", "Golf", "hotel", "India",
         "juliett", "Kilo", "lima", "Mike"]


async def _fill(api: httpx.AsyncClient, names: list[str]) -> list[dict[str, Any]]:
    return [await create_entity(api, name=name) for name in names]


async def _page(api: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await api.get("/entities", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def _walk_forward(api: httpx.AsyncClient, **params: Any) -> list[str]:
    seen: list[str] = []
    page = await _page(api, **params)
    while True:
        seen += [entity["name"] for entity in page["data"]]
        cursor = page["pagination"]["next_cursor"]
        if cursor is None:
            assert page["pagination"]["has_more"] is False
            return seen
        assert page["pagination"]["has_more"] is True
        page = await _page(api, next_cursor=cursor, **params)


async def test_default_limit_is_10_and_limit_bounds(api: httpx.AsyncClient) -> None:
    await _fill(api, NAMES)
    assert len((await _page(api))["data"]) == 10
    assert len((await _page(api, limit=1))["data"]) == 1
    assert len((await _page(api, limit=100))["data"]) == len(NAMES)
    for bad in ("0", "101", "-1", "ten", "1.5"):
        assert issue_paths(await api.get("/entities", params={"limit": bad})) == [["limit"]]


async def test_total_count_and_its_opt_out(api: httpx.AsyncClient) -> None:
    await _fill(api, NAMES[:4])
    assert (await _page(api, limit=2))["pagination"]["total"] == 4
    assert (await _page(api, limit=2, include_total_count="false"))["pagination"]["total"] == -1
    assert (await _page(api, include_total_count="true"))["pagination"]["total"] == 4
    bad = await api.get("/entities", params={"include_total_count": "perhaps"})
    assert issue_paths(bad) == [["include_total_count"]]


async def test_a_forward_walk_sees_every_row_once_in_order(api: httpx.AsyncClient) -> None:
    await _fill(api, NAMES)
    walked = await _walk_forward(api, limit=3, order_by="name")
    assert walked == sorted(NAMES, key=str.casefold)


async def test_a_backward_walk_sees_every_row_once_in_order(api: httpx.AsyncClient) -> None:
    await _fill(api, NAMES)
    page = await _page(api, limit=4, order_by="name")
    while page["pagination"]["next_cursor"]:
        page = await _page(api, limit=4, order_by="name",
                           next_cursor=page["pagination"]["next_cursor"])
    pages = [[entity["name"] for entity in page["data"]]]
    while page["pagination"]["prev_cursor"]:
        assert page["pagination"]["next_cursor"] is None or pages
        page = await _page(api, limit=4, order_by="name",
                           prev_cursor=page["pagination"]["prev_cursor"])
        pages.insert(0, [entity["name"] for entity in page["data"]])
    assert page["pagination"]["has_more"] is False
    assert [name for chunk in pages for name in chunk] == sorted(NAMES, key=str.casefold)
    assert all(len(chunk) == 4 for chunk in pages[:-1])


async def test_prev_then_next_returns_to_the_same_page(api: httpx.AsyncClient) -> None:
    await _fill(api, NAMES)
    first = await _page(api, limit=5)
    second = await _page(api, limit=5, next_cursor=first["pagination"]["next_cursor"])
    back = await _page(api, limit=5, prev_cursor=second["pagination"]["prev_cursor"])
    assert back["data"] == first["data"]
    assert back["pagination"]["prev_cursor"] is None
    again = await _page(api, limit=5, next_cursor=back["pagination"]["next_cursor"])
    assert again["data"] == second["data"]


async def test_a_forward_walk_while_rows_are_added(api: httpx.AsyncClient) -> None:
    originals = await _fill(api, NAMES)
    params = {"limit": 3, "order_by": "name"}
    page = await _page(api, **params)
    seen: list[str] = []
    added = 0
    while True:
        seen += [entity["id"] for entity in page["data"]]
        # new rows land before and after the walker's position
        for name in (f"aaa {added}", f"zzz {added}", f"Hotel {added}"):
            await create_entity(api, name=name)
        added += 1
        cursor = page["pagination"]["next_cursor"]
        if cursor is None:
            break
        page = await _page(api, next_cursor=cursor, **params)
    assert len(seen) == len(set(seen))
    assert {entity["id"] for entity in originals} <= set(seen)


async def test_a_backward_walk_while_rows_are_added(api: httpx.AsyncClient) -> None:
    originals = await _fill(api, NAMES)
    params = {"limit": 3, "order_by": "-name"}
    page = await _page(api, **params)
    while page["pagination"]["next_cursor"]:
        page = await _page(api, next_cursor=page["pagination"]["next_cursor"], **params)
    seen: list[str] = []
    added = 0
    while True:
        seen += [entity["id"] for entity in page["data"]]
        for name in (f"aaa {added}", f"zzz {added}", f"Echo {added}"):
            await create_entity(api, name=name)
        added += 1
        cursor = page["pagination"]["prev_cursor"]
        if cursor is None:
            break
        page = await _page(api, prev_cursor=cursor, **params)
    assert len(seen) == len(set(seen))
    assert {entity["id"] for entity in originals} <= set(seen)


async def test_default_order_is_creation_order(api: httpx.AsyncClient) -> None:
    created = await _fill(api, NAMES[:5])
    assert [e["id"] for e in (await _page(api))["data"]] == [e["id"] for e in created]


async def test_order_by_descending_and_several_fields(api: httpx.AsyncClient) -> None:
    await create_entity(api, name="B", country="Croatia")
    await create_entity(api, name="A", country="Slovenia")
    await create_entity(api, name="C", country="Croatia")
    await create_entity(api, name="D", country="Slovenia")
    desc = await _page(api, order_by="-name")
    assert [e["name"] for e in desc["data"]] == ["D", "C", "B", "A"]
    two = await api.get("/entities", params=[("order_by", "country"), ("order_by", "-name")])
    assert [e["name"] for e in two.json()["data"]] == ["C", "B", "D", "A"]
    comma = await _page(api, order_by="-country,name")
    assert [e["name"] for e in comma["data"]] == ["A", "D", "B", "C"]
    walked = await _walk_forward(api, limit=1, order_by="-country,name")
    assert walked == ["A", "D", "B", "C"]
    assert issue_paths(await api.get("/entities", params={"order_by": "password"})) == [
        ["order_by"]]


async def test_order_by_a_metadata_field(api: httpx.AsyncClient) -> None:
    for name, code in (("x", "C-3"), ("y", "C-1"), ("z", "C-2")):
        await create_entity(api, name=name, metadata={"client_code": code})
    walked = await _walk_forward(api, limit=2, order_by="metadata.client_code")
    assert walked == ["y", "z", "x"]


async def test_a_cursor_is_tied_to_its_ordering(api: httpx.AsyncClient) -> None:
    await _fill(api, NAMES)
    cursor = (await _page(api, limit=2, order_by="name"))["pagination"]["next_cursor"]
    mismatched = await api.get("/entities", params={"next_cursor": cursor,
                                                    "order_by": "-name", "limit": 2})
    assert issue_paths(mismatched) == [["next_cursor"]]
    garbage = await api.get("/entities", params={"next_cursor": "not-a-cursor"})
    assert issue_paths(garbage) == [["next_cursor"]]
    assert cursor is not None
    for i in range(0, len(cursor), 3):  # a mangled cursor is refused, never a crash
        mangled = cursor[:i] + ("B" if cursor[i] != "B" else "C") + cursor[i + 1:]
        answer = await api.get("/entities", params={"next_cursor": mangled,
                                                    "order_by": "name", "limit": 2})
        assert answer.status_code in (200, 422), answer.text
    both = await api.get("/entities", params={"next_cursor": cursor, "prev_cursor": cursor})
    assert issue_paths(both)


async def test_search_is_a_case_insensitive_substring(api: httpx.AsyncClient) -> None:
    await create_entity(api, name="Čebelarstvo Novak s.p.", city="Kranj")
    await create_entity(api, name="Alpen Bau GmbH", country="Austria", city="Graz")
    await create_entity(api, name="Other Ltd", country="United Kingdom",
                        metadata={"client_code": "KRANJSKA-7"})
    names = [e["name"] for e in (await _page(api, search="čebel"))["data"]]
    assert names == ["Čebelarstvo Novak s.p."]
    assert [e["name"] for e in (await _page(api, search="BAU"))["data"]] == ["Alpen Bau GmbH"]
    by_city_and_metadata = [e["name"] for e in (await _page(api, search="kranj"))["data"]]
    assert by_city_and_metadata == ["Čebelarstvo Novak s.p.", "Other Ltd"]
    assert (await _page(api, search="austria"))["pagination"]["total"] == 1
    assert (await _page(api, search="nothing like it"))["data"] == []


async def test_search_combines_with_cursors(api: httpx.AsyncClient) -> None:
    await _fill(api, [f"Match {i:02d}" for i in range(7)] + ["Other 1", "Other 2"])
    walked = await _walk_forward(api, limit=2, search="match", order_by="name")
    assert walked == [f"Match {i:02d}" for i in range(7)]


@pytest.fixture
async def zoo(api: httpx.AsyncClient) -> list[dict[str, Any]]:
    rows = [
        ("Alpha d.o.o.", "Slovenia", {"tier": "gold"}),
        ("Beta GmbH", "Germany", {"tier": "silver"}),
        ("Gamma Ltd", "United Kingdom", {"tier": "gold"}),
        ("Delta Inc.", "United States", {}),
        ("Epsilon d.o.o.", "Croatia", {"tier": "bronze"}),
    ]
    return [await create_entity(api, name=name, country=country, metadata=metadata)
            for name, country, metadata in rows]


async def _query(api: httpx.AsyncClient, query: Any) -> httpx.Response:
    return await api.get("/entities", params={"query": json.dumps(query), "limit": 100})


async def _names(api: httpx.AsyncClient, query: Any) -> list[str]:
    response = await _query(api, query)
    assert response.status_code == 200, response.text
    return [entity["name"] for entity in response.json()["data"]]


async def test_query_equals_and_a_bare_value(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"country": "Germany"}) == ["Beta GmbH"]
    assert await _names(api, {"country": {"equals": "Germany"}}) == ["Beta GmbH"]
    assert await _names(api, {"id": zoo[2]["id"]}) == ["Gamma Ltd"]


async def test_query_not(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"currency_code": {"not": "EUR"}}) == ["Gamma Ltd", "Delta Inc."]


@pytest.mark.parametrize(
    ("operator", "expected"),
    [("gt", ["Delta Inc.", "Epsilon d.o.o."]), ("gte", ["Gamma Ltd", "Delta Inc.",
                                                        "Epsilon d.o.o."]),
     ("lt", ["Alpha d.o.o.", "Beta GmbH"]), ("lte", ["Alpha d.o.o.", "Beta GmbH",
                                                     "Gamma Ltd"])],
)
async def test_query_comparisons_on_dates(api: httpx.AsyncClient, zoo: Any, operator: str,
                                          expected: list[str]) -> None:
    assert await _names(api, {"created_at": {operator: zoo[2]["created_at"]}}) == expected


async def test_query_comparisons_on_text(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"name": {"gte": "Delta", "lt": "F"}}) == [
        "Delta Inc.", "Epsilon d.o.o."]


async def test_query_between(api: httpx.AsyncClient, zoo: Any) -> None:
    window = [zoo[1]["created_at"], zoo[3]["created_at"]]
    assert await _names(api, {"created_at": {"between": window}}) == [
        "Beta GmbH", "Gamma Ltd", "Delta Inc."]
    assert await _names(api, {"created_at": {"between": ["2000-01-01", "2000-12-31"]}}) == []
    assert len(await _names(api, {"updated_at": {"between": ["2000-01-01",
                                                             "2999-12-31"]}})) == 5


async def test_query_in_and_not_in(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"currency_code": {"in": ["GBP", "USD"]}}) == [
        "Gamma Ltd", "Delta Inc."]
    assert await _names(api, {"country": {"notIn": ["Slovenia", "Croatia",
                                                    "Germany"]}}) == ["Gamma Ltd", "Delta Inc."]
    assert await _names(api, {"country": {"in": []}}) == []


async def test_query_contains_is_case_insensitive(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"name": {"contains": "D.O.O"}}) == ["Alpha d.o.o.",
                                                                  "Epsilon d.o.o."]


async def test_query_starts_with_and_ends_with(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"name": {"startsWith": "Gam"}}) == ["Gamma Ltd"]
    assert await _names(api, {"name": {"endsWith": "GmbH"}}) == ["Beta GmbH"]
    assert await _names(api, {"country": {"startsWith": "United"}}) == ["Gamma Ltd",
                                                                        "Delta Inc."]


async def test_query_dot_paths_into_metadata(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"metadata.tier": "gold"}) == ["Alpha d.o.o.", "Gamma Ltd"]
    assert await _names(api, {"metadata.tier": {"in": ["silver", "bronze"]}}) == [
        "Beta GmbH", "Epsilon d.o.o."]
    assert await _names(api, {"metadata.tier": None}) == ["Delta Inc."]


async def test_query_fields_combine_with_and(api: httpx.AsyncClient, zoo: Any) -> None:
    assert await _names(api, {"currency_code": "EUR", "metadata.tier": "gold"}) == [
        "Alpha d.o.o."]


async def test_query_combines_with_cursor_and_total(api: httpx.AsyncClient, zoo: Any) -> None:
    query = json.dumps({"currency_code": "EUR"})
    first = (await api.get("/entities", params={"query": query, "limit": 2})).json()
    assert first["pagination"]["total"] == 3
    rest = (await api.get("/entities", params={
        "query": query, "limit": 2, "next_cursor": first["pagination"]["next_cursor"]})).json()
    assert [e["name"] for e in first["data"] + rest["data"]] == [
        "Alpha d.o.o.", "Beta GmbH", "Epsilon d.o.o."]


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ({"tax_number": "SI1"}, ["query", "tax_number"]),
        ({"name": {"like": "A%"}}, ["query", "name", "like"]),
        ({"name": {"in": "Alpha"}}, ["query", "name", "in"]),
        ({"created_at": {"between": ["2024-01-01"]}}, ["query", "created_at", "between"]),
        ({"created_at": {"gt": "yesterday"}}, ["query", "created_at", "gt"]),
        ({"name": {"contains": 5}}, ["query", "name", "contains"]),
    ],
)
async def test_bad_queries_are_422(api: httpx.AsyncClient, query: Any,
                                   path: list[str]) -> None:
    assert issue_paths(await _query(api, query)) == [path]


async def test_query_must_be_a_json_object(api: httpx.AsyncClient) -> None:
    for raw in ("{not json", "[1, 2]"):
        assert issue_paths(await api.get("/entities", params={"query": raw})) == [["query"]]
