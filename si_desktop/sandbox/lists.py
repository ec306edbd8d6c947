"""The list engine shared by every list endpoint: limit, cursors both ways, total count,
`order_by`, `search` and the `query` filter with every operator of CONTRACT.md.

Pages are found by keyset, not offset: a cursor holds the sort values of the row it stands
next to, so rows added (or changed) while a client walks never make it skip or repeat a row.
The row id is always the last sort key, so every position is unique.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from si_desktop.sandbox.errors import ApiError, Issue, invalid, invalid_at
from si_desktop.sandbox.ids import normalise_timestamp, parse_iso

Kind = Literal["text", "time", "date", "int", "number", "bool"]

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
OPERATORS = frozenset(
    {
        "equals",
        "not",
        "gt",
        "gte",
        "lt",
        "lte",
        "in",
        "notIn",
        "contains",
        "startsWith",
        "endsWith",
        "between",
    }
)
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9_\-]+")


@dataclass(frozen=True)
class Column:
    """A field lists can filter or sort by. `sort_sql` differs from `sql` for names, which
    sort case-insensitively but filter on the text as written."""

    sql: str
    kind: Kind = "text"
    sort_sql: str | None = None
    folded_sql: str | None = None
    """A stored case-folded copy of the column, which `contains` reads instead of folding
    every row."""


@dataclass(frozen=True)
class Table:
    """What a list endpoint may do with one table.

    `json_roots` maps a field that holds JSON (`metadata`, `settings`) to an SQL expression
    giving that JSON, for dot paths such as `metadata.client_code`. Documents are read from
    `doc_table` (`id`, `doc`) for the rows of a page only.
    """

    name: str
    doc_table: str
    columns: Mapping[str, Column]
    query_fields: frozenset[str]
    sort_fields: frozenset[str]
    json_roots: Mapping[str, str]
    default_order: tuple[str, ...]
    scan_when_filtered: bool = False
    """Read the whole table rather than walk a sort index when `search` or `query` filters:
    for a big table whose rows all belong to one account, a sequential scan costs the same
    whatever the filter matches, where an index walk looks up every row it passes."""


@dataclass
class ListRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    cursor_param: Literal["next_cursor", "prev_cursor"] = "next_cursor"
    include_total: bool = True
    order_by: list[str] = field(default_factory=list)
    search: str | None = None
    query: dict[str, Any] | None = None


def parse_bool(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise invalid_at([name], f"{name} must be true or false.", "invalid_type")


def parse_list_request(params: Sequence[tuple[str, str]]) -> ListRequest:
    """Read the common list parameters (repeated `order_by` and `order_by[]` allowed)."""
    request = ListRequest()
    values: dict[str, str] = {}
    issues: list[Issue] = []
    for key, value in params:
        if key in ("order_by", "order_by[]"):
            request.order_by += [part.strip() for part in value.split(",") if part.strip()]
        else:
            values[key] = value
    if "limit" in values:
        raw = values["limit"].strip()
        if not re.fullmatch(r"-?\d+", raw) or not 1 <= int(raw) <= MAX_LIMIT:
            issues.append(Issue(["limit"], f"limit must be a whole number from 1 to {MAX_LIMIT}.",
                                "too_big" if raw.isdigit() and int(raw) > MAX_LIMIT
                                else "invalid_number"))
        else:
            request.limit = int(raw)
    next_cursor = values.get("next_cursor") or None
    prev_cursor = values.get("prev_cursor") or None
    if next_cursor and prev_cursor:
        issues.append(Issue(["prev_cursor"], "Send next_cursor or prev_cursor, not both.",
                            "invalid_combination"))
    elif prev_cursor:
        request.cursor, request.cursor_param = prev_cursor, "prev_cursor"
    elif next_cursor:
        request.cursor = next_cursor
    if "include_total_count" in values:
        try:
            request.include_total = parse_bool(values["include_total_count"],
                                               "include_total_count")
        except ApiError as exc:  # reported with the others
            issues += exc.issues
    if values.get("search"):
        request.search = values["search"]
    if values.get("query"):
        try:
            query = json.loads(values["query"])
        except ValueError:
            query = None
            issues.append(Issue(["query"], "query must be a JSON object.", "invalid_json"))
        else:
            if not isinstance(query, dict):
                issues.append(Issue(["query"], "query must be a JSON object.", "invalid_type"))
            else:
                request.query = query
    if issues:
        raise invalid(issues)
    return request


# -- field resolution


def _json_path_sql(table: Table, name: str) -> str | None:
    root, _, rest = name.partition(".")
    if root not in table.json_roots or not rest:
        return None
    segments = rest.split(".")
    if not all(_PATH_SEGMENT.fullmatch(segment) for segment in segments):
        return None
    path = "$." + ".".join(f'"{segment}"' for segment in segments)
    return f"json_extract({table.json_roots[root]}, '{path}')"


def _filter_column(table: Table, name: str) -> Column | None:
    if name in table.query_fields:
        return table.columns[name]
    sql = _json_path_sql(table, name)
    return Column(sql) if sql else None


def _sort_column(table: Table, name: str) -> Column | None:
    if name in table.sort_fields:
        return table.columns[name]
    sql = _json_path_sql(table, name)
    return Column(sql) if sql else None


# -- query filter


def _scalar(column: Column, value: object, path: list[str | int]) -> object:
    """A filter value as the column stores it (timestamps in the service's own spelling)."""
    if value is None:
        return None
    if column.kind == "time":
        if not isinstance(value, str) or normalise_timestamp(value) is None:
            raise invalid_at(path, "A date or date-time is expected (ISO 8601).", "invalid_date")
        return normalise_timestamp(value)
    if column.kind == "date":
        parsed = parse_iso(value) if isinstance(value, str) else None
        if parsed is None:
            raise invalid_at(path, "A date is expected (YYYY-MM-DD, or a date-time whose "
                             "date counts).", "invalid_date")
        return parsed.date().isoformat()
    if column.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise invalid_at(path, "A number is expected.", "invalid_type")
        return value
    if column.kind == "bool":
        if not isinstance(value, bool):
            raise invalid_at(path, "true or false is expected.", "invalid_type")
        return 1 if value else 0
    if column.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise invalid_at(path, "A number is expected.", "invalid_type")
        return value
    if isinstance(value, dict | list):
        raise invalid_at(path, "A single value is expected.", "invalid_type")
    if isinstance(value, bool):
        return 1 if value else 0
    return value


def _text(value: object, path: list[str | int]) -> str:
    if not isinstance(value, str):
        raise invalid_at(path, "Text is expected.", "invalid_type")
    return value


def _list(value: object, path: list[str | int]) -> list[Any]:
    if not isinstance(value, list):
        raise invalid_at(path, "A list of values is expected.", "invalid_type")
    return value


def _condition(
    column: Column, operator: str, value: object, path: list[str | int]
) -> tuple[str, list[Any]]:
    expr = column.sql
    if operator == "equals":
        scalar = _scalar(column, value, path)
        return (f"{expr} IS NULL", []) if scalar is None else (f"{expr} = ?", [scalar])
    if operator == "not":
        scalar = _scalar(column, value, path)
        return (f"{expr} IS NOT NULL", []) if scalar is None else (f"{expr} IS NOT ?", [scalar])
    if operator in ("gt", "gte", "lt", "lte"):
        scalar = _scalar(column, value, path)
        if scalar is None:
            raise invalid_at(path, "A value is expected, not null.", "invalid_type")
        sign = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[operator]
        return f"{expr} {sign} ?", [scalar]
    if operator in ("in", "notIn"):
        items = [_scalar(column, item, [*path, i]) for i, item in enumerate(_list(value, path))]
        present = [item for item in items if item is not None]
        has_null = len(present) != len(items)
        marks = ",".join("?" * len(present))
        if operator == "in":
            parts = [f"{expr} IN ({marks})"] if present else []
            if has_null:
                parts.append(f"{expr} IS NULL")
            return ("(" + " OR ".join(parts) + ")") if parts else "0", present
        parts = [f"{expr} IS NOT NULL"] if has_null else []
        if present:
            parts.append(f"({expr} IS NULL OR {expr} NOT IN ({marks}))")
        return ("(" + " AND ".join(parts) + ")") if parts else "1", present
    if operator == "contains":
        needle = _text(value, path).casefold()
        folded = column.folded_sql or f"si_fold(CAST({expr} AS TEXT))"
        return f"instr({folded}, ?) > 0", [needle]
    if operator == "startsWith":
        text = _text(value, path)
        return f"substr(CAST({expr} AS TEXT), 1, ?) = ?", [len(text), text]
    if operator == "endsWith":
        text = _text(value, path)
        if not text:
            return f"{expr} IS NOT NULL", []
        return f"substr(CAST({expr} AS TEXT), ?) = ?", [-len(text), text]
    # between
    bounds = _list(value, path)
    if len(bounds) != 2 or bounds[0] is None or bounds[1] is None:
        raise invalid_at(path, "between takes two values: [min, max].", "invalid_type")
    low = _scalar(column, bounds[0], [*path, 0])
    high = _scalar(column, bounds[1], [*path, 1])
    return f"{expr} BETWEEN ? AND ?", [low, high]


def query_conditions(table: Table, query: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    """SQL conditions (joined by AND) for a `query` object."""
    where: list[str] = []
    args: list[Any] = []
    for name, spec in query.items():
        column = _filter_column(table, name)
        if column is None:
            allowed = ", ".join(sorted(table.query_fields))
            roots = ", ".join(f"{root}.…" for root in sorted(table.json_roots))
            raise invalid_at(["query", name],
                             f"Cannot filter by “{name}”; allowed: {allowed}, {roots}.",
                             "invalid_field")
        if isinstance(spec, dict):
            if not spec:
                raise invalid_at(["query", name], "An operator is expected.", "invalid_operator")
            for operator, value in spec.items():
                if operator not in OPERATORS:
                    raise invalid_at(["query", name, operator],
                                     f"Unknown operator “{operator}”; use one of "
                                     + ", ".join(sorted(OPERATORS)) + ".",
                                     "invalid_operator")
                sql, more = _condition(column, operator, value, ["query", name, operator])
                where.append(sql)
                args += more
        else:
            sql, more = _condition(column, "equals", spec, ["query", name])
            where.append(sql)
            args += more
    return where, args


# -- ordering and cursors


@dataclass(frozen=True)
class _Key:
    sql: str
    descending: bool


def _order(table: Table, order_by: Sequence[str]) -> tuple[list[_Key], str]:
    names = list(order_by) or list(table.default_order)
    keys: list[_Key] = []
    spelled: list[str] = []
    for raw in names:
        descending = raw.startswith("-")
        name = raw[1:] if descending or raw.startswith("+") else raw
        column = _sort_column(table, name)
        if column is None:
            allowed = ", ".join(sorted(table.sort_fields))
            raise invalid_at(["order_by"], f"Cannot order by “{name}”; allowed: {allowed}.",
                             "invalid_field")
        keys.append(_Key(column.sort_sql or column.sql, descending))
        spelled.append(("-" if descending else "") + name)
    if not any(key.sql == "id" for key in keys):
        keys.append(_Key("id", False))
        spelled.append("id")
    return keys, ",".join(spelled)


def _order_sql(keys: Sequence[_Key], reverse: bool) -> str:
    return ", ".join(
        f"{key.sql} {'DESC' if key.descending != reverse else 'ASC'}" for key in keys
    )


def _after(keys: Sequence[_Key], values: Sequence[Any], reverse: bool) -> tuple[str, list[Any]]:
    """Rows strictly after the position `values` in the order (or before it, `reverse`).

    SQLite sorts NULL below every value, so ascending puts NULLs first, descending last.
    """
    branches: list[str] = []
    args: list[Any] = []
    for i, key in enumerate(keys):
        parts: list[str] = []
        for j in range(i):
            parts.append(f"{keys[j].sql} IS ?")
            args.append(values[j])
        descending = key.descending != reverse
        value = values[i]
        if value is None:
            parts.append("0" if descending else f"{key.sql} IS NOT NULL")
        elif descending:
            parts.append(f"({key.sql} < ? OR {key.sql} IS NULL)")
            args.append(value)
        else:
            parts.append(f"{key.sql} > ?")
            args.append(value)
        branches.append("(" + " AND ".join(parts) + ")")
    return "(" + " OR ".join(branches) + ")", args


def _encode(direction: str, order: str, values: Sequence[Any]) -> str:
    raw = json.dumps({"d": direction, "o": order, "v": list(values)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, param: str, order: str, width: int) -> tuple[str, list[Any]]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        direction, values, used = data["d"], data["v"], data["o"]
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise invalid_at([param], "This cursor is not one the service gave out.",
                         "invalid_cursor") from exc
    if used != order or not isinstance(values, list) or len(values) != width:
        raise invalid_at([param], "This cursor belongs to another order_by; start from the "
                         "first page again.", "invalid_cursor")
    scalars = all(value is None or isinstance(value, str | int | float) for value in values)
    if direction not in ("after", "before") or not scalars:
        raise invalid_at([param], "This cursor is not one the service gave out.",
                         "invalid_cursor")
    return str(direction), values


def run_list(
    conn: sqlite3.Connection,
    table: Table,
    request: ListRequest,
    where: Sequence[str],
    args: Sequence[Any],
) -> dict[str, Any]:
    """One page: `{"data": [...], "pagination": {...}}` with the documents of its rows."""
    keys, order = _order(table, request.order_by)
    conditions = list(where)
    params = list(args)
    if request.search:
        conditions.append("instr(search, ?) > 0")
        params.append(request.search.casefold())
    if request.query:
        more, more_args = query_conditions(table, request.query)
        conditions += more
        params += more_args
    base = " AND ".join(conditions) if conditions else "1"
    source = table.name
    if table.scan_when_filtered and (request.search or request.query):
        source += " NOT INDEXED"

    direction = "after"
    anchor: list[Any] | None = None
    if request.cursor:
        direction, anchor = _decode(request.cursor, request.cursor_param, order, len(keys))
    backwards = direction == "before"

    page_where, page_args = base, list(params)
    if anchor is not None:
        sql, more_args = _after(keys, anchor, backwards)
        page_where += " AND " + sql
        page_args += more_args
    columns = ", ".join(key.sql for key in keys)
    rows = conn.execute(
        f"SELECT id, {columns} FROM {source} WHERE {page_where} "
        f"ORDER BY {_order_sql(keys, backwards)} LIMIT ?",
        [*page_args, request.limit + 1],
    ).fetchall()
    has_more = len(rows) > request.limit
    rows = rows[: request.limit]
    if backwards:
        rows.reverse()

    def exists(values: Sequence[Any], reverse: bool) -> bool:
        sql, more_args = _after(keys, values, reverse)
        found = conn.execute(
            f"SELECT 1 FROM {source} WHERE {base} AND {sql} LIMIT 1", [*params, *more_args]
        ).fetchone()
        return found is not None

    next_cursor = prev_cursor = None
    if rows:
        first, last = list(rows[0][1:]), list(rows[-1][1:])
        has_after = has_more if not backwards else exists(last, False)
        has_before = has_more if backwards else (anchor is not None and exists(first, True))
        if has_after:
            next_cursor = _encode("after", order, last)
        if has_before:
            prev_cursor = _encode("before", order, first)
    total = -1
    if request.include_total:
        total = int(conn.execute(f"SELECT count(*) FROM {source} WHERE {base}",
                                 params).fetchone()[0])
    docs: dict[str, str] = {}
    if rows:
        ids = [row[0] for row in rows]
        found = conn.execute(
            f"SELECT id, doc FROM {table.doc_table} WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
        docs = {str(row[0]): str(row[1]) for row in found}
    return {
        "data": [json.loads(docs[row[0]]) for row in rows],
        "pagination": {
            "total": total,
            "next_cursor": next_cursor,
            "prev_cursor": prev_cursor,
            "has_more": has_more,
        },
    }
